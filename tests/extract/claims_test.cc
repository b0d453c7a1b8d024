#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/extract/claim.h"

namespace rampart::extract {
namespace {

TEST(EstimateTest, WepAndConfidenceLanguage) {
  std::string words;
  EXPECT_EQ(Estimate("APT 40 almost certainly consists of elements of it", &words), 90);
  EXPECT_EQ(words, "almost certainly");
  EXPECT_EQ(Estimate("the attack was likely carried out by APT 40", &words), 70);
  EXPECT_EQ(Estimate("It is unlikely that they did", &words), 30);
  EXPECT_EQ(Estimate("allies are \xE2\x80\x9C" "confident\xE2\x80\x9D that the agency did it", &words), 85);
  EXPECT_EQ(Estimate("we assess with moderate confidence", &words), 50);
  EXPECT_EQ(Estimate("The group targeted law firms.", &words), std::nullopt);
  // A bare judgement gives way to the confidence stated with it.
  EXPECT_EQ(Estimate("a group it assesses with high confidence to be state-sponsored", &words), 85);
  EXPECT_EQ(words, "high confidence");
  EXPECT_EQ(Estimate("attributed with a high degree of confidence", &words), 85);
  EXPECT_EQ(Estimate("a group it assesses to be state-sponsored", &words), 50);
}

TEST(YearsTest, RangesAndSingleYears) {
  std::optional<int> a, b;
  EXPECT_TRUE(FindYears("attacks in 2017 and 2018.", &a, &b));
  EXPECT_EQ(a, 2017);
  EXPECT_EQ(b, 2018);
  EXPECT_TRUE(FindYears("a campaign between 2011 and 2018", &a, &b));
  EXPECT_EQ(a, 2011);
  EXPECT_EQ(b, 2018);
  EXPECT_TRUE(FindYears("active since 2019", &a, &b));
  EXPECT_EQ(a, 2019);
  EXPECT_EQ(b, std::nullopt);
  EXPECT_FALSE(FindYears("2,500 reports about COVID-19 on 2021 servers", &a, &b));
}

class ExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gazetteer_.AddBuiltins();
    gazetteer_.Add(GazetteerEntry{"APT40", EntityKind::kIntrusionSet, "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e",
                                  "Leviathan", "", kFromStore});
    gazetteer_.Add(GazetteerEntry{"HAFNIUM", EntityKind::kIntrusionSet, "intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87",
                                  "HAFNIUM", "", kFromStore});
    auto psl = PublicSuffixList::Default();
    ASSERT_TRUE(psl.ok());
    extractor_ = std::make_unique<Extractor>(&gazetteer_, *psl);
  }
  Extraction Run(const std::string& text) {
    auto doc = LoadDocument(text, "t.txt");
    EXPECT_TRUE(doc.ok());
    return extractor_->Run(*doc);
  }
  static std::vector<std::string> Claims(const Extraction& x) {
    std::vector<std::string> out;
    for (const Claim& c : x.claims) {
      out.push_back(x.entities[c.source].name + " " + c.relationship_type + " " + x.entities[c.target].name + " by " +
                    (c.claimant == kPublication ? "publication" : x.entities[c.claimant].name) + " " +
                    (c.confidence ? std::to_string(*c.confidence) : "-"));
    }
    return out;
  }
  Gazetteer gazetteer_;
  std::unique_ptr<Extractor> extractor_;
};

TEST_F(ExtractorTest, SpeakerAnaphoraAndQuotes) {
  Extraction x = Run(
      "Microsoft disclosed the hack of Microsoft Exchange in March. The company attributed the attack to a group "
      "it calls Hafnium.\n\n\xE2\x80\x9C" "APT 40 almost certainly consists of elements of the Hainan State "
      "Security Department,\xE2\x80\x9D GAC said. \xE2\x80\x9CThis group targeted Canada's defence sector in "
      "2017.\xE2\x80\x9D");
  EXPECT_THAT(Claims(x), ::testing::IsSupersetOf({
                             "Microsoft Exchange Server compromise attributed-to HAFNIUM by Microsoft -",
                             "Leviathan attributed-to Hainan State Security Department by Global Affairs Canada 90",
                             "Leviathan targets Defense sector by Global Affairs Canada -",
                             "Leviathan targets Canada by Global Affairs Canada -",
                         }));
}

// The organs' own naming: parent organ and country, claims of the
// publication without confidence; a reference inside a name is none.
TEST_F(ExtractorTest, StateOrgansPartOfAndCountry) {
  Extraction x = Run(
      "Three were officers of the Hainan State Security Department (HSSD), a provincial arm of the Ministry of "
      "State Security, the indictment says.\n\nAPT 40 almost certainly consists of elements of the Hainan State "
      "Security Department's regional MSS office, GAC said. Allies placed the blame on China's MSS agency.");
  EXPECT_THAT(Claims(x), ::testing::IsSupersetOf({
                             "Hainan State Security Department x-rampart-part-of Ministry of State Security by publication -",
                             "Leviathan attributed-to Hainan State Security Department by Global Affairs Canada 90",
                             "Ministry of State Security located-at China by publication -",
                         }));
  // Not part-of in the other direction, nor from unrelated neighbours.
  for (const std::string& c : Claims(x)) {
    EXPECT_EQ(c.find("Ministry of State Security x-rampart-part-of"), std::string::npos) << c;
  }
  Extraction y = Run("The Ministry of State Security and the Hainan State Security Department denied it.");
  EXPECT_THAT(Claims(y), ::testing::IsEmpty());
}

TEST_F(ExtractorTest, ChargedActivityIsImpliedAtTheVerb) {
  Extraction x = Run(
      "The U.S. government attributed the hack of Microsoft Exchange to the MSS. The Department of Justice "
      "announced criminal charges against four MSS hackers who targeted the defense sector.");
  std::vector<std::string> claims = Claims(x);
  EXPECT_THAT(claims, ::testing::Contains("Four MSS hackers targets Defense sector by United States Department of Justice -"));
  for (const std::string& c : claims) {
    EXPECT_EQ(c.find("Ministry of State Security targets"), std::string::npos) << c;  // "MSS" is part of a name
    EXPECT_EQ(c.find("by Government of the United States") != std::string::npos &&
                  c.find("Four MSS hackers") != std::string::npos,
              false)
        << c;  // "The Department of Justice" is no reference to the U.S. government
  }
}

TEST_F(ExtractorTest, UnknownNamedGroupsBecomeExtractedIntrusionSets) {
  Extraction x = Run("The intrusion was carried out by UNC2452, a group also tracked as Storm-0558 by others.");
  std::vector<std::string> names;
  for (const Entity& e : x.entities) {
    if (e.kind == EntityKind::kIntrusionSet && e.extracted) names.push_back(e.name);
  }
  EXPECT_THAT(names, ::testing::ElementsAre("UNC2452", "Storm-0558"));
}

TEST_F(ExtractorTest, StatisticsAreQuotedNumbers) {
  Extraction x = Run("It issued more than 2,500 foreign intelligence reports in 2020 across 28 departments and "
                     "agencies, including 84 incidents.");
  std::vector<std::string> stats;
  for (const Statistic& s : x.statistics) stats.push_back(s.number + " " + s.what);
  EXPECT_THAT(stats, ::testing::ElementsAre("2,500 foreign intelligence reports", "28 departments and agencies",
                                            "84 incidents"));
}

}  // namespace
}  // namespace rampart::extract
