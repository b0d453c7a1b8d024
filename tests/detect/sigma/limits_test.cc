// Inputs found by or for the Sigma fuzzer (docs/FUZZING.md). Expansion
// limits (src/detect/sigma/internal.h): rules whose modifiers or YAML
// aliases would make more values than a limit are rejected with a located
// error before the values are built; filters applied many times neither
// nest the condition nor grow a rule past them. YAML: documents yaml-cpp
// 0.7's LoadAll would loop on are errors.
#include <gtest/gtest.h>

#include <string>

#include "detect/sigma/sigma_test_util.h"
#include "rampart/detect/rule_set.h"
#include "sigma/internal.h"
#include "support/test_support.h"

namespace rampart::detect {
namespace {

using testing::ParseError;
using testing::Rule;

// 20 dash positions: 5^20 windash variants (~95 trillion). Before the
// limit was counted up front this ran out of memory inside Windash().
TEST(SigmaLimits, WindashPastTheItemLimitIsALocatedError) {
  std::string yaml = Rule("    selection:\n        CommandLine|windash|contains: '-a -b -c -d -e -f -g -h -i -j -k -l -m "
                          "-n -o -p -q -r -s -t'\n");
  std::string err = ParseError(yaml);
  EXPECT_NE(err.find("test.yml:8:"), std::string::npos) << err;
  EXPECT_NE(err.find("more than 65536 values (limit per detection item)"), std::string::npos) << err;
  EXPECT_NE(err.find("windash"), std::string::npos) << err;
}

TEST(SigmaLimits, WindashBelowTheLimitStillExpands) {
  // 6 dashes: 5^6 = 15,625 variants of one value, within the item limit.
  ParsedFile f = ParseSigmaText(Rule("    selection:\n        CommandLine|windash: '-a -b -c -d -e -f'\n"), "t.yml");
  ASSERT_TRUE(f.errors.empty()) << FormatError(f.errors[0]);
  ASSERT_EQ(f.rules.size(), 1u);
  EXPECT_EQ(f.rules[0].identifiers[0].alternatives[0][0].values.size(), 15625u);
}

TEST(SigmaLimits, WindashTwiceCountsTheProduct) {
  // The second windash re-expands the '-' and '/' variants of the first:
  // (2 * 5 + 3)^5 = 371,293 values from a value with 5 dashes.
  std::string err = ParseError(Rule("    selection:\n        CommandLine|windash|windash: '-a -b -c -d -e'\n"));
  EXPECT_NE(err.find("limit per detection item"), std::string::npos) << err;
}

TEST(SigmaLimits, Base64OffsetOfAWindashMaximumIsRejected) {
  // 5^6 windash variants, three base64offset alignments each: 46,875 fits;
  // 5^7 * 3 does not.
  EXPECT_EQ(ParseError(Rule("    selection:\n        c|windash|base64offset|contains: '-a -b -c -d -e -f'\n")), "");
  std::string err = ParseError(Rule("    selection:\n        c|windash|base64offset|contains: '-a -b -c -d -e -f -g'\n"));
  EXPECT_NE(err.find("limit per detection item"), std::string::npos) << err;
}

TEST(SigmaLimits, ExpandProductIsCheckedBeforeBuilding) {
  ParseOptions options;
  for (int i = 0; i < 300; ++i) options.placeholders["p"].push_back("v" + std::to_string(i));
  // 300^2 = 90,000 > 65,536; 300 alone is fine.
  ParsedFile ok = ParseSigmaText(Rule("    selection:\n        c|expand: '%p%'\n"), "t.yml", options);
  EXPECT_TRUE(ok.errors.empty());
  ParsedFile f = ParseSigmaText(Rule("    selection:\n        c|expand: '%p%-%p%'\n"), "t.yml", options);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_NE(FormatError(f.errors[0]).find("limit per detection item"), std::string::npos) << FormatError(f.errors[0]);
}

// YAML aliases repeat a list without costing input: 1,000 values used by
// 70 items is 70,000 values from a few KB.
TEST(SigmaLimits, AliasesPastTheRuleLimitAreALocatedError) {
  std::string list = "[";
  for (int i = 0; i < 1000; ++i) list += (i ? "," : "") + std::to_string(i);
  list += "]";
  std::string det = "    selection:\n        f0: &list " + list + "\n";
  for (int i = 1; i < 70; ++i) det += "        f" + std::to_string(i) + ": *list\n";
  ParsedFile f = ParseSigmaText(Rule(det), "t.yml");
  ASSERT_EQ(f.errors.size(), 1u);
  std::string err = FormatError(f.errors[0]);
  EXPECT_NE(err.find("more than 65536 detection values at 'f65' (limit per rule"), std::string::npos) << err;
  EXPECT_NE(err.find("t.yml:73:"), std::string::npos) << err;  // the key where the limit was passed
  EXPECT_TRUE(f.rules.empty());
}

TEST(SigmaLimits, FileLimitSpansDocuments) {
  std::string list = "[";
  for (int i = 0; i < 1000; ++i) list += (i ? "," : "") + std::to_string(i);
  list += "]";
  std::string det = "    selection:\n        f0: &list " + list + "\n";
  for (int i = 1; i < 60; ++i) det += "        f" + std::to_string(i) + ": *list\n";
  std::string text;
  for (int d = 0; d < 5; ++d) text += (d ? "---\n" : "") + Rule(det);
  ParsedFile f = ParseSigmaText(text, "t.yml");
  // 60,000 values per document: four fit in 262,144, the fifth does not.
  EXPECT_EQ(f.rules.size(), 4u);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_NE(FormatError(f.errors[0]).find("limit per file"), std::string::npos) << FormatError(f.errors[0]);
}

// The Sigma fuzzer's out-of-memory: a
// stray ',' made yaml-cpp 0.7's LoadAll append null documents forever.
// Minimised input: ",". The fuzzer's own input was a SigmaHQ rule whose
// first byte had become ','.
TEST(SigmaYaml, StrayCommaIsAnErrorNotAnEndlessLoop) {
  ParsedFile f = ParseSigmaText(",", "c.yml");
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_NE(FormatError(f.errors[0]).find("c.yml:1:"), std::string::npos) << FormatError(f.errors[0]);
  EXPECT_NE(FormatError(f.errors[0]).find("unexpected ','"), std::string::npos) << FormatError(f.errors[0]);
  // After a good document, with "--- ," on one line.
  f = ParseSigmaText(Rule("    selection: {c: x}\n") + "--- ,\n", "c.yml");
  EXPECT_EQ(f.rules.size(), 1u);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_NE(FormatError(f.errors[0]).find("c.yml:9:"), std::string::npos) << FormatError(f.errors[0]);
}

TEST(SigmaYaml, DocumentsAreLocatedInTheFileAndParsedApart) {
  // Lines 1-8 rule 1; 9-10 document 2 with a YAML syntax error; 11-19
  // document 3 ("---" then a rule) with a bad modifier on line 18; "..." on
  // 20; 21-28 rule 4, its selection on 27.
  std::string text = Rule("    selection: {c: x}\n") + "---\ntitle: [\n---\n" +
                     Rule("    selection: {c|frob: x}\n") + "...\n" + Rule("    selection: {c: y}\n");
  ParsedFile f = ParseSigmaText(text, "d.yml");
  ASSERT_EQ(f.rules.size(), 2u);
  EXPECT_EQ(f.rules[0].info.where.line, 1);
  EXPECT_EQ(f.rules[1].info.where.line, 21);
  EXPECT_EQ(f.rules[1].identifiers[0].alternatives[0][0].where.line, 27);
  ASSERT_EQ(f.errors.size(), 2u);
  auto ctx = GetContext(f.errors[0]);
  ASSERT_TRUE(ctx.has_value());
  EXPECT_GE(ctx->line, 10) << FormatError(f.errors[0]);
  EXPECT_LE(ctx->line, 11) << FormatError(f.errors[0]);
  EXPECT_NE(FormatError(f.errors[0]).find("YAML:"), std::string::npos) << FormatError(f.errors[0]);
  EXPECT_NE(FormatError(f.errors[1]).find("d.yml:18:"), std::string::npos) << FormatError(f.errors[1]);
  EXPECT_NE(FormatError(f.errors[1]).find("unknown modifier 'frob'"), std::string::npos) << FormatError(f.errors[1]);
}

std::string Filter(const std::string& rules) {
  return "title: f\nid: 00000000-0000-4000-8000-0000000000ff\nlogsource: {category: test}\n"
         "filter:\n  rules: " + rules + "\n  sel: {User: admin}\n  condition: not sel\n";
}

TEST(SigmaLimits, FilterNamingARuleTwiceAppliesOnce) {
  RuleSet set = testing::Rules(Rule("    selection: {c: x}\n") + "---\n" +
                               Filter("[00000000-0000-4000-8000-000000000001, 00000000-0000-4000-8000-000000000001]"));
  set.ApplyFilters();
  ASSERT_EQ(set.rules().size(), 1u);
  EXPECT_EQ(set.rules()[0].filters.size(), 1u);
  EXPECT_EQ(set.rules()[0].identifiers.size(), 2u);
}

TEST(SigmaLimits, ManyFiltersDoNotNestTheCondition) {
  std::string text = Rule("    selection: {c: x}\n");
  for (int i = 0; i < 500; ++i) text += "---\n" + Filter("any");
  RuleSet set = testing::Rules(text);
  set.ApplyFilters();
  ASSERT_EQ(set.rules().size(), 1u);
  const SigmaRule& r = set.rules()[0];
  EXPECT_EQ(r.filters.size(), 500u);
  ASSERT_EQ(r.condition.op, Condition::Op::kAnd);
  EXPECT_EQ(r.condition.operands.size(), 501u);  // the rule's condition, then one operand per filter
  EXPECT_EQ(r.condition.operands[0].op, Condition::Op::kIdentifier);
  testing::MapEvent admin({{"c", "x"}, {"User", "admin"}}), other({{"c", "x"}, {"User", "bob"}});
  EXPECT_EQ(testing::CountHits(set, admin), 0);
  EXPECT_EQ(testing::CountHits(set, other), 1);
}

TEST(SigmaLimits, FilterThatWouldPassTheRuleLimitIsAWarning) {
  std::string list = "[";
  for (int i = 0; i < 1000; ++i) list += (i ? "," : "") + std::to_string(i);
  list += "]";
  std::string det = "    selection:\n        f0: &list " + list + "\n";
  for (int i = 1; i < 60; ++i) det += "        f" + std::to_string(i) + ": *list\n";
  std::string filter = "title: big\nlogsource: {category: test}\nfilter:\n  rules: any\n  sel:\n      u0: &l " + list + "\n";
  for (int i = 1; i < 10; ++i) filter += "      u" + std::to_string(i) + ": *l\n";
  filter += "  condition: not sel\n";
  RuleSet set = testing::Rules(Rule(det) + "---\n" + filter);
  set.ApplyFilters();
  ASSERT_EQ(set.rules().size(), 1u);
  EXPECT_TRUE(set.rules()[0].filters.empty());
  ASSERT_EQ(set.warnings().size(), 1u);
  EXPECT_NE(std::string(set.warnings()[0].message()).find("limit per rule"), std::string::npos)
      << FormatError(set.warnings()[0]);
}

}  // namespace
}  // namespace rampart::detect
