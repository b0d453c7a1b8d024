// Webhook delivery to a loopback receiver that refuses 30% of requests:
// checks first (every delivery accepted exactly once, every signature
// valid, every outbox row sent), then reports signed messages per second.
//   webhook_bench [messages=5000] [fail_rate=0.3] [receiver=cpp|python] [parallel]
// The C++ receiver (webhook_receiver.cc) is the default; "python" runs
// webhook_receiver.py, whose own ceiling is near 1,000 requests/s here.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "rampart/core/clock.h"
#include "rampart/respond/deliverer.h"
#include "rampart/respond/outbox.h"

using namespace rampart;
using namespace rampart::respond;

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 5000;
  std::string fail_rate = argc > 2 ? argv[2] : "0.3";
  bool python_receiver = argc > 3 && std::string(argv[3]) == "python";
  int parallel = argc > 4 ? std::atoi(argv[4]) : DeliverOptions{}.parallel;
  std::string dir = std::filesystem::temp_directory_path() / ("rampart-webhook-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string port_file = dir + "/port", out = dir + "/counts.json";
  pid_t receiver = fork();
  if (receiver == 0) {
#ifdef RAMPART_RECEIVER_BIN
    if (!python_receiver) {
      execl(RAMPART_RECEIVER_BIN, RAMPART_RECEIVER_BIN, "--secret", "bench-secret", "--fail-rate", fail_rate.c_str(),
            "--port-file", port_file.c_str(), "--out", out.c_str(), nullptr);
      _exit(127);
    }
#endif
    std::string script = std::string(RAMPART_BENCH_DIR) + "/webhook_receiver.py";
    execlp("python3", "python3", script.c_str(), "--secret", "bench-secret", "--fail-rate", fail_rate.c_str(),
           "--port-file", port_file.c_str(), "--out", out.c_str(), nullptr);
    _exit(127);
  }
  for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::ifstream pf(port_file);
  std::string port;
  pf >> port;

  auto outbox = Outbox::Open(dir + "/kb.db.outbox");
  if (!outbox.ok()) return 2;
  std::vector<Delivery> batch;
  for (int i = 0; i < n; ++i) {
    Delivery d;
    d.message_id = "report--bench-" + std::to_string(i);
    d.recipient = "Constituent " + std::to_string(i % 100);
    d.channel = "webhook";
    d.target = "http://127.0.0.1:" + port + "/hook";
    d.secret = "bench-secret";
    d.tlp = "amber";
    d.subject = "Advisory " + std::to_string(i);
    d.body_json = nlohmann::json{{"advisory", d.message_id}, {"title", d.subject}, {"text", std::string(600, 'x')}}.dump();
    d.id = DeliveryId(d.message_id, d.channel, d.target);
    batch.push_back(std::move(d));
  }
  if (!(*outbox)->Enqueue(batch, 0).ok()) return 2;
  DeliverOptions options;
  options.backoff_base_us = 1000;
  options.backoff_cap_us = 10'000;
  options.max_attempts = 50;
  options.parallel = parallel;
  Deliverer deliverer(**outbox, *SystemClock(), {}, options, 42);
  auto start = std::chrono::steady_clock::now();
  int64_t sent = 0, failed = 0, dead = 0;
  while (true) {
    auto counts = deliverer.RunOnce();
    if (!counts.ok()) return 2;
    sent += counts->sent;
    failed += counts->failed;
    dead += counts->dead;
    auto next = (*outbox)->NextDue();
    if (!next.ok() || !next->has_value()) break;
    std::this_thread::sleep_for(std::chrono::microseconds(std::max<int64_t>(0, **next - SystemClock()->Now())));
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  kill(receiver, SIGTERM);
  waitpid(receiver, nullptr, 0);
  std::ifstream in(out);
  nlohmann::json received = nlohmann::json::parse(in);
  int duplicates = 0, missing = 0;
  for (const Delivery& d : batch) {
    int count = received["accepted"].value(d.id, 0);
    if (count == 0) ++missing;
    if (count > 1) ++duplicates;
  }
  bool ok = missing == 0 && duplicates == 0 && dead == 0 && sent == n && received["bad_signatures"] == 0 &&
            (*(*outbox)->List(DeliveryState::kSent)).size() == static_cast<size_t>(n);
  std::printf("%s: %d messages, %lld refused and retried, %d missing, %d duplicates, %d bad signatures\n",
              ok ? "checked" : "FAILED", n, static_cast<long long>(failed), missing, duplicates,
              received["bad_signatures"].get<int>());
  std::printf("%.2f s, %.0f signed messages/s delivered (%.0f requests/s)\n", seconds, n / seconds, (n + failed) / seconds);
  std::filesystem::remove_all(dir);
  return ok ? 0 : 1;
}
