// Several writers and a reader on one PostgreSQL store at once, through the
// real binary: an ATT&CK import and two hunts that store sightings and open
// incidents (one per constituent) run together while a reader, told the
// store by $RAMPART_DB alone, searches and lists incidents without pause.
// The store they leave equals the one the same commands leave when run one
// after another: the same objects (ids and versions), the same counts, the
// same incidents.
#include <sys/wait.h>

#include <chrono>
#include <ctime>
#include <map>
#include <set>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pg_fixture.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

const std::string kConstituents = std::string(RAMPART_SOURCE_DIR) + "/examples/constituents.yaml";

class StoreConcurrencyTest : public PgStoreTest {
 protected:
  void SetUp() override {
    PgStoreTest::SetUp();
    if (IsSkipped()) return;
    health_ = ExchangeLog("health", "10.2.10.25", "MAIL01", "health.example.gov", "11");
    energy_ = ExchangeLog("energy", "10.5.10.25", "EXCH01", "energy.example.gov", "12");
  }

  // Exchange IIS logs of one constituent's server with HAFNIUM exploitation.
  std::string ExchangeLog(const std::string& name, const std::string& ip, const std::string& server,
                          const std::string& domain, const std::string& seed) {
    std::string path = dir_.File(name + ".log");
    CommandResult r = ::rampart::testing::Run({ToolsDir() + "/gen-exchange-logs", "--events", "4000", "--attack-rate", "0.005", "--seed",
                           seed, "--server", server, "--server-ip", ip, "--domain", domain, "--out", path, "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return path;
  }

  // A store with the constituents and the intrusion sets the hunts name.
  std::string BaseStore() {
    std::string db = NewPgStore();
    CommandResult constituents = Rampart(db, {"constituent", "import", kConstituents});
    EXPECT_EQ(constituents.exit_code, 0) << constituents.err;
    CommandResult sets = Rampart(db, {"intel", "import", DataPath("galaxy/mitre-intrusion-set.json")});
    EXPECT_EQ(sets.exit_code, 0) << sets.err;
    return db;
  }

  // The writers' command lines (without `rampart --db DB`), and the exit
  // code each must end with (a hunt with hits exits 1).
  std::vector<std::pair<std::vector<std::string>, int>> Writers() const {
    const std::string hafnium = DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM");
    return {{{"intel", "import", DataPath("attack/mobile-attack.json")}, 0},
            {{"hunt", "--rules", hafnium, "--store", health_, "--threads", "1"}, 1},
            {{"hunt", "--rules", hafnium, "--store", energy_, "--threads", "1"}, 1}};
  }

  // What must be equal: every object's id with its version (modified), the
  // id alone for what this test's commands stamped with the time they ran
  // (sightings, incidents, their relationships, constituents), counts per
  // type, and each incident's constituent, actors and sightings.
  struct Summary {
    std::map<std::string, std::string> versions;
    std::map<std::string, int> types;
    std::set<std::string> incidents;
    bool operator==(const Summary&) const = default;
  };

  Summary Summarise(const std::string& db) {
    Summary summary;
    json bundle = json::parse(Export(db), nullptr, false);
    EXPECT_FALSE(bundle.is_discarded());
    if (bundle.is_discarded()) return summary;
    for (const json& object : bundle["objects"]) {
      std::string type = object["type"];
      ++summary.types[type];
      std::string modified = object.value("modified", "");
      summary.versions[object["id"]] = modified >= started_ ? "" : modified;
    }
    CommandResult listed = Rampart(db, {"incident", "list", "--json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    json incidents = json::parse(listed.out, nullptr, false);
    EXPECT_TRUE(incidents.is_array()) << listed.out;
    if (!incidents.is_array()) return summary;
    for (const json& incident : incidents) {
      summary.incidents.insert(fmt::format("{} {} {} {}", incident["id"].get<std::string>(),
                                           incident["constituent"].get<std::string>(), incident["actors"].dump(),
                                           incident.value("sighting_refs", json::array()).dump()));
    }
    return summary;
  }

  std::string health_, energy_;
  // When the test started, as STIX timestamps are written (UTC, ISO 8601).
  std::string started_ = fmt::format("{:%Y-%m-%dT%H:%M:%S}", fmt::gmtime(std::time(nullptr)));
};

TEST_F(StoreConcurrencyTest, WritersAndAReaderTogetherLeaveWhatASequentialRunLeaves) {
  const std::string sequential = BaseStore();
  for (const auto& [args, code] : Writers()) {
    CommandResult r = Rampart(sequential, args);
    ASSERT_EQ(r.exit_code, code) << fmt::format("{}", fmt::join(args, " ")) << "\n" << r.err;
  }
  const Summary expected = Summarise(sequential);
  ASSERT_EQ(expected.incidents.size(), 2u);  // one per constituent
  ASSERT_GT(expected.types.at("sighting"), 0);
  ASSERT_GT(expected.versions.size(), 1000u);

  const std::string concurrent = BaseStore();
  std::vector<pid_t> writers;
  int n = 0;
  for (const auto& [args, code] : Writers()) {
    std::vector<std::string> argv = {RampartBinary(), "--db", concurrent};
    argv.insert(argv.end(), args.begin(), args.end());
    writers.push_back(Spawn(argv, dir_.File(fmt::format("writer{}.out", n++))));
    ASSERT_GT(writers.back(), 0);
  }
  // The reader names no --db: $RAMPART_DB selects the store.
  int reads = 0, failed_reads = 0;
  double slowest = 0;
  auto writers_running = [&] {
    for (pid_t pid : writers) {
      siginfo_t info{};
      if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0) {
        return true;
      }
    }
    return false;
  };
  const std::vector<std::vector<std::string>> reads_to_do = {
      {RampartBinary(), "intel", "search", "hafnium"}, {RampartBinary(), "incident", "list", "--json"}};
  while (writers_running() || reads < 2) {
    auto start = std::chrono::steady_clock::now();
    pid_t reader = Spawn(reads_to_do[reads % 2], dir_.File("reader.out"), {"RAMPART_DB=" + concurrent});
    ASSERT_GT(reader, 0);
    int code = WaitExit(reader);
    // `intel search` exits 1 when nothing matches yet.
    if (code != 0 && code != 1) ++failed_reads;
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    ++reads;
  }
  n = 0;
  for (const auto& [args, code] : Writers()) {
    EXPECT_EQ(WaitExit(writers[static_cast<size_t>(n)]), code)
        << fmt::format("{}", fmt::join(args, " ")) << "\n" << ReadWhole(dir_.File(fmt::format("writer{}.out.err", n)));
    ++n;
  }
  EXPECT_EQ(failed_reads, 0) << ReadWhole(dir_.File("reader.out.err"));
  EXPECT_GE(reads, 2);
  std::printf("%d reads while the writers ran; the slowest took %.2f s\n", reads, slowest);

  const Summary got = Summarise(concurrent);
  EXPECT_EQ(got.types, expected.types);
  EXPECT_EQ(got.incidents, expected.incidents);
  std::vector<std::string> differ;
  for (const auto& [id, version] : got.versions) {
    auto other = expected.versions.find(id);
    if (other == expected.versions.end() || other->second != version) differ.push_back(id + " " + version);
  }
  EXPECT_TRUE(got.versions == expected.versions)
      << got.versions.size() << " objects against " << expected.versions.size() << "; first differing: "
      << fmt::format("{}", fmt::join(differ.begin(), differ.begin() + std::min<size_t>(differ.size(), 5), ", "));
}

}  // namespace
}  // namespace rampart::testing
