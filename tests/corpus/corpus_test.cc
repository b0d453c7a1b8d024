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
constexpr size_t kMinimumDocuments = 48;

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

// A hand-built extraction against hand-built expectations: every rule of
// the README's "Matching" that decides a hit.
TEST(CorpusTest, ScorerCountsHitsMissesAndExtrasByTheMatchingRules) {
  extract::Gazetteer gazetteer;
  gazetteer.AddBuiltins();
  gazetteer.Add({"APT31", extract::EntityKind::kIntrusionSet, "intrusion-set--1", "APT31", "", 0});
  gazetteer.Add({"Zirconium", extract::EntityKind::kIntrusionSet, "intrusion-set--1", "APT31", "", 0});
  auto psl = extract::PublicSuffixList::Default();
  ASSERT_TRUE(psl.ok());
  Scorer scorer(&gazetteer, *psl);

  CorpusDocument doc;
  doc.id = "synthetic";
  doc.meta.split = "test";
  Expected& want = doc.expected;
  want.observables = {{"domain", "example.org"}, {"ipv4", "203.0.113.9"}};
  want.actors = {ExpectedName{{"Zirconium"}, "APT31", "", ""}};
  want.organizations = {ExpectedName{{"Ministry of State Security", "MSS"}, "", "", ""}};
  want.sectors = {ExpectedName{{"think tanks"}, "", "non-profit", ""}};
  want.countries = {ExpectedName{{"China"}, "", "CN", "sponsor"}, ExpectedName{{"Canada"}, "", "CA", "co-author"}};
  ExpectedClaim attribution;
  attribution.subject = {"Zirconium"};
  attribution.relation = "operated-by";
  attribution.object = {"MSS"};
  attribution.claimant = {"publication"};
  attribution.confidence = std::make_pair(80, 95);
  ExpectedClaim denial = attribution;
  denial.positive = false;
  denial.confidence.reset();
  want.claims = {attribution, denial};

  extract::Extraction x;
  x.observables = {{extract::ObservableType::kDomain, "example.org", 0, 0, true},
                   {extract::ObservableType::kDomain, "example.net", 0, 0, false}};
  auto entity = [&](extract::EntityKind kind, std::string id, std::string name, std::string code, uint32_t flags) {
    extract::Entity e{kind, id, name, code, flags};
    x.entities.push_back(e);
    return x.entities.size() - 1;
  };
  size_t apt31 = entity(extract::EntityKind::kIntrusionSet, "intrusion-set--1", "APT31", "", 0);
  std::vector<uint32_t> mss_entries = gazetteer.Lookup("MSS");  // the built-in table's id
  ASSERT_FALSE(mss_entries.empty());
  size_t mss = entity(extract::EntityKind::kThreatActor, gazetteer.entries()[mss_entries[0]].stix_id,
                      "Ministry of State Security", "CN", extract::kGovernment | extract::kStateActor);
  size_t think_tanks = entity(extract::EntityKind::kSector, "identity--3", "Non-profit sector", "non-profit", 0);
  size_t china = entity(extract::EntityKind::kCountry, "location--4", "China", "CN", 0);
  size_t canada_gov = entity(extract::EntityKind::kOrganization, "identity--5", "Government of Canada", "CA",
                             extract::kGovernment);
  auto claim = [&](std::string type, size_t source, size_t target, size_t claimant, std::optional<int> confidence) {
    extract::Claim c{};
    c.relationship_type = type;
    c.source = source;
    c.target = target;
    c.claimant = claimant;
    c.confidence = confidence;
    x.claims.push_back(c);
  };
  claim("attributed-to", apt31, mss, extract::kPublication, 90);      // the attribution, twice: one claim
  claim("attributed-to", apt31, mss, canada_gov, std::nullopt);
  claim("targets", apt31, think_tanks, canada_gov, std::nullopt);     // a sector and no expected claim
  claim("originates-from", apt31, china, extract::kPublication, std::nullopt);

  DocumentScore s = scorer.Compare(doc, x);
  auto is = [&](const std::string& field, int expected, int extracted, int hit_expected, int hit_extracted) {
    const Tally& t = s.fields[field];
    EXPECT_EQ(t.expected, expected) << field;
    EXPECT_EQ(t.extracted, extracted) << field;
    EXPECT_EQ(t.hit_expected, hit_expected) << field;
    EXPECT_EQ(t.hit_extracted, hit_extracted) << field;
  };
  is("observables", 2, 2, 1, 1);    // example.org found, 203.0.113.9 missed, example.net extra
  is("actors", 1, 1, 1, 1);         // Zirconium resolves to the extracted APT31
  is("organizations", 1, 1, 1, 1);  // Government of Canada: a co-author speaking, not an extra
  is("sectors", 1, 1, 1, 1);
  is("countries", 2, 2, 2, 2);      // CN sponsor; CA co-author = claimant through its government
  is("claims", 2, 3, 1, 1);         // the denial is missed; targets and originates-from are extras
  is("claimant", 1, 0, 1, 0);
  is("confidence", 1, 0, 1, 0);
  EXPECT_EQ(s.misses.size(), 2u);  // the address and the denial
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
