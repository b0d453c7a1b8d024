// Stage 4: the numbers a text quotes ("2,206 times", "84 incidents"), kept
// as notes on the report.
#include <array>
#include <cctype>
#include <cstdint>
#include <charconv>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "claims/pipeline.h"

namespace rampart::extract::internal {
namespace {

// The number words, by length (a word of another length is compared with
// none): two three four five six seven eight nine ten eleven twelve twenty
// hundred.
int NumberWordValue(std::string_view w) {
  switch (w.size()) {
    case 3: return w == "two" ? 2 : w == "six" ? 6 : w == "ten" ? 10 : 0;
    case 4: return w == "four" ? 4 : w == "five" ? 5 : w == "nine" ? 9 : 0;
    case 5: return w == "three" ? 3 : w == "seven" ? 7 : w == "eight" ? 8 : 0;
    case 6: return w == "eleven" ? 11 : w == "twelve" ? 12 : w == "twenty" ? 20 : 0;
    case 7: return w == "hundred" ? 100 : 0;
    default: return 0;
  }
}

constexpr std::string_view kStop[] = {"in", "to", "of", "for", "from", "with", "about", "across", "that",
                                      "which", "who", "since", "including", "the", "a", "an", "on", "by",
                                      "at", "as", "was", "were", "is", "are", "had", "have", "and", "or"};

bool IsStop(std::string_view w) {
  for (std::string_view s : kStop) {
    if (w == s) return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Byte classes of the scan: a number starts at a digit or at the first
// letter of a number word, and never right after a letter, digit, '-', '.'
// or ','.
constexpr uint8_t kAlnum = 1, kJoins = 2, kStarts = 4;
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) t[c] |= kAlnum | kJoins;
    if (c == '-' || c == '.' || c == ',') t[c] |= kJoins;
    if (c >= '0' && c <= '9') t[c] |= kStarts;
  }
  for (char c : std::string_view("tfsenhTFSENH")) t[static_cast<unsigned char>(c)] |= kStarts;
  return t;
}();

// The value of "2,206" or "3.5" (digits, thousands commas, a decimal
// point), as std::stod reads it without the commas, but 0 where stod would
// throw (a 400-digit number is out of range).
double ParseNumber(std::string_view number) {
  std::string plain;  // short: no allocation
  for (char c : number) {
    if (c != ',') plain.push_back(c);
  }
  double value = 0;
  std::from_chars(plain.data(), plain.data() + plain.size(), value);
  return value;
}

bool InMention(const DocState& st, size_t sentence, size_t offset) {
  for (size_t m : st.sentence_mentions[sentence]) {
    if (st.M(m).begin <= offset && offset < st.M(m).end) return true;
  }
  return false;
}

// The word before `at` (one space between) is capitalised and not the
// sentence's first word: the number belongs to a name.
bool AfterName(std::string_view sentence, size_t at) {
  if (at < 2 || sentence[at - 1] != ' ') return false;
  size_t end = at - 1, begin = end;
  while (begin > 0 && AsciiAlnum(sentence[begin - 1])) --begin;
  if (begin == end || begin == 0) return false;
  if (!std::isupper(static_cast<unsigned char>(sentence[begin]))) return false;
  // "In 2020, 84 incidents": only a word directly before the number counts.
  return sentence[begin - 1] == ' ' || sentence[begin - 1] == '(';
}

// The first three letters (lower-case) of a number word: "the", "for",
// "said" are turned away before their word is read. A word turned away
// here would be passed over whole by the caller anyway.
bool MayOpenNumberWord(std::string_view w) {
  if (w.size() < 3) return false;
  char a = w[1], b = w[2];
  switch (w[0]) {
    case 't': return a == 'w' || (a == 'e' && b == 'n') || (a == 'h' && b == 'r');  // two twelve twenty ten three
    case 'f': return (a == 'o' && b == 'u') || (a == 'i' && b == 'v');             // four five
    case 's': return (a == 'i' && b == 'x') || (a == 'e' && b == 'v');             // six seven
    case 'e': return (a == 'i' && b == 'g') || (a == 'l' && b == 'e');             // eight eleven
    case 'n': return a == 'i' && b == 'n';                                         // nine
    case 'h': return a == 'u' && b == 'n';                                         // hundred
    default: return false;
  }
}

// Calls f(i), in order, for each i where a run of letters, digits, '-',
// '.' and ',' starts (the byte before is none of them) with a digit or one
// of "tfsenhTFSENH": where a number can start. Sixteen bytes at a time with
// SSE2 (most bytes are inside words, which a byte loop visited one by one).
template <typename F>
void ForEachRunStart(std::string_view text, F&& f) {
  const char* p = text.data();
  const size_t n = text.size();
  uint32_t carry = 0;  // 1 if the byte before the block joins
  size_t at = 0;
#if defined(__SSE2__)
  auto range = [](__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  for (; at + 16 <= n; at += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i digit = range(v, '0', '9');
    __m128i letter = range(folded, 'a', 'z');
    __m128i joins = _mm_or_si128(_mm_or_si128(digit, letter), range(v, ',', '.'));
    __m128i starts = digit;
    for (char c : {'t', 'f', 's', 'e', 'n', 'h'}) starts = _mm_or_si128(starts, _mm_cmpeq_epi8(folded, _mm_set1_epi8(c)));
    uint32_t j = static_cast<uint32_t>(_mm_movemask_epi8(joins));
    uint32_t st = static_cast<uint32_t>(_mm_movemask_epi8(starts));
    uint32_t begins = j & ~((j << 1) | carry) & st & 0xFFFF;
    carry = (j >> 15) & 1;
    while (begins != 0) {
      f(at + static_cast<size_t>(__builtin_ctz(begins)));
      begins &= begins - 1;
    }
  }
#endif
  for (; at < n; ++at) {
    uint8_t c = kByteClass[static_cast<unsigned char>(p[at])];
    uint32_t j = (c & kJoins) ? 1 : 0;
    if (j && !carry && (c & kStarts)) f(at);
    carry = j;
  }
}

}  // namespace

void ExtractStatistics(DocState* st) {
  for (size_t s = 0; s < st->out->sentences.size(); ++s) {
    std::string_view sentence = st->SentenceText(s);
    size_t base = st->out->sentences[s].begin;
    std::string_view lower = st->SentenceLower(s);
    const size_t n = sentence.size();
    // Each run start that may open a number, in order; a number seen
    // returns where the scan goes on (past its digits, word or "%").
    size_t resume = 0;
    auto consider = [&](size_t i) -> size_t {
      // `number` views the sentence until a statistic is kept: most
      // candidates are years, ids or words that are not numbers.
      std::string_view number;
      double value = 0;
      size_t j = i;
      if (IsDigit(sentence[i])) {
        while (j < n && (IsDigit(sentence[j]) ||
                         ((sentence[j] == ',' || sentence[j] == '.') && j + 1 < n && IsDigit(sentence[j + 1])))) {
          ++j;
        }
        number = sentence.substr(i, j - i);
        value = ParseNumber(number);
        // Years and ids are not statistics.
        if (number.size() == 4 && number.find(',') == std::string_view::npos && value >= 1900 && value <= 2100) {
          return j;
        }
      } else {
        // A number word is a whole run of letters and digits: compared with
        // the words of its length only.
        size_t w = i + 1;
        while (w < n && AsciiAlnum(sentence[w])) ++w;
        std::string_view word = lower.substr(i, w - i);
        if (int v = NumberWordValue(word); v != 0) {
          number = sentence.substr(i, word.size());
          value = v;
          j = w;
        }
        if (number.empty()) {
          return w;
        }
      }
      // A number that is part of a name is not a statistic: inside an entity
      // mention ("APT 40", "four Chinese nationals affiliated with the MSS"
      // as the charged individuals) or right after a capitalised word that
      // does not open the sentence ("Windows 10", "Office 365").
      if (InMention(*st, s, base + i) || AfterName(sentence, i)) {
        return j;
      }
      if (j < sentence.size() && (sentence[j] == '%' || lower.compare(j, 8, " percent") == 0)) {
        size_t k = sentence[j] == '%' ? j + 1 : j + 8;
        number = sentence.substr(i, k - i);
        j = k;
      }
      // What is counted: up to five following words, lower-case or "U.S.",
      // stopping at a function word (but "departments and agencies").
      std::string what;
      size_t k = j, words = 0;
      while (k < sentence.size() && sentence[k] == ' ' && words < 5) {
        size_t w = k + 1;
        while (w < sentence.size() && (std::isalpha(static_cast<unsigned char>(sentence[w])) ||
                                       sentence[w] == '.' || sentence[w] == '-')) {
          ++w;
        }
        std::string_view word = sentence.substr(k + 1, w - k - 1);
        while (!word.empty() && word.back() == '.' && word != "U.S." && word != "U.K.") word.remove_suffix(1);
        if (word.empty()) break;
        bool lower_word = std::islower(static_cast<unsigned char>(word[0])) != 0;
        bool abbreviation = word == "U.S." || word == "U.K." || word == "Canadian" || word == "Chinese" ||
                            word == "Russian" || word == "American";
        if (!lower_word && !abbreviation) break;
        // A participle after the counted noun starts a clause ("servers
        // affected by", "nationals charged with"): the noun phrase ends.
        if (words > 0 && word.size() > 4 && (word.ends_with("ed") || word.ends_with("ing"))) break;
        if (IsStop(word)) {
          if (word == "and" && words > 0 && w < sentence.size() && sentence[w] == ' ' && w + 1 < sentence.size() &&
              std::islower(static_cast<unsigned char>(sentence[w + 1])) && !what.empty()) {
            std::string_view next = sentence.substr(w + 1);
            size_t next_end = next.find_first_of(" ,.;");
            std::string_view next_word = next.substr(0, next_end);
            if (!IsStop(next_word) && next_word.ends_with("s")) {
              what += " and ";
              what += next_word;
              k = w + 1 + next_word.size();
              ++words;
              continue;
            }
          }
          break;
        }
        if (!what.empty()) what.push_back(' ');
        what.append(word);
        k = k + 1 + word.size();
        ++words;
        if (k < sentence.size() && sentence[k] != ' ') break;
      }
      // A demonym or abbreviation alone is not what is counted ("Four
      // Chinese Nationals ..." as a title): a lower-case noun must follow.
      bool has_noun = false;
      for (size_t w = 0; w < what.size(); ++w) {
        if ((w == 0 || what[w - 1] == ' ') && std::islower(static_cast<unsigned char>(what[w]))) has_noun = true;
      }
      if (!what.empty() && has_noun) {
        Statistic stat;
        stat.number = std::string(number);
        stat.value = value;
        stat.what = what;
        stat.sentence = s;
        stat.quote = std::string(sentence);
        stat.quote_begin = st->sentence_chars[s];
        stat.quote_end = stat.quote_begin + CharOffset(sentence, sentence.size());
        st->out->statistics.push_back(std::move(stat));
      }
      return j;
    };
    ForEachRunStart(sentence, [&](size_t i) {
      if (i >= resume && (IsDigit(sentence[i]) || MayOpenNumberWord(lower.substr(i)))) resume = consider(i);
    });
  }
}

}  // namespace rampart::extract::internal
