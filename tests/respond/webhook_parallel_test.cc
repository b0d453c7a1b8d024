// Several webhook deliveries in flight at once (Channel::SendMany over a
// libcurl multi handle) and their outcomes recorded in one transaction
// (Outbox::Record): against a real receiver on loopback that refuses the
// first try of every delivery, each one arrives validly signed, is accepted
// exactly once and is recorded sent after two attempts.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "rampart/respond/channel.h"
#include "rampart/respond/deliverer.h"
#include "rampart/respond/outbox.h"
#include "support/test_support.h"

namespace rampart::respond {
namespace {

using rampart::testing::TempDir;

// tests/e2e/receivers/webhook_receiver.py, killed when the test ends.
class Receiver {
 public:
  Receiver(const std::string& port_file, const std::string& log, int fail) {
    std::string script = std::string(RAMPART_SOURCE_DIR) + "/tests/e2e/receivers/webhook_receiver.py";
    std::string fails = std::to_string(fail);
    pid_ = fork();
    if (pid_ == 0) {
      execlp("python3", "python3", script.c_str(), "--secret", "s3cret", "--fail", fails.c_str(), "--port-file",
             port_file.c_str(), "--log", log.c_str(), nullptr);
      _exit(127);
    }
    for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream(port_file) >> port_;
  }
  ~Receiver() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  const std::string& port() const { return port_; }

 private:
  pid_t pid_;
  std::string port_;
};

Delivery Webhook(int i, const std::string& target, const std::string& secret = "s3cret") {
  Delivery d;
  d.message_id = "report--" + std::to_string(i);
  d.recipient = "Constituent " + std::to_string(i);
  d.channel = "webhook";
  d.target = target;
  d.secret = secret;
  d.tlp = "green";
  d.subject = "Advisory " + std::to_string(i);
  d.body_json = nlohmann::json{{"advisory", d.message_id}}.dump();
  d.id = DeliveryId(d.message_id, d.channel, d.target);
  return d;
}

TEST(WebhookParallelTest, EveryDeliveryAcceptedOnceThroughRefusals) {
  TempDir dir;
  Receiver receiver(dir.File("port"), dir.File("log.jsonl"), /*fail=*/1);
  ASSERT_FALSE(receiver.port().empty());
  std::string target = "http://127.0.0.1:" + receiver.port() + "/hook";
  auto outbox = Outbox::Open(dir.File("kb.db.outbox"));
  ASSERT_TRUE(outbox.ok());
  std::vector<Delivery> batch;
  for (int i = 0; i < 40; ++i) batch.push_back(Webhook(i, target));
  ASSERT_EQ(*(*outbox)->Enqueue(batch, 0), 40);
  DeliverOptions options;
  options.parallel = 4;
  options.backoff_base_us = 1000;
  options.backoff_cap_us = 2000;
  Deliverer deliverer(**outbox, *SystemClock(), {}, options, 3);
  int64_t sent = 0, failed = 0;
  for (int pass = 0; pass < 100 && sent < 40; ++pass) {
    auto counts = deliverer.RunOnce();
    ASSERT_TRUE(counts.ok()) << counts.status();
    sent += counts->sent;
    failed += counts->failed;
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  EXPECT_EQ(sent, 40);
  EXPECT_EQ(failed, 40);  // the first try of each was refused
  std::map<std::string, std::vector<int>> statuses;
  std::ifstream log(dir.File("log.jsonl"));
  for (std::string line; std::getline(log, line);) {
    nlohmann::json record = nlohmann::json::parse(line);
    EXPECT_TRUE(record["signature_ok"].get<bool>()) << line;
    EXPECT_EQ(record["idempotency_key"], record["delivery"]);
    statuses[record["delivery"]].push_back(record["status"]);
  }
  ASSERT_EQ(statuses.size(), 40u);
  for (const Delivery& d : batch) {
    EXPECT_EQ(statuses[d.id], (std::vector<int>{503, 200})) << d.id;
    Result<Delivery> stored = (*outbox)->Get(d.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->state, DeliveryState::kSent);
    EXPECT_EQ(stored->attempts, 2);
  }
}

// SendMany answers in the order asked, with the per-delivery checks of Send.
TEST(WebhookParallelTest, SendManyKeepsOrderAndPermanentErrors) {
  auto channel = MakeChannel("webhook", {});
  ASSERT_TRUE(channel.ok());
  Delivery no_secret = Webhook(1, "http://127.0.0.1:9/hook", "");
  Delivery bad_url = Webhook(2, "ftp://127.0.0.1/hook");
  Delivery no_target = Webhook(3, "");
  Delivery refused = Webhook(4, "http://127.0.0.1:9/hook");  // discard port: nothing listens
  std::vector<Status> out = (*channel)->SendMany({&no_secret, &bad_url, &no_target, &refused}, 4);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(absl::IsFailedPrecondition(out[0])) << out[0];
  EXPECT_TRUE(absl::IsInvalidArgument(out[1])) << out[1];
  EXPECT_TRUE(absl::IsInvalidArgument(out[2])) << out[2];
  EXPECT_TRUE(absl::IsUnavailable(out[3])) << out[3];
}

// Record is all or nothing: an unknown id rolls back the outcomes before it.
TEST(WebhookParallelTest, RecordIsOneTransaction) {
  TempDir dir;
  auto outbox = Outbox::Open(dir.File("o"));
  ASSERT_TRUE(outbox.ok());
  Delivery a = Webhook(1, "http://127.0.0.1:9/a"), b = Webhook(2, "http://127.0.0.1:9/b");
  ASSERT_TRUE((*outbox)->Enqueue({a, b}, 0).ok());
  DeliveryOutcome sent{a.id, true, 5};
  DeliveryOutcome unknown{"no-such-delivery", true, 5};
  Status st = (*outbox)->Record({sent, unknown});
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
  EXPECT_EQ((*outbox)->Get(a.id)->state, DeliveryState::kPending);
  DeliveryOutcome failed{b.id, false, 0, "HTTP 503", false, 99};
  ASSERT_TRUE((*outbox)->Record({sent, failed}).ok());
  EXPECT_EQ((*outbox)->Get(a.id)->state, DeliveryState::kSent);
  EXPECT_EQ((*outbox)->Get(a.id)->sent, 5);
  Result<Delivery> got_b = (*outbox)->Get(b.id);
  EXPECT_EQ(got_b->state, DeliveryState::kFailed);
  EXPECT_EQ(got_b->attempts, 1);
  EXPECT_EQ(got_b->next_attempt, 99);
  EXPECT_EQ(got_b->last_error, "HTTP 503");
}

}  // namespace
}  // namespace rampart::respond
