#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "rampart/core/id.h"
#include "rampart/extract/document.h"
#include "rampart/extract/entity.h"
#include "rampart/extract/sentence.h"
#include "rampart/intel/importer.h"
#include "rampart/store/open.h"
#include "support/test_support.h"

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


// Find's contract written the slow way, through the public API: tokens are
// runs of code points NormalizeKey keeps; from each token, every run of
// tokens joined by light separators is looked up whole (Lookup orders
// entries as Find prefers them); the longest run with an entry whose flags
// accept the span wins, and the search resumes after it.
std::vector<Mention> ReferenceFind(const Gazetteer& g, std::string_view text) {
  size_t longest_key = 0;
  for (const GazetteerEntry& e : g.entries()) longest_key = std::max(longest_key, Gazetteer::NormalizeKey(e.alias).size());
  struct Tok {
    size_t begin, end;
    std::string key;
  };
  auto joins = [&](const Tok& a, const Tok& b) {
    std::string_view sep = text.substr(a.end, b.begin - a.end);
    if (sep.size() > 4) return false;
    for (size_t k = 0; k < sep.size(); ++k) {
      if (sep[k] == '.' && k + 1 < sep.size() && sep[k + 1] == ' ') {
        if (a.end - a.begin != 1) return false;
      } else if (sep.substr(k).starts_with("\xE2\x80\x99")) {
        k += 2;
      } else if (std::string_view(" -_/.'").find(sep[k]) == std::string_view::npos) {
        return false;
      }
    }
    return true;
  };
  std::vector<Mention> out;
  for (const Sentence& s : SplitSentences(text)) {
    std::vector<Tok> toks;
    for (size_t i = s.begin; i < s.end;) {
      auto c = static_cast<unsigned char>(text[i]);
      size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      if (i + len > text.size()) len = 1;
      std::string key = Gazetteer::NormalizeKey(text.substr(i, len));
      if (!key.empty()) {
        if (!toks.empty() && toks.back().end == i) {
          toks.back().end = i + len;
          toks.back().key += key;
        } else {
          toks.push_back(Tok{i, i + len, key});
        }
      }
      i += len;
    }
    for (size_t t = 0; t < toks.size();) {
      std::string key;
      int best = -1;
      size_t best_end = t;
      for (size_t j = t; j < toks.size() && (j == t || joins(toks[j - 1], toks[j])); ++j) {
        key += toks[j].key;
        if (key.size() > longest_key) break;
        std::string_view span = text.substr(toks[t].begin, toks[j].end - toks[t].begin);
        for (uint32_t index : g.Lookup(key)) {
          const GazetteerEntry& e = g.entries()[index];
          if ((e.flags & kNotSentenceStart) && t == 0) continue;
          if ((e.flags & kNeedsCapital) && std::none_of(span.begin(), span.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) continue;
          if (e.flags & kCaseSensitive) {
            std::string a, b;
            for (char c : e.alias) if (std::isalnum(static_cast<unsigned char>(c))) a += c;
            for (char c : span) if (std::isalnum(static_cast<unsigned char>(c))) b += c;
            if (a != b) continue;
          }
          best = static_cast<int>(index);
          best_end = j;
          break;
        }
      }
      if (best >= 0) {
        out.push_back(Mention{toks[t].begin, toks[best_end].end, static_cast<uint32_t>(best)});
        t = best_end + 1;
      } else {
        ++t;
      }
    }
  }
  return out;
}

std::string Show(const Gazetteer& g, std::string_view text, const std::vector<Mention>& mentions) {
  std::string out;
  for (const Mention& m : mentions) {
    out += std::to_string(m.begin) + ":" + std::string(text.substr(m.begin, m.end - m.begin)) + "=" +
           g.entries()[m.entry].name + "\n";
  }
  return out;
}

// Find against the full ATT&CK + galaxy gazetteer, on every report of the
// golden cases and on text made to stress the walk (case, separators,
// non-ASCII letters and punctuation, words that are prefixes of aliases).
class GazetteerReferenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto store = store::OpenStore(dir_->File("kb.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    intel::ImportOptions options;
    options.show_progress = false;
    auto report = intel::Import(**store, {testing::DataPath("attack/enterprise-attack.json"),
                                          testing::DataPath("galaxy/threat-actor.json")},
                                options);
    ASSERT_TRUE(report.ok()) << report.status();
    gazetteer_ = new Gazetteer();
    gazetteer_->AddBuiltins();
    ASSERT_TRUE(gazetteer_->AddFromStore(**store).ok());
  }
  static void TearDownTestSuite() {
    delete gazetteer_;
    delete dir_;
  }
  static std::vector<std::string> Texts() {
    std::vector<std::string> texts = {
        "APT 40, apt-40, APT40 and APT400; Fancy Bear’s tools, FANCY BEAR and fancy bear. Mimikatz/PsExec "
        "and Cobalt Strike were used.\xC2\xA0The U.S. Treasury and the U. S. government. Россия and Фанси Беар; "
        "Café, naïve, Straße, ΑΠΤ28. Lazarus Group\xE2\x80\x94Lazarus\xC2\xA0Group, “Sandworm Team” and "
        "Sandworm\xE2\x80\x99s. The national statement of the Ministry of State Security (MSS).",
        "at net Net NET Page page. Play the Play ransomware. Turla, Turla's, turla. Wizard Spider",
    };
    for (const auto& e : std::filesystem::directory_iterator(RAMPART_EXTRACT_CASES_DIR)) {
      std::string ext = e.path().extension().string();
      if (ext != ".txt" && ext != ".html") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      auto doc = LoadDocument(bytes.str(), e.path().string());
      if (doc.ok()) texts.push_back(doc->text);
    }
    std::ifstream seed(testing::DataPath("seed/national-post-china-cyber-attack.txt"), std::ios::binary);
    std::stringstream bytes;
    bytes << seed.rdbuf();
    texts.push_back(bytes.str());
    return texts;
  }
  static testing::TempDir* dir_;
  static Gazetteer* gazetteer_;
};
testing::TempDir* GazetteerReferenceTest::dir_ = nullptr;
Gazetteer* GazetteerReferenceTest::gazetteer_ = nullptr;

TEST_F(GazetteerReferenceTest, FindAgreesWithTheSlowWalkOnEveryReport) {
  std::vector<std::string> texts = Texts();
  ASSERT_GE(texts.size(), 7u);
  size_t total = 0;
  // Twice: the second pass runs with the walk's memo warm.
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& text : texts) {
      std::vector<Mention> want = ReferenceFind(*gazetteer_, text);
      std::vector<Mention> got = gazetteer_->Find(text, SplitSentences(text));
      EXPECT_EQ(Show(*gazetteer_, text, got), Show(*gazetteer_, text, want)) << text.substr(0, 80);
      total += got.size();
    }
  }
  EXPECT_GT(total, 400u);  // the reports name many things
}

TEST_F(GazetteerReferenceTest, FindAgreesWithTheSlowWalkOnTwoGazetteersInTurn) {
  // One thread alternating between gazetteers that disagree about a name:
  // nothing one walk learnt may answer the other's.
  Gazetteer small;
  small.Add(GazetteerEntry{"Fancy Bears", EntityKind::kIntrusionSet, "intrusion-set--9", "Other", "", kFromStore});
  small.Add(GazetteerEntry{"national statement", EntityKind::kCampaign, "campaign--9", "Statement", "", 0});
  std::string text = "Fancy Bear and Fancy Bears issued a national statement; APT28 is Fancy Bear.";
  for (int round = 0; round < 3; ++round) {
    for (const Gazetteer* g : {static_cast<const Gazetteer*>(gazetteer_), static_cast<const Gazetteer*>(&small)}) {
      EXPECT_EQ(Show(*g, text, g->Find(text, SplitSentences(text))), Show(*g, text, ReferenceFind(*g, text)));
    }
  }
  EXPECT_THAT(Show(small, text, small.Find(text, SplitSentences(text))),
              ::testing::HasSubstr("Fancy Bears=Other"));
  // An Add after a Find: the next Find sees the new key.
  small.Add(GazetteerEntry{"Fancy Bear", EntityKind::kIntrusionSet, "intrusion-set--8", "Bear", "", kFromStore});
  EXPECT_THAT(Show(small, text, small.Find(text, SplitSentences(text))), ::testing::HasSubstr("0:Fancy Bear=Bear"));
}

// Random texts from the reports' words, with tracking names, capitals,
// separators and non-ASCII bytes mixed in (for the fast paths' differential
// tests).
std::vector<std::string> RandomTexts(const std::vector<std::string>& reports, size_t count, uint32_t seed) {
  std::vector<std::string> words;
  for (const std::string& r : reports) {
    std::istringstream in(r);
    std::string w;
    while (in >> w) words.push_back(w);
  }
  const std::vector<std::string> extra = {
      "UNC2452", "UNC12",   "FIN7",  "TA505",   "APT",     "40",       "APT41",  "Storm-0558", "DEV-0537",
      "UAC-0056", "TAG-22", "Advanced", "Persistent", "Threat", "Group", "group", "Midnight", "Blizzard",
      "Volt",    "Typhoon", "Fancy", "Bear",    "Charming", "Kitten",  "x-Ray",  "A",          "APT28",
      "-",       ",",       ".",     "U.S.",    "Lazarus", "\xE2\x80\x94", "Caf\xC3\xA9", "\xC2\xA0", "U",
      "Wizard",  "Spider",  "Sandworm", "Team", "ABCDEFGHIJKLMNOPQRS", "Z", "Sandstorm", "TEMP.Veles"};
  std::mt19937 rng(seed);
  std::vector<std::string> texts;
  for (size_t i = 0; i < count; ++i) {
    std::string t;
    size_t n = 5 + rng() % 200;
    for (size_t k = 0; k < n; ++k) {
      t += rng() % 3 == 0 ? extra[rng() % extra.size()] : words[rng() % words.size()];
      static const char* kSeps[] = {" ", " ", " ", "  ", "-", "\n", ". ", "/", "", "\xE2\x80\x99"};
      t += kSeps[rng() % 10];
    }
    texts.push_back(std::move(t));
  }
  return texts;
}

TEST_F(GazetteerReferenceTest, FindAgreesWithTheSlowWalkOnRandomText) {
  std::vector<std::string> texts = RandomTexts(Texts(), 300, 7);
  size_t total = 0;
  for (const std::string& text : texts) {
    std::vector<Mention> got = gazetteer_->Find(text, SplitSentences(text));
    EXPECT_EQ(Show(*gazetteer_, text, got), Show(*gazetteer_, text, ReferenceFind(*gazetteer_, text))) << text;
    total += got.size();
  }
  EXPECT_GT(total, 300u);
}

// ScanGroupNames (capitals found 16 bytes at a time, words read on demand)
// against ScanGroupNamesByWords (a list of every word) on the reports and on
// random text, with `take` accepting all, none, or every other candidate
// (the scan resumes differently after a taken name).
TEST_F(GazetteerReferenceTest, GroupNameScanAgreesWithTheWordList) {
  std::vector<std::string> texts = Texts();
  for (std::string& t : RandomTexts(texts, 500, 11)) texts.push_back(std::move(t));
  texts.push_back("Advanced Persistent Threat Group 40 and Advanced Persistent Threat 123, Advanced Persistent Threat");
  texts.push_back("APT 40;APT  41 APT-42 UNC2452 Volt Typhoon Midnight Blizzard Storm-0558 Typhoon");
  size_t taken = 0;
  for (int policy = 0; policy < 3; ++policy) {
    for (const std::string& text : texts) {
      for (const Sentence& s : SplitSentences(text)) {
        std::vector<std::string> fast, slow;
        auto take_into = [&](std::vector<std::string>* out) {
          return [out, policy](size_t begin, size_t end, const std::string& name) {
            out->push_back(std::to_string(begin) + "-" + std::to_string(end) + "=" + name);
            return policy == 0 || (policy == 2 && out->size() % 2 == 1);
          };
        };
        internal::ScanGroupNames(text, s, take_into(&fast));
        internal::ScanGroupNamesByWords(text, s, take_into(&slow));
        ASSERT_EQ(fast, slow) << s.Of(text);
        taken += fast.size();
      }
    }
  }
  EXPECT_GT(taken, 1000u);
  // What the scan reads.
  std::string text = "They saw Advanced Persistent Threat Group 40, APT 41 and Volt Typhoon, not xAPT5 or apt6.";
  std::vector<std::string> names;
  internal::ScanGroupNames(text, Sentence{0, text.size()}, [&](size_t b, size_t e, const std::string& name) {
    names.push_back(name + "=" + text.substr(b, e - b));
    return true;
  });
  EXPECT_THAT(names, ::testing::ElementsAre("APT40=Advanced Persistent Threat Group 40", "APT41=APT 41",
                                            "Volt Typhoon=Volt Typhoon"));
}

TEST(GazetteerTest, DeterministicIdIsTheSameCachedOrNot) {
  // The per-thread cache is keyed by the name as given; the id must stay
  // the UUIDv5 of the normalised key, on the first call and on later ones,
  // and names that normalise alike share it.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"intrusion-set", "APT40"}, {"intrusion-set", "apt 40"}, {"campaign", "APT40"},
      {"identity", "Caf\xC3\xA9 Stra\xC3\x9F" "e"}, {"vulnerability", "CVE-2021-26855"}, {"identity", ""}};
  for (int round = 0; round < 3; ++round) {
    for (const auto& [type, name] : cases) {
      EXPECT_EQ(DeterministicId(type, name),
                type + "--" + UuidV5(kRampartNamespace, type + ":" + Gazetteer::NormalizeKey(name)))
          << type << " " << name;
    }
  }
  EXPECT_EQ(DeterministicId("intrusion-set", "APT40"), DeterministicId("intrusion-set", "apt 40"));
  EXPECT_NE(DeterministicId("intrusion-set", "APT40"), DeterministicId("campaign", "APT40"));
}

TEST(GazetteerTest, GeneralPunctuationIsNeverPartOfAKey) {
  // Find skips U+2000-U+203F and U+00A0 without asking ICU; the store's key
  // rule must agree.
  for (char32_t cp = 0x2000; cp <= 0x203F; ++cp) {
    std::string utf8 = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                        static_cast<char>(0x80 | (cp & 0x3F))};
    EXPECT_EQ(Gazetteer::NormalizeKey(utf8), "") << std::hex << static_cast<uint32_t>(cp);
  }
  EXPECT_EQ(Gazetteer::NormalizeKey("\xC2\xA0"), "");
}

}  // namespace
}  // namespace rampart::extract
