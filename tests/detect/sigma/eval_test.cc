// Matching semantics of every modifier, wildcard, condition form, null and
// exists, keywords and logsource selection. Every check runs through the
// reference evaluator and the compiled matcher (CountHits fails on any
// disagreement).
#include <gtest/gtest.h>

#include "detect/sigma/sigma_test_util.h"

namespace rampart::detect {
namespace {

using testing::Fires;
using testing::MapEvent;
using testing::Rule;

// Events of a known source (Windows) see a rule whatever fields they carry;
// events of unknown source only when they carry one of its fields.
const std::string kWindows = "    product: windows\n";

MapEvent Cmd(std::string cmd) { return MapEvent{{"CommandLine", std::move(cmd)}, {"Image", "C:\\Windows\\System32\\cmd.exe"}}; }

TEST(SigmaEval, PlainValuesAreWholeValueAndCaseInsensitive) {
  std::string r = Rule("    selection: {Image: 'c:\\windows\\system32\\CMD.exe'}\n");
  EXPECT_TRUE(Fires(r, Cmd("x")));
  EXPECT_FALSE(Fires(Rule("    selection: {Image: 'cmd.exe'}\n"), Cmd("x")));
  EXPECT_FALSE(Fires(Rule("    selection: {Missing: 'cmd.exe'}\n"), Cmd("x")));
}

TEST(SigmaEval, ContainsStartsWithEndsWith) {
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|contains: 'WHOAMI'}\n"), Cmd("cmd /c whoami /all")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|startswith: 'cmd /c'}\n"), Cmd("cmd /c whoami")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|startswith: '/c'}\n"), Cmd("cmd /c whoami")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|endswith: 'AMI'}\n"), Cmd("cmd /c whoami")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|endswith: 'cmd'}\n"), Cmd("cmd /c whoami")));
  // A trailing newline is part of the value: endswith must not match before it.
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|endswith: 'whoami'}\n"), Cmd("whoami\n")));
}

TEST(SigmaEval, ListsOrAllAnd) {
  std::string any = Rule("    selection:\n        CommandLine|contains: [foo, whoami]\n");
  std::string all = Rule("    selection:\n        CommandLine|contains|all: [foo, whoami]\n");
  EXPECT_TRUE(Fires(any, Cmd("whoami")));
  EXPECT_FALSE(Fires(all, Cmd("whoami")));
  EXPECT_TRUE(Fires(all, Cmd("whoami foo")));
}

TEST(SigmaEval, WildcardsAndEscapes) {
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine: 'cmd*who?mi'}\n"), Cmd("cmd /c whoami")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine: 'cmd*who?mi'}\n"), Cmd("cmd /c whooami")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine: 'a\\*b'}\n"), Cmd("a*b")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine: 'a\\*b'}\n"), Cmd("axxb")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine: 'what\\?'}\n"), Cmd("what?")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine: 'what\\?'}\n"), Cmd("whatx")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine: 'C:\\Temp\\\\*'}\n"), Cmd("C:\\Temp\\x.exe")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine: '*'}\n"), Cmd("")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine: 'a.b+c(d)[e]$^|'}\n"), Cmd("A.B+C(D)[E]$^|")));
}

TEST(SigmaEval, Cased) {
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|cased: 'WHOAMI'}\n"), Cmd("whoami")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|contains|cased: 'AmI'}\n"), Cmd("whoAmI")));
}

TEST(SigmaEval, NumbersAndBooleansMatchAsText) {
  MapEvent e;
  e.Add("EventID", "4688", ValueKind::kNumber).Add("Enabled", "true", ValueKind::kBool).Add("Code", "4688");
  EXPECT_TRUE(Fires(Rule("    selection: {EventID: 4688}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Code: 4688}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Enabled: true}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {EventID: 468}\n"), e));
}

TEST(SigmaEval, NumericComparisons) {
  MapEvent e;
  e.Add("Size", "100", ValueKind::kNumber).Add("Name", "abc");
  EXPECT_TRUE(Fires(Rule("    selection: {Size|gt: 99}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Size|gt: 100}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Size|gte: 100}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Size|lt: 100.5}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Size|lte: 100}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Name|lt: 100}\n"), e));  // not a number: no match
}

TEST(SigmaEval, Regex) {
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|re: '\\s/c\\s+who'}\n"), Cmd("cmd /c  whoami")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|re: 'WHOAMI'}\n"), Cmd("whoami")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|re|i: 'WHOAMI'}\n"), Cmd("whoami")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|re: '^b$'}\n"), Cmd("a\nb")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|re|m: '^b$'}\n"), Cmd("a\nb")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|re: 'a.b'}\n"), Cmd("a\nb")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|re|s: 'a.b'}\n"), Cmd("a\nb")));
  // Lookaround and backreferences: Vectorscan refuses them, PCRE2 takes over.
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|re: '(a)\\1(?!c)'}\n"), Cmd("xaab")));
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|re: '(a)\\1(?!c)'}\n"), Cmd("xaac")));
  // A regex that can match the empty string.
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|re: 'z*'}\n"), Cmd("")));
}

TEST(SigmaEval, Base64AndWide) {
  // "http://" base64-encoded at each offset inside a longer blob.
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|base64offset|contains: 'http://'}\n"),
                    Cmd("powershell -e aHR0cDovL2V2aWwuY29t")));
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|base64offset|contains: 'http://'}\n"),
                    Cmd("x eGh0dHA6Ly9ldmls")));  // "xhttp://evil"
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|base64offset|contains: 'http://'}\n"),
                    Cmd("x eHhodHRwOi8vZXZpbA==")));  // "xxhttp://evil"
  EXPECT_FALSE(Fires(Rule("    selection: {CommandLine|base64offset|contains: 'http://'}\n"),
                     Cmd("AHR0CDOVL2V2AWWUY29T")));  // case matters for base64
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|base64|contains: 'abc'}\n"), Cmd("echo YWJj | x")));
  // wide: UTF-16LE of "ping" base64'd = cABpAG4AZwA=
  EXPECT_TRUE(Fires(Rule("    selection: {CommandLine|wide|base64offset|contains: 'ping'}\n"),
                    Cmd("-enc cABpAG4AZwAgADEALgAxAC4AMQAuADEA")));
  MapEvent raw;
  raw.Add("Data", std::string("c\0m\0d\0", 6));
  EXPECT_TRUE(Fires(Rule("    selection: {Data|utf16le: 'cmd'}\n"), raw));
  MapEvent be;
  be.Add("Data", std::string("\0c\0m\0d", 6));
  EXPECT_TRUE(Fires(Rule("    selection: {Data|utf16be: 'cmd'}\n"), be));
  MapEvent bom;
  bom.Add("Data", std::string("\xff\xfe" "c\0m\0d\0", 8));
  EXPECT_TRUE(Fires(Rule("    selection: {Data|utf16: 'cmd'}\n"), bom));
}

TEST(SigmaEval, Windash) {
  std::string r = Rule("    selection: {CommandLine|windash|contains: ' -enc '}\n");
  EXPECT_TRUE(Fires(r, Cmd("powershell -enc AAA")));
  EXPECT_TRUE(Fires(r, Cmd("powershell /enc AAA")));
  EXPECT_TRUE(Fires(r, Cmd("powershell \xe2\x80\x93" "enc AAA")));
  EXPECT_TRUE(Fires(r, Cmd("powershell \xe2\x80\x94" "enc AAA")));
  EXPECT_TRUE(Fires(r, Cmd("powershell \xe2\x80\x95" "enc AAA")));
  EXPECT_FALSE(Fires(r, Cmd("powershell +enc AAA")));
  // windash under all: each value's variants are OR-ed, the values AND-ed.
  std::string all = Rule("    selection:\n        CommandLine|windash|contains|all: [' -a ', ' -b ']\n");
  EXPECT_TRUE(Fires(all, Cmd("x /a -b y")));
  EXPECT_FALSE(Fires(all, Cmd("x /a y")));
}

TEST(SigmaEval, Cidr) {
  MapEvent e;
  e.Add("DestinationIp", "10.1.2.3").Add("SourceIp", "fe80::1").Add("Other", "not-an-ip");
  EXPECT_TRUE(Fires(Rule("    selection: {DestinationIp|cidr: '10.0.0.0/8'}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {DestinationIp|cidr: '10.1.3.0/24'}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {DestinationIp|cidr: ['192.168.0.0/16', '10.1.2.0/23']}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {SourceIp|cidr: 'fe80::/10'}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {SourceIp|cidr: '::1/128'}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Other|cidr: '0.0.0.0/0'}\n"), e));
}

TEST(SigmaEval, FieldRef) {
  MapEvent e;
  e.Add("User", "alice").Add("TargetUser", "ALICE").Add("Path", "c:\\users\\alice\\x");
  EXPECT_TRUE(Fires(Rule("    selection: {User|fieldref: TargetUser}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {User|fieldref|cased: TargetUser}\n"), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Path|fieldref|contains: User}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Path|fieldref|endswith: User}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection: {User|fieldref: Missing}\n"), e));
}

TEST(SigmaEval, NullEmptyExists) {
  MapEvent e;
  e.Add("Channel", "Application").Add("Empty", "").Add("Null", "", ValueKind::kNull).Add("Full", "x");
  EXPECT_TRUE(Fires(Rule("    selection: {Missing: null}\n", "selection", kWindows), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Null: null}\n", "selection", kWindows), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Empty: null}\n", "selection", kWindows), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Empty: ''}\n", "selection", kWindows), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Null: ''}\n", "selection", kWindows), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Missing: ''}\n", "selection", kWindows), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Full: ''}\n", "selection", kWindows), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Empty|exists: true}\n", "selection", kWindows), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Null|exists: true}\n", "selection", kWindows), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Missing|exists: false}\n", "selection", kWindows), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Full|exists: false}\n", "selection", kWindows), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Full: x}\n    filter: {Missing: null}\n", "selection and filter", kWindows), e));
  EXPECT_FALSE(Fires(Rule("    selection: {Full: x}\n    filter: {Full: null}\n", "selection and filter", kWindows), e));
}

TEST(SigmaEval, Neq) {
  MapEvent e;
  e.Add("Channel", "Application").Add("User", "alice").Add("Full", "x");
  EXPECT_TRUE(Fires(Rule("    selection: {User|neq: bob}\n", "selection", kWindows), e));
  EXPECT_FALSE(Fires(Rule("    selection: {User|neq: [bob, ALICE]}\n", "selection", kWindows), e));
  EXPECT_TRUE(Fires(Rule("    selection: {Missing|neq: bob}\n", "selection", kWindows), e));
}

TEST(SigmaEval, Keywords) {
  MapEvent e;
  e.Add("Message", "Failed password for root from 10.0.0.1").Add("Host", "srv1");
  EXPECT_TRUE(Fires(Rule("    keywords:\n        - 'password for ROOT'\n        - nothing\n", "keywords"), e));
  EXPECT_FALSE(Fires(Rule("    keywords:\n        - nothing\n", "keywords"), e));
  EXPECT_TRUE(Fires(Rule("    keywords:\n        '|all': [failed, srv1]\n", "keywords"), e));
  EXPECT_FALSE(Fires(Rule("    keywords:\n        '|all': [failed, srv2]\n", "keywords"), e));
  EXPECT_TRUE(Fires(Rule("    keywords:\n        - 'from 10.*.1'\n", "keywords"), e));
}

TEST(SigmaEval, ConditionForms) {
  MapEvent e = Cmd("cmd /c whoami");
  std::string ids = "    sel_a: {CommandLine|contains: whoami}\n    sel_b: {CommandLine|contains: net}\n"
                    "    filter: {Image|endswith: '\\cmd.exe'}\n";
  EXPECT_TRUE(Fires(Rule(ids, "1 of sel_*"), e));
  EXPECT_FALSE(Fires(Rule(ids, "all of sel_*"), e));
  EXPECT_FALSE(Fires(Rule(ids, "sel_a and not filter"), e));
  EXPECT_TRUE(Fires(Rule(ids, "sel_a and not sel_b"), e));
  EXPECT_TRUE(Fires(Rule(ids, "not (sel_b or not sel_a)"), e));
  EXPECT_TRUE(Fires(Rule(ids, "sel_b or sel_a and filter"), e));     // and binds tighter
  EXPECT_FALSE(Fires(Rule(ids, "(sel_b or sel_a) and not filter"), e));
  EXPECT_TRUE(Fires(Rule(ids, "1 of them"), e));
  EXPECT_FALSE(Fires(Rule(ids, "all of them"), e));
  EXPECT_TRUE(Fires(Rule(ids, "any of sel*"), e));
  EXPECT_TRUE(Fires(Rule(ids + "    _x: {Foo: bar}\n", "all of sel_a or all of _*"), e));
  // A list of maps is OR; a map is AND.
  EXPECT_TRUE(Fires(Rule("    selection:\n        - {CommandLine: nope}\n        - {Image|endswith: cmd.exe}\n"), e));
  EXPECT_FALSE(Fires(Rule("    selection:\n        CommandLine: nope\n        Image|endswith: cmd.exe\n"), e));
}

TEST(SigmaEval, ExpandWithPlaceholders) {
  ParseOptions options;
  options.placeholders["Admins"] = {"alice", "bob*"};
  RuleSet set;
  set.AddText(Rule("    selection: {User|expand: '%Admins%'}\n"), "t.yml", options);
  ASSERT_TRUE(set.errors().empty());
  EXPECT_EQ(testing::CountHits(set, MapEvent{{"User", "bobby"}}), 1);
  EXPECT_EQ(testing::CountHits(set, MapEvent{{"User", "carol"}}), 0);
}

TEST(SigmaEval, LogsourceSelectsEvents) {
  std::string yaml = Rule("    selection: {CommandLine|contains: whoami}\n", "selection",
                          "    product: windows\n    category: process_creation\n");
  MapEvent sysmon1{{"Channel", "Microsoft-Windows-Sysmon/Operational"}, {"EventID", "1"}, {"CommandLine", "whoami"}};
  MapEvent sysmon3{{"Channel", "Microsoft-Windows-Sysmon/Operational"}, {"EventID", "3"}, {"CommandLine", "whoami"}};
  MapEvent security{{"Channel", "Security"}, {"EventID", "1"}, {"CommandLine", "whoami"}};
  MapEvent unknown{{"CommandLine", "whoami"}};
  MapEvent unknown_other{{"Message", "whoami"}};
  EXPECT_TRUE(Fires(yaml, sysmon1));
  EXPECT_FALSE(Fires(yaml, sysmon3));
  EXPECT_FALSE(Fires(yaml, security));
  EXPECT_TRUE(Fires(yaml, unknown));
  EXPECT_FALSE(Fires(yaml, unknown_other));
  std::string svc = Rule("    selection: {EventID: 4624}\n", "selection", "    product: windows\n    service: security\n");
  EXPECT_TRUE(Fires(svc, MapEvent{{"Channel", "Security"}, {"EventID", "4624"}}));
  EXPECT_FALSE(Fires(svc, MapEvent{{"Channel", "System"}, {"EventID", "4624"}}));
  std::string web = Rule("    selection: {cs-uri-query|contains: '/owa/'}\n", "selection", "    category: webserver\n");
  EXPECT_TRUE(Fires(web, MapEvent({{"cs-uri-query", "/owa/auth"}}, "w3c")));
  EXPECT_FALSE(Fires(web, MapEvent{{"Channel", "Security"}, {"cs-uri-query", "/owa/auth"}}));
  std::string ps = Rule("    selection: {ScriptBlockText|contains: iex}\n", "selection",
                        "    product: windows\n    category: ps_script\n");
  EXPECT_TRUE(Fires(ps, MapEvent{{"Channel", "Microsoft-Windows-PowerShell/Operational"}, {"EventID", "4104"}, {"ScriptBlockText", "IEX(x)"}}));
  EXPECT_FALSE(Fires(ps, MapEvent{{"Channel", "Microsoft-Windows-PowerShell/Operational"}, {"EventID", "4103"}, {"ScriptBlockText", "IEX(x)"}}));
}

TEST(SigmaEval, HitsCarryMatchedFields) {
  RuleSet set = testing::Rules(Rule("    selection: {CommandLine|contains: whoami}\n    filter: {Image: x}\n",
                                    "selection and not filter"));
  ReferenceEvaluator ref(set);
  CollectingSink sink;
  ref.Match(Cmd("cmd /c whoami"), sink);
  ASSERT_EQ(sink.hits().size(), 1u);
  EXPECT_EQ(sink.hits()[0].matched, (std::vector<std::pair<std::string, std::string>>{{"CommandLine", "cmd /c whoami"}}));
  EXPECT_EQ(sink.hits()[0].level, Level::kHigh);
}

}  // namespace
}  // namespace rampart::detect
