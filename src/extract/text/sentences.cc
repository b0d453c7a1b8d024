// Sentence splitting with ICU over a UTF-8 UText (native indexes are byte
// offsets, so no UTF-16 mapping is needed).
#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

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

// The common case without ICU. Sentence breaks (UAX #29, as ICU's rules
// implement them) fall only after a terminator ('.', '!', '?') and its
// closing punctuation and spaces; in plain ASCII prose the decision there is
// local: ". The" breaks, ". the" (SB8), ".5" (SB6), "U.S" (SB7), ".," and
// "?!" (SB8a) do not. ICU's English filter then suppresses a break after an
// abbreviation of its list ("Mr.", "U.S.", "A."), matched backwards without
// regard to word starts. Breaks() decides a line only where all of this is
// certain, with the character classes and the abbreviation list read from
// ICU itself, and otherwise says "ask ICU" for that line: a closing quote
// or bracket after a terminator, a non-ASCII character next to one, a
// terminator or separator outside ASCII, ". 5", any suffix an abbreviation
// of the list (or its part up to the first '.') could match. The
// differential tests hold it to ICU's answer.
class SentenceRules {
 public:
  static const SentenceRules& Get() {
    static const SentenceRules* rules = new SentenceRules();
    return *rules;
  }
  bool ok() const { return ok_; }

  // Break offsets strictly inside [begin, end) of `u` (one line, no '\n'),
  // ascending, into `breaks`; false if ICU must decide the line.
  bool Breaks(std::string_view u, size_t begin, size_t end, std::vector<size_t>* breaks) const {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(u.data());
    // One pass: a terminator or separator outside ASCII, or a separator or
    // ignorable in ASCII, anywhere in the line sends it to ICU; an ASCII
    // terminator is decided where it stands.
    for (size_t t = begin; t < end; ++t) {
      unsigned char c = p[t];
      if (c >= 0x80) {
        UChar32 cp = 0;
        int32_t at = static_cast<int32_t>(t), limit = static_cast<int32_t>(end);
        U8_NEXT(p, at, limit, cp);
        if (cp < 0) return false;  // invalid UTF-8: ICU reads U+FFFD
        int32_t sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
        if (sb == U_SB_ATERM || sb == U_SB_STERM || sb == U_SB_SEP || sb == U_SB_CR || sb == U_SB_LF) return false;
        t = static_cast<size_t>(at) - 1;
        continue;
      }
      Kind k = kind_[c];
      if (k == kSeparator || k == kIgnored) return false;
      if (k != kATerm && k != kSTerm) continue;
      size_t i = t + 1;
      if (i == end) break;  // the line's end breaks anyway
      Kind next = Of(p[i]);
      if (next == kNonAscii || next == kClose) return false;
      // SB8a: "?!", "...", ".,": no break here (a following terminator is
      // looked at in its turn).
      if (next == kATerm || next == kSTerm || next == kSContinue) continue;
      if (next != kSp) {
        if (k == kATerm && (next == kNumeric || next == kLower)) continue;  // SB6, SB8
        if (k == kATerm && next == kUpper && t > begin && (Of(p[t - 1]) == kUpper || Of(p[t - 1]) == kLower)) {
          continue;  // SB7
        }
        return false;
      }
      size_t j = i;
      while (j < end && Of(p[j]) == kSp) ++j;
      if (j == end) break;  // trailing spaces: the line's end
      Kind after = Of(p[j]);
      if (after == kSContinue || after == kATerm || after == kSTerm) {  // SB8a
        t = j - 1;
        continue;
      }
      if (k == kATerm && after == kLower) {  // SB8
        t = j - 1;
        continue;
      }
      if (after != kUpper && !(k == kSTerm && after == kLower)) return false;
      if (MayBeSuppressed(u, begin, t + 1)) return false;
      breaks->push_back(j);
      t = j - 1;
    }
    return true;
  }

 private:
  enum Kind : uint8_t {
    kOther, kATerm, kSTerm, kClose, kSp, kSContinue, kUpper, kLower, kNumeric, kSeparator, kIgnored, kNonAscii
  };
  Kind Of(unsigned char c) const { return c < 0x80 ? kind_[c] : kNonAscii; }

  SentenceRules() {
    for (int c = 0; c < 0x80; ++c) {
      switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
        case U_SB_ATERM: kind_[c] = kATerm; break;
        case U_SB_STERM: kind_[c] = kSTerm; break;
        case U_SB_CLOSE: kind_[c] = kClose; break;
        case U_SB_SP: kind_[c] = kSp; break;
        case U_SB_SCONTINUE: kind_[c] = kSContinue; break;
        case U_SB_UPPER: kind_[c] = kUpper; break;
        case U_SB_LOWER: kind_[c] = kLower; break;
        case U_SB_NUMERIC: kind_[c] = kNumeric; break;
        case U_SB_SEP: case U_SB_CR: case U_SB_LF: kind_[c] = kSeparator; break;
        case U_SB_FORMAT: case U_SB_EXTEND: kind_[c] = kIgnored; break;
        case U_SB_OLETTER: kind_[c] = kIgnored; break;  // none in ASCII; ICU decides if there were
        default: kind_[c] = kOther; break;
      }
    }
    // The abbreviations ICU's "en@ss=standard" filter suppresses breaks
    // after (brkitr/en, exceptions/SentenceBreak).
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle* bundle = ures_open(U_ICUDATA_NAME "-brkitr", "en", &status);
    UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
    UResourceBundle* list = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
    while (U_SUCCESS(status) && ures_hasNext(list)) {
      int32_t length = 0;
      const UChar* entry = ures_getNextString(list, &length, nullptr, &status);
      if (U_FAILURE(status)) break;
      std::string utf8;
      icu::UnicodeString(false, entry, length).toUTF8String(utf8);
      if (utf8.empty()) continue;
      suffixes_.push_back(utf8);
      // "U.S." is matched backwards up to "U." first.
      size_t dot = utf8.find('.');
      if (dot != std::string::npos && dot + 1 < utf8.size()) suffixes_.push_back(utf8.substr(0, dot + 1));
    }
    ok_ = U_SUCCESS(status) && !suffixes_.empty();
    ures_close(list);
    ures_close(exceptions);
    ures_close(bundle);
    // Most entries end in a letter and '.': filed under that letter, a
    // break after "word." compares a handful, not 300.
    for (const std::string& s : suffixes_) {
      unsigned char key = s.size() >= 2 ? static_cast<unsigned char>(s[s.size() - 2]) : 0x80;
      if (s.back() == '.' && key < 0x80) {
        suffixes_by_key_[key].push_back(s);
      } else {
        other_suffixes_.push_back(s);
      }
    }
  }

  // Some entry (or its part up to the first '.') ends at `end`: ICU might
  // suppress the break, so it decides.
  bool MayBeSuppressed(std::string_view u, size_t begin, size_t end) const {
    std::string_view before = u.substr(begin, end - begin);
    for (const std::string& s : other_suffixes_) {
      if (before.ends_with(s)) return true;
    }
    if (before.size() < 2 || before.back() != '.') return false;
    unsigned char key = static_cast<unsigned char>(before[before.size() - 2]);
    if (key >= 0x80) return false;  // the entries are ASCII
    for (const std::string& s : suffixes_by_key_[key]) {
      if (before.ends_with(s)) return true;
    }
    return false;
  }

  bool ok_ = false;
  Kind kind_[0x80] = {};
  std::vector<std::string> suffixes_;
  std::vector<std::string> suffixes_by_key_[0x80];
  std::vector<std::string> other_suffixes_;
};

// ICU on one line of the unwrapped text (a line ends at '\n', after which
// ICU always breaks, so lines are independent), offsets from `line_begin`.
bool IcuLine(icu::BreakIterator* iterator, std::string_view text, std::string_view unwrapped, size_t line_begin,
             size_t line_end, std::vector<Sentence>* out) {
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, unwrapped.data() + line_begin, static_cast<int64_t>(line_end - line_begin),
                             &status);
  if (U_FAILURE(status)) return false;
  iterator->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return false;
  }
  int32_t start = iterator->first();
  for (int32_t end = iterator->next(); end != icu::BreakIterator::DONE; start = end, end = iterator->next()) {
    Push(text, line_begin + static_cast<size_t>(start), line_begin + static_cast<size_t>(end), out);
  }
  // Detach the iterator from the buffer before it changes.
  iterator->setText(icu::UnicodeString());
  utext_close(ut);
  return true;
}

std::vector<Sentence> Split(std::string_view text, bool fast) {
  std::vector<Sentence> out;
  if (text.empty()) return out;
  thread_local std::unique_ptr<icu::BreakIterator> iterator = MakeIterator();
  thread_local std::string unwrapped;
  Unwrap(text, unwrapped);
  const SentenceRules& rules = SentenceRules::Get();
  fast = fast && rules.ok();
  std::vector<size_t> breaks;
  size_t line_begin = 0;
  while (line_begin <= unwrapped.size()) {
    size_t line_end = unwrapped.find('\n', line_begin);
    if (line_end == std::string::npos) line_end = unwrapped.size();
    breaks.clear();
    if (line_end > line_begin) {
      if (fast && rules.Breaks(unwrapped, line_begin, line_end, &breaks)) {
        size_t start = line_begin;
        for (size_t at : breaks) {
          Push(text, start, at, &out);
          start = at;
        }
        Push(text, start, line_end, &out);
      } else if (!iterator || !IcuLine(iterator.get(), text, unwrapped, line_begin, line_end, &out)) {
        // Without ICU: the line is one sentence.
        Push(text, line_begin, line_end, &out);
      }
    }
    line_begin = line_end + 1;
  }
  return out;
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view text) { return Split(text, /*fast=*/true); }

namespace internal {
std::vector<Sentence> SplitSentencesWithIcu(std::string_view text) { return Split(text, /*fast=*/false); }
}  // namespace internal

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
