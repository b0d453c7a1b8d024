// Helpers for Sigma tests: parse a rule from YAML text and evaluate it on a
// MapEvent through both the reference evaluator and the compiled matcher,
// failing the test when they disagree.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "detect/sigma/map_event.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"

namespace rampart::detect::testing {

// A rule set built from one YAML text; fails the test on any parse error.
inline RuleSet Rules(const std::string& yaml) {
  RuleSet set;
  set.AddText(yaml, "test.yml");
  for (const auto& e : set.errors()) ADD_FAILURE() << FormatError(e);
  return set;
}

// The first error of parsing `yaml` ("" if none).
inline std::string ParseError(const std::string& yaml) {
  ParsedFile f = ParseSigmaText(yaml, "test.yml");
  return f.errors.empty() ? "" : FormatError(f.errors[0]);
}

// Number of hits of all rules of `set` on `event`, checked in both engines.
inline int CountHits(const RuleSet& set, const Event& event) {
  ReferenceEvaluator ref(set);
  CollectingSink ref_sink;
  ref.Match(event, ref_sink);
  auto matcher = Matcher::Compile(set);
  EXPECT_TRUE(matcher.ok()) << matcher.status();
  if (!matcher.ok()) return -1;
  CollectingSink sink;
  (*matcher)->Match(event, sink);
  EXPECT_EQ(ref_sink.hits().size(), sink.hits().size()) << "compiled and reference disagree";
  for (size_t i = 0; i < std::min(ref_sink.hits().size(), sink.hits().size()); ++i) {
    EXPECT_EQ(ref_sink.hits()[i].rule_id, sink.hits()[i].rule_id);
    EXPECT_EQ(ref_sink.hits()[i].matched, sink.hits()[i].matched);
  }
  return static_cast<int>(ref_sink.hits().size());
}

// A rule with one `selection:` block (YAML lines, indented by 4) and a condition.
inline std::string Rule(const std::string& detection, const std::string& condition = "selection",
                        const std::string& logsource = "    category: test\n") {
  return "title: t\nid: 00000000-0000-4000-8000-000000000001\nlevel: high\nlogsource:\n" + logsource +
         "detection:\n" + detection + "    condition: " + condition + "\n";
}

inline bool Fires(const std::string& yaml, const Event& event) { return CountHits(Rules(yaml), event) > 0; }

}  // namespace rampart::detect::testing
