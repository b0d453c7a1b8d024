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
  auto t = ParseTimestamp("2021-13-02T00:00:00Z");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(std::string(t.status().message()).find("expected"), std::string::npos);
  EXPECT_FALSE(ParseTimestamp("yesterday").ok());
  EXPECT_FALSE(ParseTimestamp("2021-03-02T00:00:00").ok());
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
