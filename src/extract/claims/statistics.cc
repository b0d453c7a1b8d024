// Stage 4: the numbers a text quotes ("2,206 times", "84 incidents"), kept
// as notes on the report.
#include <array>
#include <cctype>
#include <cstdint>
#include <charconv>
#include <string>

#include "claims/pipeline.h"

namespace rampart::extract::internal {
namespace {

struct NumberWord {
  std::string_view word;
  int value;
};
constexpr NumberWord kNumberWords[] = {
    {"two", 2},    {"three", 3},  {"four", 4},      {"five", 5},     {"six", 6},
    {"seven", 7},  {"eight", 8},  {"nine", 9},      {"ten", 10},     {"eleven", 11},
    {"twelve", 12}, {"twenty", 20}, {"hundred", 100},
};

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

}  // namespace

void ExtractStatistics(DocState* st) {
  for (size_t s = 0; s < st->out->sentences.size(); ++s) {
    std::string_view sentence = st->SentenceText(s);
    size_t base = st->out->sentences[s].begin;
    std::string_view lower = st->SentenceLower(s);
    size_t i = 0;
    while (i < sentence.size()) {
      uint8_t here = kByteClass[static_cast<unsigned char>(sentence[i])];
      if (i > 0 && (kByteClass[static_cast<unsigned char>(sentence[i - 1])] & kJoins)) {
        ++i;
        continue;
      }
      if (!(here & kStarts)) {
        // The rest of a word cannot start a number (each byte follows a
        // letter or digit): skip it whole.
        ++i;
        if (here & kAlnum) {
          while (i < sentence.size() && AsciiAlnum(sentence[i])) ++i;
        }
        continue;
      }
      // `number` views the sentence until a statistic is kept: most
      // candidates are years, ids or words that are not numbers.
      std::string_view number;
      double value = 0;
      size_t j = i;
      if (IsDigit(sentence[i])) {
        while (j < sentence.size() && (IsDigit(sentence[j]) ||
                                       ((sentence[j] == ',' || sentence[j] == '.') && j + 1 < sentence.size() &&
                                        IsDigit(sentence[j + 1])))) {
          ++j;
        }
        number = sentence.substr(i, j - i);
        value = ParseNumber(number);
        // Years and ids are not statistics.
        if (number.size() == 4 && number.find(',') == std::string_view::npos && value >= 1900 && value <= 2100) {
          i = j;
          continue;
        }
      } else {
        // Number words start with one of these letters; most words do not.
        char c0 = lower[i];
        if (c0 != 't' && c0 != 'f' && c0 != 's' && c0 != 'e' && c0 != 'n' && c0 != 'h') {
          ++i;
          continue;
        }
        for (const NumberWord& w : kNumberWords) {
          if (w.word[0] == c0 && lower.compare(i, w.word.size(), w.word) == 0 &&
              (i + w.word.size() >= lower.size() || !AsciiAlnum(lower[i + w.word.size()]))) {
            number = sentence.substr(i, w.word.size());
            value = w.value;
            j = i + w.word.size();
            break;
          }
        }
        if (number.empty()) {
          ++i;
          continue;
        }
      }
      // A number that is part of a name is not a statistic: inside an entity
      // mention ("APT 40", "four Chinese nationals affiliated with the MSS"
      // as the charged individuals) or right after a capitalised word that
      // does not open the sentence ("Windows 10", "Office 365").
      if (InMention(*st, s, base + i) || AfterName(sentence, i)) {
        i = j;
        continue;
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
      i = j;
    }
  }
}

}  // namespace rampart::extract::internal
