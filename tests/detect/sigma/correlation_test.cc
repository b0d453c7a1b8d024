// Correlator: reference checks, chains, aliases, generate, determinism.
#include <gtest/gtest.h>

#include "detect/sigma/sigma_test_util.h"
#include "rampart/detect/correlation.h"

namespace rampart::detect {
namespace {

using testing::MapEvent;

const char* kBase = R"(title: Logon
id: 11111111-1111-4111-8111-111111111111
name: logon
logsource: {category: test}
detection: {selection: {EventID: 4624}, condition: selection}
---
title: Share
id: 22222222-2222-4222-8222-222222222222
name: share
logsource: {category: test}
detection: {selection: {EventID: 5140}, condition: selection}
)";

TEST(Correlation, MissingRuleAndCycleAreErrors) {
  RuleSet set = testing::Rules(std::string(kBase) + R"(---
title: C
correlation: {type: temporal, rules: [logon, nope], timespan: 1m}
)");
  CollectingSink sink;
  auto c = Correlator::Create(set, sink);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(FormatError(c.status()).find("'nope'"), std::string::npos);
  RuleSet cyc = testing::Rules(R"(title: A
name: a
correlation: {type: event_count, rules: [b], timespan: 1m, condition: {gte: 1}}
---
title: B
name: b
correlation: {type: event_count, rules: [a], timespan: 1m, condition: {gte: 1}}
)");
  EXPECT_FALSE(Correlator::Create(cyc, sink).ok());
}

TEST(Correlation, TemporalWithAliasesAndChains) {
  RuleSet set = testing::Rules(std::string(kBase) + R"(---
title: Logon Then Share
name: lateral
correlation:
  type: temporal
  rules: [logon, share]
  group-by: [host]
  timespan: 1m
  aliases:
    host: {logon: TargetHost, share: Computer}
---
title: Repeated Lateral
correlation:
  type: event_count
  rules: [lateral]
  timespan: 1h
  condition: {gte: 2}
)");
  auto matcher = Matcher::Compile(set);
  ASSERT_TRUE(matcher.ok());
  CollectingSink sink;
  auto corr = Correlator::Create(set, sink);
  ASSERT_TRUE(corr.ok()) << corr.status();
  auto feed = [&](int64_t t, std::string id, std::string field, std::string host) {
    MapEvent e{{"EventID", id}, {field, host}};
    e.SetTime(t * 1'000'000);
    (*matcher)->Match(e, **corr);
  };
  feed(0, "5140", "Computer", "srv1");    // share first: temporal ignores order
  feed(5, "4624", "TargetHost", "srv1");  // -> lateral
  feed(10, "4624", "TargetHost", "srv2");
  feed(100, "4624", "TargetHost", "srv2");
  feed(120, "5140", "Computer", "srv2");  // -> lateral (the 10 s logon is out of the window) -> repeated
  std::vector<std::string> titles;
  for (const auto& h : sink.hits()) titles.push_back(h.title);
  // Base rules feed only correlations with generate: false, so they are silent;
  // "lateral" feeds "Repeated Lateral" (generate false) and is silent too.
  EXPECT_EQ(titles, (std::vector<std::string>{"Repeated Lateral"}));
  EXPECT_EQ((*corr)->fired(), 3);
  ASSERT_EQ(sink.hits().size(), 1u);
  EXPECT_TRUE(sink.hits()[0].correlation);
  EXPECT_EQ(sink.hits()[0].count, 2);
}

TEST(Correlation, EventCountLessThan) {
  RuleSet set = testing::Rules(std::string(kBase) + R"(---
title: Single Logon
correlation: {type: event_count, rules: [logon], group-by: [User], timespan: 1m, condition: {lt: 2}, generate: true}
)");
  auto matcher = Matcher::Compile(set);
  CollectingSink sink;
  auto corr = Correlator::Create(set, sink);
  ASSERT_TRUE(corr.ok());
  MapEvent e{{"EventID", "4624"}, {"User", "u"}};
  (*matcher)->Match(e, **corr);
  ASSERT_EQ(sink.hits().size(), 2u);  // the logon (generate: true), then the correlation
  EXPECT_EQ(sink.hits()[0].title, "Logon");
  EXPECT_EQ(sink.hits()[1].title, "Single Logon");
}

}  // namespace
}  // namespace rampart::detect
