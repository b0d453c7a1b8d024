// Sentences: ICU's sentence break rules for English with the standard
// abbreviation suppressions ("U.S.", "Mr.", "e.g." do not end a sentence).
//
// A blank line always ends a sentence; a single line break inside a wrapped
// paragraph does not (it is read as a space) unless the line ends with
// sentence punctuation or is short (a heading, a list item, a byline).
//
// Thread-safety: stateless for callers (each thread uses its own ICU
// iterator).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace rampart::extract {

struct Sentence {
  size_t begin = 0;  // byte offsets into the text, whitespace trimmed
  size_t end = 0;
  std::string_view Of(std::string_view text) const { return text.substr(begin, end - begin); }
};

// Sentences of `text` (UTF-8) in order; empty text yields none. Never fails:
// if ICU cannot build an iterator, the text is split at line ends.
std::vector<Sentence> SplitSentences(std::string_view text);

namespace internal {
// SplitSentences with ICU deciding every line (SplitSentences decides plain
// ASCII lines itself and must agree with this; for the tests and benches).
std::vector<Sentence> SplitSentencesWithIcu(std::string_view text);
}  // namespace internal

// Characters (Unicode code points) before `byte_offset` in UTF-8 `text`.
size_t CharOffset(std::string_view text, size_t byte_offset);

}  // namespace rampart::extract
