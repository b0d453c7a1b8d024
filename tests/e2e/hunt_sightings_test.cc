// hunt's STIX sightings point at what was hunted: a Sigma rule is an
// indicator holding the rule's YAML, an IOC-list entry an indicator with the
// equivalent STIX pattern, a stored indicator itself. Sightings are counted
// per (indicator, log file), every one has observed data, ids do not depend on
// how a path was typed, constituents are named where known, and the output
// read back by `intel import` gives sightings of the hunted indicators.
// Stored indicators are hunted again by --intel; one that cannot be is listed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

const char kHafniumRule[] = "sigma/rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::map<std::string, json> ById(const json& bundle) {
  std::map<std::string, json> out;
  for (const json& o : bundle["objects"]) out[o["id"].get<std::string>()] = o;
  return out;
}

std::vector<json> OfType(const json& bundle, const std::string& type) {
  std::vector<json> out;
  for (const json& o : bundle["objects"]) {
    if (o["type"] == type) out.push_back(o);
  }
  return out;
}

class HuntSightings : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    log_ = dir_->File("u_ex210301.log");
    iocs_ = dir_->File("iocs.txt");
    CommandResult gen = rampart::testing::Run({"/usr/bin/python3", ToolsDir() + "/gen-exchange-logs", "--events", "3000", "--seed", "5",
                             "--attack-rate", "0.01", "--server-ip", "10.2.10.25", "--domain", "health.example.gov",
                             "--out", log_, "--quiet"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    CommandResult ioc = rampart::testing::Run({"/usr/bin/python3", ToolsDir() + "/gen-iocs", "-n", "100", "--seed", "5", "--domain",
                             "health.example.gov", "--out", iocs_});
    ASSERT_EQ(ioc.exit_code, 0) << ioc.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  // `rampart --db db hunt args...`; the STIX bundle parsed from stdout.
  static CommandResult Rampart(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv = {RampartBinary(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return rampart::testing::Run(argv);
  }
  static json Bundle(const CommandResult& r) {
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 500) << r.err;
    return j.is_discarded() ? json::object({{"objects", json::array()}}) : j;
  }

  static TempDir* dir_;
  static std::string log_, iocs_;
};
TempDir* HuntSightings::dir_ = nullptr;
std::string HuntSightings::log_, HuntSightings::iocs_;

TEST_F(HuntSightings, IocListEntriesAreStixIndicatorsAndSightingsAreCountedPerFile) {
  std::string none = dir_->File("none.db");
  CommandResult r = Rampart(none, {"hunt", "--ioc", iocs_, "--output", "stix", log_});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json bundle = Bundle(r);
  auto objects = ById(bundle);
  CommandResult lines = Rampart(none, {"hunt", "--ioc", iocs_, "--output", "jsonl", log_});
  std::map<std::string, int64_t> hits_per_value;  // indicator name (the IOC) -> hit lines
  std::istringstream in(lines.out);
  int64_t hits = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++hits_per_value[json::parse(line)["rule"]["title"].get<std::string>()];
    ++hits;
  }
  ASSERT_GT(hits, 5);
  std::vector<json> sightings = OfType(bundle, "sighting");
  ASSERT_EQ(sightings.size(), hits_per_value.size());  // one per (indicator, file)
  int64_t counted = 0;
  for (const json& s : sightings) {
    const json& indicator = objects.at(s["sighting_of_ref"].get<std::string>());
    EXPECT_EQ(indicator["pattern_type"], "stix");
    std::string name = indicator["name"];
    EXPECT_THAT(indicator["pattern"].get<std::string>(), HasSubstr(name.substr(name.find("://") == std::string::npos ? 0 : name.find("://") + 3)));
    EXPECT_NE(indicator["valid_from"].get<std::string>().substr(0, 4), "1970");
    EXPECT_EQ(s["count"], hits_per_value[name]) << name;
    EXPECT_LE(s["first_seen"].get<std::string>(), s["last_seen"].get<std::string>());
    counted += s["count"].get<int64_t>();
    ASSERT_TRUE(s.contains("observed_data_refs")) << s.dump();
    const json& observed = objects.at(s["observed_data_refs"][0].get<std::string>());
    EXPECT_EQ(observed["number_observed"], s["count"]);
    for (const json& ref : observed["object_refs"]) EXPECT_TRUE(objects.count(ref.get<std::string>())) << ref;
    EXPECT_EQ(s["x_rampart_source"]["file"], "u_ex210301.log");
  }
  EXPECT_EQ(counted, hits);
  EXPECT_EQ(bundle.dump().find(dir_->path()), std::string::npos) << "a local path in the output";

  // The same files typed another way: the same sightings.
  std::string other_log = dir_->path() + "/./" + "u_ex210301.log";
  json again = Bundle(Rampart(none, {"hunt", "--ioc", iocs_, "--output", "stix", other_log}));
  std::set<std::string> first_ids, second_ids;
  for (const json& s : sightings) first_ids.insert(s["id"].get<std::string>());
  for (const json& s : OfType(again, "sighting")) second_ids.insert(s["id"].get<std::string>());
  EXPECT_EQ(first_ids, second_ids);
}

TEST_F(HuntSightings, EveryIocTypeBecomesAPatternThatParsesBack) {
  const std::string sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const std::string md5 = "098f6bcd4621d373cade4e832627b4f6";
  std::string log = dir_->File("types.jsonl");
  WriteFile(log, "{\"time\":\"2021-03-02T10:00:00Z\",\"src_ip\":\"198.51.100.7\",\"dst_ip\":\"203.0.113.9\","
                 "\"url\":\"https://evil.example.net/a.ps1\",\"sha256\":\"" + sha256 + "\",\"md5\":\"" + md5 +
                 "\",\"from\":\"bad@evil.example.net\",\"v6\":\"2001:db8::7\"}\n");
  std::string list = dir_->File("types.txt");
  WriteFile(list, "198.51.100.7\n203.0.113.0/24\nevil.example.net\nhttps://evil.example.net/a.ps1\n" + sha256 + "\n" +
                      md5 + "\nbad@evil.example.net\n2001:db8::7\n");
  std::string out = dir_->File("types.json");
  std::string none = dir_->File("none.db");
  CommandResult r = Rampart(none, {"hunt", "--ioc", list, "--output", "stix", "--out", out, log});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json bundle = json::parse(ReadAll(out));
  std::set<std::string> patterns;
  for (const json& i : OfType(bundle, "indicator")) patterns.insert(i["pattern"].get<std::string>());
  std::set<std::string> expected = {
      "[ipv4-addr:value = '198.51.100.7']",
      "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
      "[domain-name:value = 'evil.example.net']",
      "[url:value = 'https://evil.example.net/a.ps1']",
      "[file:hashes.'SHA-256' = '" + sha256 + "']",
      "[file:hashes.MD5 = '" + md5 + "']",
      "[email-addr:value = 'bad@evil.example.net']",
      "[ipv6-addr:value = '2001:db8::7']",
  };
  EXPECT_EQ(patterns, expected);
  // Every pattern parses: the import stores each indicator, skips none.
  std::string db = dir_->File("types.db");
  CommandResult imported = Rampart(db, {"intel", "import", out, "--json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  json report = json::parse(imported.out);
  EXPECT_EQ(report["skipped"], 0) << report["problems"].dump();
  EXPECT_EQ(report["per_type"]["indicator"], 8);
  // Hunted again from the store with STIX semantics: every indicator whose
  // path a JSON-lines field maps to hits the event (the domain and the IPv6
  // address sit in fields no STIX path maps to here: STIX equality, no hit).
  CommandResult again = Rampart(db, {"hunt", "--intel", "--output", "stix", log});
  ASSERT_EQ(again.exit_code, 1) << again.err;
  json hunted = Bundle(again);
  auto objects = ById(hunted);
  std::set<std::string> sighted;
  for (const json& s : OfType(hunted, "sighting")) {
    sighted.insert(objects.at(s["sighting_of_ref"].get<std::string>())["pattern"].get<std::string>());
  }
  for (const std::string& p : expected) {
    if (p.starts_with("[domain-name") || p.starts_with("[ipv6-addr")) continue;
    EXPECT_TRUE(sighted.count(p)) << p << "\n" << again.err;
  }
}

TEST_F(HuntSightings, ABundlesIndicatorIsSightedAsItself) {
  std::string log = dir_->File("one.jsonl");
  WriteFile(log, "{\"time\":\"2024-03-02T10:00:00Z\",\"src_ip\":\"198.51.100.7\"}\n");
  json indicator = {{"type", "indicator"}, {"spec_version", "2.1"},
                    {"id", "indicator--0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4e"},
                    {"created", "2024-01-01T00:00:00.000Z"}, {"modified", "2024-01-02T00:00:00.000Z"},
                    {"name", "bad ip"}, {"pattern_type", "stix"}, {"pattern", "[ipv4-addr:value = '198.51.100.7']"},
                    {"valid_from", "2024-01-01T00:00:00Z"}};
  std::string bundle_path = dir_->File("bundle.json");
  WriteFile(bundle_path, json({{"type", "bundle"}, {"id", "bundle--6b7e4c8a-1d2f-4a5b-9c3d-2e1f0a9b8c7e"},
                               {"objects", {indicator}}}).dump());
  CommandResult r = Rampart(dir_->File("none.db"), {"hunt", "--ioc", bundle_path, "--output", "stix", log});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json bundle = Bundle(r);
  std::vector<json> indicators = OfType(bundle, "indicator");
  ASSERT_EQ(indicators.size(), 1u);
  EXPECT_EQ(indicators[0], indicator);  // as its producer wrote it
  std::vector<json> sightings = OfType(bundle, "sighting");
  ASSERT_EQ(sightings.size(), 1u);
  EXPECT_EQ(sightings[0]["sighting_of_ref"], indicator["id"]);
  EXPECT_EQ(sightings[0]["first_seen"], "2024-03-02T10:00:00.000Z");
}

TEST_F(HuntSightings, SigmaRuleIsAnIndicatorHoldingTheRuleAndDatedByIt) {
  std::string none = dir_->File("none.db");
  CommandResult r = Rampart(none, {"hunt", "--rules", DataPath(kHafniumRule), "--output", "stix", log_});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json bundle = Bundle(r);
  std::vector<json> indicators = OfType(bundle, "indicator");
  ASSERT_EQ(indicators.size(), 1u);
  EXPECT_EQ(indicators[0]["pattern_type"], "sigma");
  EXPECT_EQ(indicators[0]["pattern"], ReadAll(DataPath(kHafniumRule)));
  EXPECT_EQ(indicators[0]["created"].get<std::string>().substr(0, 10), "2021-03-03");  // the rule's date
  std::vector<json> sightings = OfType(bundle, "sighting");
  ASSERT_EQ(sightings.size(), 1u);  // one rule, one file
  EXPECT_EQ(sightings[0]["sighting_of_ref"], indicators[0]["id"]);
  EXPECT_GT(sightings[0]["count"].get<int64_t>(), 1);
  EXPECT_TRUE(sightings[0].contains("observed_data_refs"));
}

TEST_F(HuntSightings, StixOutputImportedBackGivesSightingsOfTheHuntedIndicators) {
  std::string none = dir_->File("none.db");
  std::string out = dir_->File("sightings.json");
  CommandResult r = Rampart(none, {"hunt", "--rules", DataPath(kHafniumRule), "--ioc", iocs_, "--output", "stix",
                                   "--out", out, log_});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json hunted = json::parse(ReadAll(out));
  std::set<std::string> hunted_indicators;
  for (const json& i : OfType(hunted, "indicator")) hunted_indicators.insert(i["id"].get<std::string>());
  ASSERT_GT(hunted_indicators.size(), 2u);

  std::string db = dir_->File("roundtrip.db");
  CommandResult imported = Rampart(db, {"intel", "import", out});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  CommandResult exported = Rampart(db, {"intel", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  json back = Bundle(exported);
  auto objects = ById(back);
  std::vector<json> sightings = OfType(back, "sighting");
  ASSERT_EQ(sightings.size(), OfType(hunted, "sighting").size());
  std::set<std::string> sighted;
  for (const json& s : sightings) {
    std::string of = s["sighting_of_ref"];
    EXPECT_TRUE(hunted_indicators.count(of)) << of;
    EXPECT_EQ(objects.at(of)["type"], "indicator");
    sighted.insert(of);
  }
  EXPECT_EQ(sighted, hunted_indicators);  // every indicator in the output was sighted
}

TEST_F(HuntSightings, StoredIndicatorsAreHuntedAgainAndTheUnhuntableListed) {
  std::string db = dir_->File("intel.db");
  CommandResult stored = Rampart(db, {"hunt", "--rules", DataPath(kHafniumRule), "--ioc", iocs_, "--store", log_});
  ASSERT_EQ(stored.exit_code, 1) << stored.err;
  std::string yara = dir_->File("yara.json");
  WriteFile(yara, R"({"type":"bundle","id":"bundle--6b7e4c8a-1d2f-4a5b-9c3d-2e1f0a9b8c7d","objects":[
    {"type":"indicator","spec_version":"2.1","id":"indicator--0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
     "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"a YARA rule",
     "pattern_type":"yara","pattern":"rule x { condition: true }","valid_from":"2024-01-01T00:00:00Z"}]})");
  ASSERT_EQ(Rampart(db, {"intel", "import", yara}).exit_code, 0);

  CommandResult again = Rampart(db, {"hunt", "--intel", "--output", "stix", log_});
  ASSERT_EQ(again.exit_code, 1) << again.err;
  EXPECT_THAT(again.err, HasSubstr("not huntable: indicator--0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d: pattern_type 'yara'"));
  EXPECT_THAT(again.err, HasSubstr("1 Sigma rules"));
  json bundle = Bundle(again);
  json exported = Bundle(Rampart(db, {"intel", "export", "--type", "indicator"}));
  std::map<std::string, json> stored_indicators = ById(exported);
  std::vector<json> indicators = OfType(bundle, "indicator");
  ASSERT_GT(indicators.size(), 1u);
  bool sigma = false;
  for (const json& i : indicators) {
    ASSERT_TRUE(stored_indicators.count(i["id"].get<std::string>())) << i.dump();
    EXPECT_EQ(i, stored_indicators.at(i["id"].get<std::string>()));  // itself, as stored
    sigma = sigma || i["pattern_type"] == "sigma";
  }
  EXPECT_TRUE(sigma);
  for (const json& s : OfType(bundle, "sighting")) {
    EXPECT_TRUE(stored_indicators.count(s["sighting_of_ref"].get<std::string>())) << s.dump();
  }

  // Storing the same hunt again changes nothing.
  CommandResult restore = Rampart(db, {"hunt", "--intel", "--store", log_});
  ASSERT_EQ(restore.exit_code, 1) << restore.err;
  json before = Bundle(Rampart(db, {"intel", "export"}));
  restore = Rampart(db, {"hunt", "--intel", "--store", log_});
  ASSERT_EQ(restore.exit_code, 1) << restore.err;
  EXPECT_EQ(Bundle(Rampart(db, {"intel", "export"}))["objects"], before["objects"]);
}

TEST_F(HuntSightings, SightingsNameTheConstituentWhereTheyWereSeen) {
  std::string db = dir_->File("constituents.db");
  CommandResult imported = Rampart(db, {"constituent", "import", std::string(RAMPART_SOURCE_DIR) + "/examples/constituents.yaml"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  CommandResult shown = Rampart(db, {"constituent", "show", "Department of Health", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  std::string health = json::parse(shown.out)["id"];
  CommandResult r = Rampart(db, {"hunt", "--rules", DataPath(kHafniumRule), "--output", "stix", log_});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> sightings = OfType(Bundle(r), "sighting");
  ASSERT_FALSE(sightings.empty());
  for (const json& s : sightings) {
    ASSERT_TRUE(s.contains("where_sighted_refs")) << s.dump();
    EXPECT_EQ(s["where_sighted_refs"], json::array({health}));
  }
}

}  // namespace
}  // namespace rampart::testing
