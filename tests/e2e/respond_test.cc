// The respond story end to end: the demo constituency, ATT&CK + galaxy,
// Exchange logs generated for two constituents (one in the health sector)
// hunted with the Sigma rules -> incidents for exactly those two, attributed
// to HAFNIUM through the rule's tags; a second hunt opens nothing; stats by
// sector show the health incident. Bad input changes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "intel_kb.h"
#include "support/test_support.h"

namespace rampart::testing {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

const std::string kDemo = std::string(RAMPART_SOURCE_DIR) + "/examples/constituents.yaml";

json Json(const CommandResult& r) {
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
  return j;
}

// Exchange IIS logs of one constituent's server, with HAFNIUM exploitation.
std::string ExchangeLog(const TempDir& dir, const std::string& name, const std::string& ip,
                        const std::string& server, const std::string& domain, const std::string& seed) {
  std::string path = dir.File(name + ".log");
  CommandResult r = Run({ToolsDir() + "/gen-exchange-logs", "--events", "4000", "--attack-rate", "0.005", "--seed",
                         seed, "--server", server, "--server-ip", ip, "--domain", domain, "--out", path, "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

class RespondE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("kb.db");
    CopyKnowledgeBase(db_);
    CommandResult r = RunRampart(db_, {"constituent", "import", kDemo});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_THAT(r.err, HasSubstr("28 constituents: 28 new"));
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(RespondE2E, ExchangeHuntOpensHafniumIncidentsForExactlyTheTwoConstituents) {
  std::string health = ExchangeLog(dir_, "health", "10.2.10.25", "MAIL01", "health.example.gov", "11");
  std::string energy = ExchangeLog(dir_, "energy", "10.5.10.25", "EXCH01", "energy.example.gov", "12");
  std::vector<std::string> hunt = {"hunt", "--rules", DataPath("sigma"), "--store", health, energy};
  CommandResult first = RunRampart(db_, hunt);
  ASSERT_EQ(first.exit_code, 1) << first.err;  // hits
  EXPECT_THAT(first.err, HasSubstr("(0 unassigned)"));

  CommandResult list = RunRampart(db_, {"incident", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json incidents = Json(list);
  std::set<std::string> constituents, hafnium_at;
  for (const json& in : incidents) {
    ASSERT_TRUE(in["constituent"].is_string()) << in.dump();
    constituents.insert(in["constituent"].get<std::string>());
    for (const json& actor : in["actors"]) {
      if (actor == "HAFNIUM") hafnium_at.insert(in["constituent"].get<std::string>());
    }
    EXPECT_EQ(in["state"], "new");
  }
  std::set<std::string> expected = {"Department of Health", "Ministry of Energy"};
  EXPECT_EQ(constituents, expected);
  EXPECT_EQ(hafnium_at, expected);

  // The same logs again: nothing new.
  CommandResult again = RunRampart(db_, hunt);
  ASSERT_EQ(again.exit_code, 1) << again.err;
  EXPECT_THAT(again.err, HasSubstr("incidents: 0 opened, 0 updated"));
  EXPECT_EQ(Json(RunRampart(db_, {"incident", "list", "--json"})), incidents);

  // Filters.
  json health_only = Json(RunRampart(db_, {"incident", "list", "--sector", "healthcare", "--actor", "HAFNIUM", "--json"}));
  ASSERT_EQ(health_only.size(), 1u);
  EXPECT_EQ(health_only[0]["constituent"], "Department of Health");

  // stats --by sector shows the health incident.
  CommandResult stats = RunRampart(db_, {"stats", "--by", "sector", "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  std::map<std::string, int> by_sector;
  json stats_json = Json(stats);
  for (const json& row : stats_json["rows"]) by_sector[row["key"].get<std::string>()] = row["incidents"].get<int>();
  EXPECT_GE(by_sector["healthcare"], 1);
  EXPECT_GE(by_sector["energy"], 1);
  EXPECT_EQ(by_sector.count("defense"), 0u);
  CommandResult table = RunRampart(db_, {"stats", "--by", "sector"});
  EXPECT_THAT(table.out, HasSubstr("healthcare"));

  // The workflow: a step forward, then an invalid step back that changes nothing.
  std::string id = health_only[0]["id"];
  CommandResult assist = RunRampart(db_, {"incident", "update", id, "--state", "assisting", "--assignee", "alice",
                                          "--note", "called the department's SOC", "--by", "bob"});
  ASSERT_EQ(assist.exit_code, 0) << assist.err;
  CommandResult back = RunRampart(db_, {"incident", "update", id, "--state", "new"});
  EXPECT_EQ(back.exit_code, 2);
  EXPECT_THAT(back.err, HasSubstr("assisting -> new is not allowed"));
  json shown = Json(RunRampart(db_, {"incident", "show", id, "--json"}));
  EXPECT_EQ(shown["state"], "assisting");
  EXPECT_EQ(shown["assignee"], "alice");
  EXPECT_EQ(shown["history"].size(), 4u);
  EXPECT_EQ(shown["history"][1]["who"], "bob");
  json assists = Json(RunRampart(db_, {"stats", "--format", "json"}));
  EXPECT_EQ(assists["total"]["assists"], 1);
}

TEST_F(RespondE2E, SensorConstituentAndUnassignedQueue) {
  // Logs of a server no constituent owns: the unassigned queue, unless the
  // sensor is named.
  std::string log = ExchangeLog(dir_, "other", "192.168.200.1", "EXCH09", "other.example.org", "13");
  CommandResult r = RunRampart(db_, {"hunt", "--rules", DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM"),
                                     "--store", log});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json queue = Json(RunRampart(db_, {"incident", "list", "--constituent", "unassigned", "--json"}));
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_TRUE(queue[0]["constituent"].is_null());
  r = RunRampart(db_, {"hunt", "--rules", DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM"), "--store",
                       "--constituent", "Port Authority of Example", log});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json port = Json(RunRampart(db_, {"incident", "list", "--constituent", "Port Authority of Example", "--json"}));
  EXPECT_EQ(port.size(), 1u);
  r = RunRampart(db_, {"hunt", "--rules", DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM"), "--store",
                       "--constituent", "Nobody", log});
  EXPECT_EQ(r.exit_code, 2);  // nothing stored
  EXPECT_THAT(r.err, HasSubstr("no constituent named 'Nobody'"));
  // Without --store nothing becomes an incident, and the hunt says so.
  r = RunRampart(db_, {"hunt", "--rules", DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM"),
                       "--constituent", "Port Authority of Example", log});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // hits, printed
  EXPECT_THAT(r.err, HasSubstr("--constituent is ignored without --store"));
  port = Json(RunRampart(db_, {"incident", "list", "--constituent", "Port Authority of Example", "--json"}));
  EXPECT_EQ(port.size(), 1u);
}

TEST_F(RespondE2E, BadConstituentFilesChangeNothing) {
  std::string bad = dir_.File("bad.yaml");
  WriteFile(bad, "constituents:\n  - name: Department of Health\n    tlp: amber\n    networks: [10.9.0.0/16]\n"
                 "  - name: New Agency\n    tlp: ultraviolet\n");
  CommandResult r = RunRampart(db_, {"constituent", "import", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.yaml:6: constituents[1] (New Agency): tlp: unknown TLP 'ultraviolet'"));
  json health = Json(RunRampart(db_, {"constituent", "show", "Department of Health", "--json"}));
  EXPECT_EQ(health["networks"], json({"10.2.0.0/16", "2001:db8:2::/48"}));
  EXPECT_EQ(Json(RunRampart(db_, {"constituent", "list", "--json"})).size(), 28u);

  // A network claimed by two constituents: a warning, both kept.
  std::string shared = dir_.File("shared.yaml");
  WriteFile(shared, "- {name: Health Lab, tlp: green, sectors: [healthcare], networks: [10.2.5.0/24]}\n");
  r = RunRampart(db_, {"constituent", "import", shared});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("warning: network 10.2.0.0/16 of Department of Health overlaps 10.2.5.0/24 of Health Lab"));

  // remove revokes; the history stays.
  r = RunRampart(db_, {"constituent", "remove", "Health Lab"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json(RunRampart(db_, {"constituent", "list", "--json"})).size(), 28u);
  json removed = Json(RunRampart(db_, {"constituent", "show", "Health Lab", "--json"}));
  EXPECT_EQ(removed["revoked"], true);
  EXPECT_EQ(RunRampart(db_, {"constituent", "show", "Nobody"}).exit_code, 1);
  EXPECT_EQ(RunRampart(db_, {"constituent", "add", "X", "--sector", "hospital"}).exit_code, 2);
  EXPECT_EQ(RunRampart(db_, {"constituent", "add", "X", "--webhook", "https://x.example/h"}).exit_code, 2);
}

}  // namespace
}  // namespace rampart::testing
