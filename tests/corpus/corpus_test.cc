// The evaluation corpus: every document has its provenance and
// expectations, the split is balanced, the scorer counts what it should, and
// the test half scores at least what floor.json records.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "knowledge_base.h"
#include "score.h"
#include "support/test_support.h"

namespace rampart::corpus {
namespace {

// The corpus the floors were recorded on; fewer documents means some were lost.
constexpr size_t kMinimumDocuments = 15;

std::vector<CorpusDocument> Load() {
  auto docs = LoadCorpus(RAMPART_CORPUS_DIR);
  EXPECT_TRUE(docs.ok()) << FormatError(docs.status());
  return docs.ok() ? *docs : std::vector<CorpusDocument>{};
}

TEST(CorpusTest, EveryDocumentHasProvenanceAndExpectations) {
  std::vector<CorpusDocument> docs = Load();
  ASSERT_GE(docs.size(), kMinimumDocuments);
  for (const CorpusDocument& d : docs) {
    SCOPED_TRACE(d.id);
    EXPECT_TRUE(d.meta.url.starts_with("http")) << d.meta.url;
    const Expected& e = d.expected;
    EXPECT_FALSE(e.actors.empty() && e.organizations.empty() && e.observables.empty())
        << "a document with nothing to find measures nothing";
  }
}

TEST(CorpusTest, SplitIsBalancedByDocumentAndKind) {
  std::vector<CorpusDocument> docs = Load();
  std::map<std::string, std::map<std::string, int>> by_kind;
  std::map<std::string, int> by_split;
  for (const CorpusDocument& d : docs) {
    ++by_split[d.meta.split];
    ++by_kind[d.meta.kind][d.meta.split];
  }
  EXPECT_LE(std::abs(by_split["dev"] - by_split["test"]), 2);
  for (auto& [kind, splits] : by_kind) {
    EXPECT_LE(std::abs(splits["dev"] - splits["test"]), 2) << kind;
  }
}

TEST(CorpusTest, AnEmptyExtractionFindsNothingAndClaimsNothing) {
  std::vector<CorpusDocument> docs = Load();
  ASSERT_FALSE(docs.empty());
  extract::Gazetteer gazetteer;
  gazetteer.AddBuiltins();
  auto psl = extract::PublicSuffixList::Default();
  ASSERT_TRUE(psl.ok());
  Scorer scorer(&gazetteer, *psl);
  for (const CorpusDocument& d : docs) {
    DocumentScore s = scorer.Compare(d, extract::Extraction{});
    for (const auto& [name, t] : s.fields) {
      EXPECT_EQ(t.hit_expected, 0) << d.id << " " << name;
      EXPECT_EQ(t.extracted, 0) << d.id << " " << name;
    }
    EXPECT_EQ(s.fields["claims"].expected, int(d.expected.claims.size()));
    EXPECT_EQ(s.misses.size() > 0, d.expected.claims.size() + d.expected.actors.size() > 0) << d.id;
  }
}

TEST(CorpusTest, TestHalfHoldsTheRecordedFloor) {
  std::ifstream in(std::string(RAMPART_CORPUS_DIR) + "/floor.json");
  ASSERT_TRUE(in) << "tests/corpus/floor.json";
  nlohmann::json floor = nlohmann::json::parse(in);
  std::vector<CorpusDocument> docs = Load();
  testing::TempDir dir;
  auto kb = BuildKnowledgeBase(testing::DataDir(), dir.File("kb.db"));
  ASSERT_TRUE(kb.ok()) << FormatError(kb.status());
  auto psl = extract::PublicSuffixList::Default();
  ASSERT_TRUE(psl.ok());
  Scorer scorer(&(*kb)->gazetteer, *psl);
  std::vector<DocumentScore> scores;
  for (const CorpusDocument& d : docs) {
    auto s = scorer.Score(d);
    ASSERT_TRUE(s.ok()) << d.id << ": " << FormatError(s.status());
    scores.push_back(*s);
  }
  SplitSummary test = Summarize(scores, "test");
  ASSERT_EQ(floor.at("split"), "test");
  std::vector<std::string> all = kSetFields;
  all.insert(all.end(), kRatioFields.begin(), kRatioFields.end());
  for (const std::string& name : all) {
    ASSERT_TRUE(floor.at("fields").contains(name)) << "floor.json lacks " << name;
    double value = FloorValue(test.fields[name], name);
    EXPECT_GE(value + 1e-9, floor["fields"][name].get<double>())
        << name << " on the test half fell below its recorded floor";
  }
}

}  // namespace
}  // namespace rampart::corpus
