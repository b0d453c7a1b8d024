// Option values and usage errors of `rampart intel`, `report` and `rules`:
// STIX type names checked with a suggestion, names case-insensitive, every
// listing as a JSON array (--json) or lines (--jsonl), usage errors in
// rampart's voice naming what was typed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "intel_kb.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

constexpr const char* kLeviathan = "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e";

TEST(IntelTypeOption, AnUnknownTypeIsAnErrorWithTheNearName) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "export", "--type", "intrusion_set"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
  EXPECT_NE(r.err.find("--type 'intrusion_set': not a STIX object type (did you mean intrusion-set?)"),
            std::string::npos)
      << r.err;
  CommandResult search = RunRampart(KnowledgeBase(), {"intel", "search", "Exchange", "--type", "malwre"});
  EXPECT_EQ(search.exit_code, 2);
  EXPECT_NE(search.err.find("did you mean malware?"), std::string::npos) << search.err;
  CommandResult far = RunRampart(KnowledgeBase(), {"intel", "export", "--type", "zzzzzzzz"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
  // Known types in any case, and custom types the store holds.
  CommandResult upper = RunRampart(KnowledgeBase(), {"intel", "search", "Exchange", "--type", "Intrusion-Set"});
  EXPECT_EQ(upper.exit_code, 0) << upper.err;
  CommandResult custom = RunRampart(KnowledgeBase(), {"intel", "export", "--type", "x-mitre-tactic"});
  EXPECT_EQ(custom.exit_code, 0) << custom.err;
  EXPECT_NE(custom.out.find("x-mitre-tactic--"), std::string::npos);
}

TEST(IntelSearchRanking, AnExactAliasRanksFirst) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "search", "APT 40", "--json", "--limit", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json hits = json::parse(r.out);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["id"], kLeviathan) << r.out;
  EXPECT_EQ(hits[0]["name"], "Leviathan");
}

TEST(Listings, JsonIsAnArrayAndJsonlIsLines) {
  CommandResult array = RunRampart(KnowledgeBase(), {"intel", "search", "Exchange", "--json", "--limit", "3"});
  ASSERT_EQ(array.exit_code, 0) << array.err;
  EXPECT_TRUE(json::parse(array.out).is_array());
  CommandResult lines = RunRampart(KnowledgeBase(), {"intel", "search", "Exchange", "--jsonl", "--limit", "3"});
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  std::istringstream in(lines.out);
  int n = 0;
  for (std::string line; std::getline(in, line); ++n) EXPECT_TRUE(json::parse(line).is_object()) << line;
  EXPECT_EQ(n, 3);
  CommandResult reports = RunRampart(KnowledgeBase(), {"report", "list", "--json"});
  ASSERT_EQ(reports.exit_code, 0) << reports.err;
  EXPECT_TRUE(json::parse(reports.out).is_array());
  EXPECT_EQ(RunRampart(KnowledgeBase(), {"report", "list", "--json", "--jsonl"}).exit_code, 2);
}

TEST(Listings, GraphJsonFlagEqualsFormatJson) {
  CommandResult flag = RunRampart(KnowledgeBase(), {"intel", "graph", "HAFNIUM", "--json"});
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  CommandResult format = RunRampart(KnowledgeBase(), {"intel", "graph", "HAFNIUM", "--format", "JSON"});
  ASSERT_EQ(format.exit_code, 0) << format.err;
  EXPECT_EQ(flag.out, format.out);
  EXPECT_TRUE(json::parse(flag.out).is_object());
  EXPECT_EQ(RunRampart(KnowledgeBase(), {"intel", "graph", "HAFNIUM", "--json", "--format", "dot"}).exit_code, 2);
}

TEST(Listings, RulesListAndCheckAsJson) {
  std::string rules = DataPath("sigma/rules/web/webserver_generic");  // 13 rules
  CommandResult list = RunRampart(KnowledgeBase(), {"rules", "list", "--json", rules});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json all = json::parse(list.out);
  ASSERT_TRUE(all.is_array());
  ASSERT_FALSE(all.empty());
  CommandResult lines = RunRampart(KnowledgeBase(), {"rules", "list", "--jsonl", rules});
  ASSERT_EQ(lines.exit_code, 0);
  std::istringstream in(lines.out);
  size_t n = 0;
  for (std::string line; std::getline(in, line); ++n) EXPECT_EQ(json::parse(line), all[n]);
  EXPECT_EQ(n, all.size());
  CommandResult check = RunRampart(KnowledgeBase(), {"rules", "check", "--json", rules});
  json report = json::parse(check.out);
  EXPECT_TRUE(report["results"].is_array());
  EXPECT_EQ(report["summary"]["files"].get<int>() > 0, true);
  EXPECT_EQ(check.exit_code, 0) << check.err;
  size_t ok = 0;
  for (const json& r : report["results"]) ok += r["status"] == "ok";
  EXPECT_EQ(ok, 13u) << check.out.substr(0, 500);
  EXPECT_EQ(report["summary"]["rules_ok"], 13);
  EXPECT_EQ(all.size(), 13u);
}

TEST(Listings, RulesListIsNotFailedByARuleThatNeedsAPlaceholder) {
  const std::string placeholder_rule =
      DataPath("sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cdc_chase_request.yml");
  std::string good = DataPath("sigma/rules/web/webserver_generic");
  CommandResult r = RunRampart(KnowledgeBase(), {"rules", "list", "--json", good, placeholder_rule});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(json::parse(r.out).empty());
  EXPECT_NE(r.err.find("rampart: warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("has no value"), std::string::npos) << r.err;
  CommandResult missing = RunRampart(KnowledgeBase(), {"rules", "list", "--json", good, good + "/no-such-rule.yml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("rampart: error: "), std::string::npos) << missing.err;
}

TEST(UsageErrors, UnknownCommandsAreNamedInRampartsVoice) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "lst"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("rampart: error: unknown command 'lst' for 'rampart intel' (commands: import, get, search, "
                       "graph, export, pull, push)"),
            std::string::npos)
      << r.err;
  CommandResult top = RunRampart(KnowledgeBase(), {"intell"});
  EXPECT_EQ(top.exit_code, 2);
  EXPECT_NE(top.err.find("rampart: error: unknown command 'intell' for 'rampart'"), std::string::npos) << top.err;
  CommandResult none = RunRampart(KnowledgeBase(), {"report"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("rampart: error: 'rampart report' needs a command: ingest, list, show"), std::string::npos)
      << none.err;
  CommandResult value = RunRampart(KnowledgeBase(), {"intel", "graph", "HAFNIUM", "--depth", "9"});
  EXPECT_EQ(value.exit_code, 2);
  EXPECT_EQ(value.err.rfind("rampart: error: ", 0), 0u) << value.err;
  EXPECT_NE(value.err.find("--depth"), std::string::npos) << value.err;
  CommandResult help = RunRampart(KnowledgeBase(), {"intel", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("import"), std::string::npos);
}

TEST(OptionValues, NamesAreCaseInsensitive) {
  EXPECT_EQ(RunRampart(KnowledgeBase(), {"intel", "graph", "HAFNIUM", "--format", "Dot"}).exit_code, 0);
  CommandResult tlp = RunRampart(KnowledgeBase(), {"intel", "export", "--type", "identity", "--max-tlp", "GREEN"});
  EXPECT_EQ(tlp.exit_code, 0) << tlp.err;
  CommandResult level = RunRampart(KnowledgeBase(), {"rules", "list", "--level", "HIGH", DataPath("sigma/rules/web/webserver_generic")});
  EXPECT_EQ(level.exit_code, 0) << level.err;
  EXPECT_EQ(RunRampart(KnowledgeBase(), {"rules", "list", "--level", "urgent", DataPath("sigma/rules/web/webserver_generic")}).exit_code,
            2);
}

}  // namespace
}  // namespace rampart::testing
