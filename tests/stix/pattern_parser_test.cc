#include <gtest/gtest.h>

#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

Pattern Parse(std::string_view text) {
  auto p = ParsePattern(text);
  EXPECT_TRUE(p.ok()) << text << ": " << p.status().message();
  return p.ok() ? *std::move(p) : Pattern{};
}

// The canonical text of a parsed pattern (fully parenthesised).
std::string Canon(std::string_view text) { return Parse(text).root.ToString(); }

const Comparison& OnlyTest(const Pattern& p) {
  EXPECT_EQ(p.root.kind, ObservationExpr::Kind::kObservation);
  EXPECT_EQ(p.root.comparison.kind, ComparisonExpr::Kind::kTest);
  return p.root.comparison.test;
}

TEST(PatternParser, EveryComparisonOperator) {
  struct Case { const char* text; CompareOp op; bool negated; };
  const Case cases[] = {
      {"[file:name = 'a']", CompareOp::kEqual, false},
      {"[file:name == 'a']", CompareOp::kEqual, false},
      {"[file:name != 'a']", CompareOp::kNotEqual, false},
      {"[file:name <> 'a']", CompareOp::kNotEqual, false},
      {"[file:size < 5]", CompareOp::kLess, false},
      {"[file:size <= 5]", CompareOp::kLessEqual, false},
      {"[file:size > 5]", CompareOp::kGreater, false},
      {"[file:size >= 5]", CompareOp::kGreaterEqual, false},
      {"[file:name IN ('a', 'b')]", CompareOp::kIn, false},
      {"[file:name LIKE 'a%']", CompareOp::kLike, false},
      {"[file:name MATCHES '^a']", CompareOp::kMatches, false},
      {"[ipv4-addr:value ISSUBSET '10.0.0.0/8']", CompareOp::kIsSubset, false},
      {"[ipv4-addr:value ISSUPERSET '10.0.0.1']", CompareOp::kIsSuperset, false},
      {"[EXISTS file:name]", CompareOp::kExists, false},
      {"[NOT EXISTS file:name]", CompareOp::kExists, true},
      {"[file:name NOT = 'a']", CompareOp::kEqual, true},
      {"[file:name NOT IN ('a')]", CompareOp::kIn, true},
      {"[file:name NOT LIKE 'a']", CompareOp::kLike, true},
      {"[file:size NOT > 1]", CompareOp::kGreater, true},
  };
  for (const Case& c : cases) {
    Pattern p = Parse(c.text);
    const Comparison& t = OnlyTest(p);
    EXPECT_EQ(t.op, c.op) << c.text;
    EXPECT_EQ(t.negated, c.negated) << c.text;
  }
}

TEST(PatternParser, ObjectPaths) {
  Pattern p = Parse("[file:hashes.'SHA-256' = 'aa']");
  const ObjectPath& path = OnlyTest(p).path;
  EXPECT_EQ(path.object_type, "file");
  ASSERT_EQ(path.steps.size(), 2u);
  EXPECT_EQ(path.steps[1].key, "SHA-256");
  EXPECT_EQ(path.ToString(), "file:hashes.'SHA-256'");

  Pattern q = Parse("[network-traffic:protocols[0] = 'tcp' AND email-message:to_refs[*].value = 'x']");
  const auto& kids = q.root.comparison.children;
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(kids[0].test.path.steps[1].kind, PathStep::Kind::kIndex);
  EXPECT_EQ(kids[0].test.path.steps[1].index, 0);
  EXPECT_EQ(kids[1].test.path.steps[1].kind, PathStep::Kind::kAnyIndex);
  EXPECT_EQ(kids[1].test.path.ToString(), "email-message:to_refs[*].value");

  Pattern ext = Parse("[file:extensions.'windows-pebinary-ext'.sections[-1].entropy > 7.0]");
  EXPECT_EQ(OnlyTest(ext).path.steps[3].index, -1);
  EXPECT_EQ(OnlyTest(ext).values[0].type, ConstantType::kFloat);
}

TEST(PatternParser, Constants) {
  auto value = [](std::string_view text) { return OnlyTest(Parse(text)).values.at(0); };
  Constant s = value(R"([file:name = 'it\'s a \\ path'])");
  EXPECT_EQ(s.type, ConstantType::kString);
  EXPECT_EQ(s.text, "it's a \\ path");
  EXPECT_EQ(value("[file:size = -42]").int_value, -42);
  EXPECT_EQ(value("[file:size = +7]").int_value, 7);
  EXPECT_DOUBLE_EQ(value("[file:size = .5]").float_value, 0.5);
  EXPECT_DOUBLE_EQ(value("[file:size = -1.25]").float_value, -1.25);
  EXPECT_TRUE(value("[x-a:flag = true]").bool_value);
  EXPECT_EQ(value("[x-a:flag = false]").type, ConstantType::kBool);
  Constant t = value("[file:created = t'2021-03-02T10:00:00.5Z']");
  EXPECT_EQ(t.type, ConstantType::kTimestamp);
  EXPECT_EQ(t.timestamp, *ParseTimestamp("2021-03-02T10:00:00.500Z"));
  Constant h = value("[artifact:payload_bin = h'4d5A00']");
  EXPECT_EQ(h.type, ConstantType::kHex);
  EXPECT_EQ(h.text, std::string("MZ\0", 3));
  EXPECT_EQ(h.ToString(), "h'4d5a00'");
  Constant b = value("[artifact:payload_bin = b'TVo=']");
  EXPECT_EQ(b.type, ConstantType::kBinary);
  EXPECT_EQ(b.text, "MZ");
  EXPECT_EQ(b.ToString(), "b'TVo='");
  EXPECT_TRUE(OnlyTest(Parse("[file:name IN ()]")).values.empty());
}

TEST(PatternParser, ComparisonPrecedenceAndBindsTighterThanOr) {
  EXPECT_EQ(Canon("[a:x = 1 OR a:y = 2 AND a:z = 3]"), "[a:x = 1 OR (a:y = 2 AND a:z = 3)]");
  EXPECT_EQ(Canon("[(a:x = 1 OR a:y = 2) AND a:z = 3]"), "[(a:x = 1 OR a:y = 2) AND a:z = 3]");
}

TEST(PatternParser, ObservationPrecedenceAndQualifiers) {
  EXPECT_EQ(Canon("[a:x = 1] FOLLOWEDBY [a:x = 2] OR [a:x = 3] AND [a:x = 4]"),
            "([a:x = 1] FOLLOWEDBY ([a:x = 2] OR ([a:x = 3] AND [a:x = 4])))");
  // A qualifier binds to the observation expression on its left only.
  EXPECT_EQ(Canon("[a:x = 1] AND [a:x = 2] WITHIN 60 SECONDS"),
            "([a:x = 1] AND [a:x = 2] WITHIN 60 SECONDS)");
  EXPECT_EQ(Canon("([a:x = 1] AND [a:x = 2]) WITHIN 1.5 SECONDS"),
            "([a:x = 1] AND [a:x = 2]) WITHIN 1.5 SECONDS");
  Pattern r = Parse("[a:x = 1] REPEATS 3 TIMES WITHIN 10 SECONDS");
  EXPECT_EQ(r.root.kind, ObservationExpr::Kind::kWithin);
  EXPECT_EQ(r.root.children[0].kind, ObservationExpr::Kind::kRepeats);
  EXPECT_EQ(r.root.children[0].repeats, 3);
  Pattern s = Parse("[a:x = 1] START t'2021-03-01T00:00:00Z' STOP t'2021-03-02T00:00:00Z'");
  EXPECT_EQ(s.root.kind, ObservationExpr::Kind::kStartStop);
  EXPECT_EQ(s.root.stop - s.root.start, int64_t{86400} * 1000000);
  EXPECT_EQ(Parse("[a:x = 1] OR ([a:x = 2] FOLLOWEDBY [a:x = 3])").leaf_count, 3);
}

TEST(PatternParser, Stix20Mode) {
  EXPECT_TRUE(ParsePattern("[a:x = 1] START '2021-03-01T00:00:00Z' STOP '2021-03-02T00:00:00Z'",
                           PatternVersion::k20).ok());
  EXPECT_FALSE(ParsePattern("[a:x = 1] START '2021-03-01T00:00:00Z' STOP '2021-03-02T00:00:00Z'").ok());
  EXPECT_FALSE(ParsePattern("[EXISTS a:x]", PatternVersion::k20).ok());
}

// Each error names its column and what was expected.
TEST(PatternParser, ErrorsCarryColumnAndExpectation) {
  struct Case { const char* text; int column; const char* needle; };
  const Case cases[] = {
      {"", 1, "expected '[' or '('"},
      {"[file:name = 'a'", 17, "expected AND, OR or ']'"},
      {"[file:name 'a']", 12, "expected a comparison operator"},
      {"[file name = 'a']", 7, "expected ':'"},
      {"[file:name = ]", 14, "expected a literal"},
      {"[file:name = 'a'] AND", 22, "expected '[' or '('"},
      {"[file:name = 'a'] WITHIN 0 SECONDS", 26, "positive"},
      {"[file:name = 'a'] WITHIN 5 MINUTES", 28, "expected SECONDS"},
      {"[file:name = 'a'] REPEATS 0 TIMES", 27, "positive integer"},
      {"[file:name = 'a'] REPEATS 2", 28, "expected TIMES"},
      {"[a:x = 1] START t'2021-03-02T00:00:00Z' STOP t'2021-03-01T00:00:00Z'", 11, "START must be before STOP"},
      {"[a:x = t'2021-03-02']", 8, "not a STIX timestamp"},
      {"[a:x = h'abc']", 8, "even number"},
      {"[a:x = b'###']", 8, "base64"},
      {"[a:x MATCHES '(']", 14, "invalid regular expression"},
      {"[a:x ISSUBSET 'not-an-ip']", 15, "not an IP address"},
      {"[a:x = 'abc]", 8, "unterminated"},
      {R"([a:x = 'a\n'])", 10, "invalid escape"},
      {"[a:x = 1] [a:x = 2]", 11, "expected FOLLOWEDBY"},
      {"[a:x-y = 1]", 4, "quote it"},
      {"[a:x > true]", 8, "orderable"},
      {"[a:x[] = 1]", 6, "list index"},
      {"[a:x = 1] # comment", 11, "unexpected character '#'"},
      {"[a:x IN ('a' 'b')]", 14, "expected ',' or ')'"},
  };
  for (const Case& c : cases) {
    auto p = ParsePattern(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    auto ctx = GetContext(p.status());
    ASSERT_TRUE(ctx.has_value()) << c.text;
    EXPECT_EQ(ctx->column, c.column) << c.text << ": " << p.status().message();
    EXPECT_NE(std::string(p.status().message()).find(c.needle), std::string::npos)
        << c.text << ": " << p.status().message();
  }
}

TEST(PatternParser, ToStringRoundTrips) {
  const char* texts[] = {
      "[file:hashes.'SHA-256' = 'ab' OR file:name LIKE 'a%']",
      "([ipv4-addr:value ISSUBSET '10.0.0.0/8'] AND [domain-name:value = 'x']) WITHIN 300 SECONDS",
      "[process:command_line MATCHES '(?i)powershell'] REPEATS 2 TIMES",
      "[artifact:payload_bin = b'TVo='] FOLLOWEDBY [x-a:b NOT IN (1, 2.5, true)]",
  };
  for (const char* text : texts) {
    std::string once = Canon(text);
    EXPECT_EQ(Canon(once), once) << text;
  }
}

TEST(PatternParser, DeepNestingIsAnErrorNotAStackOverflow) {
  auto nested = [](int depth, std::string_view open, std::string_view inner, std::string_view close) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += open;
    text += inner;
    for (int i = 0; i < depth; ++i) text += close;
    return text;
  };
  // Real patterns nest a few levels; 150 still parses, a hostile 100,000 does not crash.
  EXPECT_TRUE(ParsePattern(nested(150, "(", "[a:x = 1]", ")")).ok());
  for (std::string text : {nested(100000, "(", "[a:x = 1]", ")"), "[" + nested(100000, "(", "a:x = 1", ")") + "]"}) {
    auto p = ParsePattern(text);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(std::string(p.status().message()).find("nested deeper than"), std::string::npos)
        << p.status().message();
  }
}

// Stacked qualifiers nest the tree without recursing in the parser, but the
// evaluator and the destructor recurse: 100,000 of them are refused too.
TEST(PatternParser, StackedQualifiersAreBounded) {
  auto stacked = [](int n) {
    std::string text = "[a:x = 1]";
    for (int i = 0; i < n; ++i) text += " WITHIN 1 SECONDS";
    return text;
  };
  EXPECT_TRUE(ParsePattern(stacked(3)).ok());
  auto p = ParsePattern(stacked(100000));
  ASSERT_FALSE(p.ok());
  EXPECT_NE(std::string(p.status().message()).find("qualifiers nested deeper than"), std::string::npos)
      << p.status().message();
  // Parentheses and qualifiers count together.
  EXPECT_FALSE(ParsePattern(std::string(150, '(') + stacked(60) + std::string(150, ')')).ok());
  EXPECT_TRUE(ParsePattern(std::string(100, '(') + stacked(60) + std::string(100, ')')).ok());
}

}  // namespace
}  // namespace rampart::stix
