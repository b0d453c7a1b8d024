#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/extract/entity.h"
#include "rampart/extract/sentence.h"

namespace rampart::extract {
namespace {

std::vector<std::string> Names(const Gazetteer& g, const std::string& text) {
  std::vector<std::string> out;
  for (const Mention& m : g.Find(text, SplitSentences(text))) {
    out.push_back(g.entries()[m.entry].name + "=" + text.substr(m.begin, m.end - m.begin));
  }
  return out;
}

TEST(GazetteerTest, NormalisedAliasesOnWordBoundaries) {
  Gazetteer g;
  g.AddBuiltins();
  g.Add(GazetteerEntry{"APT40", EntityKind::kIntrusionSet, "intrusion-set--1", "Leviathan", "", kFromStore});
  g.Add(GazetteerEntry{"HAFNIUM", EntityKind::kIntrusionSet, "intrusion-set--2", "HAFNIUM", "", kFromStore});
  EXPECT_THAT(Names(g, "Linked to APT 40 and apt-40 and Hafnium, not APT400 or hafniums."),
              ::testing::ElementsAre("Leviathan=APT 40", "HAFNIUM=Hafnium"));
  EXPECT_THAT(Names(g, "China's Ministry of State Security (MSS) and the U.S. government."),
              ::testing::ElementsAre("China=China", "Ministry of State Security=Ministry of State Security",
                                     "Ministry of State Security=MSS",
                                     "Government of the United States=U.S. government"));
}

TEST(GazetteerTest, CommonWordsNeedCapitalsAndContext) {
  Gazetteer g;
  g.Add(GazetteerEntry{"Cutting Edge", EntityKind::kCampaign, "campaign--1", "Cutting Edge", "", kFromStore});
  g.Add(GazetteerEntry{"Play", EntityKind::kMalware, "malware--1", "Play", "", kFromStore});
  g.Add(GazetteerEntry{"at", EntityKind::kTool, "tool--1", "at", "", kFromStore});
  EXPECT_TRUE(Names(g, "This is cutting edge work we play at home.").empty());
  EXPECT_TRUE(Names(g, "Play the game.").empty());
  EXPECT_THAT(Names(g, "Affiliates deployed Play ransomware during Cutting Edge."),
              ::testing::ElementsAre("Play=Play", "Cutting Edge=Cutting Edge"));
}

TEST(GazetteerTest, SectorsAndDemonyms) {
  Gazetteer g;
  g.AddBuiltins();
  auto names = Names(g, "Chinese actors targeted defence, ocean technologies and biopharmaceutical sectors.");
  EXPECT_THAT(names, ::testing::ElementsAre("China=Chinese", "Defense sector=defence",
                                            "Ocean technology sector=ocean technologies",
                                            "Pharmaceutical sector=biopharmaceutical"));
  EXPECT_EQ(DeterministicId("identity", "Global Affairs Canada"),
            DeterministicId("identity", "global affairs  canada"));
}

}  // namespace
}  // namespace rampart::extract
