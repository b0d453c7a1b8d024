// The hunting fleet end to end: a real nats-server (or a 3-node cluster) on
// loopback, the real binary as shipper, workers and alert consumer, the
// SigmaHQ rules and generated Exchange logs with their ground truth. The
// fleet's hits must be exactly those of a single-process `rampart hunt`,
// whatever happens to workers and nodes, and the knowledge base must end up
// with the same sightings and incidents as `rampart hunt --store`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <map>
#include <chrono>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "intel_kb.h"
#include "nats_server.h"
#include "support/test_support.h"

namespace rampart::testing {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

const std::string kDemo = std::string(RAMPART_SOURCE_DIR) + "/examples/constituents.yaml";

#define SKIP_WITHOUT_NATS()                                                                          \
  if (!NatsServerInstalled()) GTEST_SKIP() << "nats-server is not installed (Debian package nats-server; " \
                                              "scripts/debian-packages-test.txt)"

CommandResult Rampart(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {RampartBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

std::string ExchangeLog(const TempDir& dir, const std::string& name, const std::string& ip, const std::string& seed,
                        int events) {
  std::string path = dir.File(name + ".log");
  CommandResult r = Run({ToolsDir() + "/gen-exchange-logs", "--events", std::to_string(events), "--attack-rate", "0.003",
                         "--seed", seed, "--server-ip", ip, "--out", path, "--truth", dir.File(name + ".truth.jsonl"),
                         "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The single-process hunt's hits, one JSON line each, sorted.
std::vector<std::string> HuntHits(const std::string& db, const std::vector<std::string>& logs) {
  std::vector<std::string> args = {"--db", db, "hunt", "--rules", DataPath("sigma"), "--output", "jsonl"};
  args.insert(args.end(), logs.begin(), logs.end());
  CommandResult r = Rampart(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;  // hits
  return SortedLines(r.out);
}

// Every injected attack line a Sigma rule is meant to catch is among `hits`.
void ExpectTruthCovered(const std::vector<std::string>& hits, const std::string& log, const std::string& truth) {
  std::set<int64_t> lines;
  for (const std::string& h : hits) {
    json j = json::parse(h);
    if (j["source"]["file"] == log) lines.insert(j["source"]["line"].get<int64_t>());
  }
  int expected = 0;
  std::istringstream in(ReadText(truth));
  for (std::string line; std::getline(in, line);) {
    json t = json::parse(line);
    if (t["sigma"].empty()) continue;  // caught by IOC lists, not by these rules
    ++expected;
    EXPECT_TRUE(lines.count(t["line"].get<int64_t>())) << "attack line " << t["line"] << " of " << log << " not hit";
  }
  EXPECT_GT(expected, 0) << "the generated log holds no Sigma-detectable attack line";
}

std::vector<std::string> Ship(const std::string& url, const std::string& source, const std::string& log,
                              const std::string& batch_kib, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"ship", "--nats", url, "--source", source, "--batch-kib", batch_kib};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(log);
  CommandResult r = Rampart(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return {r.err};
}

std::vector<std::string> WorkerArgs(const std::string& url, const std::string& idle,
                                    const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {RampartBinary(), "worker", "--nats", url, "--rules", DataPath("sigma"),
                                   "--exit-when-idle", idle};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// Drains the alerts stream into `db`; returns the hits printed, sorted.
std::vector<std::string> Consume(const std::string& url, const std::string& db) {
  CommandResult r = Rampart({"--db", db, "alerts", "consume", "--nats", url, "--rules", DataPath("sigma"),
                             "--output", "jsonl", "--exit-when-idle", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("0 skipped"));
  return SortedLines(r.out);
}

json FleetStatus(const std::string& url) {
  CommandResult r = Rampart({"fleet", "status", "--nats", url, "--json"});
  if (r.exit_code != 0) return json();
  return json::parse(r.out, nullptr, false);
}

uint64_t StreamMessages(const json& status, const std::string& name) {
  if (!status.is_object()) return 0;
  for (const json& s : status["streams"]) {
    if (s["name"] == name) return s["messages"].get<uint64_t>();
  }
  return 0;
}

// Sighting id -> count (sightings aggregate the hits of one indicator in one
// log file).
std::map<std::string, int64_t> SightingCounts(const std::string& db) {
  CommandResult r = Rampart({"--db", db, "intel", "export", "--type", "sighting"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, int64_t> counts;
  json bundle = json::parse(r.out, nullptr, false);
  if (bundle.is_object()) {
    for (const json& o : bundle["objects"]) counts[o["id"]] = o.value("count", int64_t{0});
  }
  return counts;
}

// Incidents without their creation times: (constituent, actors, sightings).
std::vector<std::string> IncidentDigest(const std::string& db) {
  CommandResult r = Rampart({"--db", db, "incident", "list", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> out;
  for (const json& in : json::parse(r.out)) {
    json refs = in["sighting_refs"];
    std::sort(refs.begin(), refs.end());
    out.push_back(json{{"id", in["id"]}, {"constituent", in["constituent"]}, {"actors", in["actors"]},
                       {"sightings", refs}}.dump());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FleetE2E, OneWorkerAndTwoWorkersFindWhatTheHuntFinds) {
  SKIP_WITHOUT_NATS();
  TempDir dir;
  std::string a = ExchangeLog(dir, "a", "10.2.10.25", "21", 12000);
  std::string b = ExchangeLog(dir, "b", "10.5.10.25", "22", 12000);

  // One worker.
  NatsServer one(dir.path() + "/nats1");
  Ship(one.url(), "a", a, "64");
  Ship(one.url(), "b", b, "64");
  CommandResult worker = rampart::testing::Run(WorkerArgs(one.url(), "2"));
  ASSERT_EQ(worker.exit_code, 0) << worker.err;
  EXPECT_THAT(worker.err, HasSubstr("24000 events"));
  std::vector<std::string> fleet1 = Consume(one.url(), dir.File("kb1.db"));
  std::vector<std::string> hunt = HuntHits(dir.File("kb1.db"), {a, b});
  ASSERT_FALSE(hunt.empty());
  EXPECT_EQ(fleet1, hunt);
  ExpectTruthCovered(fleet1, a, dir.File("a.truth.jsonl"));
  ExpectTruthCovered(fleet1, b, dir.File("b.truth.jsonl"));

  // Two workers at once, small batches so both get some.
  NatsServer two(dir.path() + "/nats2");
  Ship(two.url(), "a", a, "8");
  Ship(two.url(), "b", b, "8");
  ChildProcess w1(WorkerArgs(two.url(), "3", {"--fetch", "1"}), dir.File("w1.out"), dir.File("w1.err"));
  ChildProcess w2(WorkerArgs(two.url(), "3", {"--fetch", "1"}), dir.File("w2.out"), dir.File("w2.err"));
  EXPECT_EQ(w1.Wait(), 0) << ReadText(dir.File("w1.err"));
  EXPECT_EQ(w2.Wait(), 0) << ReadText(dir.File("w2.err"));
  std::vector<std::string> fleet2 = Consume(two.url(), dir.File("kb2.db"));
  EXPECT_EQ(fleet2, HuntHits(dir.File("kb2.db"), {a, b}));
  EXPECT_EQ(fleet2.size(), hunt.size());
  EXPECT_EQ(StreamMessages(FleetStatus(two.url()), "RAMPART_EVENTS"), 0u);
}

TEST(FleetE2E, ReshipPublishesNothingTwice) {
  SKIP_WITHOUT_NATS();
  TempDir dir;
  std::string a = ExchangeLog(dir, "a", "10.2.10.25", "31", 3000);
  NatsServer server(dir.path() + "/nats");
  std::string first = Ship(server.url(), "a", a, "16")[0];
  uint64_t held = StreamMessages(FleetStatus(server.url()), "RAMPART_EVENTS");
  EXPECT_GT(held, 1u);
  std::string again = Ship(server.url(), "a", a, "16")[0];
  EXPECT_THAT(again, HasSubstr("(" + std::to_string(held) + " already in the stream)"));
  EXPECT_EQ(StreamMessages(FleetStatus(server.url()), "RAMPART_EVENTS"), held);
}

TEST(FleetE2E, BadInputIsAnErrorNotAHang) {
  TempDir dir;
  const std::string closed = "nats://127.0.0.1:" + std::to_string(FreePort());  // nobody listens
  WriteFile(dir.File("x.log"), "{\"a\": 1}\n");
  CommandResult r = Rampart({"ship", "--nats", closed, dir.File("x.log")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("NATS: connect: No server available"));
  r = Rampart({"fleet", "status", "--nats", closed});
  EXPECT_EQ(r.exit_code, 2);
  r = Rampart({"ship", "--nats", closed, "--format", "evtx", dir.File("x.log")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("EVTX is not shipped"));
  r = Rampart({"ship", "--nats", closed, "--format", "nonsense", dir.File("x.log")});
  EXPECT_EQ(r.exit_code, 2);
  r = Rampart({"worker", "--nats", closed});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--rules PATH or --rules-from-nats"));
  r = Rampart({"worker", "--nats", closed, "--rules", dir.File("missing")});
  EXPECT_EQ(r.exit_code, 2);
  r = Rampart({"--db", dir.File("kb.db"), "alerts", "consume", "--nats", closed, "--rules", DataPath("sigma"),
               "--output", "xml"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(FleetE2E, UnreadableFilesAreReportedAndTheRestShipped) {
  SKIP_WITHOUT_NATS();
  TempDir dir;
  NatsServer server(dir.path() + "/nats");
  WriteFile(dir.File("ok.jsonl"), "{\"a\": 1}\n{\"a\": 2}\n");
  CommandResult r = Rampart({"ship", "--nats", server.url(), dir.File("missing.log"), dir.File("ok.jsonl")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("missing.log"));
  EXPECT_THAT(r.err, HasSubstr("shipped 1 files, 2 lines"));
  EXPECT_EQ(StreamMessages(FleetStatus(server.url()), "RAMPART_EVENTS"), 1u);
  CommandResult text = Rampart({"fleet", "status", "--nats", server.url()});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.out, HasSubstr("RAMPART_EVENTS: 1 messages"));
  EXPECT_THAT(text.out, HasSubstr("RAMPART_ALERTS: not created yet"));
}

// Runs the fault scenario: ship `log`, start a worker, disturb mid-stream
// (`disturb` is called once the worker has taken some batches but not all),
// finish with a second worker, consume into a knowledge base with the demo
// constituency, and compare with hunt --store on another copy.
class FleetFaultE2E : public ::testing::Test {
 protected:
  void Prepare(const std::string& db) {
    CopyKnowledgeBase(db);
    CommandResult r = RunRampart(db, {"constituent", "import", kDemo});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // `extra` goes to ship and both workers (--replicas); the first worker
  // stops by itself after `first_idle` seconds idle ("0": never).
  void RunScenario(const std::string& url, const std::vector<std::string>& extra, const std::string& first_idle,
                   const std::function<void(ChildProcess&)>& disturb) {
    std::vector<std::string> first_args = {"--fetch", "1", "--ack-wait", "3"}, second_args = {"--ack-wait", "3"};
    first_args.insert(first_args.end(), extra.begin(), extra.end());
    second_args.insert(second_args.end(), extra.begin(), extra.end());
    // Department of Health's Exchange server; long enough (some 40,000 one-batch
    // fetches) that a quiet machine's worker is still busy when it is disturbed.
    log_ = ExchangeLog(dir_, "health", "10.2.10.25", "41", 120000);
    fleet_db_ = dir_.File("fleet.db");
    hunt_db_ = dir_.File("hunt.db");
    Prepare(fleet_db_);
    Prepare(hunt_db_);
    Ship(url, "health", log_, "2", extra);
    const uint64_t shipped = StreamMessages(FleetStatus(url), "RAMPART_EVENTS");
    ASSERT_GT(shipped, 100u);
    {
      ChildProcess first(WorkerArgs(url, first_idle, first_args), dir_.File("w1.out"), dir_.File("w1.err"));
      // Wait until the worker is mid-stream.
      uint64_t left = shipped;
      for (int i = 0; i < 3000 && left == shipped; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        left = StreamMessages(FleetStatus(url), "RAMPART_EVENTS");
      }
      ASSERT_LT(left, shipped) << ReadText(dir_.File("w1.err"));
      ASSERT_GT(left, 0u) << "the worker finished before it could be disturbed";
      disturb(first);
    }
    CommandResult second = rampart::testing::Run(WorkerArgs(url, "8", second_args));
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(StreamMessages(FleetStatus(url), "RAMPART_EVENTS"), 0u);
    fleet_hits_ = Consume(url, fleet_db_);
  }

  void ExpectSameAsHunt() {
    std::vector<std::string> hunt = HuntHits(fleet_db_, {log_});
    EXPECT_EQ(fleet_hits_, hunt);  // every hit once: no loss, no duplicate
    ExpectTruthCovered(fleet_hits_, log_, dir_.File("health.truth.jsonl"));
    CommandResult stored = RunRampart(hunt_db_, {"hunt", "--rules", DataPath("sigma"), "--store", log_});
    ASSERT_EQ(stored.exit_code, 1) << stored.err;
    std::map<std::string, int64_t> sightings = SightingCounts(fleet_db_);
    int64_t counted = 0;
    for (const auto& [id, count] : sightings) counted += count;
    EXPECT_EQ(counted, static_cast<int64_t>(hunt.size()));  // every hit counted once
    EXPECT_EQ(sightings, SightingCounts(hunt_db_));
    std::vector<std::string> incidents = IncidentDigest(fleet_db_);
    EXPECT_EQ(incidents, IncidentDigest(hunt_db_));
    ASSERT_FALSE(incidents.empty());
    // All at the Department of Health (the log's server address is theirs);
    // the exploitation attributed to HAFNIUM through the rule's tags, other
    // hits (scanners) in an unattributed incident beside it.
    int hafnium = 0;
    for (const std::string& digest : incidents) {
      json in = json::parse(digest);
      EXPECT_EQ(in["constituent"], "Department of Health") << digest;
      if (in["actors"].dump().find("HAFNIUM") != std::string::npos) ++hafnium;
    }
    EXPECT_EQ(hafnium, 1);
  }

  TempDir dir_;
  std::string log_, fleet_db_, hunt_db_;
  std::vector<std::string> fleet_hits_;
};

TEST_F(FleetFaultE2E, KilledWorkerLosesAndDuplicatesNothing) {
  SKIP_WITHOUT_NATS();
  NatsServer server(dir_.path() + "/nats");
  RunScenario(server.url(), {}, "0", [](ChildProcess& worker) {
    worker.Signal(SIGKILL);
    EXPECT_EQ(worker.Wait(), 128 + SIGKILL);
  });
  ExpectSameAsHunt();
}

TEST_F(FleetFaultE2E, ClusterNodeStoppedMidRun) {
  SKIP_WITHOUT_NATS();
  NatsCluster cluster(dir_.path() + "/cluster");
  const std::string urls = cluster.urls();
  // JetStream needs a meta leader before streams can be made.
  bool ready = false;
  for (int i = 0; i < 60 && !ready; ++i) {
    ready = FleetStatus(urls).is_object();
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_TRUE(ready) << ReadText(cluster.node(0).log_path());
  RunScenario(urls, {"--replicas", "3"}, "8", [&](ChildProcess& worker) {
    cluster.node(0).Stop();  // the worker goes on with the other two nodes
    EXPECT_EQ(worker.Wait(), 0) << ReadText(dir_.File("w1.err"));
  });
  ExpectSameAsHunt();
}

}  // namespace
}  // namespace rampart::testing
