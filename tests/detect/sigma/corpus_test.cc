// `rules check` over the whole SigmaHQ corpus: every rule parses and
// compiles; the unsupported ones are at most those listed in
// docs/formats/sigma-support.md.
#include <gtest/gtest.h>

#include <set>

#include "detect/sigma/sigma_test_util.h"
#include "rampart/detect/logsource.h"
#include "support/test_support.h"

namespace rampart::detect {
namespace {

// docs/formats/sigma-support.md, "Unsupported rules": keep in step.
constexpr int kDocumentedUnsupported = 2;

TEST(SigmaCorpus, AllRulesLoadAndCompile) {
  RuleSet set = RuleSet::Load({rampart::testing::DataPath("sigma/rules"),
                               rampart::testing::DataPath("sigma/rules-emerging-threats"),
                               rampart::testing::DataPath("sigma/rules-threat-hunting")});
  EXPECT_EQ(set.files(), 3754);
  for (const auto& e : set.errors()) std::printf("unsupported: %s\n", FormatError(e).c_str());
  EXPECT_LE(static_cast<int>(set.errors().size()), kDocumentedUnsupported);
  EXPECT_EQ(set.rules().size() + set.errors().size(), 3754u);
  std::set<std::string> ids;
  for (const auto& r : set.rules()) {
    EXPECT_FALSE(r.info.id.empty()) << r.info.where.ToString();
    ids.insert(r.info.id);
  }
  EXPECT_EQ(ids.size(), set.rules().size());
  EXPECT_TRUE(set.Validate().empty());
  auto matcher = Matcher::Compile(set);
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  for (const auto& e : (*matcher)->rule_errors()) ADD_FAILURE() << FormatError(e);
  MatcherStats st = (*matcher)->stats();
  EXPECT_EQ(st.rules, static_cast<int>(set.rules().size()));
  std::printf("groups %d atoms %d vectorscan-regexes %d pcre-regexes %d other %d databases %d\n", st.groups,
              st.atoms, st.vectorscan_regexes, st.pcre_regexes, st.other_leaves, st.databases);
  int unmapped = 0;
  for (const auto& r : set.rules()) unmapped += !LogSourceMapped(r.info.logsource);
  std::printf("rules whose logsource is not mapped (see only unknown-source events): %d\n", unmapped);
}

}  // namespace
}  // namespace rampart::detect
