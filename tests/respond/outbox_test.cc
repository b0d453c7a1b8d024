// The outbox state machine, crash safety between send and acknowledgement,
// the backoff schedule and the webhook signature.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "rampart/respond/deliverer.h"
#include "rampart/respond/outbox.h"
#include "support/test_support.h"

namespace rampart::respond {
namespace {

using rampart::testing::TempDir;

Delivery FileDelivery(const std::string& message, const std::string& path) {
  Delivery d;
  d.message_id = message;
  d.recipient = "Department of Health";
  d.channel = "file";
  d.target = path;
  d.tlp = "amber";
  d.subject = "Advisory " + message;
  d.body_json = nlohmann::json{{"message", message}}.dump();
  d.id = DeliveryId(d.message_id, d.channel, d.target);
  return d;
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(OutboxTest, EnqueueIsIdempotentAndStatesMove) {
  TempDir dir;
  auto outbox = Outbox::Open(dir.File("kb.db.outbox"));
  ASSERT_TRUE(outbox.ok()) << outbox.status();
  Delivery d = FileDelivery("report--1", dir.File("out.jsonl"));
  auto added = (*outbox)->Enqueue({d}, 100, {{"advise.last_run", "x"}});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 1);
  EXPECT_EQ(*(*outbox)->Enqueue({d}, 200), 0);  // same id: left as it is
  EXPECT_EQ(**(*outbox)->GetMeta("advise.last_run"), "x");
  EXPECT_FALSE((*outbox)->GetMeta("nothing")->has_value());

  EXPECT_TRUE((*outbox)->Due(99, 10)->empty());
  ASSERT_EQ((*outbox)->Due(100, 10)->size(), 1u);
  ASSERT_TRUE((*outbox)->MarkFailed(d.id, "refused", false, 500).ok());
  auto got = (*outbox)->Get(d.id);
  EXPECT_EQ(got->state, DeliveryState::kFailed);
  EXPECT_EQ(got->attempts, 1);
  EXPECT_EQ(got->last_error, "refused");
  EXPECT_TRUE((*outbox)->Due(499, 10)->empty());
  EXPECT_EQ(**(*outbox)->NextDue(), 500);
  ASSERT_TRUE((*outbox)->MarkFailed(d.id, "refused again", true, 600).ok());
  EXPECT_EQ((*outbox)->Get(d.id)->state, DeliveryState::kDead);
  EXPECT_TRUE((*outbox)->Due(10'000, 10)->empty());  // dead is never due
  ASSERT_TRUE((*outbox)->Retry(d.id, 700).ok());
  EXPECT_EQ((*outbox)->Get(d.id)->state, DeliveryState::kPending);
  ASSERT_TRUE((*outbox)->MarkSent(d.id, 800).ok());
  got = (*outbox)->Get(d.id);
  EXPECT_EQ(got->state, DeliveryState::kSent);
  EXPECT_EQ(got->sent, 800);
  EXPECT_EQ(got->attempts, 3);
  // Acknowledged: never sent again, not even by hand.
  EXPECT_TRUE(absl::IsFailedPrecondition((*outbox)->Retry(d.id, 900)));
  EXPECT_FALSE((*outbox)->MarkFailed(d.id, "late", false, 1000).ok());
  EXPECT_TRUE(absl::IsNotFound((*outbox)->Retry("nope", 1)));
  EXPECT_EQ((*(*outbox)->List(DeliveryState::kSent)).size(), 1u);
  EXPECT_TRUE((*(*outbox)->List(DeliveryState::kPending)).empty());
}

// new_ids names only the deliveries that were not queued yet (advise counts
// an advisory's deliveries as queued from it).
TEST(OutboxTest, EnqueueNamesTheNewDeliveries) {
  TempDir dir;
  auto outbox = Outbox::Open(dir.File("kb.db.outbox"));
  ASSERT_TRUE(outbox.ok()) << outbox.status();
  Delivery d = FileDelivery("report--1", dir.File("out.jsonl"));
  Delivery other = FileDelivery("report--2", dir.File("out.jsonl"));
  ASSERT_EQ(*(*outbox)->Enqueue({d}, 100), 1);
  std::vector<std::string> new_ids = {"stale"};
  EXPECT_EQ(*(*outbox)->Enqueue({d, other}, 200, {}, &new_ids), 1);
  EXPECT_EQ(new_ids, std::vector<std::string>{other.id});
  EXPECT_EQ(*(*outbox)->Enqueue({d, other}, 300, {}, &new_ids), 0);
  EXPECT_TRUE(new_ids.empty());
}

TEST(OutboxTest, DeliveryIdsAreDeterministic) {
  EXPECT_EQ(DeliveryId("report--a", "webhook", "http://x"), DeliveryId("report--a", "webhook", "http://x"));
  EXPECT_NE(DeliveryId("report--a", "webhook", "http://x"), DeliveryId("report--a", "webhook", "http://y"));
  EXPECT_EQ(OutboxPathForStore("sqlite:/tmp/kb.db"), "/tmp/kb.db.outbox");
  EXPECT_EQ(OutboxPathForStore("kb.db"), "kb.db.outbox");
}

// A worker killed after the receiver acknowledged but before "sent" was
// recorded: the restart sends it again with the same idempotency key, and
// nothing is lost.
TEST(OutboxTest, CrashBetweenSendAndAckResendsWithSameKey) {
  TempDir dir;
  std::string db = dir.File("kb.db.outbox"), sink = dir.File("received.jsonl");
  {
    auto outbox = Outbox::Open(db);
    ASSERT_TRUE(outbox.ok());
    ASSERT_TRUE((*outbox)->Enqueue({FileDelivery("report--1", sink), FileDelivery("report--2", sink)}, 1).ok());
  }
  pid_t child = fork();
  if (child == 0) {
    auto outbox = Outbox::Open(db);
    auto due = (*outbox)->Due(10, 10);
    auto channel = MakeChannel("file", {});
    if (!(*channel)->Send((*due)[0]).ok()) _exit(3);
    _exit(0);  // as kill -9: no MarkSent
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_EQ(Lines(sink).size(), 1u);

  auto outbox = Outbox::Open(db);
  ASSERT_TRUE(outbox.ok());
  EXPECT_EQ((*outbox)->List(DeliveryState::kPending)->size(), 2u);
  FixedClock clock(10);
  Deliverer deliverer(**outbox, clock, {}, {}, 1);
  auto counts = deliverer.RunOnce();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->sent, 2);
  auto lines = Lines(sink);
  ASSERT_EQ(lines.size(), 3u);
  // The repeat carries the same delivery id, so the receiver can drop it.
  EXPECT_EQ(nlohmann::json::parse(lines[0])["delivery"], nlohmann::json::parse(lines[1])["delivery"]);
  EXPECT_EQ((*outbox)->List(DeliveryState::kSent)->size(), 2u);
  // A second pass sends nothing: acknowledged deliveries never go again.
  EXPECT_EQ(deliverer.RunOnce()->sent, 0);
  EXPECT_EQ(Lines(sink).size(), 3u);
}

TEST(OutboxTest, KilledWorkerLosesNothing) {
  TempDir dir;
  std::string db = dir.File("kb.db.outbox"), sink = dir.File("received.jsonl");
  std::vector<Delivery> batch;
  for (int i = 0; i < 200; ++i) batch.push_back(FileDelivery("report--" + std::to_string(i), sink));
  ASSERT_TRUE((*Outbox::Open(db))->Enqueue(batch, 1).ok());
  pid_t child = fork();
  if (child == 0) {
    auto outbox = Outbox::Open(db);
    FixedClock clock(10);
    Deliverer deliverer(**outbox, clock, {}, {}, 1);
    deliverer.RunOnce().IgnoreError();
    _exit(0);
  }
  usleep(20'000);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  auto outbox = Outbox::Open(db);
  FixedClock clock(20);
  Deliverer deliverer(**outbox, clock, {}, {}, 1);
  ASSERT_TRUE(deliverer.RunOnce().ok());
  EXPECT_EQ((*outbox)->List(DeliveryState::kSent)->size(), 200u);
  std::set<std::string> seen;
  for (const auto& line : Lines(sink)) seen.insert(nlohmann::json::parse(line)["delivery"]);
  EXPECT_EQ(seen.size(), 200u);  // every one arrived at least once
}

TEST(DelivererTest, UnreachableWebhookIsRetriedThenDead) {
  TempDir dir;
  auto outbox = Outbox::Open(dir.File("o"));
  Delivery d = FileDelivery("report--1", "");
  d.channel = "webhook";
  d.target = "http://127.0.0.1:9/hook";  // discard port: nothing listens
  d.secret = "s3cret";
  d.id = DeliveryId(d.message_id, d.channel, d.target);
  ASSERT_TRUE((*outbox)->Enqueue({d}, 0).ok());
  FixedClock clock(0);
  DeliverOptions options;
  options.max_attempts = 3;
  options.backoff_base_us = 1000;
  Deliverer deliverer(**outbox, clock, {}, options, 7);
  EXPECT_EQ(deliverer.RunOnce()->failed, 1);
  auto got = (*outbox)->Get(d.id);
  EXPECT_EQ(got->state, DeliveryState::kFailed);
  EXPECT_GE(got->next_attempt, 500);
  EXPECT_LE(got->next_attempt, 1000);
  EXPECT_EQ(deliverer.RunOnce()->sent + deliverer.RunOnce()->failed, 0);  // not due yet
  clock.Set(1'000'000);
  EXPECT_EQ(deliverer.RunOnce()->failed, 1);
  clock.Set(2'000'000);
  EXPECT_EQ(deliverer.RunOnce()->dead, 1);
  got = (*outbox)->Get(d.id);
  EXPECT_EQ(got->state, DeliveryState::kDead);
  EXPECT_EQ(got->attempts, 3);
  EXPECT_NE(got->last_error.find("127.0.0.1:9"), std::string::npos) << got->last_error;
}

TEST(DelivererTest, WebhookWithoutSecretIsDeadAtOnce) {
  TempDir dir;
  auto outbox = Outbox::Open(dir.File("o"));
  Delivery d = FileDelivery("report--1", "");
  d.channel = "webhook";
  d.target = "http://127.0.0.1:9/hook";
  d.id = DeliveryId(d.message_id, d.channel, d.target);
  ASSERT_TRUE((*outbox)->Enqueue({d}, 0).ok());
  FixedClock clock(0);
  Deliverer deliverer(**outbox, clock, {}, {}, 7);
  EXPECT_EQ(deliverer.RunOnce()->dead, 1);
  EXPECT_NE((*outbox)->Get(d.id)->last_error.find("no signing secret"), std::string::npos);
}

TEST(BackoffTest, DoublesWithJitterUpToTheCap) {
  DeliverOptions o;
  o.backoff_base_us = 1000;
  o.backoff_cap_us = 16'000;
  for (int attempt = 1; attempt <= 10; ++attempt) {
    int64_t step = std::min<int64_t>(16'000, 1000LL << (attempt - 1));
    int64_t lo = INT64_MAX, hi = 0;
    for (uint64_t r = 0; r < 5000; r += 7) {
      int64_t d = BackoffDelayUs(attempt, o, r * 0x9E3779B97F4A7C15ULL);
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    EXPECT_GE(lo, step / 2) << attempt;
    EXPECT_LE(hi, step) << attempt;
    EXPECT_LT(lo, hi) << "no jitter at attempt " << attempt;
  }
  EXPECT_LE(BackoffDelayUs(200, o, ~0ULL), 16'000);
}

TEST(SignatureTest, HmacSha256MatchesRfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(SignatureHeaderValue("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(SignatureHeaderValue("Jefe", "what do ya want for nothing!"),
            SignatureHeaderValue("Jefe", "what do ya want for nothing?"));
}

TEST(ChannelTest, RegistryKnowsEveryChannel) {
  EXPECT_EQ(ChannelNames(), (std::vector<std::string>{"email", "file", "syslog", "webhook"}));
  EXPECT_TRUE(absl::IsInvalidArgument(MakeChannel("pigeon", {}).status()));
}

}  // namespace
}  // namespace rampart::respond
