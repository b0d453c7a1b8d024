#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <random>

#include "rampart/core/fs.h"
#include "rampart/extract/claim.h"
#include "support/test_support.h"
#include "report_inputs.h"

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
    for (const char* name : {"APT31", "APT41", "APT28", "Volt Typhoon", "Lazarus Group", "Kimsuky"}) {
      gazetteer_.Add(GazetteerEntry{name, EntityKind::kIntrusionSet, DeterministicId("intrusion-set", name), name, "",
                                    kFromStore});
    }
    gazetteer_.Add(GazetteerEntry{"BadRabbit", EntityKind::kMalware, DeterministicId("malware", "BadRabbit"),
                                  "BadRabbit", "", kFromStore});
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

// An organ's country as the text writes it: in the organ's own name, or in
// an appositive right after it.
TEST_F(ExtractorTest, OrgansNamedWithTheirCountry) {
  Extraction x = Run(
      "The campaign was run by the Russian Federal Security Service.\n\n"
      "They spied for the Reconnaissance General Bureau \xE2\x80\x94 North Korea's primary military "
      "intelligence organization.");
  EXPECT_THAT(Claims(x), ::testing::IsSupersetOf({
                             "Federal Security Service (FSB) located-at Russia by publication -",
                             "Reconnaissance General Bureau located-at North Korea by publication -",
                         }));
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

// A government's assessment of a group's sponsor, in the forms statements
// use; the claimant is the agency that makes it, passive agents included.
TEST_F(ExtractorTest, SponsorAssessmentsAreAttributions) {
  Extraction x = Run(
      "The NCSC assesses that APT31 is operated by the Ministry of State Security.\n\n"
      "Volt Typhoon is a unit of the People's Liberation Army, according to the FBI.\n\n"
      "APT40 acts on behalf of the Hainan State Security Department, the NCSC said.\n\n"
      "The exploitation of Microsoft Exchange Server was attributed to HAFNIUM by Microsoft.\n\n"
      "The United Kingdom attributes the Microsoft Exchange compromise to the Chinese state.");
  EXPECT_THAT(Claims(x), ::testing::IsSupersetOf({
                             "APT31 attributed-to Ministry of State Security by National Cyber Security Centre 50",
                             // Membership of an organ is said as such.
                             "Volt Typhoon x-rampart-part-of People's Liberation Army by Federal Bureau of Investigation -",
                             "Leviathan attributed-to Hainan State Security Department by National Cyber Security Centre -",
                             "Microsoft Exchange Server compromise attributed-to HAFNIUM by Microsoft -",
                             "Microsoft Exchange Server compromise originates-from China by Government of the United Kingdom -",
                         }));
  Extraction y = Run("The NCSC assessed that the GRU was \"almost certainly responsible\" also for the BadRabbit "
                     "ransomware.");
  EXPECT_THAT(Claims(y), ::testing::Contains(::testing::HasSubstr(
                             "BadRabbit authored-by Main Intelligence Directorate (GRU) by National Cyber Security Centre")));
}

// "has not been attributed", "no evidence that", "cannot attribute": never
// a positive claim -- a negated one for attribution and overlap, none for
// targeting; a negation in another clause does not count.
TEST_F(ExtractorTest, DenialsAreNeverPositive) {
  Extraction x = Run(
      "Microsoft did not attribute the hack of Microsoft Exchange to APT28.\n\n"
      "There is no evidence that the Microsoft Exchange compromise was carried out by APT31.\n\n"
      "We cannot attribute the Microsoft Exchange compromise to APT41 at this time.\n\n"
      "The Microsoft Exchange compromise has not been attributed to Volt Typhoon.\n\n"
      "APT40 did not target the energy sector.\n\n"
      "APT28 is not related to Kimsuky.");
  EXPECT_THAT(Claims(x), ::testing::UnorderedElementsAre(
                             "Microsoft Exchange Server compromise x-rampart-not-attributed-to APT28 by Microsoft -",
                             "Microsoft Exchange Server compromise x-rampart-not-attributed-to APT31 by publication -",
                             "Microsoft Exchange Server compromise x-rampart-not-attributed-to APT41 by publication -",
                             "Microsoft Exchange Server compromise x-rampart-not-attributed-to Volt Typhoon by publication -",
                             "APT28 x-rampart-not-related-to Kimsuky by publication -"));
  for (const Claim& c : x.claims) EXPECT_TRUE(c.negated) << c.quote;
  Extraction y = Run(
      "The vendor did not name a group, but the NCSC attributed the Microsoft Exchange compromise to HAFNIUM.\n\n"
      "APT40 targeted not only universities but also law firms.");
  EXPECT_THAT(Claims(y), ::testing::IsSupersetOf({
                             "Microsoft Exchange Server compromise attributed-to HAFNIUM by National Cyber Security Centre -",
                             "Leviathan targets Education sector by publication -",
                             "Leviathan targets Legal sector by publication -",
                         }));
}

TEST_F(ExtractorTest, GroupsThatOverlap) {
  Extraction x = Run("APT41 overlaps with APT31, and Lazarus Group shares infrastructure with Kimsuky.");
  EXPECT_THAT(Claims(x), ::testing::UnorderedElementsAre("APT41 related-to APT31 by publication -",
                                                         "Lazarus Group related-to Kimsuky by publication -"));
}

std::vector<std::string> Sectors(const Extraction& x) {
  std::vector<std::string> out;
  for (const Entity& e : x.entities) {
    if (e.kind == EntityKind::kSector) out.push_back(e.name);
  }
  return out;
}

// A sector is in the report where a claim or a victim list names it as
// targeted, not wherever its word occurs.
TEST_F(ExtractorTest, SectorsOnlyWhereTargeted) {
  Extraction x = Run(
      "APT31 targeted government entities and defence contractors, while healthcare providers were unaffected. "
      "The energy sector is a priority for the government.\n\nThink tanks and maritime research institutes "
      "were targeted in 2023.");
  EXPECT_THAT(Claims(x), ::testing::UnorderedElementsAre("APT31 targets Government sector by publication -",
                                                         "APT31 targets Defense sector by publication -"));
  EXPECT_THAT(Sectors(x), ::testing::UnorderedElementsAre("Government sector", "Defense sector",
                                                          "Non-profit sector", "Ocean technology sector"));
  for (const EntityMention& m : x.mentions) ASSERT_LT(m.entity, x.entities.size());
}

// "targeted by X": the agent after "by", the victims around it in the
// clause; a country in the possessive before a victim is no attributee.
TEST_F(ExtractorTest, PassiveTargetingAndPossessives) {
  Extraction x = Run(
      "The businesses believed to be targeted by APT41 include universities, energy companies and airlines.\n\n"
      "APT28 was observed targeting individuals linked to South Korea's academic sector.");
  std::vector<std::string> claims = Claims(x);
  EXPECT_THAT(claims, ::testing::IsSupersetOf({
                          "APT41 targets Education sector by publication 50",  // "believed"
                          "APT41 targets Energy sector by publication 50",
                          "APT41 targets Aerospace sector by publication 50",
                          "APT28 targets Education sector by publication -",
                      }));
  for (const std::string& c : claims) EXPECT_EQ(c.find("originates-from"), std::string::npos) << c;
}

// A targeting verb whose sentence names no subject takes the group the
// previous sentences were about -- not when someone else is named before it.
TEST_F(ExtractorTest, TargetingWithoutASubjectTakesTheTopic) {
  Extraction x = Run(
      "Analysts attributed a new intrusion to APT41. They linked it to a wider campaign targeting universities "
      "and manufacturers.\n\nThe statements follow a cyberattack by China that sought to steal data from "
      "think tanks.");
  std::vector<std::string> claims = Claims(x);
  EXPECT_THAT(claims, ::testing::IsSupersetOf({"APT41 targets Education sector by publication -",
                                               "APT41 targets Manufacturing sector by publication -"}));
  for (const std::string& c : claims) EXPECT_EQ(c.find("Non-profit"), std::string::npos) << c;
}

// "which include" continues the object's list; another "which" ends it.
TEST_F(ExtractorTest, WhichIncludeContinuesTheObject) {
  Extraction x = Run(
      "APT40 attacked victims in 16 countries, which include Canada and Japan.\n\n"
      "APT31 targeted Finland, which borders Russia.");
  EXPECT_THAT(Claims(x), ::testing::IsSupersetOf({"Leviathan targets Canada by publication -",
                                                  "Leviathan targets Japan by publication -",
                                                  "APT31 targets Finland by publication -"}));
  for (const std::string& c : Claims(x)) EXPECT_EQ(c.find("Russia"), std::string::npos) << c;
}

// The countries and agencies that write an advisory are its authors, not
// the actor's targets.
TEST_F(ExtractorTest, CoAuthorsAreNotTargets) {
  Extraction x = Run(
      "CISA, the FBI and the UK's NCSC released this advisory on APT40, which targeted networks in "
      "Australia.\n\nAPT40 targeted networks in Australia, the co-authoring agencies of the UK, Canada and New "
      "Zealand said.");
  for (const std::string& c : Claims(x)) {
    EXPECT_EQ(c.find("targets United Kingdom"), std::string::npos) << c;
    EXPECT_EQ(c.find("targets Canada"), std::string::npos) << c;
    EXPECT_EQ(c.find("targets New Zealand"), std::string::npos) << c;
  }
  EXPECT_THAT(Claims(x), ::testing::Contains("Leviathan targets Australia by publication -"));
}

// A sponsor in the actor's own noun phrase is its origin; a country that
// qualifies an actor is neither a target nor the speaker.
TEST_F(ExtractorTest, SponsorInTheActorsNounPhrase) {
  Extraction x = Run(
      "Chinese state-sponsored actors known as APT40 exploited the flaw.\n\n"
      "Kimsuky, a North Korean government-backed group, sent lures.\n\n"
      "Russian APT28 phished officials.\n\n"
      "The North Korean hacking group known as Lazarus Group stole funds.\n\n"
      "APT31, another suspected Chinese threat group, was named.\n\n"
      "The PRC state-sponsored cyber group APT41 targeted organizations in Australia and the US, and the "
      "techniques are used by other PRC state-sponsored actors, the agencies believe.");
  std::vector<std::string> claims = Claims(x);
  EXPECT_THAT(claims, ::testing::IsSupersetOf({
                          "Leviathan originates-from China by publication -",
                          "Kimsuky originates-from North Korea by publication -",
                          "APT28 originates-from Russia by publication -",
                          "Lazarus Group originates-from North Korea by publication -",
                          "APT31 originates-from China by publication 50",  // "suspected"
                          "APT41 targets Australia by publication -",
                          "APT41 targets United States of America by publication -",
                      }));
  for (const std::string& c : claims) {
    EXPECT_EQ(c.find("targets China"), std::string::npos) << c;
    EXPECT_EQ(c.find("by Government of China"), std::string::npos) << c;
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

// The quote scan before it skipped to quote marks with memchr: every byte
// tested in turn.
std::vector<std::pair<size_t, size_t>> QuoteRegionsByteByByte(std::string_view sentence) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t open = std::string_view::npos;
  for (size_t i = 0; i < sentence.size(); ++i) {
    char c = sentence[i];
    bool left = sentence.compare(i, 3, "\xE2\x80\x9C") == 0;
    bool right = sentence.compare(i, 3, "\xE2\x80\x9D") == 0;
    bool ascii = c == '"';
    if (left || (ascii && open == std::string_view::npos)) {
      open = i;
    } else if ((right || ascii) && open != std::string_view::npos) {
      out.emplace_back(open, i + (right ? 3 : 1));
      open = std::string_view::npos;
    }
  }
  if (open != std::string_view::npos) out.emplace_back(open, sentence.size());
  return out;
}

TEST(QuoteRegionsTest, SameAsByteByByteOnRandomText) {
  const std::string_view pieces[] = {"a", " said ", "\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x94",
                                     "\xE2\x80\x99", "\xE2", "\xE2\x80", "x."};
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t n = rng() % 12; n > 0; --n) text += pieces[rng() % std::size(pieces)];
    ASSERT_EQ(internal::QuoteRegions(text), QuoteRegionsByteByByte(text)) << text;
  }
  EXPECT_EQ(internal::QuoteRegions("\xE2\x80\x9CIt was them,\xE2\x80\x9D GAC said. \"More"),
            (std::vector<std::pair<size_t, size_t>>{{0, 18}, {29, 34}}));
}

// FindYears before it skipped to digits eight bytes at a time: every byte
// tested in turn (the same rules).
bool EndsWithLowerRef(std::string_view s, size_t end, std::string_view suffix) {
  if (end < suffix.size()) return false;
  for (size_t k = 0; k < suffix.size(); ++k) {
    char c = s[end - suffix.size() + k];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != suffix[k]) return false;
  }
  return true;
}
bool WordRef(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool FindYearsByteByByte(std::string_view s, std::optional<int>* start, std::optional<int>* stop) {
  size_t count = 0;
  int lo = 0, hi = 0;
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') continue;
    if ((i > 0 && (WordRef(s[i - 1]) || s[i - 1] == '-')) || (i + 4 < s.size() && (WordRef(s[i + 4]) || s[i + 4] == ','))) {
      continue;
    }
    bool digits = true;
    int year = 0;
    for (size_t k = 0; k < 4; ++k) {
      digits = digits && s[i + k] >= '0' && s[i + k] <= '9';
      year = year * 10 + (s[i + k] - '0');
    }
    if (!digits || year < 1990 || year > 2099) continue;
    bool timed = false;
    for (std::string_view b : {"in ", "between ", "and ", "since ", "from ", "to ", "until ", "through ", "during ", "-",
                               "\xE2\x80\x93", "early ", "late ", "of "}) {
      timed = timed || EndsWithLowerRef(s, i, b);
    }
    if (!timed) continue;
    lo = count == 0 ? year : std::min(lo, year);
    hi = count == 0 ? year : std::max(hi, year);
    ++count;
  }
  if (count == 0) return false;
  *start = lo;
  bool since = false;
  for (size_t i = 0; i + 5 <= s.size(); ++i) {
    since = since || (EndsWithLowerRef(s, i + 5, "since") && (i == 0 || !WordRef(s[i - 1])) &&
                      (i + 5 == s.size() || !WordRef(s[i + 5])));
  }
  if (count == 1 && since) {
    stop->reset();
  } else {
    *stop = hi;
  }
  return true;
}

TEST(YearsTest, SameAsByteByByteOnRandomText) {
  const std::string_view pieces[] = {"in ", "In ", "between ", "and ", "since ", "Since ", "from ", "to ", "-",
                                     "\xE2\x80\x93", "of ", "2017", "2018", "1989", "2100", "1", "20", "x", " ",
                                     ",", "a2019", "2019b", "0", "9"};
  std::mt19937 rng(11);
  for (int round = 0; round < 50000; ++round) {
    std::string text;
    for (size_t n = rng() % 16; n > 0; --n) text += pieces[rng() % std::size(pieces)];
    std::optional<int> a, b, c, d;
    bool fast = FindYears(text, &a, &b);
    bool slow = FindYearsByteByByte(text, &c, &d);
    ASSERT_EQ(fast, slow) << text;
    ASSERT_EQ(a, c) << text;
    ASSERT_EQ(b, d) << text;
  }
}

// Every field of an extraction, one line per item.
std::string Dump(const Extraction& x) {
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("-"); };
  std::string out = "sentences " + std::to_string(x.sentences.size()) + "\n";
  for (const Entity& e : x.entities) {
    out += "entity " + std::to_string(static_cast<int>(e.kind)) + "|" + e.stix_id + "|" + e.name + "|" + e.code + "|" +
           std::to_string(e.flags) + "|" + std::to_string(e.extracted) + "|" + e.description + "|" +
           opt(e.first_year) + "|" + opt(e.last_year) + "|";
    for (const std::string& a : e.aliases) out += "alias " + a + ";";
    for (const std::string& n : e.names) out += "name " + n + ";";
    out += "\n";
  }
  for (const EntityMention& m : x.mentions) {
    out += "mention " + std::to_string(m.begin) + " " + std::to_string(m.end) + " " + std::to_string(m.entity) + " " +
           std::to_string(m.sentence) + "\n";
  }
  for (const Claim& c : x.claims) {
    out += "claim " + std::string(ClaimKindName(c.kind)) + " " + c.relationship_type + " " + std::to_string(c.source) +
           " " + std::to_string(c.target) + " " + std::to_string(c.claimant) + " " + std::to_string(c.sentence) + " " +
           std::to_string(c.quote_begin) + " " + std::to_string(c.quote_end) + " " + opt(c.confidence) + " " +
           c.estimative + " " + opt(c.start_year) + " " + opt(c.stop_year) + " " + c.quote + "\n";
  }
  for (const Statistic& s : x.statistics) {
    out += "statistic " + s.number + " " + std::to_string(s.value) + " " + s.what + " " + std::to_string(s.sentence) +
           " " + std::to_string(s.quote_begin) + " " + std::to_string(s.quote_end) + "\n";
  }
  return out;
}

// The stages look their phrases up in the phrase index (only those a
// sentence holds); without the index each searches the sentence for every
// phrase of its tables. Both must give the same extraction, field for field,
// on the reports and on documents shuffled together from their sentences.
TEST_F(ExtractorTest, PhraseIndexLookupsEqualSearchingEachSentence) {
  for (const GazetteerEntry& e : {
           GazetteerEntry{"China Chopper", EntityKind::kMalware, "malware--a2282af0-f9dd-4373-9b92-eaf9e11e0c71",
                          "China Chopper", "", kFromStore},
           GazetteerEntry{"Mimikatz", EntityKind::kTool, "tool--afc079f3-c0ea-4096-b75d-3f05338b7f60", "Mimikatz", "",
                          kFromStore},
           GazetteerEntry{"APT31", EntityKind::kIntrusionSet, "intrusion-set--899ce53f-13a0-479b-a0e4-67d46e241542",
                          "APT31", "", kFromStore},
           GazetteerEntry{"Zirconium", EntityKind::kIntrusionSet, "intrusion-set--899ce53f-13a0-479b-a0e4-67d46e241542",
                          "APT31", "", kFromStore},
       }) {
    gazetteer_.Add(e);
  }
  std::vector<std::string> texts;
  std::vector<std::string> paths = testing::ReportInputPaths();
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> sentences;
  for (const std::string& path : paths) {
    auto bytes = ReadFile(path);
    ASSERT_TRUE(bytes.ok()) << path;
    auto doc = LoadDocument(*bytes, path);
    ASSERT_TRUE(doc.ok()) << path;
    texts.push_back(doc->text);
    for (const Sentence& s : extractor_->Run(*doc).sentences) sentences.emplace_back(s.Of(doc->text));
  }
  ASSERT_GE(paths.size(), 6u);
  std::mt19937 rng(12345);
  for (int k = 0; k < 300; ++k) {
    std::string text;
    for (size_t n = 5 + rng() % 30; n > 0; --n) {
      std::string s = sentences[rng() % sentences.size()];
      if (rng() % 7 == 0 && s.size() > 10) s = s.substr(rng() % (s.size() / 2));  // a cut sentence
      if (rng() % 11 == 0) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      text += s;
      text += rng() % 3 == 0 ? "\n\n" : " ";
    }
    texts.push_back(std::move(text));
  }
  size_t claims = 0;
  for (const std::string& text : texts) {
    auto doc = LoadDocument(text, "t.txt");
    ASSERT_TRUE(doc.ok());
    Extraction indexed = extractor_->Run(*doc);
    internal::SetPhraseIndexDisabledForTesting(true);
    Extraction searched = extractor_->Run(*doc);
    internal::SetPhraseIndexDisabledForTesting(false);
    ASSERT_EQ(Dump(indexed), Dump(searched)) << text;
    claims += indexed.claims.size();
  }
  EXPECT_GT(claims, 500u);  // the documents do make claims
}

}  // namespace
}  // namespace rampart::extract
