// `rampart intel get` on the ATT&CK Enterprise + MISP galaxy knowledge base:
// the seed article's actors, merged across sources, by every spelling.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <nlohmann/json.hpp>

#include "intel_kb.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

constexpr const char* kLeviathan = "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e";
constexpr const char* kHafnium = "intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87";

json GetJson(const std::string& query) {
  std::string db = KnowledgeBase();
  CommandResult r = RunRampart(db, {"intel", "get", query, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON:\n" << r.out;
  return j;
}

bool HasAlias(const json& actor, const std::string& alias) {
  const auto& aliases = actor["aliases"];
  return std::find(aliases.begin(), aliases.end(), alias) != aliases.end();
}

std::vector<std::string> ExternalIds(const json& entries) {
  std::vector<std::string> ids;
  for (const auto& e : entries) ids.push_back(e["external_id"]);
  return ids;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Claims of `section` whose far end is named `name`, directly or along the chain.
std::vector<json> ClaimsNaming(const json& actor, const std::string& section, const std::string& name) {
  std::vector<json> found;
  if (!actor["relations"].contains(section)) return found;
  std::function<bool(const json&)> names = [&](const json& r) {
    if (r["name"] == name) return true;
    return std::any_of(r["chain"].begin(), r["chain"].end(), names);
  };
  for (const auto& r : actor["relations"][section])
    if (names(r)) found.push_back(r);
  return found;
}

TEST(IntelGet, Apt40ResolvesByEverySpellingToTheMergedLeviathan) {
  for (const char* query : {"APT40", "APT 40", "apt-40", "G0065", "Leviathan", "Gingham Typhoon", kLeviathan}) {
    json j = GetJson(query);
    EXPECT_EQ(j["id"], kLeviathan) << query;
  }
}

TEST(IntelGet, Apt40CarriesAliasesOfBothSources) {
  json j = GetJson("APT40");
  EXPECT_EQ(j["type"], "intrusion-set");
  EXPECT_EQ(j["name"], "Leviathan");
  // ATT&CK's aliases and the galaxy's synonyms on one object.
  for (const char* alias : {"APT40", "TEMP.Periscope", "Gingham Typhoon", "BRONZE MOHAWK", "TEMP.Jumper", "TA423",
                            "ISLAND CASTLE", "Red Ladon"})
    EXPECT_TRUE(HasAlias(j, alias)) << alias << " missing from " << j["aliases"].dump();
  EXPECT_TRUE(Contains(ExternalIds(j["external_ids"]), "G0065")) << j["external_ids"].dump();
  EXPECT_EQ(j["object"]["id"], kLeviathan);
}

TEST(IntelGet, Apt40IsAttributedToChinaWithItsSource) {
  json j = GetJson("APT 40");
  auto claims = ClaimsNaming(j, "attributed_to", "China");
  auto located = ClaimsNaming(j, "located_at", "China");
  ASSERT_FALSE(claims.empty() && located.empty()) << j["relations"].dump(2);
  for (const auto& c : claims) {
    ASSERT_TRUE(c["claimed_by"].is_object()) << c.dump();  // which source says so
    EXPECT_FALSE(c["claimed_by"]["name"].get<std::string>().empty()) << c.dump();
    EXPECT_EQ(c["relationship_type"], "attributed-to");
    EXPECT_EQ(c["direction"], "outgoing");
  }
}

TEST(IntelGet, Apt40TargetsSectorsAndUsesAttackTechniques) {
  json j = GetJson("G0065");
  ASSERT_TRUE(j["relations"].contains("targets")) << j["relations"].dump(2);
  bool sector = false;
  for (const auto& t : j["relations"]["targets"]) {
    EXPECT_EQ(t["relationship_type"], "targets");
    EXPECT_TRUE(t["claimed_by"].is_object()) << t.dump();
    sector |= t["kind"] == "sector";
  }
  EXPECT_TRUE(sector) << j["relations"]["targets"].dump(2);
  auto techniques = ExternalIds(j["relations"]["techniques"]);
  EXPECT_TRUE(Contains(techniques, "T1190"));
  EXPECT_TRUE(Contains(techniques, "T1566.001"));
  for (const auto& t : j["relations"]["techniques"]) EXPECT_EQ(t["type"], "attack-pattern");
  auto software = ExternalIds(j["relations"]["software"]);
  EXPECT_TRUE(Contains(software, "S0020")) << "China Chopper";
  auto campaigns = ExternalIds(j["relations"]["campaigns"]);
  EXPECT_TRUE(Contains(campaigns, "C0049"));
}

TEST(IntelGet, HafniumShowsAliasesAttributionAndTechniques) {
  json j = GetJson("HAFNIUM");
  EXPECT_EQ(j["id"], kHafnium);
  for (const char* alias : {"Silk Typhoon", "Operation Exchange Marauder", "ATK233", "MURKY PANDA"})
    EXPECT_TRUE(HasAlias(j, alias)) << alias << " missing from " << j["aliases"].dump();
  EXPECT_FALSE(ClaimsNaming(j, "attributed_to", "China").empty() && ClaimsNaming(j, "located_at", "China").empty())
      << j["relations"].dump(2);
  auto techniques = ExternalIds(j["relations"]["techniques"]);
  EXPECT_TRUE(Contains(techniques, "T1190"));
  EXPECT_TRUE(Contains(techniques, "T1505.003"));
  EXPECT_EQ(GetJson("Silk Typhoon")["id"], kHafnium);
  EXPECT_EQ(GetJson("G0125")["id"], kHafnium);
}

TEST(IntelGet, TechniqueByExternalIdShowsItsUsers) {
  json j = GetJson("T1190");
  EXPECT_EQ(j["type"], "attack-pattern");
  EXPECT_EQ(j["name"], "Exploit Public-Facing Application");
  std::vector<std::string> users;
  for (const auto& u : j["relations"]["used_by"]) users.push_back(u["id"]);
  EXPECT_TRUE(Contains(users, kHafnium));
  EXPECT_TRUE(Contains(users, kLeviathan));
}

TEST(IntelGet, TextShowsTheProfile) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "get", "APT 40"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* text : {"Leviathan (intrusion-set)", kLeviathan, "TEMP.Periscope", "Gingham Typhoon",
                           "G0065 (mitre-attack)", "Attributed to", "Targets", "Techniques", "T1190",
                           "Exploit Public-Facing Application", "Software", "S0020", "China Chopper", "Campaigns"})
    EXPECT_NE(r.out.find(text), std::string::npos) << "missing '" << text << "' in\n" << r.out;
  EXPECT_EQ(r.out.find("(Citation:"), std::string::npos) << "citations are for --json";
}

TEST(IntelGet, JsonIsDeterministic) {
  std::string db = KnowledgeBase();
  CommandResult a = RunRampart(db, {"intel", "get", "HAFNIUM", "--json"});
  CommandResult b = RunRampart(db, {"intel", "get", "HAFNIUM", "--json"});
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
}

TEST(IntelGet, UnknownActorIsNotFound) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "get", "No Such Actor 9000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("No Such Actor 9000"), std::string::npos) << r.err;
  EXPECT_EQ(RunRampart(KnowledgeBase(), {"intel", "get", "intrusion-set--00000000-0000-4000-8000-000000000000"})
                .exit_code,
            1);
}

// Every relation in the view, along the chains too.
void EachRelation(const json& actor, const std::function<void(const json&)>& fn) {
  std::function<void(const json&)> walk = [&](const json& r) {
    fn(r);
    for (const auto& next : r["chain"]) walk(next);
  };
  for (const auto& [section, entries] : actor["relations"].items())
    for (const auto& r : entries) walk(r);
}

// A claim read from a report holds from when the report said it
// (its `published`), not from the day it was ingested; start..stop when the
// claim carries them.
TEST(IntelGet, ClaimsFromAReportShowWhenTheReportSaidThem) {
  TempDir tmp;
  std::string db = tmp.File("kb.db");
  CopyKnowledgeBase(db);
  CommandResult ingest = RunRampart(db, {"report", "ingest", DataPath("seed/national-post-china-cyber-attack.txt"),
                                         "--source", "National Post", "--published", "2021-07-19", "--json"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  json ingested = json::parse(ingest.out, nullptr, false);
  ASSERT_FALSE(ingested.is_discarded()) << ingest.out;
  std::map<std::string, json> claims;
  for (const auto& c : ingested[0]["claims"]) claims[c["id"].get<std::string>()] = c;
  ASSERT_FALSE(claims.empty()) << ingest.out;

  CommandResult get = RunRampart(db, {"intel", "get", "APT40", "--json"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  json actor = json::parse(get.out);
  int from_report = 0;
  EachRelation(actor, [&](const json& r) {
    auto it = claims.find(r["relationship_id"].get<std::string>());
    if (it == claims.end()) return;
    const std::string type = r["relationship_type"];
    // The view dates the claims it lists with a source (actor_view.h).
    if (type != "attributed-to" && type != "located-at" && type != "originates-from" && type != "targets") return;
    ++from_report;
    const json& c = it->second;
    std::string expected = "2021-07-19";
    if (!c["start_year"].is_null() || !c["stop_year"].is_null()) {
      expected = (c["start_year"].is_null() ? "" : std::to_string(c["start_year"].get<int>()) + "-01-01") + ".." +
                 (c["stop_year"].is_null() ? "" : std::to_string(c["stop_year"].get<int>()) + "-12-31");
    }
    EXPECT_EQ(r["when"], expected) << r.dump() << "\nclaim: " << c.dump();
  });
  EXPECT_GT(from_report, 0) << "no claim of the article reaches APT40:\n" << get.out;
  // The text view shows the same dates.
  CommandResult text = RunRampart(db, {"intel", "get", "APT40"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("2021-07-19"), std::string::npos) << text.out;
}

// Golden output, reviewed: tests/e2e/baselines/intel_get_hafnium.txt.
// RAMPART_UPDATE_BASELINES=1 rewrites it (then review the diff).
TEST(IntelGet, HafniumTextMatchesBaseline) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "get", "HAFNIUM"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string baseline = std::string(RAMPART_E2E_BASELINES) + "/intel_get_hafnium.txt";
  if (std::getenv("RAMPART_UPDATE_BASELINES")) WriteFile(baseline, r.out);
  std::string expected = ReadText(baseline);
  ASSERT_FALSE(expected.empty()) << "missing baseline " << baseline;
  EXPECT_EQ(r.out, expected) << "intel get HAFNIUM differs from " << baseline;
}

}  // namespace
}  // namespace rampart::testing
