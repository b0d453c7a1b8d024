// Clause boundaries and negation scope. Words are compared whole (the
// sentence is lower-case ASCII where it matters); the scan is bounded by
// the clause, so a claim costs a few dozen bytes more.
#include "claims/clause.h"

#include <algorithm>

#include "claims/pipeline.h"

namespace rampart::extract::internal {
namespace {

// Words that open a new clause: what follows is another statement.
constexpr std::string_view kBoundaryWords[] = {
    "but", "while", "whereas", "although", "though", "however", "except", "which", "who", "said", "says",
    // The authors of an advisory are not its object: "APT40 targeted
    // Australian networks, the co-authoring agencies of the UK and the US
    // said".
    "co-authors", "co-authored", "coauthored", "co-authoring", "co-sealed", "authoring", "released", "published",
};

constexpr std::string_view kNegations[] = {
    "not",     "never",    "no",      "cannot",   "neither", "nor",       "without",  "unable",
    "denied",  "denies",   "deny",    "unclear",  "unconfirmed", "refuted", "rejected", "none",
    "nothing", "disputed", "dismissed",
};

bool IsWordChar(char c) { return AsciiAlnum(c) || c == '\'' || c == '-'; }

// `word` is one of `words`.
template <size_t N>
bool OneOf(std::string_view word, const std::string_view (&words)[N]) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// A contraction ending in n't ("didn't", "hasn't"), ASCII or curly apostrophe.
bool NegativeContraction(std::string_view word) {
  return word.size() > 3 && (word.ends_with("n't") || word.ends_with("n\xE2\x80\x99t"));
}

}  // namespace

void AddClausePhrases(std::vector<std::string_view>* out) {
  out->insert(out->end(), std::begin(kBoundaryWords), std::end(kBoundaryWords));
  out->insert(out->end(), std::begin(kNegations), std::end(kNegations));
}

ClauseCues CuesOf(const DocState& st, size_t s) {
  static const PhraseSet<std::size(kBoundaryWords)> kBoundarySet(PhraseIds(kBoundaryWords));
  static const PhraseSet<std::size(kNegations)> kNegationSet(PhraseIds(kNegations));
  ClauseCues cues;
  cues.boundary = kBoundarySet.Present(st, s) != 0;
  std::string_view lower = st.SentenceLower(s);
  cues.negation = kNegationSet.Present(st, s) != 0 || lower.find("n't") != std::string_view::npos ||
                  lower.find("n\xE2\x80\x99t") != std::string_view::npos;
  return cues;
}

size_t ObjectEnd(std::string_view sentence, size_t from, ClauseCues cues) {
  if (!cues.boundary) {
    size_t end = std::min(sentence.find(';', from), sentence.find(", according to ", from));
    return std::min(end, sentence.size());
  }
  size_t i = from;
  while (i < sentence.size()) {
    char c = sentence[i];
    if (c == ';') return i;
    if (c == ',' && sentence.compare(i, 15, ", according to ") == 0) return i;
    if (!AsciiAlnum(c)) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < sentence.size() && (AsciiAlnum(sentence[j]) || sentence[j] == '-')) ++j;
    std::string_view word = sentence.substr(i, j - i);
    // Every boundary word starts with one of these letters; "not only X
    // but also Y" is one object, and so is "N countries, which include
    // the U.S., Pakistan and Israel".
    if (word.size() >= 3 && std::string_view("abcehprstw").find(word[0]) != std::string_view::npos &&
        OneOf(word, kBoundaryWords) && !(word == "but" && sentence.compare(j, 5, " also") == 0) &&
        !(word == "which" && sentence.compare(j, 8, " include") == 0)) {
      return i;
    }
    i = j;
  }
  return sentence.size();
}

bool Negated(std::string_view sentence, size_t at, ClauseCues cues) {
  if (!cues.negation) return false;
  // Back from the verb to the start of its clause. A negation far before the verb belongs to another statement in all
  // but run-on sentences; the window also bounds the cost per trigger.
  constexpr size_t kWindow = 120;
  size_t start = at, limit = at > kWindow ? at - kWindow : 0;
  while (start > limit) {
    char c = sentence[start - 1];
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') break;
    --start;
  }
  bool negated = false;
  size_t i = start;
  while (i < at) {
    if (!IsWordChar(sentence[i]) && static_cast<unsigned char>(sentence[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < at && (IsWordChar(sentence[j]) || static_cast<unsigned char>(sentence[j]) >= 0x80)) ++j;
    std::string_view word = sentence.substr(i, j - i);
    // Every cue and boundary word starts with one of these letters.
    bool candidate = word.size() >= 2 && word.size() <= 12 &&
                     std::string_view("abcdehnprstuw").find(word[0]) != std::string_view::npos;
    if (NegativeContraction(word)) {
      negated = true;
    } else if (candidate && OneOf(word, kBoundaryWords)) {
      // "... but the NCSC attributed": a negation before it is another
      // statement's.
      negated = false;
    } else if (candidate && OneOf(word, kNegations)) {
      // "not only ... but also" affirms.
      negated = !(word == "not" && sentence.compare(j, 5, " only") == 0);
    }
    i = j;
  }
  return negated;
}

}  // namespace rampart::extract::internal
