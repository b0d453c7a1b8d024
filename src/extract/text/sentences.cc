// Sentence splitting with ICU over a UTF-8 UText (native indexes are byte
// offsets, so no UTF-16 mapping is needed).
#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "rampart/extract/sentence.h"

namespace rampart::extract {
namespace {

std::unique_ptr<icu::BreakIterator> MakeIterator() {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale("en@ss=standard");
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(locale, status));
  if (U_FAILURE(status)) return nullptr;
  return it;
}

bool EndsSentence(char c) {
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"';
}

// Unwraps soft line breaks into `out` (same length, so offsets hold). `out`
// is a per-thread buffer: a fresh copy per document was 5 % of the report
// pipeline in malloc alone (a large block each time).
void Unwrap(std::string_view text, std::string& out) {
  out.assign(text.data(), text.size());
  size_t line_start = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '\n') continue;
    bool blank_next = i + 1 < out.size() && (out[i + 1] == '\n');
    bool blank_prev = i == 0 || out[i - 1] == '\n';
    size_t line_len = i - line_start;
    line_start = i + 1;
    if (blank_next || blank_prev || line_len < 50) continue;
    char prev = out[i - 1];
    // "”" ends in 0x9D: a closing quote, which may end a sentence.
    if (EndsSentence(prev) || static_cast<unsigned char>(prev) == 0x9D) continue;
    out[i] = ' ';
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

void Push(std::string_view text, size_t begin, size_t end, std::vector<Sentence>* out) {
  while (begin < end && IsSpace(text[begin])) ++begin;
  while (end > begin && IsSpace(text[end - 1])) --end;
  if (end > begin) out->push_back(Sentence{begin, end});
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view text) {
  std::vector<Sentence> out;
  if (text.empty()) return out;
  thread_local std::unique_ptr<icu::BreakIterator> iterator = MakeIterator();
  thread_local std::string unwrapped;
  Unwrap(text, unwrapped);
  if (!iterator) {
    size_t start = 0;
    for (size_t i = 0; i <= unwrapped.size(); ++i) {
      if (i == unwrapped.size() || unwrapped[i] == '\n') {
        Push(text, start, i, &out);
        start = i + 1;
      }
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, unwrapped.data(), static_cast<int64_t>(unwrapped.size()), &status);
  if (U_FAILURE(status)) return out;
  iterator->setText(ut, status);
  int32_t start = iterator->first();
  for (int32_t end = iterator->next(); end != icu::BreakIterator::DONE; start = end, end = iterator->next()) {
    Push(text, static_cast<size_t>(start), static_cast<size_t>(end), &out);
  }
  // Detach the iterator from `unwrapped` before it goes away.
  iterator->setText(icu::UnicodeString());
  utext_close(ut);
  return out;
}

// Counts the bytes that are not UTF-8 continuation bytes (10xxxxxx), eight
// at a time: the pipeline runs this over every document and every quote.
size_t CharOffset(std::string_view text, size_t byte_offset) {
  size_t n = std::min(byte_offset, text.size());
  const char* p = text.data();
  size_t continuation = 0, i = 0;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    // Bit 7 of each byte: set for a continuation byte (bit 7 set, bit 6 clear).
    uint64_t c = w & ~(w << 1) & kHigh;
    // Sum of the eight 0/1 bytes (at most 8: no carry between bytes).
    continuation += static_cast<size_t>(((c >> 7) * 0x0101010101010101ull) >> 56);
  }
  for (; i < n; ++i) continuation += (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80;
  return n - continuation;
}

}  // namespace rampart::extract
