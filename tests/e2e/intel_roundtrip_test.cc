// The knowledge base other tools can trust: an export read back into an empty
// store exports byte for byte the same (contested merges stay apart, recorded
// as rampart's notes); one import of ATT&CK and the galaxy gives the same
// store whatever the order of its files; importing the galaxy again after the
// full import changes nothing.
//
// Runtime: the full ATT&CK Enterprise + galaxy set (the shared store of
// intel_kb.h, built once) for the round trip; the file-order property runs
// three orders of the same files (about 5 s each on one core).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "intel_kb.h"
#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

json ParseJson(const CommandResult& r) {
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 300) << r.err;
  return j;
}

std::string Export(const std::string& db, const std::string& out, bool include_revoked) {
  std::vector<std::string> args = {"intel", "export", "--out", out};
  if (include_revoked) args.push_back("--include-revoked");
  CommandResult r = RunRampart(db, args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ReadText(out);
}

std::set<std::string> ContestedIds(const json& report) {
  std::set<std::string> ids;
  for (const json& c : report["contested"]) ids.insert(c["incoming_id"].get<std::string>());
  return ids;
}

TEST(IntelRoundTrip, ExportImportedIntoAnEmptyStoreExportsIdentically) {
  TempDir dir;
  std::string db = dir.File("kb.db");
  CopyKnowledgeBase(db);
  // More than ATT&CK and the galaxy: a report with its claims, constituents
  // and a hunt's sightings and incidents.
  CommandResult r = RunRampart(db, {"report", "ingest", DataPath("seed/national-post-china-cyber-attack.txt"),
                                    "--source", "National Post", "--published", "2021-07-19"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunRampart(db, {"constituent", "import", std::string(RAMPART_SOURCE_DIR) + "/examples/constituents.yaml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string log = dir.File("health.log");
  r = rampart::testing::Run({ToolsDir() + "/gen-exchange-logs", "--events", "2000", "--attack-rate", "0.01", "--seed", "7", "--server-ip",
           "10.2.10.25", "--domain", "health.example.gov", "--out", log, "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunRampart(db, {"hunt", "--rules", DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM"), "--store", log});
  ASSERT_EQ(r.exit_code, 1) << r.err;

  for (bool include_revoked : {false, true}) {
    SCOPED_TRACE(include_revoked ? "--include-revoked" : "default export");
    std::string tag = include_revoked ? "all" : "current";
    std::string first = Export(db, dir.File("first-" + tag + ".json"), include_revoked);
    ASSERT_GT(first.size(), 1000000u);
    std::string fresh = dir.File("fresh-" + tag + ".db");
    CommandResult imported = RunRampart(fresh, {"intel", "import", dir.File("first-" + tag + ".json"), "--json"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    json report = ParseJson(imported);
    EXPECT_EQ(report["merged"], 0);
    EXPECT_EQ(report["skipped"], 0);
    std::string second = Export(fresh, dir.File("second-" + tag + ".json"), include_revoked);
    EXPECT_TRUE(first == second) << "the export read back exports differently (" << first.size() << " vs "
                                 << second.size() << " bytes)";
    // Contested merges stay reported, never applied: "Snake" names a Turla
    // set and a ransomware.
    EXPECT_FALSE(ContestedIds(report).empty());
    bool snake = false;
    for (const json& c : report["contested"]) snake = snake || c["alias"] == "Snake";
    EXPECT_TRUE(snake) << report["contested"].dump();
  }

  // The export read back into the store it came from changes nothing.
  CommandResult again = RunRampart(db, {"intel", "import", dir.File("first-all.json"), "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  json report = ParseJson(again);
  EXPECT_EQ(report["inserted"], 0);
  EXPECT_EQ(report["new_versions"], 0);
  EXPECT_EQ(report["merged"], 0);
}

TEST(ImportOrder, OneImportGivesTheSameStoreInAnyFileOrder) {
  TempDir dir;
  std::vector<std::string> galaxy = GalaxyFiles();
  ASSERT_GE(galaxy.size(), 5u);
  const std::string attack = DataPath("attack/enterprise-attack.json");
  std::vector<std::vector<std::string>> orders;
  orders.push_back(galaxy);
  orders.back().insert(orders.back().begin(), attack);  // ATT&CK first
  orders.push_back({galaxy.rbegin(), galaxy.rend()});
  orders.back().push_back(attack);  // the galaxy first, reversed
  std::vector<std::string> middle = galaxy;
  std::rotate(middle.begin(), middle.begin() + 2, middle.end());
  middle.insert(middle.begin() + 3, attack);  // ATT&CK in the middle
  orders.push_back(middle);

  std::string baseline;
  std::set<std::string> baseline_contested;
  for (size_t k = 0; k < orders.size(); ++k) {
    SCOPED_TRACE("order " + std::to_string(k));
    std::string db = dir.File("order" + std::to_string(k) + ".db");
    std::vector<std::string> args = {"intel", "import", "--json"};
    args.insert(args.end(), orders[k].begin(), orders[k].end());
    CommandResult r = RunRampart(db, args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> contested = ContestedIds(ParseJson(r));
    std::string exported = Export(db, dir.File("order" + std::to_string(k) + ".json"), true);
    if (k == 0) {
      baseline = exported;
      baseline_contested = contested;
      // The galaxy again after the full import: nothing changes.
      std::vector<std::string> again = {"intel", "import", "--json"};
      again.insert(again.end(), galaxy.begin(), galaxy.end());
      CommandResult re = RunRampart(db, again);
      ASSERT_EQ(re.exit_code, 0) << re.err;
      json report = ParseJson(re);
      EXPECT_EQ(report["inserted"], 0);
      EXPECT_EQ(report["new_versions"], 0);
      EXPECT_EQ(report["skipped"], 0);
      EXPECT_TRUE(report["problems"].empty()) << report["problems"].dump();
      EXPECT_EQ(Export(db, dir.File("again.json"), true), baseline);
      continue;
    }
    EXPECT_TRUE(exported == baseline) << "file order changed the store";
    EXPECT_EQ(contested, baseline_contested);
  }
}

}  // namespace
}  // namespace rampart::testing
