#include "rampart/detect/json_event.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rampart/detect/event_time.h"
#include "support/test_support.h"

namespace rampart::detect {
namespace {

std::vector<std::string> AllValues(const Event& e, std::string_view name) {
  std::vector<std::string> out;
  e.Values(name, [&](const Value& v) { out.emplace_back(v.text); });
  return out;
}

TEST(JsonEventTest, DottedAndFlatNames) {
  auto ev = JsonEvent::Parse(R"({"Event":{"System":{"EventID":4688,"Channel":"Security"},
      "EventData":{"CommandLine":"cmd.exe /c \"whoami\"","Image":"C:\\Windows\\cmd.exe"}}})");
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_EQ(ev->Get("Event.System.EventID"), "4688");
  EXPECT_EQ(ev->Get("EventID"), "4688");
  EXPECT_EQ(ev->Get("CommandLine"), "cmd.exe /c \"whoami\"");
  EXPECT_EQ(ev->Get("Image"), "C:\\Windows\\cmd.exe");
  EXPECT_EQ(ev->Get("commandline"), "cmd.exe /c \"whoami\"");  // case-insensitive fallback
  EXPECT_FALSE(ev->Get("Missing").has_value());
  bool is_number = false;
  ev->Values("EventID", [&](const Value& v) { is_number = v.kind == ValueKind::kNumber; });
  EXPECT_TRUE(is_number);
  EXPECT_EQ(ev->Format(), "jsonl");
}

TEST(JsonEventTest, ExactPathWinsOverFlatName) {
  auto ev = JsonEvent::Parse(R"({"a":{"Name":"inner"},"Name":"top"})");
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(AllValues(*ev, "Name"), std::vector<std::string>{"top"});
  EXPECT_EQ(AllValues(*ev, "a.Name"), std::vector<std::string>{"inner"});
  // Fields(): "Name" is ambiguous, so both are listed by full path.
  std::vector<std::string> names;
  ev->Fields([&](std::string_view n, const Value&) { names.emplace_back(n); });
  EXPECT_EQ(names, (std::vector<std::string>{"a.Name", "Name"}));
}

TEST(JsonEventTest, ArraysNullsAndBooleans) {
  auto ev = JsonEvent::Parse(R"({"ips":["1.2.3.4","5.6.7.8"],"n":null,"ok":true,"objs":[{"x":1},{"x":2}],"e":[]})");
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(AllValues(*ev, "ips"), (std::vector<std::string>{"1.2.3.4", "5.6.7.8"}));
  EXPECT_EQ(AllValues(*ev, "objs.x"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(AllValues(*ev, "x"), (std::vector<std::string>{"1", "2"}));
  int nulls = 0;
  EXPECT_TRUE(ev->Values("n", [&](const Value& v) { nulls += v.kind == ValueKind::kNull; }));
  EXPECT_EQ(nulls, 1);
  EXPECT_EQ(ev->Get("ok"), "true");
  EXPECT_FALSE(ev->Get("e").has_value());
  EXPECT_EQ(ev->ToJson(), R"({"ips":["1.2.3.4","5.6.7.8"],"n":null,"ok":true,"x":[1,2]})");
}

TEST(JsonEventTest, NumbersAsWrittenAndEscapes) {
  auto ev = JsonEvent::Parse(R"({"f":1.50,"big":18446744073709551615,"s":"a\u00e9\n","k\"q":1})");
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->Get("f"), "1.50");
  EXPECT_EQ(ev->Get("big"), "18446744073709551615");
  EXPECT_EQ(ev->Get("s"), "a\xc3\xa9\n");
  EXPECT_EQ(ev->Get("k\"q"), "1");
}

TEST(JsonEventTest, RejectsWhatIsNotOneObject) {
  for (std::string_view bad : {"", "[1,2]", "42", "{\"a\":", "{\"a\":1} {\"b\":2}", "{\"a\":tru}", "\xff\xfe"}) {
    auto ev = JsonEvent::Parse(bad);
    EXPECT_FALSE(ev.ok()) << bad;
    if (!ev.ok()) {
      EXPECT_EQ(ev.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(JsonEventTest, EvtxDumpAttributes) {
  auto ev = JsonEvent::Parse(R"({"Event":{"#attributes":{"xmlns":"x"},"System":{
      "Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon","Guid":"{5770}"}},
      "TimeCreated":{"#attributes":{"SystemTime":"2025-12-27T06:00:34.838673Z"}},
      "Execution":{"#attributes":{"ProcessID":3636}},"Data":{"#text":"hello"}}}})");
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_EQ(ev->Get("Provider_Name"), "Microsoft-Windows-Sysmon");
  EXPECT_EQ(ev->Get("Event.System.Provider.Name"), "Microsoft-Windows-Sysmon");
  EXPECT_EQ(ev->Get("TimeCreated"), "2025-12-27T06:00:34.838673Z");
  EXPECT_EQ(ev->Get("ProcessID"), "3636");
  EXPECT_EQ(ev->Get("Data"), "hello");
  ASSERT_TRUE(ev->TimeUs().has_value());
  EXPECT_EQ(*ev->TimeUs(), *ParseEventTime("2025-12-27T06:00:34.838673Z"));
  // Aliases are lookups only.
  std::string json = ev->ToJson();
  EXPECT_EQ(json.find("Provider_Name"), std::string::npos) << json;
}

TEST(JsonEventTest, RegressionTwinAnswersSigmaNames) {
  std::ifstream in(rampart::testing::DataPath(
      "sigma/regression/rules/windows/process_creation/proc_creation_win_autologger_session_registry_modification/"
      "d7b81144-b866-48a4-9bcc-275dc69d870e.json"));
  ASSERT_TRUE(in.good()) << "regression case not found";
  std::stringstream ss;
  ss << in.rdbuf();
  auto ev = JsonEvent::Parse(ss.str());
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_EQ(ev->Get("EventID"), "1");
  EXPECT_EQ(ev->Get("Channel"), "Microsoft-Windows-Sysmon/Operational");
  EXPECT_EQ(ev->Get("Image"), "C:\\Windows\\System32\\reg.exe");
  EXPECT_TRUE(ev->Get("CommandLine")->find("reg.exe\" add") != std::string_view::npos);
}

TEST(EventTimeTest, Forms) {
  EXPECT_EQ(ParseEventTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseEventTime("2021-03-01 00:00:01"), CivilToUs(2021, 3, 1, 0, 0, 1));
  EXPECT_EQ(ParseEventTime("2021-03-01T01:00:01+01:00"), CivilToUs(2021, 3, 1, 0, 0, 1));
  EXPECT_EQ(ParseEventTime("2021-03-01T00:00:01.5Z"), CivilToUs(2021, 3, 1, 0, 0, 1) + 500000);
  EXPECT_EQ(ParseEventTime("2021-03-01"), CivilToUs(2021, 3, 1, 0, 0, 0));
  EXPECT_EQ(ParseEventTime("1614556801.25"), 1614556801250000);
  EXPECT_FALSE(ParseEventTime("12").has_value());
  EXPECT_FALSE(ParseEventTime("2021-13-01").has_value());
  EXPECT_FALSE(ParseEventTime("2021-03-01Tnope").has_value());
}

}  // namespace
}  // namespace rampart::detect
