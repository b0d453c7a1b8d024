#include "rampart/detect/stix_pattern_matcher.h"

#include <gtest/gtest.h>

#include "rampart/stix/pattern.h"

#include <map>
#include <string>
#include <vector>

namespace rampart::detect {
namespace {

// An event over (name, value) pairs, in order.
class MapEvent : public Event {
 public:
  MapEvent(std::vector<std::pair<std::string, std::string>> fields, std::optional<int64_t> time_s = std::nullopt,
           std::string format = "jsonl")
      : fields_(std::move(fields)), format_(std::move(format)) {
    if (time_s) time_ = *time_s * 1000000;
  }
  bool Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const override {
    bool found = false;
    for (const auto& [k, v] : fields_) {
      if (k == name) {
        fn(Value{v});
        found = true;
      }
    }
    return found;
  }
  void Fields(absl::FunctionRef<void(std::string_view, const Value&)> fn) const override {
    for (const auto& [k, v] : fields_) fn(k, Value{v});
  }
  std::string_view Format() const override { return format_; }
  std::optional<int64_t> TimeUs() const override { return time_; }
  std::string ToJson() const override { return "{}"; }
  EventSource Source() const override { return {}; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
  std::string format_;
  std::optional<int64_t> time_;
};

MapEvent Ev(std::vector<std::pair<std::string, std::string>> fields, std::optional<int64_t> time_s = std::nullopt,
            std::string format = "jsonl") {
  return MapEvent(std::move(fields), time_s, std::move(format));
}

IndicatorSpec Spec(std::string id, std::string pattern) {
  IndicatorSpec s;
  s.id = std::move(id);
  s.name = s.id;
  s.pattern = std::move(pattern);
  return s;
}

// rule id -> "field=value;..." of each hit, in order.
std::vector<std::string> HitsOf(IndicatorMatcher& m, const std::vector<MapEvent>& events) {
  CollectingSink sink;
  for (const auto& e : events) m.Match(e, sink);
  std::vector<std::string> out;
  for (const auto& h : sink.hits()) {
    std::string s = h.rule_id + ":";
    for (const auto& [f, v] : h.matched) s += " " + f + "=" + v;
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(FieldMap, DefaultTableMapsTheBriefsFields) {
  const FieldMap& map = FieldMap::Default();
  auto path = [](const char* p) { return stix::ParsePattern(std::string("[EXISTS ") + p + "]")->root.comparison.test.path; };
  MapEvent sysmon = Ev({{"Image", "C:\\Windows\\System32\\cmd.exe"},
                   {"Hashes", "SHA1=AA,MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=BEEF"},
                   {"DestinationIp", "10.1.2.3"}, {"SourceIp", "fe80::1"}});
  std::vector<std::string> got;
  std::string scratch;
  auto collect = [&](const char* p, const Event& e) {
    got.clear();
    map.ForEachValue(path(p), e, scratch, [&](std::string_view f, std::string_view v, std::string_view) {
      got.push_back(std::string(f) + "=" + std::string(v));
    });
    return got;
  };
  EXPECT_EQ(collect("file:name", sysmon), V{"Image=cmd.exe"});
  EXPECT_EQ(collect("file:hashes.MD5", sysmon), V{"Hashes=0123456789abcdef0123456789abcdef"});
  EXPECT_EQ(collect("file:hashes.'SHA-256'", sysmon), V{"Hashes=beef"});
  EXPECT_EQ(collect("ipv4-addr:value", sysmon), V{"DestinationIp=10.1.2.3"});
  EXPECT_EQ(collect("ipv6-addr:value", sysmon), V{"SourceIp=fe80::1"});
  MapEvent iis = Ev({{"cs-uri-stem", "/owa/auth/x.aspx"}, {"cs-uri-query", "z2=" + std::string(64, 'A')},
                {"c-ip", "5.2.69.14"}, {"cs-host", "-"}},
               std::nullopt, "w3c");
  EXPECT_EQ(collect("url:value", iis), V{"cs-uri-stem=/owa/auth/x.aspx?z2=" + std::string(64, 'A')});
  EXPECT_EQ(collect("file:hashes.SHA256", iis), V{"cs-uri-query=" + std::string(64, 'a')});
  EXPECT_TRUE(collect("domain-name:value", iis).empty());  // "-" is no value in W3C
  EXPECT_TRUE(map.Maps(path("process:command_line")));
  EXPECT_FALSE(map.Maps(path("x509-certificate:serial_number")));
}

TEST(IndicatorMatcher, EqualityPatternsAreStixEqualityOnMappedFields) {
  IndicatorMatcher m;
  std::vector<IndicatorSpec> specs = {Spec("indicator--ip", "[ipv4-addr:value = '5.2.69.14']"),
                                      Spec("indicator--dom", "[domain-name:value = 'example.org']")};
  EXPECT_TRUE(m.AddIndicators(specs).empty());
  EXPECT_EQ(m.ioc_count(), 0u);
  EXPECT_EQ(m.exact_pattern_count(), 2u);
  EXPECT_EQ(m.stateless_pattern_count(), 2u);
  auto hits = HitsOf(m, {Ev({{"c-ip", "5.2.69.14"}, {"cs-uri-query", "cmd=nslookup+example.org"}}),
                      Ev({{"query", "www.evil.example.org"}}), Ev({{"query", "EXAMPLE.ORG"}}),
                      Ev({{"url", "http://example.org/"}}), Ev({{"c-ip", "5.2.69.140"}}),
                      Ev({{"query", "example.org"}})});
  EXPECT_EQ(hits, (V{"indicator--ip: c-ip=5.2.69.14", "indicator--dom: query=example.org"}));
}

TEST(IndicatorMatcher, PlainIocListsKeepTheLooserMatching) {
  auto list = ParseIocList("example.org\n5.2.69.14\n", "iocs.txt");
  ASSERT_TRUE(list.ok());
  IndicatorMatcher m;
  EXPECT_TRUE(m.AddIocList(*list).empty());
  EXPECT_EQ(m.ioc_count(), 2u);
  EXPECT_EQ(m.stateless_pattern_count(), 0u);
  auto hits = HitsOf(m, {Ev({{"cs-uri-query", "cmd=nslookup+c2.EXAMPLE.org"}}), Ev({{"c-ip", "5.2.69.14"}})});
  EXPECT_EQ(hits, (V{"iocs.txt:1: cs-uri-query=c2.EXAMPLE.org", "iocs.txt:2: c-ip=5.2.69.14"}));
}

TEST(IndicatorMatcher, SingleEventPatternsFollowSpecSemantics) {
  IndicatorMatcher m;
  std::vector<IndicatorSpec> specs = {
      Spec("indicator--a", "[process:command_line MATCHES '(?i)whoami' AND process:name = 'cmd.exe']"),
      Spec("indicator--b", "[network-traffic:dst_port > 1024]"),
      // Two objects (two fields, or two types) in one bracket: never (spec 9.5).
      Spec("indicator--c", "[ipv4-addr:value = '10.0.0.1' AND ipv4-addr:value = '10.0.0.2']"),
      Spec("indicator--e", "[process:command_line = 'whoami' AND file:name = 'ps.exe']"),
      Spec("indicator--d", "[user-account:user_id LIKE 'adm%'] START t'2021-03-01T00:00:00Z' STOP t'2021-03-02T00:00:00Z'"),
  };
  EXPECT_TRUE(m.AddIndicators(specs).empty());
  EXPECT_EQ(m.stateless_pattern_count(), 5u);
  const int64_t mar1 = 1614556800;  // 2021-03-01T00:00:00Z
  auto hits = HitsOf(m, {
      Ev({{"Image", "C:\\x\\cmd.exe"}, {"CommandLine", "cmd /c WHOAMI"}}),
      Ev({{"Image", "C:\\x\\ps.exe"}, {"CommandLine", "whoami"}}),
      Ev({{"DestinationPort", "8443"}}),
      Ev({{"DestinationPort", "443"}}),
      Ev({{"SourceIp", "10.0.0.1"}, {"DestinationIp", "10.0.0.2"}}),
      Ev({{"User", "admin"}}, mar1 + 10),
      Ev({{"User", "admin"}}, mar1 + 86400),
  });
  EXPECT_EQ(hits, (V{"indicator--a: CommandLine=cmd /c WHOAMI Image=cmd.exe", "indicator--b: DestinationPort=8443",
                     "indicator--d: User=admin"}));
}

TEST(IndicatorMatcher, MultiEventPatternsOverTheStream) {
  IndicatorMatcher m;
  std::vector<IndicatorSpec> specs = {
      Spec("indicator--seq", "([url:value LIKE '%/x.js'] FOLLOWEDBY [url:value LIKE '%/DDIService.svc/SetObject%']) WITHIN 60 SECONDS"),
      Spec("indicator--rep", "[network-traffic:dst_port = 445] REPEATS 3 TIMES"),
  };
  EXPECT_TRUE(m.AddIndicators(specs).empty());
  EXPECT_EQ(m.stateful_pattern_count(), 2u);
  auto hits = HitsOf(m, {
      Ev({{"url", "https://mx/owa/auth/x.js"}}, 100),
      Ev({{"url", "https://mx/ecp/DDI/DDIService.svc/SetObject?schema=x"}}, 200),  // 100 s later: too late
      Ev({{"url", "https://mx/owa/auth/x.js"}}, 300),
      Ev({{"url", "https://mx/ecp/DDI/DDIService.svc/SetObject?schema=y"}}, 330),   // fires
      Ev({{"url", "https://mx/ecp/DDI/DDIService.svc/SetObject?schema=z"}}, 335),   // consumed: no refire
      Ev({{"dst_port", "445"}}, 400), Ev({{"dst_port", "445"}}, 401), Ev({{"dst_port", "80"}}, 402),
      Ev({{"dst_port", "445"}}, 403),  // third: fires
  });
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0], "indicator--seq: url=https://mx/owa/auth/x.js url=https://mx/ecp/DDI/DDIService.svc/SetObject?schema=y");
  EXPECT_EQ(hits[1], "indicator--rep: dst_port=445 dst_port=445 dst_port=445");
}

TEST(IndicatorMatcher, ProblemsAreReportedNeverDropped) {
  IndicatorMatcherOptions options;
  options.now = 1700000000LL * 1000000;
  IndicatorMatcher m(FieldMap::Default(), options);
  IndicatorSpec expired = Spec("indicator--old", "[process:command_line = 'x']");
  expired.valid_until = 1600000000LL * 1000000;
  IndicatorSpec revoked = Spec("indicator--rev", "[process:command_line = 'x']");
  revoked.revoked = true;
  std::vector<IndicatorSpec> specs = {
      Spec("indicator--bad", "[process:command_line = 'x'"),
      Spec("indicator--unmapped", "[x509-certificate:serial_number = '01']"),
      Spec("indicator--partly", "[process:command_line = 'x' OR x509-certificate:serial_number = '01']"),
      expired, revoked};
  auto problems = m.AddIndicators(specs);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].indicator_id, "indicator--bad");
  EXPECT_NE(problems[0].message.find("column"), std::string::npos);
  EXPECT_EQ(problems[1].indicator_id, "indicator--unmapped");
  EXPECT_FALSE(problems[1].warning);
  EXPECT_TRUE(problems[1].not_huntable);
  EXPECT_FALSE(problems[0].not_huntable);
  EXPECT_EQ(problems[2].indicator_id, "indicator--partly");
  EXPECT_TRUE(problems[2].warning);
  EXPECT_EQ(problems[3].indicator_id, "indicator--old");
  EXPECT_EQ(problems[4].indicator_id, "indicator--rev");
  EXPECT_EQ(m.stateless_pattern_count(), 1u);
  EXPECT_EQ(HitsOf(m, {Ev({{"CommandLine", "x"}})}), V{"indicator--partly: CommandLine=x"});
}

TEST(IndicatorMatcher, IocListEntriesAndPatternsTogether) {
  auto list = ParseIocList(R"([
    {"type": "indicator", "id": "indicator--1", "name": "HAFNIUM IP", "pattern": "[ipv4-addr:value = '5.2.69.14']"},
    {"type": "indicator", "id": "indicator--2", "name": "web shell", "pattern": "[url:value MATCHES '/aspnet_client/.*\\\\.aspx']"}
  ])", "b.json");
  ASSERT_TRUE(list.ok());
  IndicatorMatcher m;
  EXPECT_TRUE(m.AddIocList(*list).empty());
  auto hits = HitsOf(m, {Ev({{"c-ip", "5.2.69.14"}, {"cs-uri-stem", "/aspnet_client/s.aspx"}}, std::nullopt, "w3c")});
  EXPECT_EQ(hits, (V{"indicator--1: c-ip=5.2.69.14", "indicator--2: cs-uri-stem=/aspnet_client/s.aspx"}));
  EXPECT_EQ(m.rule(0).title, "HAFNIUM IP");
  EXPECT_EQ(m.rule(0).level, Level::kHigh);
}

}  // namespace
}  // namespace rampart::detect
