// Sigma 2.1 features: date-part modifiers, the
// value_sum / value_avg / value_percentile correlations and filter
// (meta-filter) documents. Matching runs through the reference evaluator and
// the compiled matcher (CountHits fails on any disagreement).
#include <gtest/gtest.h>

#include "detect/sigma/sigma_test_util.h"
#include "engine/value_match.h"
#include "rampart/detect/correlation.h"

namespace rampart::detect {
namespace {

using testing::Fires;
using testing::MapEvent;
using testing::ParseError;
using testing::Rule;

// ---- date parts ------------------------------------------------------------

TEST(SigmaDatePart, TimestampForms) {
  using internal::ParseTimestampParts;
  using internal::TimestampPart;
  auto part = [](std::string_view text, DatePart p) {
    auto t = ParseTimestampParts(text);
    return t ? TimestampPart(*t, p) : -2;
  };
  // EVTX SystemTime (7 fraction digits, Z), RFC 3339 with offset, Sysmon UtcTime, W3C date / time.
  EXPECT_EQ(part("2024-05-01T13:45:12.1234567Z", DatePart::kHour), 13);
  EXPECT_EQ(part("2024-05-01T13:45:12.1234567Z", DatePart::kMinute), 45);
  EXPECT_EQ(part("2024-05-01T23:10:00+05:30", DatePart::kHour), 23);  // no timezone conversion
  EXPECT_EQ(part("2024-05-01T23:10:00-0700", DatePart::kDay), 1);
  EXPECT_EQ(part("2024-05-01 02:03:04.567", DatePart::kMonth), 5);
  EXPECT_EQ(part("2024-05-01", DatePart::kYear), 2024);
  EXPECT_EQ(part("2024-05-01", DatePart::kHour), -1);  // a date has no hour
  EXPECT_EQ(part("08:15:00", DatePart::kHour), 8);
  EXPECT_EQ(part("08:15:00", DatePart::kDay), -1);     // a time has no date
  EXPECT_EQ(part(" 2024-05-01T01:00Z ", DatePart::kHour), 1);
  // Not timestamps.
  for (std::string_view bad : {"", "1714571112", "2024-13-01", "2024-02-30", "2024-05-01X10:00", "25:00",
                               "2024-05-01T10:00:00 UTC", "May 1 2024", "2024-05-01T10:61"}) {
    EXPECT_FALSE(ParseTimestampParts(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseTimestampParts("2024-02-29").has_value());
  EXPECT_FALSE(ParseTimestampParts("2023-02-29").has_value());
}

TEST(SigmaDatePart, IsoWeeks) {
  auto week = [](std::string_view d) { return internal::TimestampPart(*internal::ParseTimestampParts(d), DatePart::kWeek); };
  EXPECT_EQ(week("2024-01-01"), 1);   // a Monday
  EXPECT_EQ(week("2023-01-01"), 52);  // a Sunday: last week of 2022
  EXPECT_EQ(week("2021-01-03"), 53);  // 2020 has 53 weeks
  EXPECT_EQ(week("2024-12-30"), 1);   // Monday of week 1 of 2025
  EXPECT_EQ(week("2026-11-28"), 48);
  EXPECT_EQ(week("2020-12-31"), 53);
}

TEST(SigmaDatePart, ParsesAloneAndWithComparisons) {
  ParsedFile f = ParseSigmaText(Rule("    selection:\n        UtcTime|hour|gte: 22\n        UtcTime|month: [1, 12]\n"),
                                "t.yml");
  ASSERT_TRUE(f.errors.empty()) << FormatError(f.errors[0]);
  const auto& items = f.rules[0].identifiers[0].alternatives[0];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].values[0].kind, MatchKind::kDatePart);
  EXPECT_EQ(items[0].values[0].date_part, DatePart::kHour);
  EXPECT_EQ(items[0].values[0].op, NumericOp::kGte);
  EXPECT_EQ(items[1].values.size(), 2u);
  EXPECT_EQ(items[1].values[1].op, NumericOp::kEq);
  EXPECT_EQ(items[1].values[1].number, 12);
  // Comparison first is accepted too.
  EXPECT_EQ(ParseError(Rule("    selection: {UtcTime|lt|hour: 6}\n")), "");
}

TEST(SigmaDatePart, RejectsWhatCannotWork) {
  EXPECT_NE(ParseError(Rule("    selection: {t|hour: night}\n")).find("needs an integer"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {t|hour: 2.5}\n")).find("needs an integer"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {t|hour: 24}\n")).find("can never match"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {t|month: 0}\n")).find("can never match"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {t|hour|day: 1}\n")).find("cannot be combined"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {t|hour|contains: 1}\n")).find("cannot be combined"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {t|re|hour: 1}\n")).find("cannot be combined"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {t|hour: null}\n")).find("null value"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {'|hour': 3}\n")).find("needs a field"), std::string::npos);
}

TEST(SigmaDatePart, MatchesInBothEngines) {
  MapEvent night{{"UtcTime", "2024-05-01 23:45:12.123"}, {"SystemTime", "2024-12-30T02:00:00.0000000Z"}};
  MapEvent day{{"UtcTime", "2024-05-01 11:05:00.000"}, {"SystemTime", "2024-06-15T12:00:00Z"}};
  std::string off_hours = Rule("    late: {UtcTime|hour|gte: 22}\n    early: {UtcTime|hour|lt: 6}\n", "late or early");
  EXPECT_TRUE(Fires(off_hours, night));
  EXPECT_FALSE(Fires(off_hours, day));
  EXPECT_TRUE(Fires(Rule("    selection: {UtcTime|minute: 45}\n"), night));
  EXPECT_FALSE(Fires(Rule("    selection: {UtcTime|minute: 45}\n"), day));
  EXPECT_TRUE(Fires(Rule("    selection: {SystemTime|week: 1, SystemTime|year: 2024}\n"), night));
  EXPECT_TRUE(Fires(Rule("    selection: {SystemTime|month|gte: 6, SystemTime|day|lte: 15}\n"), day));
  EXPECT_FALSE(Fires(Rule("    selection: {SystemTime|day|gt: 15}\n"), day));
  EXPECT_TRUE(Fires(Rule("    selection: {UtcTime|month: [4, 5]}\n"), day));
  // neq negates the item; a value that is not a timestamp never matches.
  EXPECT_TRUE(Fires(Rule("    selection: {UtcTime|hour|neq: 23}\n"), day));
  EXPECT_FALSE(Fires(Rule("    selection: {UtcTime|hour|neq: 23}\n"), night));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|hour: 1}\n"), MapEvent{{"CommandLine", "01:00 tonight"}}));
  // W3C: the date and time columns are separate fields.
  MapEvent w3c{{"date", "2024-05-01"}, {"time", "03:12:44"}};
  EXPECT_TRUE(Fires(Rule("    selection: {time|hour|lt: 6, date|day: 1}\n"), w3c));
  EXPECT_FALSE(Fires(Rule("    selection: {date|hour|lt: 6}\n"), w3c));
}

// ---- value_sum / value_avg / value_percentile ------------------------------

const char* kTransfer = R"(title: Transfer
id: 33333333-3333-4333-8333-333333333333
name: transfer
logsource: {category: test}
detection: {selection: {Action: upload}, condition: selection}
)";

MapEvent Upload(std::string host, std::string bytes, int64_t sec) {
  MapEvent e{{"Action", "upload"}, {"Host", std::move(host)}, {"Bytes", std::move(bytes)}};
  e.SetTime(sec * 1'000'000);
  return e;
}

std::vector<CollectedHit> Correlate(const std::string& yaml, const std::vector<MapEvent>& events) {
  RuleSet set = testing::Rules(std::string(kTransfer) + "---\n" + yaml);
  CollectingSink sink;
  auto corr = Correlator::Create(set, sink);
  EXPECT_TRUE(corr.ok()) << corr.status();
  if (!corr.ok()) return {};
  auto matcher = Matcher::Compile(set);
  EXPECT_TRUE(matcher.ok());
  for (const auto& e : events) (*matcher)->Match(e, **corr);
  std::vector<CollectedHit> out;
  for (const auto& h : sink.hits()) {
    if (h.correlation) out.push_back(h);
  }
  return out;
}

TEST(SigmaValueCorrelation, ParsesAndRejects) {
  ParsedFile f = ParseSigmaText(R"(title: Big
correlation: {type: value_percentile, rules: [t], timespan: 1h, group-by: [Host],
              condition: {field: Bytes, percentile: 95, gte: 1.5e6}}
)", "t.yml");
  ASSERT_TRUE(f.errors.empty()) << FormatError(f.errors[0]);
  EXPECT_EQ(f.correlations[0].type, CorrelationType::kValuePercentile);
  EXPECT_EQ(f.correlations[0].condition.percentile, 95);
  EXPECT_EQ(f.correlations[0].condition.gte, 1.5e6);
  EXPECT_EQ(CorrelationTypeName(CorrelationType::kValueAvg), "value_avg");
  auto err = [](const std::string& cond, const std::string& type = "value_sum") {
    ParsedFile p = ParseSigmaText("title: C\ncorrelation: {type: " + type + ", rules: [t], timespan: 1h, condition: " +
                                      cond + "}\n", "t.yml");
    return p.errors.empty() ? std::string() : FormatError(p.errors[0]);
  };
  EXPECT_NE(err("{gte: 5}").find("value_sum needs 'field'"), std::string::npos);
  EXPECT_NE(err("{gte: 5}", "value_avg").find("value_avg needs 'field'"), std::string::npos);
  EXPECT_NE(err("{field: b, gte: 5}", "value_percentile").find("needs 'percentile'"), std::string::npos);
  EXPECT_NE(err("{field: b, percentile: 101, gte: 5}", "value_percentile").find("1 to 100"), std::string::npos);
  EXPECT_NE(err("{field: b, percentile: 50, gte: 5}").find("only meaningful for value_percentile"), std::string::npos);
  EXPECT_NE(err("{field: b, gte: lots}").find("needs a number"), std::string::npos);
  EXPECT_EQ(err("{field: b, gt: 10.5, lte: 100}"), "");
}

TEST(SigmaValueCorrelation, SumOverSlidingWindowPerGroup) {
  auto hits = Correlate(R"(title: Exfil
correlation:
  type: value_sum
  rules: [transfer]
  group-by: [Host]
  timespan: 10m
  condition: {field: Bytes, gte: 1000}
)",
                        {Upload("a", "400", 0), Upload("b", "900", 10), Upload("a", "500", 200),
                         Upload("a", "n/a", 70),   // not a number: does not contribute
                         Upload("a", "300", 700),  // the first a (t=0) left the window: 500+300
                         Upload("a", "250", 720),  // 500+300+250 = 1050
                         Upload("b", "200", 30)});
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].value, 1050);
  EXPECT_EQ(hits[0].count, 3);
  EXPECT_EQ(hits[1].value, 1100);  // b: 900 + 200
  bool labelled = false;
  for (const auto& [f, v] : hits[0].matched) labelled = labelled || (f == "value_sum(Bytes)" && v == "1050");
  EXPECT_TRUE(labelled);
}

TEST(SigmaValueCorrelation, AverageAndMissingField) {
  std::string avg = R"(title: Big Average
correlation: {type: value_avg, rules: [transfer], group-by: [Host], timespan: 1h, condition: {field: Bytes, gt: 100}}
)";
  MapEvent no_bytes{{"Action", "upload"}, {"Host", "a"}};
  no_bytes.SetTime(5'000'000);
  auto hits = Correlate(avg, {Upload("a", "50", 0), no_bytes, Upload("a", "100", 10), Upload("a", "300", 20)});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_DOUBLE_EQ(hits[0].value, 150);  // (50 + 100 + 300) / 3; the event without Bytes is not counted
  EXPECT_EQ(hits[0].count, 3);
  // lt: checked at every hit.
  auto low = Correlate(R"(title: Small
correlation: {type: value_avg, rules: [transfer], timespan: 1h, condition: {field: Bytes, lt: 10.5}}
)", {Upload("a", "10", 0), Upload("a", "12", 1)});
  ASSERT_EQ(low.size(), 1u);
  EXPECT_DOUBLE_EQ(low[0].value, 10);
}

TEST(SigmaValueCorrelation, PercentileInterpolates) {
  std::string p90 = R"(title: P90
correlation: {type: value_percentile, rules: [transfer], timespan: 1h, condition: {field: Bytes, percentile: 90, gte: 90.5}}
)";
  std::vector<MapEvent> events;
  for (int i = 1; i <= 10; ++i) events.push_back(Upload("a", std::to_string(i * 10), i));
  // Sorted 10..100, rank 0.9 * 9 = 8.1 -> 90 + 0.1 * 10 = 91, reached at the tenth event.
  auto hits = Correlate(p90, events);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NEAR(hits[0].value, 91, 1e-9);
  EXPECT_EQ(hits[0].count, 10);
  bool labelled = false;
  for (const auto& [f, v] : hits[0].matched) labelled = labelled || f == "value_percentile(Bytes, 90)";
  EXPECT_TRUE(labelled);
}

// ---- filters -----------------------------------------------------------------

const char* kRules = R"(title: Rar Compression
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
name: rar
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\rar.exe'}
  other: {CommandLine|contains: ' a '}
  condition: 1 of them
---
title: Whoami
id: 44444444-4444-4444-8444-444444444444
logsource: {product: windows, category: process_creation}
detection: {selection: {Image|endswith: '\whoami.exe'}, condition: selection}
---
title: Linux Thing
id: 55555555-5555-4555-8555-555555555555
logsource: {product: linux, category: process_creation}
detection: {selection: {Image|endswith: '/rar'}, condition: selection}
)";

const char* kFilter = R"(title: Filter Out Domain Controllers
id: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
logsource: {product: windows}
filter:
  rules: [rar, 55555555-5555-4555-8555-555555555555, missing-rule]
  selection: {ComputerName|startswith: 'DC-'}
  condition: not selection
)";

RuleSet Filtered(const std::string& rules, const std::string& filters) {
  RuleSet set = testing::Rules(rules);
  set.AddText(filters, "filters.yml");
  for (const auto& e : set.errors()) ADD_FAILURE() << FormatError(e);
  set.ApplyFilters();
  return set;
}

TEST(SigmaFilter, ParsesFilterDocuments) {
  ParsedFile f = ParseSigmaText(kFilter, "f.yml");
  ASSERT_TRUE(f.errors.empty()) << FormatError(f.errors[0]);
  ASSERT_EQ(f.filters.size(), 1u);
  EXPECT_TRUE(f.rules.empty());
  EXPECT_EQ(f.filters[0].rules.size(), 3u);
  EXPECT_EQ(f.filters[0].info.logsource.product, "windows");
  EXPECT_EQ(f.filters[0].condition.op, Condition::Op::kNot);
  ParsedFile any = ParseSigmaText("title: F\nlogsource: {product: windows}\nfilter: {rules: any, s: {a: 1}, condition: not s}\n", "f.yml");
  ASSERT_TRUE(any.errors.empty());
  EXPECT_TRUE(any.filters[0].rules.empty());
  auto err = [](const std::string& body) {
    ParsedFile p = ParseSigmaText("title: F\nlogsource: {product: windows}\nfilter: " + body + "\n", "f.yml");
    return p.errors.empty() ? std::string() : FormatError(p.errors[0]);
  };
  EXPECT_NE(err("{s: {a: 1}, condition: not s}").find("no 'rules'"), std::string::npos);
  EXPECT_NE(err("{rules: [x], s: {a: 1}}").find("no 'condition'"), std::string::npos);
  EXPECT_NE(err("{rules: [x], s: {a: 1}, condition: not t}").find("'t'"), std::string::npos);
  EXPECT_NE(err("{rules: [x], s: {a|bogus: 1}, condition: not s}").find("unknown modifier"), std::string::npos);
  EXPECT_NE(err("[x]").find("must be a map"), std::string::npos);
  EXPECT_NE(ParseError("title: F\nfilter: {rules: [x], s: {a: 1}, condition: not s}\n").find("logsource"),
            std::string::npos);
}

TEST(SigmaFilter, AppliesToNamedRulesWithCoveredLogsource) {
  RuleSet set = Filtered(kRules, kFilter);
  const auto& rar = set.rules()[0];
  ASSERT_EQ(rar.filters.size(), 1u);
  EXPECT_EQ(rar.filters[0].id, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
  EXPECT_EQ(rar.condition_text, "(1 of them) and (not _filt_0_selection)");
  EXPECT_EQ(rar.identifiers.back().name, "_filt_0_selection");
  EXPECT_TRUE(std::find(rar.fields.begin(), rar.fields.end(), "ComputerName") != rar.fields.end());
  EXPECT_TRUE(set.rules()[1].filters.empty());  // not named
  EXPECT_TRUE(set.rules()[2].filters.empty());  // named, but linux is not covered by windows
  EXPECT_EQ(set.filter_use()[0], 1);
  ASSERT_EQ(set.warnings().size(), 2u);
  std::string w0 = FormatError(set.warnings()[0]), w1 = FormatError(set.warnings()[1]);
  EXPECT_NE(w0.find("filters.yml:1:1"), std::string::npos) << w0;
  EXPECT_NE(w0.find("does not cover"), std::string::npos) << w0;
  EXPECT_NE(w1.find("names rule 'missing-rule', which is not loaded"), std::string::npos) << w1;
  EXPECT_EQ(GetContext(set.warnings()[1])->object_id, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
  // Applying again changes nothing.
  RuleSet again = set;
  again.ApplyFilters();
  EXPECT_EQ(again.rules()[0].filters.size(), 1u);
  EXPECT_EQ(again.warnings().size(), 2u);
}

TEST(SigmaFilter, SuppressesMatchesInBothEngines) {
  RuleSet set = Filtered(kRules, kFilter);
  MapEvent workstation{{"Image", "C:\\Tools\\rar.exe"}, {"ComputerName", "WS-17"}};
  MapEvent dc{{"Image", "C:\\Tools\\rar.exe"}, {"ComputerName", "DC-01"}};
  MapEvent dc_whoami{{"Image", "C:\\Windows\\System32\\whoami.exe"}, {"ComputerName", "DC-01"}};
  EXPECT_EQ(testing::CountHits(set, workstation), 1);
  EXPECT_EQ(testing::CountHits(set, dc), 0);         // filtered
  EXPECT_EQ(testing::CountHits(set, dc_whoami), 1);  // rule not named by the filter
}

TEST(SigmaFilter, ConditionIsAndedAsWrittenAndHiddenFromOneOfThem) {
  // A condition without `not` keeps only what it matches (pySigma). `1 of
  // them` in the rule must not see the filter's identifier, or an event that
  // only matches the filter would fire the rule.
  RuleSet set = Filtered(kRules, R"(title: Workstations Only
logsource: {product: windows}
filter: {rules: [rar], ws: {ComputerName|startswith: 'WS-'}, condition: ws}
)");
  MapEvent ws_rar{{"Image", "C:\\Tools\\rar.exe"}, {"ComputerName", "WS-1"}};
  MapEvent dc_rar{{"Image", "C:\\Tools\\rar.exe"}, {"ComputerName", "DC-1"}};
  MapEvent ws_other{{"Image", "C:\\x.exe"}, {"ComputerName", "WS-2"}, {"CommandLine", "x"}};
  EXPECT_EQ(testing::CountHits(set, ws_rar), 1);
  EXPECT_EQ(testing::CountHits(set, dc_rar), 0);
  EXPECT_EQ(testing::CountHits(set, ws_other), 0);
}

TEST(SigmaFilter, AnyRulesAndFiltersLoadedBeforeRules) {
  // `rules: any`, two filters on one rule, filter file first: all still apply.
  std::string filters = R"(title: Not Admins
logsource: {category: process_creation}
filter:
  rules: any
  admin: {User|startswith: 'adm_'}
  condition: not admin
---
title: Not Backup Host
logsource: {product: windows}
filter:
  rules: [44444444-4444-4444-8444-444444444444]
  host: {ComputerName: BACKUP01}
  condition: not host
)";
  RuleSet set;
  set.AddText(filters, "f.yml");
  set.AddText(kRules, "r.yml");
  set.ApplyFilters();
  EXPECT_TRUE(set.warnings().empty()) << FormatError(set.warnings()[0]);
  EXPECT_EQ(set.rules()[0].filters.size(), 1u);
  ASSERT_EQ(set.rules()[1].filters.size(), 2u);
  EXPECT_EQ(set.rules()[1].condition_text, "((selection) and (not _filt_0_admin)) and (not _filt_1_host)");
  EXPECT_EQ(set.rules()[2].filters.size(), 1u);  // linux process_creation: category covered
  MapEvent e{{"Image", "C:\\Windows\\System32\\whoami.exe"}, {"User", "bob"}, {"ComputerName", "WS1"}};
  EXPECT_EQ(testing::CountHits(set, e), 1);
  MapEvent admin{{"Image", "C:\\Windows\\System32\\whoami.exe"}, {"User", "adm_bob"}, {"ComputerName", "WS1"}};
  EXPECT_EQ(testing::CountHits(set, admin), 0);
  MapEvent backup{{"Image", "C:\\Windows\\System32\\whoami.exe"}, {"User", "bob"}, {"ComputerName", "backup01"}};
  EXPECT_EQ(testing::CountHits(set, backup), 0);
}

TEST(SigmaFilter, CorrelationReferenceIsAWarning) {
  RuleSet set = Filtered(std::string(kRules) + R"(---
title: Many Rar
name: many-rar
correlation: {type: event_count, rules: [rar], timespan: 1h, condition: {gte: 3}}
)", R"(title: F
logsource: {product: windows}
filter: {rules: [many-rar], s: {a: 1}, condition: not s}
)");
  ASSERT_EQ(set.warnings().size(), 1u);
  EXPECT_NE(FormatError(set.warnings()[0]).find("names correlation 'many-rar'"), std::string::npos);
}

}  // namespace
}  // namespace rampart::detect
