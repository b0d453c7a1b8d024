// Parser: documents, metadata, values, modifiers' errors, conditions.
#include <gtest/gtest.h>

#include "detect/sigma/sigma_test_util.h"
#include "support/test_support.h"

namespace rampart::detect {
namespace {

using testing::ParseError;
using testing::Rule;

TEST(SigmaParser, ReadsMetadata) {
  ParsedFile f = ParseSigmaText(R"(title: Exchange Exploitation
id: 4ae3e30b-b03f-43aa-87e3-b622f4048eed
status: test
level: critical
author: Florian Roth
tags:
  - attack.initial-access
  - attack.t1190
  - attack.t1059.001
  - cve.2021-26855
references: [https://example.org/a]
logsource: {category: webserver}
detection:
  selection: {cs-uri-query|contains: '/owa/auth'}
  condition: selection
)", "x.yml");
  ASSERT_TRUE(f.errors.empty()) << FormatError(f.errors[0]);
  ASSERT_EQ(f.rules.size(), 1u);
  const RuleInfo& info = f.rules[0].info;
  EXPECT_EQ(info.title, "Exchange Exploitation");
  EXPECT_EQ(info.level, Level::kCritical);
  EXPECT_EQ(info.author, "Florian Roth");
  EXPECT_EQ(info.techniques, (std::vector<std::string>{"T1190", "T1059.001"}));
  EXPECT_EQ(info.references.size(), 1u);
  EXPECT_EQ(info.logsource.category, "webserver");
  EXPECT_EQ(info.where.line, 1);
  EXPECT_EQ(f.rules[0].fields, (std::vector<std::string>{"cs-uri-query"}));
}

TEST(SigmaParser, EscapesFollowPySigma) {
  auto s = SigmaString::Parse(R"(C:\Windows\*\\x\\*\?)");
  // C:\Windows\  then literal '*', then '\x' kept, then '\' + wildcard, then '?'
  EXPECT_EQ(s.ToString(), R"(C:\\Windows\*\\x\\*\?)");
  EXPECT_TRUE(s.HasWildcards());
  EXPECT_EQ(SigmaString::Parse("a\\").LiteralText(), "a\\");
  EXPECT_EQ(SigmaString::Parse(R"(\\\\)").LiteralText(), R"(\\)");
  EXPECT_EQ(SigmaString::Parse(R"(\\\)").LiteralText(), R"(\\)");
}

TEST(SigmaParser, MultiDocumentFileKeepsGoodDocuments) {
  ParsedFile f = ParseSigmaText(R"(title: a
logsource: {product: windows}
detection: {s: {a: 1}, condition: s}
---
title: b
logsource: {product: windows}
detection: {s: {a|frobnicate: 1}, condition: s}
---
title: c
correlation: {type: event_count, rules: [a], group-by: [User], timespan: 5m, condition: {gte: 3}}
)", "m.yml");
  EXPECT_EQ(f.documents, 3);
  EXPECT_EQ(f.rules.size(), 1u);
  EXPECT_EQ(f.correlations.size(), 1u);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(FormatError(f.errors[0]), "m.yml:7:17: unknown modifier 'frobnicate' in 'a|frobnicate'");
}

TEST(SigmaParser, YamlSyntaxErrorHasLineAndColumn) {
  std::string err = ParseError("title: x\ndetection: [a, b\n");
  EXPECT_NE(err.find("test.yml:"), std::string::npos) << err;
  EXPECT_NE(err.find("YAML"), std::string::npos) << err;
}

TEST(SigmaParser, RejectsWhatItCannotDo) {
  EXPECT_NE(ParseError(Rule("    selection: {a|re: '(unclosed'}\n")).find("bad regex"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a: 1}\n", "selection and missing")).find("'missing'"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a: 1}\n", "selection | count() > 5")).find("obsolete"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a: 1}\n", "1 of filter*")).find("matches no search identifier"),
            std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a|expand: '%Servers%'}\n")).find("placeholder %Servers% has no value"),
            std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a|cidr: '10.0.0.1/8'}\n")).find("host bits"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a|gt: abc}\n")).find("needs a number"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a|contains|re: x}\n")).find("'re' must come first"),
            std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a|hour: 24}\n")).find("can never match"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a|exists: maybe}\n")).find("true or false"), std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a: 1}\n", "selection and (")).find("condition"), std::string::npos);
  EXPECT_NE(ParseError("title: t\nlogsource: {}\n").find("detection"), std::string::npos);
  EXPECT_NE(ParseError("logsource: {}\ndetection: {s: {a: 1}, condition: s}\n").find("title"), std::string::npos);
  EXPECT_NE(ParseError("title: t\nfilter: {rules: [a]}\nlogsource: {}\n").find("filter has no 'condition'"),
            std::string::npos);
}

TEST(SigmaParser, DeeplyNestedConditionIsAnErrorNotAStackOverflow) {
  auto nest = [](int depth, std::string_view open, std::string_view close) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += open;
    text += "selection";
    for (int i = 0; i < depth; ++i) text += close;
    return text;
  };
  EXPECT_EQ(ParseError(Rule("    selection: {a: 1}\n", nest(50, "(", ")"))), "");
  EXPECT_NE(ParseError(Rule("    selection: {a: 1}\n", nest(100000, "(", ")"))).find("deeper than"),
            std::string::npos);
  EXPECT_NE(ParseError(Rule("    selection: {a: 1}\n", nest(100000, "not ", ""))).find("deeper than"),
            std::string::npos);
}

TEST(SigmaParser, ModifiersBuildTheRightValues) {
  ParsedFile f = ParseSigmaText(Rule(R"(    selection:
        a|base64offset|contains: 'http://'
        b|wide|base64offset|contains: 'ping'
        c|contains|windash: ' -enc '
        d|base64: 'abc'
        e|re|i|m|s: 'x.y'
)"), "t.yml");
  ASSERT_TRUE(f.errors.empty()) << FormatError(f.errors[0]);
  const auto& items = f.rules[0].identifiers[0].alternatives[0];
  ASSERT_EQ(items.size(), 5u);
  // pySigma's documented output for base64offset('http://').
  std::vector<std::string> b64;
  for (const auto& v : items[0].values) b64.push_back(v.string.LiteralText());
  EXPECT_EQ(b64, (std::vector<std::string>{"aHR0cDovL", "h0dHA6Ly", "odHRwOi8v"}));
  EXPECT_TRUE(items[0].values[0].cased);
  EXPECT_EQ(items[1].values.size(), 3u);
  EXPECT_EQ(items[2].values.size(), 5u);  // - / en-dash em-dash horizontal bar
  EXPECT_EQ(items[2].values[1].string.ToString(), "* /enc *");
  EXPECT_EQ(items[3].values[0].string.LiteralText(), "YWJj");
  EXPECT_TRUE(items[4].values[0].re_ignorecase && items[4].values[0].re_multiline && items[4].values[0].re_dotall);
}

TEST(SigmaParser, ConditionPrecedenceAndQuantifiers) {
  ParsedFile f = ParseSigmaText(Rule(R"(    sel_a: {a: 1}
    sel_b: {b: 1}
    filter: {c: 1}
    _meta: {d: 1}
)", "1 of sel_* and not filter or all of them"), "t.yml");
  ASSERT_TRUE(f.errors.empty()) << FormatError(f.errors[0]);
  const Condition& c = f.rules[0].condition;
  ASSERT_EQ(c.op, Condition::Op::kOr);
  ASSERT_EQ(c.operands[0].op, Condition::Op::kAnd);
  EXPECT_EQ(c.operands[0].operands[0].operands.size(), 2u);        // sel_a, sel_b
  EXPECT_EQ(c.operands[0].operands[1].op, Condition::Op::kNot);
  EXPECT_EQ(c.operands[1].operands.size(), 3u);                    // them: not _meta
}

TEST(SigmaParser, Timespans) {
  EXPECT_EQ(*ParseTimespan("5m"), 300'000'000);
  EXPECT_EQ(*ParseTimespan("1h"), 3'600'000'000);
  EXPECT_FALSE(ParseTimespan("5").ok());
  EXPECT_FALSE(ParseTimespan("5x").ok());
}

TEST(SigmaParser, NeverThrowsOnJunk) {
  for (std::string junk : {"", "---\n---\n", "[1,2", "{", "title: [", "\x01\x02\xff", "a: &x *x",
                           "title: t\nlogsource: 1\ndetection: 2\n", "title: t\nlogsource: {}\ndetection: {condition: [[]]}\n"}) {
    ParsedFile f = ParseSigmaText(junk, "j.yml");
    EXPECT_TRUE(f.rules.empty());
  }
}

// The regression set's info.yml: metadata, not a rule. Skipped, not an error.
TEST(SigmaParser, DocumentsThatAreNotRulesAreSkipped) {
  ParsedFile f = ParseSigmaText(R"(id: 78f47243-0906-4e62-b75d-e23d58f0ddd7
description: N/A
author: someone
rule_metadata:
    - id: ef0ff092-a24a-4fbc-beea-06c08d53e085
      title: Cisco Dot1x Disabled
regression_tests_info:
    - name: Positive Detection Test
      type: evtx
      match_count: 1
)", "info.yml");
  EXPECT_TRUE(f.errors.empty());
  EXPECT_TRUE(f.rules.empty());
  ASSERT_EQ(f.skipped.size(), 1u);
  std::string why = FormatError(f.skipped[0]);
  EXPECT_NE(why.find("info.yml:1:1"), std::string::npos) << why;
  EXPECT_NE(why.find("not a Sigma rule"), std::string::npos) << why;
  EXPECT_NE(why.find("regression_tests_info"), std::string::npos) << why;
  // A rule that lacks only one of the two is still an error, not skipped.
  ParsedFile half = ParseSigmaText("title: t\nlogsource: {product: windows}\n", "x.yml");
  EXPECT_TRUE(half.skipped.empty());
  EXPECT_EQ(half.errors.size(), 1u);
  // A RuleSet keeps them apart from errors, also through Filter.
  RuleSet set;
  set.AddText("description: only metadata\n---\n" + Rule("    selection: {a: 1}\n"), "two.yml");
  EXPECT_EQ(set.rules().size(), 1u);
  EXPECT_TRUE(set.errors().empty());
  EXPECT_EQ(set.skipped().size(), 1u);
  EXPECT_EQ(set.Filter(RuleFilter{}).skipped().size(), 1u);
}

TEST(SigmaPlaceholders, ValuesFromFlagsAndFiles) {
  ParseOptions options;
  ASSERT_TRUE(AddPlaceholder("known_cdcs=dc1.corp", options).ok());
  ASSERT_TRUE(AddPlaceholder("%known_cdcs%=10.0.0.5", options).ok());
  ASSERT_TRUE(AddPlaceholder("empty=", options).ok());
  EXPECT_EQ(options.placeholders["known_cdcs"], (std::vector<std::string>{"dc1.corp", "10.0.0.5"}));
  EXPECT_EQ(options.placeholders["empty"], (std::vector<std::string>{""}));
  EXPECT_FALSE(AddPlaceholder("novalue", options).ok());
  EXPECT_FALSE(AddPlaceholder("=x", options).ok());

  rampart::testing::TempDir dir;
  rampart::testing::WriteFile(dir.File("bare.yml"), "Servers:\n  - srv1\n  - 'srv2*'\nAdmins: root\n");
  rampart::testing::WriteFile(dir.File("pipeline.yml"), "name: mine\nvars:\n  Servers: [srv3]\n");
  rampart::testing::WriteFile(dir.File("bad.yml"), "Servers:\n  nested: {a: 1}\n");
  rampart::testing::WriteFile(dir.File("broken.yml"), "Servers: [srv1\n");
  auto both = PlaceholderOptions({"Servers=srv4"}, {dir.File("bare.yml"), dir.File("pipeline.yml")});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->placeholders["Servers"], (std::vector<std::string>{"srv1", "srv2*", "srv3", "srv4"}));
  EXPECT_EQ(both->placeholders["Admins"], (std::vector<std::string>{"root"}));
  auto bad = PlaceholderOptions({}, {dir.File("bad.yml")});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(FormatError(bad.status()).find("bad.yml:2:"), std::string::npos) << FormatError(bad.status());
  EXPECT_FALSE(PlaceholderOptions({}, {dir.File("broken.yml")}).ok());
  EXPECT_FALSE(PlaceholderOptions({}, {dir.File("missing.yml")}).ok());
}

TEST(SigmaPlaceholders, ExpandMatchesEveryValueAndNothingElse) {
  std::string yaml = Rule("    selection: {ComputerName|expand: '%Servers%'}\n");
  // Without a value: unsupported, never matched everywhere.
  RuleSet none;
  none.AddText(yaml, "r.yml");
  EXPECT_TRUE(none.rules().empty());
  ASSERT_EQ(none.errors().size(), 1u);
  EXPECT_NE(FormatError(none.errors()[0]).find("placeholder %Servers% has no value"), std::string::npos);

  ParseOptions options;
  options.placeholders["Servers"] = {"srv1", "db*"};
  RuleSet set;
  set.AddText(yaml, "r.yml", options);
  ASSERT_TRUE(set.errors().empty()) << FormatError(set.errors()[0]);
  using testing::MapEvent;
  EXPECT_EQ(testing::CountHits(set, MapEvent{{"ComputerName", "SRV1"}}), 1);
  EXPECT_EQ(testing::CountHits(set, MapEvent{{"ComputerName", "db07"}}), 1);
  EXPECT_EQ(testing::CountHits(set, MapEvent{{"ComputerName", "srv2"}}), 0);
  EXPECT_EQ(testing::CountHits(set, MapEvent{{"Other", "srv1"}}), 0);
}

}  // namespace
}  // namespace rampart::detect