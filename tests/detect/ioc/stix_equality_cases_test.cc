// Runs the tests/cases/stix_pattern files that carry an `event` (see the
// README there) through the IndicatorMatcher: every pattern must give the
// same verdict on the event as the STIX evaluator gives on the equivalent
// observed-data (checked by rampart_stix_pattern_tests), whether it goes
// through the exact-value index or the compiled evaluation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../sigma/map_event.h"
#include "rampart/detect/stix_pattern_matcher.h"
#include "rampart/stix/pattern.h"

namespace rampart::detect {
namespace {

struct Verdict {
  bool hit = false;
  bool not_huntable = false;
  size_t exact = 0;
};

Verdict RunPattern(const std::string& pattern, const Event& event) {
  IndicatorMatcher m;
  IndicatorSpec spec;
  spec.id = "indicator--case";
  spec.pattern = pattern;
  Verdict v;
  for (const IndicatorProblem& p : m.AddIndicators(std::span(&spec, 1))) v.not_huntable |= p.not_huntable;
  v.exact = m.exact_pattern_count();
  CollectingSink sink;
  m.Match(event, sink);
  v.hit = !sink.hits().empty();
  return v;
}

TEST(StixEqualityCases, EventsAgreeWithTheStixEvaluator) {
  int files = 0, run = 0, exact = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RAMPART_STIX_PATTERN_CASES)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << entry.path();
    if (!doc.contains("event")) continue;
    ++files;
    SCOPED_TRACE(entry.path().filename().string());
    const auto event = testing::MapEvent::FromJson(doc["event"]);
    for (const auto& c : doc["cases"]) {
      if (c.value("error", false)) continue;
      const std::string pattern = c.at("pattern").get<std::string>();
      const bool want = c.at("match").get<bool>();
      Verdict direct = RunPattern(pattern, event);
      EXPECT_EQ(direct.hit, want) << pattern;
      EXPECT_EQ(direct.not_huntable, !c.value("huntable", true)) << pattern;
      exact += direct.exact > 0 ? 1 : 0;
      // The same observation OR-ed with itself never takes the exact index:
      // the compiled evaluation must agree.
      auto parsed = stix::ParsePattern(pattern);
      ASSERT_TRUE(parsed.ok()) << pattern;
      if (parsed->root.kind == stix::ObservationExpr::Kind::kObservation) {
        Verdict compiled = RunPattern(pattern + " OR " + pattern, event);
        EXPECT_EQ(compiled.exact, 0u) << pattern;
        EXPECT_EQ(compiled.hit, want) << pattern << " OR-ed with itself";
      }
      ++run;
    }
  }
  EXPECT_GE(files, 1);
  EXPECT_GE(run, 30);
  EXPECT_GE(exact, 15) << "the exact-value index took too few of the equality cases";
}

}  // namespace
}  // namespace rampart::detect
