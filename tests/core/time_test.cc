#include "rampart/core/time.h"

#include <gtest/gtest.h>

namespace rampart {
namespace {

TEST(Time, ParsesStixTimestamps) {
  auto t = ParseTimestamp("2021-03-02T12:34:56.789Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatTimestamp(*t), "2021-03-02T12:34:56.789Z");
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseTimestamp("1970-01-02"), 86400LL * 1000000);
}

TEST(Time, AppliesOffsets) {
  EXPECT_EQ(*ParseTimestamp("2021-03-02T01:00:00+01:00"), *ParseTimestamp("2021-03-02T00:00:00Z"));
  EXPECT_EQ(*ParseTimestamp("2021-03-02 00:00:00Z"), *ParseTimestamp("2021-03-02T00:00:00Z"));
}

TEST(Time, RejectsWithWhatWasExpected) {
  auto t = ParseTimestamp("2021-03-02T00:00Z");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(std::string(t.status().message()).find("expected HH:MM:SS"), std::string::npos);
  EXPECT_FALSE(ParseTimestamp("yesterday").ok());
  EXPECT_FALSE(ParseTimestamp("2021-03-02T00:00:00").ok());
}

std::string Why(std::string_view text) {
  auto t = ParseTimestamp(text);
  return t.ok() ? "accepted as " + FormatTimestamp(*t) : std::string(t.status().message());
}

TEST(Time, February29ExistsOnlyInLeapYears) {
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2024-02-29")), "2024-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2000-02-29T12:00:00Z")), "2000-02-29T12:00:00.000Z");
  EXPECT_EQ(Why("2021-02-29"), "invalid timestamp '2021-02-29': day 29 does not exist: February 2021 has 28 days");
  EXPECT_EQ(Why("1900-02-29"), "invalid timestamp '1900-02-29': day 29 does not exist: February 1900 has 28 days");
  EXPECT_EQ(Why("2024-02-30"), "invalid timestamp '2024-02-30': day 30 does not exist: February 2024 has 29 days");
  EXPECT_EQ(Why("2021-02-30"), "invalid timestamp '2021-02-30': day 30 does not exist: February 2021 has 28 days");
}

TEST(Time, RejectsDaysPastTheEndOfTheMonth) {
  for (const char* text : {"2021-04-31", "2021-06-31", "2021-09-31", "2021-11-31T00:00:00Z"}) {
    EXPECT_NE(Why(text).find("has 30 days"), std::string::npos) << text;
  }
  for (const char* text : {"2021-01-31", "2021-03-31", "2021-05-31", "2021-07-31", "2021-08-31", "2021-10-31",
                           "2021-12-31", "2021-04-30"}) {
    EXPECT_TRUE(ParseTimestamp(text).ok()) << text;
  }
  EXPECT_EQ(Why("2021-01-00"), "invalid timestamp '2021-01-00': day 00 does not exist: January 2021 has 31 days");
  EXPECT_EQ(Why("2021-01-32"), "invalid timestamp '2021-01-32': day 32 does not exist: January 2021 has 31 days");
}

TEST(Time, RejectsImpossibleMonthsAndTimes) {
  EXPECT_EQ(Why("2021-13-02T00:00:00Z"), "invalid timestamp '2021-13-02T00:00:00Z': month 13 does not exist (01-12)");
  EXPECT_EQ(Why("2021-00-02"), "invalid timestamp '2021-00-02': month 00 does not exist (01-12)");
  EXPECT_EQ(Why("2021-03-02T24:00:00Z"), "invalid timestamp '2021-03-02T24:00:00Z': hour 24 does not exist (00-23)");
  EXPECT_EQ(Why("2021-03-02T23:60:00Z"), "invalid timestamp '2021-03-02T23:60:00Z': minute 60 does not exist (00-59)");
  EXPECT_EQ(Why("2021-03-02T23:59:61Z"), "invalid timestamp '2021-03-02T23:59:61Z': second 61 does not exist (00-60)");
  EXPECT_TRUE(ParseTimestamp("2016-12-31T23:59:60Z").ok());  // a leap second
  EXPECT_EQ(Why("2021-03-02T10:00:00+24:00"),
            "invalid timestamp '2021-03-02T10:00:00+24:00': UTC offset out of range (-23:59 to +23:59)");
  TimestampUs now = *ParseTimestamp("2021-03-10T00:00:00Z");
  EXPECT_FALSE(ParseTimeOrAgo("2021-02-30", now).ok());
}

TEST(Time, StixFormIsStrict) {
  EXPECT_TRUE(IsStixTimestamp("2021-03-02T00:00:00Z"));
  EXPECT_TRUE(IsStixTimestamp("2021-03-02T00:00:00.123456Z"));
  EXPECT_FALSE(IsStixTimestamp("2021-03-02T00:00:00+00:00"));
  EXPECT_FALSE(IsStixTimestamp("2021-03-02"));
}

TEST(Time, RelativeSpans) {
  TimestampUs now = *ParseTimestamp("2021-03-10T00:00:00Z");
  EXPECT_EQ(*ParseTimeOrAgo("2d", now), *ParseTimestamp("2021-03-08T00:00:00Z"));
  EXPECT_EQ(*ParseTimeOrAgo("2021-03-01", now), *ParseTimestamp("2021-03-01T00:00:00Z"));
}

}  // namespace
}  // namespace rampart
