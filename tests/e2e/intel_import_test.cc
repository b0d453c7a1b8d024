// `rampart intel import` and `export --max-tlp` on small bundles written by
// the test, plus the issue-2 bad-input cases and exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "intel_kb.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

constexpr const char* kCreator = "identity--0b5f7b0c-5f52-4c6b-9d8e-0a4d3e2f1a01";
constexpr const char* kGreenSet = "intrusion-set--1f3f2b2a-6d0e-4a57-8f0c-1b2d3e4f5a01";
constexpr const char* kRedSet = "intrusion-set--1f3f2b2a-6d0e-4a57-8f0c-1b2d3e4f5a02";
constexpr const char* kMalware = "malware--2a4b6c8d-0e1f-4a3b-8c5d-7e9f0a1b2c03";
constexpr const char* kBroken = "intrusion-set--1f3f2b2a-6d0e-4a57-8f0c-1b2d3e4f5a09";
constexpr const char* kGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
constexpr const char* kRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
constexpr const char* kTime = "2021-03-02T00:00:00.000Z";

json Sdo(const std::string& type, const std::string& id, const std::string& name) {
  return {{"type", type},       {"spec_version", "2.1"}, {"id", id},   {"created", kTime},
          {"modified", kTime}, {"created_by_ref", kCreator}, {"name", name}};
}

json GoodObjects() {
  json identity = {{"type", "identity"}, {"spec_version", "2.1"}, {"id", kCreator}, {"created", kTime},
                   {"modified", kTime},  {"name", "Test CERT"},  {"identity_class", "organization"}};
  json green = Sdo("intrusion-set", kGreenSet, "Green Panda");
  green["aliases"] = {"GREENIE 1"};
  green["object_marking_refs"] = {kGreen};
  json red = Sdo("intrusion-set", kRedSet, "Red Kitten");
  red["object_marking_refs"] = {kRed};
  json malware = Sdo("malware", kMalware, "Sharpener");
  malware["is_family"] = true;
  json uses = {{"type", "relationship"},
               {"spec_version", "2.1"},
               {"id", "relationship--3c5d7e9f-1a2b-4c3d-8e4f-5a6b7c8d9e04"},
               {"created", kTime},
               {"modified", kTime},
               {"created_by_ref", kCreator},
               {"relationship_type", "uses"},
               {"source_ref", kGreenSet},
               {"target_ref", kMalware}};
  return json::array({identity, green, red, malware, uses});
}

std::string Bundle(const json& objects) {
  return json{{"type", "bundle"}, {"id", "bundle--5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a05"}, {"objects", objects}}.dump(2);
}

// The number after `label` in the import summary, or -1.
long Count(const std::string& summary, const std::string& label) {
  std::smatch m;
  if (!std::regex_search(summary, m, std::regex("\n  " + label + " +([0-9]+)[ \n]"))) return -1;
  return std::stol(m[1]);
}

class IntelImport : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    WriteFile(tmp_.File(name), content);
    return tmp_.File(name);
  }
  CommandResult Rampart(const std::vector<std::string>& args) { return RunRampart(db_, args); }
  TempDir tmp_;
  std::string db_ = tmp_.File("kb.db");
};

TEST_F(IntelImport, SummaryCountsAndIdempotentReimport) {
  std::string file = Write("good.json", Bundle(GoodObjects()));
  CommandResult first = Rampart({"intel", "import", file});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("5 objects"), std::string::npos) << first.out;
  EXPECT_EQ(Count(first.out, "inserted"), 5) << first.out;
  EXPECT_EQ(Count(first.out, "skipped"), 0) << first.out;
  CommandResult second = Rampart({"intel", "import", file});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(Count(second.out, "inserted"), 0) << second.out;
  EXPECT_EQ(Count(second.out, "new versions"), 0) << second.out;
  EXPECT_EQ(Count(second.out, "unchanged"), 5) << second.out;
  CommandResult get = Rampart({"intel", "get", "greenie-1", "--json"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  json actor = json::parse(get.out);
  EXPECT_EQ(actor["id"], kGreenSet);
  ASSERT_EQ(actor["relations"]["software"].size(), 1u);
  EXPECT_EQ(actor["relations"]["software"][0]["name"], "Sharpener");
  EXPECT_EQ(actor["created_by"]["name"], "Test CERT");
}

TEST_F(IntelImport, MissingPropertyIsSkippedAndNamed) {
  json objects = GoodObjects();
  json broken = Sdo("intrusion-set", kBroken, "x");
  broken.erase("name");
  objects.insert(objects.begin() + 3, broken);  // object index 3
  std::string file = Write("missing-name.json", Bundle(objects));
  CommandResult r = Rampart({"intel", "import", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Count(r.out, "skipped"), 1) << r.out;
  EXPECT_EQ(Count(r.out, "inserted"), 5) << r.out;
  for (const std::string& part : {std::string("missing-name.json"), std::string("object 3"), std::string(kBroken),
                                  std::string("name")})
    EXPECT_NE(r.err.find(part), std::string::npos) << "'" << part << "' not in: " << r.err;
  EXPECT_EQ(Rampart({"intel", "get", kBroken}).exit_code, 1);
}

TEST_F(IntelImport, StrictStoresNothing) {
  json objects = GoodObjects();
  json broken = Sdo("intrusion-set", kBroken, "x");
  broken.erase("name");
  objects.push_back(broken);
  std::string file = Write("strict.json", Bundle(objects));
  CommandResult r = Rampart({"intel", "import", "--strict", file});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find(kBroken), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db_)) << "nothing stored, so no store";
}

TEST_F(IntelImport, TruncatedJsonNamesFileLineColumnAndStoresNothing) {
  std::string text = Bundle(GoodObjects());
  std::string file = Write("truncated.json", text.substr(0, text.size() / 2));
  CommandResult r = Rampart({"intel", "import", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(std::regex_search(r.err, std::regex("truncated\\.json:[0-9]+:[0-9]+:"))) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db_)) << "nothing stored, so no store";
}

TEST_F(IntelImport, SameVersionWithDifferentContentIsReported) {
  ASSERT_EQ(Rampart({"intel", "import", Write("a.json", Bundle(GoodObjects()))}).exit_code, 0);
  json objects = GoodObjects();
  objects[1]["description"] = "changed without a new modified";
  CommandResult r = Rampart({"intel", "import", Write("b.json", Bundle(objects))});
  EXPECT_NE(r.err.find(kGreenSet), std::string::npos) << r.out << r.err;
  EXPECT_EQ(Count(r.out, "skipped"), 1) << r.out;
}

TEST_F(IntelImport, ExitCodes) {
  EXPECT_EQ(Rampart({"intel", "import", tmp_.File("does-not-exist.json")}).exit_code, 2);
  EXPECT_EQ(Rampart({"intel", "import", "--format", "yaml", tmp_.File("x.json")}).exit_code, 2);
  EXPECT_EQ(Rampart({"intel", "get", "--no-such-flag", "x"}).exit_code, 2);
  EXPECT_EQ(Rampart({"intel", "graph", "x", "--depth", "-1"}).exit_code, 2);
  EXPECT_EQ(Rampart({"intel", "export", "--max-tlp", "purple"}).exit_code, 2);
  EXPECT_EQ(Rampart({"intel"}).exit_code, 2);
  // Querying a knowledge base that does not exist neither creates it nor says "not found".
  std::string absent = tmp_.File("absent.db");
  CommandResult r = RunRampart(absent, {"intel", "get", "APT40"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no knowledge base"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(absent));
}

json Indicator(const std::string& pattern) {
  return {{"type", "indicator"},
          {"spec_version", "2.1"},
          {"id", "indicator--4d6e8f0a-2b3c-4d5e-9f6a-7b8c9d0e1f05"},
          {"created", kTime},
          {"modified", kTime},
          {"created_by_ref", kCreator},
          {"pattern_type", "stix"},
          {"valid_from", kTime},
          {"pattern", pattern}};
}

TEST_F(IntelImport, AStixPatternThatDoesNotParseIsAnInvalidProperty) {
  json objects = GoodObjects();
  objects.push_back(Indicator("[ipv4-addr:value = '1.2.3.4'"));  // object index 5
  std::string file = Write("pattern.json", Bundle(objects));
  CommandResult strict = Rampart({"intel", "import", "--strict", file});
  EXPECT_EQ(strict.exit_code, 2) << strict.out;
  for (const std::string& part : {std::string("pattern.json"), std::string("object 5"),
                                  std::string("indicator--4d6e8f0a-2b3c-4d5e-9f6a-7b8c9d0e1f05"),
                                  std::string("property 'pattern' is not a valid STIX pattern: column 29: expected AND, OR or ']'")})
    EXPECT_NE(strict.err.find(part), std::string::npos) << "'" << part << "' not in: " << strict.err;
  EXPECT_FALSE(std::filesystem::exists(db_)) << "a failed first import left a store behind";

  CommandResult lenient = Rampart({"intel", "import", file});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_EQ(Count(lenient.out, "skipped"), 1) << lenient.out;
  EXPECT_NE(lenient.err.find("rampart: skipped: " + file + ": object 5"), std::string::npos) << lenient.err;
  EXPECT_EQ(Rampart({"intel", "get", "indicator--4d6e8f0a-2b3c-4d5e-9f6a-7b8c9d0e1f05"}).exit_code, 1);
}

TEST_F(IntelImport, AFailedFirstImportLeavesNoStore) {
  std::string text = Bundle(GoodObjects());
  CommandResult truncated = Rampart({"intel", "import", Write("t.json", text.substr(0, text.size() / 2))});
  EXPECT_EQ(truncated.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(db_));
  CommandResult missing = Rampart({"intel", "import", tmp_.File("absent.json")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(db_));
  for (const char* suffix : {"-wal", "-shm"}) EXPECT_FALSE(std::filesystem::exists(db_ + suffix)) << suffix;
  // A failed import into an existing store keeps it.
  ASSERT_EQ(Rampart({"intel", "import", Write("good.json", text)}).exit_code, 0);
  EXPECT_EQ(Rampart({"intel", "import", tmp_.File("t.json")}).exit_code, 2);
  EXPECT_EQ(Rampart({"intel", "get", kGreenSet}).exit_code, 0);
}

TEST_F(IntelImport, JsonErrorsNameThePositionNotTheLibrary) {
  std::string file = Write("bad.json", "{\"type\": \"bundle\",\n \"objects\": [tru]}");
  CommandResult r = Rampart({"intel", "import", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.find("json.exception"), std::string::npos) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex("bad\\.json:2:[0-9]+: .*invalid literal"))) << r.err;
}

// Every converted object is counted once: the rows add up to the header's
// "N STIX objects after conversion", and a kept object is not "skipped".
TEST_F(IntelImport, SummaryNumbersAddUp) {
  json objects = GoodObjects();
  objects.push_back(objects[3]);  // a duplicate of the malware
  json dangling = objects[4];
  dangling["id"] = "relationship--3c5d7e9f-1a2b-4c3d-8e4f-5a6b7c8d9e07";
  dangling["target_ref"] = "malware--00000000-0000-4000-8000-000000000000";
  objects.push_back(dangling);
  json broken = Sdo("intrusion-set", kBroken, "x");
  broken.erase("name");
  objects.push_back(broken);
  CommandResult r = Rampart({"intel", "import", Write("mixed.json", Bundle(objects))});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("imported ([0-9]+) objects from 1 path: ([0-9]+) STIX objects")))
      << r.out;
  EXPECT_EQ(m[1], "8");
  long converted = std::stol(m[2]);
  long sum = 0;
  for (const char* row : {"inserted", "new versions", "unchanged", "merged", "resolved", "duplicates", "skipped"}) {
    ASSERT_GE(Count(r.out, row), 0) << row << " missing in " << r.out;
    sum += Count(r.out, row);
  }
  EXPECT_EQ(sum, converted) << r.out;
  EXPECT_EQ(Count(r.out, "duplicates"), 1) << r.out;
  EXPECT_EQ(Count(r.out, "skipped"), 1) << r.out;
  EXPECT_EQ(Count(r.out, "inserted"), 6) << r.out;
  EXPECT_NE(r.err.find("rampart: warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dangling reference"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("kept"), std::string::npos) << r.err;
  std::istringstream lines(r.err);
  int skipped_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("rampart: skipped: ", 0) != 0) continue;
    ++skipped_lines;
    EXPECT_EQ(line.find("dangling"), std::string::npos) << line;
  }
  EXPECT_EQ(skipped_lines, 1) << r.err;
  json j = json::parse(Rampart({"intel", "import", "--json", tmp_.File("mixed.json")}).out);
  EXPECT_EQ(j["converted"].get<long>(), j["inserted"].get<long>() + j["new_versions"].get<long>() +
                                            j["unchanged"].get<long>() + j["merged"].get<long>() +
                                            j["resolved"].get<long>() + j["duplicates"].get<long>() +
                                            j["skipped"].get<long>());
}

std::set<std::string> ExportedIds(const CommandResult& r) {
  std::set<std::string> ids;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The document must outlive the loop: `for (o : json::parse(x)["objects"])`
  // iterates over a member of a destroyed temporary (that was this test's
  // "export drops objects" failure).
  json bundle = json::parse(r.out);
  for (const auto& o : bundle["objects"]) ids.insert(o["id"].get<std::string>());
  return ids;
}

constexpr const char* kUses = "relationship--3c5d7e9f-1a2b-4c3d-8e4f-5a6b7c8d9e04";

TEST_F(IntelImport, MaxTlpFiltersExport) {
  ASSERT_EQ(Rampart({"intel", "import", Write("good.json", Bundle(GoodObjects()))}).exit_code, 0);
  auto green = ExportedIds(Rampart({"intel", "export", "--max-tlp", "green"}));
  EXPECT_TRUE(green.count(kGreenSet));
  EXPECT_TRUE(green.count(kMalware));  // unmarked counts as clear
  EXPECT_FALSE(green.count(kRedSet));
  EXPECT_TRUE(green.count(kGreen)) << "referenced marking definitions travel with the bundle";
  EXPECT_TRUE(green.count(kUses));
  auto clear = ExportedIds(Rampart({"intel", "export", "--max-tlp", "clear"}));
  EXPECT_FALSE(clear.count(kGreenSet));
  EXPECT_TRUE(clear.count(kMalware));
  EXPECT_FALSE(clear.count(kUses)) << "a claim about a withheld object is withheld too";
  EXPECT_FALSE(clear.count(kGreen));
  auto red = ExportedIds(Rampart({"intel", "export", "--max-tlp", "RED"}));
  EXPECT_TRUE(red.count(kRedSet));
  EXPECT_TRUE(red.count(kRed));
}

// Two producers disagree about an alias: one summary line on stderr, the
// list behind --show-contested, always in --json.
TEST_F(IntelImport, ContestedMergesAreSummarisedAndListedOnRequest) {
  const char* vendor_a = "identity--0a0a0a0a-0000-4000-8000-00000000000a";
  const char* vendor_b = "identity--0b0b0b0b-0000-4000-8000-00000000000b";
  auto set = [](const std::string& id, const std::string& name, const std::string& creator) {
    json o = Sdo("intrusion-set", id, name);
    o["created_by_ref"] = creator;
    o["aliases"] = {name, "Storm Petrel"};
    return o;
  };
  const std::string incoming = "intrusion-set--b2b2b2b2-0000-4000-8000-000000000001";
  std::string a = Write("a.json", Bundle(json::array({set("intrusion-set--a1a1a1a1-0000-4000-8000-000000000001",
                                                          "Copper Falcon", vendor_a),
                                                      set("intrusion-set--a1a1a1a1-0000-4000-8000-000000000002",
                                                          "Iron Heron", vendor_a)})));
  std::string b = Write("b.json", Bundle(json::array({set(incoming, "Petrel Cluster", vendor_b)})));
  ASSERT_EQ(Rampart({"intel", "import", a}).exit_code, 0);
  std::string db_copy = tmp_.File("copy.db");
  std::filesystem::copy_file(db_, db_copy);

  CommandResult plain = Rampart({"intel", "import", b});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("(1 contested: "), std::string::npos) << plain.out;
  EXPECT_NE(plain.err.find("1 contested merge kept separate"), std::string::npos) << plain.err;
  EXPECT_NE(plain.err.find("--show-contested"), std::string::npos) << plain.err;
  EXPECT_EQ(plain.err.find(incoming), std::string::npos) << "one line, not one per merge:\n" << plain.err;

  CommandResult shown = RunRampart(db_copy, {"intel", "import", b, "--show-contested"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Storm Petrel"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find(incoming), std::string::npos) << shown.out;
  EXPECT_EQ(shown.err.find("contested"), std::string::npos) << shown.err;

  CommandResult again = Rampart({"intel", "import", b, "--json"});  // a re-import: no longer contested
  ASSERT_EQ(again.exit_code, 0) << again.err;
  json report = json::parse(again.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << again.out;
  EXPECT_EQ(report["inserted"], 0);
  EXPECT_TRUE(report["contested"].empty()) << again.out;

  std::filesystem::remove(db_copy);
  std::filesystem::remove(db_copy + "-wal");
  std::filesystem::remove(db_copy + "-shm");
  ASSERT_EQ(RunRampart(db_copy, {"intel", "import", a}).exit_code, 0);
  CommandResult as_json = RunRampart(db_copy, {"intel", "import", b, "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  json j = json::parse(as_json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << as_json.out;
  EXPECT_EQ(j["committed"], true);
  EXPECT_EQ(j["inserted"], 1);
  ASSERT_EQ(j["contested"].size(), 1u) << as_json.out;
  EXPECT_EQ(j["contested"][0]["incoming_id"], incoming);
  EXPECT_EQ(j["contested"][0]["alias"], "Storm Petrel");
  EXPECT_EQ(j["contested"][0]["existing_ids"].size(), 2u);
  EXPECT_EQ(as_json.err.find("contested"), std::string::npos) << as_json.err;
}

// Importing ATT&CK and the galaxy a second time changes nothing (regression:
// it used to insert 11 galaxy actors again and refuse 57 of their claims).
TEST(IntelReimport, AttackAndGalaxyAreUnchangedTheSecondTime) {
  TempDir tmp;
  std::string db = tmp.File("copy.db");
  CopyKnowledgeBase(db);
  std::vector<std::string> args = {"intel", "import", DataPath("attack/enterprise-attack.json")};
  for (const auto& f : GalaxyFiles()) args.push_back(f);
  CommandResult r = RunRampart(db, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Count(r.out, "inserted"), 0) << r.out;
  EXPECT_EQ(Count(r.out, "new versions"), 0) << r.out;
  EXPECT_EQ(Count(r.out, "skipped"), 0) << r.out << r.err;
  EXPECT_GT(Count(r.out, "unchanged"), 24000) << r.out;
  // The rows add up to the objects after conversion (galaxy values make several).
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("objects from [0-9]+ paths: ([0-9]+) STIX objects"))) << r.out;
  long sum = 0;
  for (const char* row : {"inserted", "new versions", "unchanged", "merged", "resolved", "duplicates", "skipped"})
    sum += Count(r.out, row);
  EXPECT_EQ(sum, std::stol(m[1])) << r.out;
}

}  // namespace
}  // namespace rampart::testing
