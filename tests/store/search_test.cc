// Full-text search: prefix words ANDed, snippets, ranking, type filter, and
// hostile input that must never reach FTS5 as syntax.
#include <gtest/gtest.h>

#include <algorithm>

#include "store_test_util.h"

namespace rampart::store::testing {
namespace {

class SearchTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = TestStore();
    PutAll(*store_,
           {IntrusionSet(1, "Leviathan",
                         {{"aliases", {"APT40", "TEMP.Periscope"}},
                          {"description", "A cyber espionage group sponsored by the Chinese state, targeting "
                                          "maritime industries."}}),
            Malware(2, "China Chopper",
                    {{"description", "A web shell used by several Chinese groups against Exchange servers."}}),
            AttackPattern(3, "PowerShell",
                          {{"description", "Adversaries may abuse PowerShell (T1059.001) to run commands; "
                                           "see \"Invoke-Mimikatz\" AND other tools."}}),
            Relationship(4, "uses", Id("intrusion-set", 1), Id("malware", 2),
                         {{"description", "Leviathan used China Chopper."}}),
            Sdo("identity", 5, "Café Résumé Lab", {{"identity_class", "organization"}})});
  }
  std::vector<std::string> HitIds(std::string_view text, std::string_view type = {}) {
    Result<std::vector<SearchHit>> hits = store_->Search(text, type);
    EXPECT_TRUE(hits.ok()) << hits.status() << " for " << text;
    std::vector<std::string> ids;
    if (hits.ok()) {
      for (const SearchHit& hit : *hits) ids.push_back(hit.id);
    }
    return ids;
  }
  std::unique_ptr<Store> store_;
};

TEST_P(SearchTest, EveryWordMustOccurAsAPrefix) {
  EXPECT_EQ(HitIds("espion"), std::vector<std::string>{Id("intrusion-set", 1)});
  EXPECT_EQ(HitIds("chinese maritime"), std::vector<std::string>{Id("intrusion-set", 1)});
  EXPECT_EQ(HitIds("chin").size(), 2u);
  EXPECT_TRUE(HitIds("chinese submarine").empty());
}

TEST_P(SearchTest, NamesAndAliasesAreSearched) {
  EXPECT_EQ(HitIds("periscope"), std::vector<std::string>{Id("intrusion-set", 1)});
  EXPECT_EQ(HitIds("apt40"), std::vector<std::string>{Id("intrusion-set", 1)});
  EXPECT_EQ(HitIds("TEMP.Peri"), std::vector<std::string>{Id("intrusion-set", 1)});
}

TEST_P(SearchTest, AnExactNameOrAliasRanksFirst) {
  // "APT 40": the words "apt" and "40" never occur apart in Leviathan's text,
  // yet its alias APT40 is the same name under NormalizeName.
  PutAll(*store_, {Sdo("threat-actor", 6, "APT group 40 watchers",
                       {{"description", "Reports about APT campaigns, 40 of them."}}),
                   Sdo("intrusion-set", 7, "Other APT", {{"description", "Not APT 40, an APT 41 cousin."}})});
  std::vector<std::string> ids = HitIds("APT 40");
  ASSERT_GE(ids.size(), 3u);
  EXPECT_EQ(ids[0], Id("intrusion-set", 1));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), Id("intrusion-set", 1)), 1);
  Result<std::vector<SearchHit>> hits = store_->Search("apt-40");
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].name, "Leviathan");
  EXPECT_EQ((*hits)[0].snippet, "[APT40]");
  for (size_t i = 1; i < hits->size(); ++i) EXPECT_LT((*hits)[0].rank, (*hits)[i].rank);
  EXPECT_EQ(HitIds("APT 40", "malware"), std::vector<std::string>{});
  Result<std::vector<SearchHit>> one = store_->Search("APT 40", {}, 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
}

TEST_P(SearchTest, RelationshipsAreNotSearchDocuments) {
  for (const std::string& id : HitIds("chopper")) EXPECT_NE(id, Id("relationship", 4));
}

TEST_P(SearchTest, SnippetMarksTheMatch) {
  Result<std::vector<SearchHit>> hits = store_->Search("maritime");
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].type, "intrusion-set");
  EXPECT_EQ((*hits)[0].name, "Leviathan");
  EXPECT_NE((*hits)[0].snippet.find("[maritime]"), std::string::npos) << (*hits)[0].snippet;
}

TEST_P(SearchTest, NameHitsOutrankDescriptionHits) {
  // "China" is in the malware's name; the intrusion set has only "Chinese"
  // in its description.
  Result<std::vector<SearchHit>> hits = store_->Search("chin");
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, Id("malware", 2));
  EXPECT_LE((*hits)[0].rank, (*hits)[1].rank);
}

TEST_P(SearchTest, TypeFilterAndLimit) {
  EXPECT_EQ(HitIds("chin", "malware"), std::vector<std::string>{Id("malware", 2)});
  EXPECT_TRUE(HitIds("chin", "tool").empty());
  EXPECT_EQ(store_->Search("chin", {}, 1)->size(), 1u);
}

TEST_P(SearchTest, DiacriticsAreIgnored) {
  EXPECT_EQ(HitIds("cafe resume"), std::vector<std::string>{Id("identity", 5)});
  EXPECT_EQ(HitIds("Café"), std::vector<std::string>{Id("identity", 5)});
}

TEST_P(SearchTest, HostileInputNeverErrors) {
  for (const char* text : {"\"", "\"\"", "AND OR", "AND", "OR NOT", "NEAR(a b)", "*", "-", "-powershell",
                           "power*", "(", ")", "^", "a:b", "name:leviathan", "' OR 1=1 --", "\\", "{}",
                           "T1059.001", "\"Invoke-Mimikatz\"", "\xFF\xFE", "\xE2\x80\x94"}) {
    Result<std::vector<SearchHit>> hits = store_->Search(text);
    EXPECT_TRUE(hits.ok()) << text << ": " << hits.status();
  }
  // Operators are words like any other: "AND" occurs in one description.
  EXPECT_EQ(HitIds("AND other"), std::vector<std::string>{Id("attack-pattern", 3)});
  EXPECT_EQ(HitIds("T1059.001"), std::vector<std::string>{Id("attack-pattern", 3)});
  EXPECT_EQ(HitIds("\"Invoke-Mimikatz\""), std::vector<std::string>{Id("attack-pattern", 3)});
  EXPECT_TRUE(HitIds("*").empty());
  EXPECT_TRUE(HitIds("").empty());
}

RAMPART_STORE_BACKENDS(SearchTest);

}  // namespace
}  // namespace rampart::store::testing
