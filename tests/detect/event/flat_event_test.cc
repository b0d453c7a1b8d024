#include "rampart/detect/flat_event.h"

#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rampart/detect/string_arena.h"

namespace rampart::detect {
namespace {

TEST(FlatEventTest, LookupOrderAndAliases) {
  FlatEvent e;
  e.Reset("test", EventSource{"f.log", 3, 0});
  e.Add("cs(User-Agent)", Value{"curl/7"});
  e.Add("cs-user-agent", "cs-user-agent", Value{"curl/7"}, /*alias=*/true);
  e.Add("a.b.Status", "Status", Value{"200", ValueKind::kNumber});
  EXPECT_EQ(e.Get("cs-user-agent"), "curl/7");
  EXPECT_EQ(e.Get("CS(user-agent)"), "curl/7");
  EXPECT_EQ(e.Get("Status"), "200");
  EXPECT_EQ(e.Get("status"), "200");
  EXPECT_EQ(e.Source().line, 3);
  EXPECT_EQ(e.ToJson(), R"x({"cs(User-Agent)":"curl/7","Status":200})x");
}

TEST(FlatEventTest, JsonEscaping) {
  FlatEvent e;
  e.Reset("test", {});
  e.Add("m", Value{"a\"b\\c\x01"});
  EXPECT_EQ(e.ToJson(), "{\"m\":\"a\\\"b\\\\c\\u0001\"}");
}

// GetMany gives, for every name, what Get gives: exact path before exact
// name before either ignoring case, the first field of the best kind.
TEST(FlatEventTest, GetManyEqualsGetForEveryName) {
  FlatEvent e;
  e.Reset("test", {});
  e.Add("Event.System.TimeCreated.SystemTime", "SystemTime", Value{"t1"});
  e.Add("EventData.time", "time", Value{"t2"});
  e.Add("TIME", "TIME", Value{"t3"});
  e.Add("x.Date", "Date", Value{"d1"});
  e.Add("date", "date", Value{"d2"});
  e.Add("UtcTime", "UtcTime", Value{"u1"});
  e.Add("a.utctime", "utctime", Value{"u2"});
  e.Add("Image", Value{"img"});
  const std::string_view names[] = {"Event.System.TimeCreated.SystemTime", "SystemTime", "systemtime", "time", "Time",
                                    "TIME", "date", "Date", "DATE", "UtcTime", "utctime", "UTCTIME", "Image",
                                    "missing", "event.system.timecreated.systemtime", "x.date", ""};
  constexpr size_t kCount = std::size(names);
  std::optional<std::string_view> got[kCount];
  e.GetMany(names, kCount, got);
  size_t present = 0;
  for (size_t i = 0; i < kCount; ++i) {
    EXPECT_EQ(got[i], e.Get(names[i])) << names[i];
    present += got[i].has_value();
  }
  EXPECT_EQ(present, kCount - 2);
  EXPECT_EQ(got[3], "t2");  // exact name before a case-folded path
  EXPECT_EQ(got[7], "d1");
}

TEST(StringArenaTest, ViewsSurviveGrowth) {
  StringArena arena(64);
  std::vector<std::string_view> views;
  for (int i = 0; i < 1000; ++i) views.push_back(arena.Copy(std::to_string(i) + std::string(i % 50, 'x')));
  std::string big(10000, 'b');
  std::string_view bv = arena.Copy(big);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(views[i], std::to_string(i) + std::string(i % 50, 'x'));
  EXPECT_EQ(bv, big);
  arena.Clear();
  EXPECT_EQ(arena.used(), 0u);
  EXPECT_EQ(arena.Copy("again"), "again");
}

}  // namespace
}  // namespace rampart::detect
