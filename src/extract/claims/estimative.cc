// Estimative language -> STIX confidence, and the years a sentence names.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
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
// `present`: bit i set when kPhrases[i] may occur (the others are skipped).
std::optional<int> EstimateWith(FindFn find, uint64_t present, std::string* words) {
  constexpr size_t kBare = std::size(kPhrases) - 7;  // the last group above
  static_assert(kPhrases[kBare].words == "possibly", "the bare judgements are the table's last 7 phrases");
  size_t best_at = std::string::npos;
  const Phrase* best = nullptr;
  bool best_bare = true;
  for (size_t i : internal::SetBits(present)) {
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
  // Probability words: the STIX scales as stix/confidence.h implements them,
  // worked out once per phrase (each call parses its scales' tables).
  static const auto kScaled = [] {
    std::array<std::optional<int>, std::size(kPhrases)> scaled;
    for (size_t i = 0; i < std::size(kPhrases); ++i) {
      if (auto c = stix::ConfidenceFromEstimativeLanguage(kPhrases[i].words)) scaled[i] = c->confidence;
    }
    return scaled;
  }();
  if (auto scaled = kScaled[static_cast<size_t>(best - kPhrases)]) return *scaled;
  return best->confidence;
}

}  // namespace

std::optional<int> Estimate(std::string_view sentence, std::string* words) {
  std::string lower = Lowered(sentence);
  constexpr uint64_t kAll = (uint64_t{1} << std::size(kPhrases)) - 1;
  return EstimateWith([&](std::string_view phrase, size_t) { return FindWords(lower, phrase); }, kAll, words);
}

namespace internal {

void AddEstimativePhrases(std::vector<std::string_view>* out) {
  for (const Phrase& p : kPhrases) out->push_back(p.words);
}

std::optional<int> EstimateIn(const DocState& st, size_t s, std::string* words) {
  static const PhraseSet<std::size(kPhrases)> kSet(PhraseIds(kPhrases, [](const Phrase& p) { return p.words; }));
  uint64_t present = kSet.Present(st, s);
  if (present == 0) return std::nullopt;
  return EstimateWith([&](std::string_view phrase, size_t i) { return st.FindId(s, kSet.ids[i], phrase); }, present,
                      words);
}

}  // namespace internal

namespace {

// `sentence[..end)` ends with lower-case `suffix`, ignoring ASCII case.
bool EndsWithLower(std::string_view sentence, size_t end, std::string_view suffix) {
  if (end < suffix.size()) return false;
  for (size_t k = 0; k < suffix.size(); ++k) {
    if (internal::AsciiLower(sentence[end - suffix.size() + k]) != suffix[k]) return false;
  }
  return true;
}

// "since" as a whole word, any ASCII case.
bool HasSince(std::string_view sentence) {
  for (size_t i = 0; i + 5 <= sentence.size(); ++i) {
    if ((sentence[i] | 0x20) != 's' || !EndsWithLower(sentence, i + 5, "since")) continue;
    if ((i == 0 || !IsWordChar(sentence[i - 1])) && (i + 5 == sentence.size() || !IsWordChar(sentence[i + 5]))) {
      return true;
    }
  }
  return false;
}

// The first ASCII digit of `s` at or after `i`, or s.size(). Eight bytes at
// a time: a byte is a digit when it xor '0' is below 10, and the word test
// below ("has a byte less than 10") is exact, so only a word with a digit is
// read byte by byte.
size_t NextDigit(std::string_view s, size_t i) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    uint64_t t = w ^ ('0' * kOnes);
    if (((t - 10 * kOnes) & ~t & (0x80 * kOnes)) != 0) break;
  }
  for (; i < s.size(); ++i) {
    if (internal::AsciiDigit(s[i])) return i;
  }
  return s.size();
}

}  // namespace

// Called for every sentence of a report (claims, charges): no allocation,
// and only digits are looked at closely.
bool FindYears(std::string_view sentence, std::optional<int>* start, std::optional<int>* stop) {
  size_t count = 0;
  int lo = 0, hi = 0;
  for (size_t i = NextDigit(sentence, 0); i + 4 <= sentence.size(); i = NextDigit(sentence, i + 1)) {
    if ((i > 0 && (IsWordChar(sentence[i - 1]) || sentence[i - 1] == '-')) ||
        (i + 4 < sentence.size() && (IsWordChar(sentence[i + 4]) || sentence[i + 4] == ','))) {
      continue;
    }
    bool digits = true;
    int year = 0;
    for (size_t k = 0; k < 4; ++k) {
      digits = digits && internal::AsciiDigit(sentence[i + k]);
      year = year * 10 + (sentence[i + k] - '0');
    }
    if (!digits) continue;
    if (year < 1990 || year > 2099) continue;
    // Only years introduced as time: "in 2017", "between 2011 and 2018",
    // "since 2019", "2017-2018", "from 2015 to 2020".
    static constexpr std::string_view kBefore[] = {"in ",     "between ", "and ",    "since ",  "from ",
                                                   "to ",     "until ",   "through ", "during ", "-",
                                                   "\xE2\x80\x93", "early ", "late ", "of "};
    bool timed = false;
    for (std::string_view b : kBefore) timed = timed || EndsWithLower(sentence, i, b);
    if (!timed) continue;
    lo = count == 0 ? year : std::min(lo, year);
    hi = count == 0 ? year : std::max(hi, year);
    ++count;
  }
  if (count == 0) return false;
  *start = lo;
  // "since 2019": open-ended.
  if (count == 1 && HasSince(sentence)) {
    stop->reset();
  } else {
    *stop = hi;
  }
  return true;
}

}  // namespace rampart::extract
