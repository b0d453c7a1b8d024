// Hostile JSON and time text: deep nesting is a bad record, never a crash;
// the time forms logs write are read, impossible dates are not.
#include <string>

#include "gtest/gtest.h"
#include "rampart/detect/event_time.h"
#include "rampart/detect/json_event.h"

namespace rampart::detect {
namespace {

std::string Nested(int depth, bool arrays) {
  std::string open = arrays ? "[" : "{\"a\":", close = arrays ? "]" : "}";
  std::string text = "{\"x\":";
  for (int i = 0; i < depth; ++i) text += open;
  text += "1";
  for (int i = 0; i < depth; ++i) text += close;
  return text + "}";
}

TEST(HostileJsonTest, FiftyThousandLevelsIsAnErrorNotACrash) {
  for (bool arrays : {false, true}) {
    auto ev = JsonEvent::Parse(Nested(50'000, arrays));
    ASSERT_FALSE(ev.ok());
    EXPECT_NE(std::string(ev.status().message()).find("nested deeper than 512"), std::string::npos)
        << ev.status();
  }
}

TEST(HostileJsonTest, NestingUpToTheBoundStillReads) {
  auto ev = JsonEvent::Parse(Nested(kMaxJsonDepth - 1, false));
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_FALSE(JsonEvent::Parse(Nested(kMaxJsonDepth + 1, false)).ok());
}

TEST(EventTimeFormsTest, CommonFormsAreRead) {
  const int64_t day = CivilToUs(2021, 3, 1, 0, 0, 0);
  const int64_t ten = CivilToUs(2021, 3, 1, 10, 0, 0);
  EXPECT_EQ(ParseEventTime("2021-03-01"), day);
  EXPECT_EQ(ParseEventTime("2021-03-01 10:00:00"), ten);  // W3C date + time
  EXPECT_EQ(ParseEventTime("03/01/2021 10:00:00"), ten);
  EXPECT_EQ(ParseEventTime("3/1/2021 10:00:00 AM"), ten);
  EXPECT_EQ(ParseEventTime("3/1/2021 10:00 PM"), CivilToUs(2021, 3, 1, 22, 0, 0));
  EXPECT_EQ(ParseEventTime("3/1/2021"), day);
  EXPECT_EQ(ParseEventTime("25/03/2021 10:00:00"), CivilToUs(2021, 3, 25, 10, 0, 0));  // day first
  EXPECT_EQ(ParseEventTime("1614592800"), ten);       // epoch seconds
  EXPECT_EQ(ParseEventTime("1614592800000"), ten);    // epoch milliseconds
  EXPECT_EQ(ParseEventTime("1614592800123"), ten + 123'000);
}

TEST(EventTimeFormsTest, ImpossibleAndForeignTextIsNotATime) {
  for (const char* text : {"2021-02-30", "2021-02-29 10:00:00", "02/30/2021", "13/13/2021", "2021-13-01",
                           "3/1/21", "12345", "hello world", "03/01/2021 25:00:00", "3/1/2021 13:00 PM"}) {
    EXPECT_FALSE(ParseEventTime(text).has_value()) << text;
  }
  EXPECT_TRUE(ParseEventTime("2020-02-29").has_value());  // leap year
}

}  // namespace
}  // namespace rampart::detect
