// Estimative language -> STIX confidence, and the years a sentence names.
#include <cctype>
#include <iterator>
#include <string>

#include "claims/pipeline.h"
#include "rampart/extract/claim.h"
#include "rampart/stix/confidence.h"

namespace rampart::extract {
namespace {

std::string Lowered(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = internal::AsciiLower(c);
  return r;
}

bool IsWordChar(char c) { return internal::AsciiAlnum(c); }

// Position of `phrase` as whole words in `text`, or npos.
size_t FindWords(std::string_view text, std::string_view phrase, size_t from = 0) {
  while (true) {
    size_t at = text.find(phrase, from);
    if (at == std::string_view::npos) return at;
    bool left = at == 0 || !IsWordChar(text[at - 1]);
    size_t end = at + phrase.size();
    bool right = end >= text.size() || !IsWordChar(text[end]);
    if (left && right) return at;
    from = at + 1;
  }
}

struct Phrase {
  std::string_view words;
  int confidence;
};

// Longest phrases first so "almost certainly not" wins over "almost certainly".
constexpr Phrase kPhrases[] = {
    // WEP (STIX 2.1 Appendix A).
    {"almost certainly not", 10}, {"highly unlikely", 10}, {"very unlikely", 10},
    {"almost certainly", 90},     {"almost certain", 90},  {"highly likely", 90},
    {"very likely", 90},          {"nearly certain", 90},  {"probably not", 30},
    {"roughly even chance", 50},  {"even chance", 50},     {"unlikely", 30},
    {"likely", 70},               {"probably", 70},        {"probable", 70},
    {"impossible", 0},            {"certainly", 100},
    // Analytic confidence (None/Low/Med/High scale).
    {"high degree of confidence", 85}, {"moderate degree of confidence", 50},
    {"low degree of confidence", 15},
    {"high confidence", 85},      {"highly confident", 85}, {"moderate confidence", 50},
    {"medium confidence", 50},    {"low confidence", 15},   {"confident", 85},
    // A judgement without a stated likelihood.
    {"possibly", 50},             {"suspected", 50},        {"assessed", 50},
    {"assesses", 50},             {"assess", 50},           {"believed", 50},
    {"believes", 50},
};

// The first phrase in text order (at a tie the longest) as `find` locates
// them, on the STIX scales. A bare judgement ("assesses", "believes") gives
// way to a stated likelihood or confidence anywhere in the sentence:
// "assesses with high confidence" is high confidence, not a bare assessment.
// `find(phrase, index in kPhrases)`.
template <typename FindFn>
std::optional<int> EstimateWith(FindFn find, std::string* words) {
  constexpr size_t kBare = std::size(kPhrases) - 7;  // the last group above
  static_assert(kPhrases[kBare].words == "possibly", "the bare judgements are the table's last 7 phrases");
  size_t best_at = std::string::npos;
  const Phrase* best = nullptr;
  bool best_bare = true;
  for (size_t i = 0; i < std::size(kPhrases); ++i) {
    const Phrase& p = kPhrases[i];
    size_t at = find(p.words, i);
    if (at == std::string::npos) continue;
    bool bare = i >= kBare;
    if (best != nullptr && bare && !best_bare) continue;
    if (best == nullptr || (best_bare && !bare) || at < best_at ||
        (at == best_at && p.words.size() > best->words.size())) {
      best_at = at;
      best = &p;
      best_bare = bare;
    }
  }
  if (!best) return std::nullopt;
  if (words) *words = std::string(best->words);
  // Probability words: the STIX scales as stix/confidence.h implements them.
  if (auto scaled = stix::ConfidenceFromEstimativeLanguage(best->words)) return scaled->confidence;
  return best->confidence;
}

}  // namespace

std::optional<int> Estimate(std::string_view sentence, std::string* words) {
  std::string lower = Lowered(sentence);
  return EstimateWith([&](std::string_view phrase, size_t) { return FindWords(lower, phrase); }, words);
}

namespace internal {

void AddEstimativePhrases(std::vector<std::string_view>* out) {
  for (const Phrase& p : kPhrases) out->push_back(p.words);
}

std::optional<int> EstimateIn(const DocState& st, size_t s, std::string* words) {
  static const auto kIds = PhraseIds(kPhrases, [](const Phrase& p) { return p.words; });
  return EstimateWith([&](std::string_view phrase, size_t i) { return st.FindId(s, kIds[i], phrase); }, words);
}

}  // namespace internal

bool FindYears(std::string_view sentence, std::optional<int>* start, std::optional<int>* stop) {
  std::vector<std::pair<size_t, int>> years;  // position, year
  for (size_t i = 0; i + 4 <= sentence.size(); ++i) {
    if ((i > 0 && (IsWordChar(sentence[i - 1]) || sentence[i - 1] == '-')) ||
        (i + 4 < sentence.size() && (IsWordChar(sentence[i + 4]) || sentence[i + 4] == ','))) {
      continue;
    }
    bool digits = true;
    for (size_t k = 0; k < 4; ++k) digits = digits && std::isdigit(static_cast<unsigned char>(sentence[i + k]));
    if (!digits) continue;
    int year = std::stoi(std::string(sentence.substr(i, 4)));
    if (year < 1990 || year > 2099) continue;
    // Only years introduced as time: "in 2017", "between 2011 and 2018",
    // "since 2019", "2017-2018", "from 2015 to 2020".
    std::string before = Lowered(sentence.substr(i >= 12 ? i - 12 : 0, i >= 12 ? 12 : i));
    bool timed = before.ends_with("in ") || before.ends_with("between ") || before.ends_with("and ") ||
                 before.ends_with("since ") || before.ends_with("from ") || before.ends_with("to ") ||
                 before.ends_with("until ") || before.ends_with("through ") || before.ends_with("during ") ||
                 before.ends_with("-") || before.ends_with("\xE2\x80\x93") || before.ends_with("early ") ||
                 before.ends_with("late ") || before.ends_with("of ");
    if (!timed) continue;
    years.emplace_back(i, year);
  }
  if (years.empty()) return false;
  int lo = years[0].second, hi = years[0].second;
  for (auto& [pos, y] : years) {
    lo = std::min(lo, y);
    hi = std::max(hi, y);
  }
  std::string lower = Lowered(sentence);
  *start = lo;
  // "since 2019": open-ended.
  if (years.size() == 1 && FindWords(lower, "since") != std::string::npos) {
    stop->reset();
  } else {
    *stop = hi;
  }
  return true;
}

}  // namespace rampart::extract
