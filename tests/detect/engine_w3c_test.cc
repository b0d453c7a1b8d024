// The prefilter over W3C events read by the real reader: it scans the raw
// line (Event::SearchText) instead of the joined values, so it must wake a
// rule wherever the reference evaluator matches it -- in particular on a
// user agent whose '+' the reader also reads as ' ', on values IIS leaves
// %xx-encoded, and on '-' (read as ""). Rules that must never be skipped
// (negation, null, short keywords) ride along.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/ingest/registry.h"
#include "support/test_support.h"

namespace rampart::detect {
namespace {

std::string WebRule(const std::string& id, const std::string& detection) {
  return "title: t" + id + "\nid: " + id + "\nlogsource: {category: webserver}\ndetection:\n" + detection + "\n";
}

const char kHeader[] =
    "#Software: Microsoft Internet Information Services 10.0\n"
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n";

std::string Line(const std::string& method, const std::string& stem, const std::string& query,
                 const std::string& agent, const std::string& status = "200") {
  return "2026-11-28 05:00:00 10.0.0.1 " + method + " " + stem + " " + query + " 443 - 192.168.1.9 " + agent +
         " - " + status + " 0 0 15\n";
}

struct Outcome {
  std::vector<int> compiled, reference;  // per rule: events it matched
};

// Every event of `log` through the prefiltered matcher, the unfiltered one
// and the reference evaluator; fails on any disagreement.
Outcome RunAll(const RuleSet& set, const std::string& log) {
  Outcome out;
  out.compiled.assign(set.rules().size(), 0);
  out.reference.assign(set.rules().size(), 0);
  auto matcher = Matcher::Compile(set);
  CompileOptions plain_options;
  plain_options.prefilter = false;
  auto plain = Matcher::Compile(set, plain_options);
  EXPECT_TRUE(matcher.ok() && plain.ok());
  if (!matcher.ok() || !plain.ok()) return out;
  ReferenceEvaluator ref(set);
  rampart::testing::TempDir dir;
  std::string path = dir.File("u_ex261128.log");
  rampart::testing::WriteFile(path, log);
  ingest::ReadOptions options;
  options.format = "w3c";
  auto reader = ingest::OpenReader(path, options);
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return out;
  ingest::EventBatch batch;
  auto scratch = (*matcher)->NewScratch();
  while ((*reader)->Next(batch)) {
    for (const Event& e : batch) {
      // The contract the prefilter relies on: every value Fields() yields
      // occurs in the search text.
      std::string_view text = e.SearchText();
      EXPECT_FALSE(text.empty());
      e.Fields([&](std::string_view name, const Value& v) {
        EXPECT_NE(text.find(v.text), std::string_view::npos) << name;
      });
      CollectingSink hits, plain_hits;
      (*matcher)->Match(e, hits, *scratch);
      (*plain)->Match(e, plain_hits);
      size_t next = 0;
      for (size_t i = 0; i < set.rules().size(); ++i) {
        bool compiled = next < hits.hits().size() && hits.hits()[next].rule_id == set.rules()[i].info.id &&
                        (++next, true);
        bool reference = ref.Matches(i, e);
        EXPECT_EQ(compiled, reference) << set.rules()[i].info.id << " on line " << e.Source().line;
        out.compiled[i] += compiled;
        out.reference[i] += reference;
      }
      EXPECT_EQ(hits.hits().size(), plain_hits.hits().size()) << "line " << e.Source().line;
    }
  }
  EXPECT_TRUE((*reader)->stats().clean());
  return out;
}

TEST(PrefilterW3c, RawLineWakesEveryRuleTheReferenceMatches) {
  std::string yaml;
  // A user-agent literal with spaces: the line holds it as '+'.
  yaml += WebRule("ua", "  sel:\n    cs-user-agent|contains: 'Nmap Scripting Engine'\n  condition: sel") + "---\n";
  // A keyword sees the user agent as written (Fields() yields the '+' form
  // only), here on another line than the rule above, so that nothing else
  // wakes that rule's bucket on the Nmap line.
  yaml += WebRule("kwua", "  kw:\n    - '+(Windows+NT'\n  condition: kw") + "---\n";
  // %xx stays encoded in the log and in the values.
  yaml += WebRule("pct", "  sel:\n    cs-uri-query|contains: '%3Cscript%3E'\n  condition: sel") + "---\n";
  yaml += WebRule("stem", "  sel:\n    cs-method: 'POST'\n    cs-uri-stem|startswith: '/ecp/'\n  condition: sel") +
          "---\n";
  // Must not be skipped although none of their literals occur.
  yaml += WebRule("neg", "  sel:\n    cs-method: 'GET'\n  f:\n    sc-status: 200\n  condition: sel and not f") +
          "---\n";
  yaml += WebRule("null", "  sel:\n    cs-username: ''\n    cs-uri-stem|endswith: '.aspx'\n  condition: sel") +
          "---\n";
  yaml += WebRule("short", "  kw:\n    - '${'\n  condition: kw");
  RuleSet set;
  set.AddText(yaml, "web.yml");
  for (const auto& e : set.errors()) ADD_FAILURE() << FormatError(e);
  ASSERT_EQ(set.rules().size(), 7u);
  std::string log = kHeader;
  log += Line("OPTIONS", "/owa/", "-", "Mozilla/5.0+(compatible;+Nmap+Scripting+Engine;+https://nmap.org/book/nse.html)");
  log += Line("GET", "/search", "q=%3Cscript%3Ealert(1)", "curl/8.0");
  log += Line("POST", "/ecp/DDI/x.svc", "-", "Mozilla/5.0", "500");
  log += Line("GET", "/a/b.aspx", "x=${jndi}", "Mozilla/5.0", "404");
  log += Line("GET", "/owa/", "-", "Mozilla/5.0+(Windows+NT+10.0)");
  Outcome o = RunAll(set, log);
  // Each rule fires on some line and is silent on another, so a wrongly
  // skipped or wrongly kept rule shows above.
  for (size_t i = 0; i < set.rules().size(); ++i) {
    EXPECT_GT(o.reference[i], 0) << set.rules()[i].info.id;
    EXPECT_LT(o.reference[i], 5) << set.rules()[i].info.id;
  }
}

// TableSchema's hashed Find answers as the linear one did: exact column,
// exact alias, then case-insensitively; a missing field is absent.
TEST(PrefilterW3c, FieldNamesThroughTheIndex) {
  rampart::testing::TempDir dir;
  std::string path = dir.File("u_ex261128.log");
  rampart::testing::WriteFile(path, std::string(kHeader) + Line("GET", "/owa/", "a=1", "Mozilla/5.0+(X)"));
  ingest::ReadOptions options;
  options.format = "w3c";
  auto reader = ingest::OpenReader(path, options);
  ASSERT_TRUE(reader.ok());
  ingest::EventBatch batch;
  ASSERT_TRUE((*reader)->Next(batch));
  const Event& e = *batch.begin();
  EXPECT_EQ(e.Get("cs-method"), "GET");
  EXPECT_EQ(e.Get("CS-Method"), "GET");
  EXPECT_EQ(e.Get("cs-user-agent"), "Mozilla/5.0+(X)");
  EXPECT_EQ(e.Get("CS(USER-AGENT)"), "Mozilla/5.0+(X)");
  EXPECT_EQ(e.Get("CS-User-Agent"), "Mozilla/5.0+(X)");
  EXPECT_EQ(e.Get("cs-referrer"), "");
  EXPECT_EQ(e.Get("cs-uri-query"), "a=1");
  EXPECT_FALSE(e.Get("Channel"));
  EXPECT_FALSE(e.Get("EventID"));
  EXPECT_FALSE(e.Get("cs-method-x"));
  std::vector<std::string> agents;
  e.Values("cs-user-agent", [&](const Value& v) { agents.emplace_back(v.text); });
  EXPECT_EQ(agents, (std::vector<std::string>{"Mozilla/5.0+(X)", "Mozilla/5.0 (X)"}));
}

}  // namespace
}  // namespace rampart::detect
