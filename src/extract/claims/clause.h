// The clause around a claim's verb (internal): where its object ends, and
// whether a negation or a denial governs the verb.
//
// A sentence often holds more than one statement ("APT31 targeted
// government entities, while healthcare providers were unaffected"; "The
// campaign has not been attributed to APT28, but ..."). The claim stages
// find a trigger verb, then take its parties from the clause that holds
// it, not from the whole sentence:
//   - the object runs from the verb to the next clause boundary: ';', a
//     contrast or concession ("but", "while", "whereas", "although",
//     "though", "however", "except"), a relative clause (", which", ",
//     who"), or a report of speech ("said", ", according to");
//   - the verb is negated when a negation cue ("not", "n't", "never",
//     "no", "cannot", "neither", "nor", "without", "unable", "denied",
//     "denies", "unclear", "unconfirmed", "refuted", "rejected") stands
//     between the start of its clause (the boundaries above, or a comma)
//     and the verb: "has not been attributed", "no evidence that X carried
//     out", "we cannot attribute".
//
// All functions take the lower-cased sentence and byte offsets into it.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace rampart::extract::internal {

struct DocState;

// Which kinds of clause words sentence `s` may hold, from the phrase index
// (both true when the index is unavailable): most sentences with a claim
// verb have no negation, and many no boundary word, so the scans below
// are skipped for them.
struct ClauseCues {
  bool negation = true;  // a negation cue or an "n't" contraction
  bool boundary = true;  // a boundary word
};
ClauseCues CuesOf(const DocState& st, size_t s);

// The offset where the object of a verb ending at `from` stops (the next
// clause boundary), or sentence.size().
size_t ObjectEnd(std::string_view sentence, size_t from, ClauseCues cues = {});

// Whether the verb at `at` is negated or denied within its clause.
bool Negated(std::string_view sentence, size_t at, ClauseCues cues = {});

// The cue and boundary words, appended to `out` (for the phrase index).
void AddClausePhrases(std::vector<std::string_view>* out);

}  // namespace rampart::extract::internal
