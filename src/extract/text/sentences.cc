// Sentence splitting with ICU over a UTF-8 UText (native indexes are byte
// offsets, so no UTF-16 mapping is needed).
#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
// pipeline in malloc alone (a large block each time). memchr finds the line
// ends (a byte loop was a tenth of the splitter).
void Unwrap(std::string_view text, std::string& out) {
  out.assign(text.data(), text.size());
  char* data = out.data();
  const size_t n = out.size();
  size_t line_start = 0;
  for (const void* hit = std::memchr(data, '\n', n); hit != nullptr;) {
    size_t i = static_cast<size_t>(static_cast<const char*>(hit) - data);
    bool blank_next = i + 1 < n && (data[i + 1] == '\n');
    bool blank_prev = i == 0 || data[i - 1] == '\n';
    size_t line_len = i - line_start;
    line_start = i + 1;
    hit = i + 1 < n ? std::memchr(data + i + 1, '\n', n - i - 1) : nullptr;
    if (blank_next || blank_prev || line_len < 50) continue;
    char prev = data[i - 1];
    // "”" ends in 0x9D: a closing quote, which may end a sentence.
    if (EndsSentence(prev) || static_cast<unsigned char>(prev) == 0x9D) continue;
    data[i] = ' ';
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

void Push(std::string_view text, size_t begin, size_t end, std::vector<Sentence>* out) {
  while (begin < end && IsSpace(text[begin])) ++begin;
  while (end > begin && IsSpace(text[end - 1])) --end;
  if (end > begin) out->push_back(Sentence{begin, end});
}

// The common case without ICU. Sentence breaks (UAX #29, as ICU's rules
// implement them) fall only after a terminator ('.', '!', '?'), its closing
// punctuation (Close*) and spaces (Sp*), and the decision there is local:
// ". The" breaks, ". the" and '." (the' (SB8, looking ahead past anything
// that is not a letter or terminator), ".5" (SB6), "U.S" (SB7), ".," and
// "?!" (SB8a) do not. ICU's English filter then suppresses a break after an
// abbreviation of its list, matched backwards from the break (one space
// skipped) without regard to word starts; entries with an inner '.'
// ("U.S.", "a.m.") are matched backwards only up to that '.' and then
// forwards in full. Rules() emulates that filter from the same list, read
// from ICU, with the same tables its builder makes. Breaks() decides a line
// unless a terminator or separator outside ASCII, a paragraph separator, an
// ignorable (Extend, Format) inside a terminator's run or invalid UTF-8
// turns up: then ICU decides the line. The differential tests (reports,
// random text, fuzzing) hold it to ICU's answer.
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
    size_t t = begin;
    while (true) {
      t = NextInteresting(p, t, end);
      if (t >= end) return true;
      Kind k;
      size_t len;
      if (p[t] >= 0x80) {
        if (!KindAt(p, t, end, &k, &len)) return false;
        if (k == kATerm || k == kSTerm || k == kSeparator) return false;
        t += len;
        continue;
      }
      k = kind_[p[t]];
      if (k != kATerm && k != kSTerm) return false;  // an ASCII separator or ignorable
      const size_t i = t + 1;
      // Close* Sp* (SB9, SB10); the line's end breaks anyway.
      size_t j = i;
      bool spaces = false;
      Kind x = kOther;
      while (true) {
        if (j == end) return true;
        if (!KindAt(p, j, end, &x, &len) || x == kIgnored) return false;
        if (x == kClose && !spaces) {
          j += len;
        } else if (x == kSp) {
          spaces = true;
          j += len;
        } else {
          break;
        }
      }
      if (x == kSeparator) return false;
      if (x == kSContinue || x == kATerm || x == kSTerm) {  // SB8a (a terminator is looked at in its turn)
        t = j;
        continue;
      }
      if (k == kATerm) {
        if (j == i && x == kNumeric) {  // SB6
          t = j;
          continue;
        }
        if (j == i && x == kUpper && t > begin) {  // SB7
          if (p[t - 1] >= 0x80) return false;
          Kind prev = kind_[p[t - 1]];
          if (prev == kUpper || prev == kLower) {
            t = j;
            continue;
          }
        }
        // SB8: no break if the first letter, terminator or separator ahead
        // is lower-case.
        size_t m = j;
        Kind y = kOther;
        while (m < end) {
          if (!KindAt(p, m, end, &y, &len)) return false;
          if (y == kOLetter || y == kUpper || y == kLower || y == kSeparator || y == kATerm || y == kSTerm) break;
          m += len;
        }
        if (m < end && y == kLower) {
          t = j;
          continue;
        }
      }
      // SB11: a break at j, unless the filter suppresses it.
      if (!Suppressed(u, begin, end, j)) breaks->push_back(j);
      t = j;
    }
  }

 private:
  enum Kind : uint8_t {
    kOther, kATerm, kSTerm, kClose, kSp, kSContinue, kUpper, kLower, kNumeric, kSeparator, kIgnored, kOLetter
  };

  static Kind KindOf(UChar32 cp) {
    switch (u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK)) {
      case U_SB_ATERM: return kATerm;
      case U_SB_STERM: return kSTerm;
      case U_SB_CLOSE: return kClose;
      case U_SB_SP: return kSp;
      case U_SB_SCONTINUE: return kSContinue;
      case U_SB_UPPER: return kUpper;
      case U_SB_LOWER: return kLower;
      case U_SB_NUMERIC: return kNumeric;
      case U_SB_SEP: case U_SB_CR: case U_SB_LF: return kSeparator;
      case U_SB_FORMAT: case U_SB_EXTEND: return kIgnored;
      case U_SB_OLETTER: return kOLetter;
      default: return kOther;
    }
  }

  // The kind and byte length of the character at `at` (< end); false for
  // invalid UTF-8 (ICU reads U+FFFD there: ICU decides).
  bool KindAt(const unsigned char* p, size_t at, size_t end, Kind* kind, size_t* len) const {
    if (p[at] < 0x80) {
      *kind = kind_[p[at]];
      *len = 1;
      return true;
    }
    UChar32 cp = 0;
    int32_t i = static_cast<int32_t>(at), limit = static_cast<int32_t>(end);
    U8_NEXT(p, i, limit, cp);
    if (cp < 0) return false;
    *kind = KindOf(cp);
    *len = static_cast<size_t>(i) - at;
    return true;
  }

  // The first byte at or after `t` that is a terminator, separator or
  // ignorable in ASCII, or not ASCII; `end` if none. Sixteen bytes at a time
  // where SSE2 is there: most bytes are letters and spaces.
  size_t NextInteresting(const unsigned char* p, size_t t, size_t end) const {
#if defined(__SSE2__)
    if (simd_) {
      for (; t + 16 <= end; t += 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + t));
        __m128i hit = _mm_setzero_si128();
        for (int c = 0; c < simd_count_; ++c) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, simd_chars_[c]));
        unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(hit, v)));
        if (mask != 0) return t + static_cast<size_t>(__builtin_ctz(mask));
      }
    }
#endif
    while (t < end && !interesting_[p[t]]) ++t;
    return t;
  }

  SentenceRules() {
    for (int c = 0; c < 0x80; ++c) kind_[c] = KindOf(c);
    for (int c = 0; c < 0x100; ++c) {
      interesting_[c] = c >= 0x80 || kind_[c] == kATerm || kind_[c] == kSTerm || kind_[c] == kSeparator ||
                        kind_[c] == kIgnored || kind_[c] == kOLetter;
    }
#if defined(__SSE2__)
    simd_count_ = 0;
    simd_ = true;
    for (int c = 0; c < 0x80; ++c) {
      if (!interesting_[c]) continue;
      if (simd_count_ == kMaxSimdChars) {
        simd_ = false;
        break;
      }
      simd_chars_[simd_count_++] = _mm_set1_epi8(static_cast<char>(c));
    }
#endif
    // The abbreviations ICU's "en@ss=standard" filter suppresses breaks
    // after (brkitr/en, exceptions/SentenceBreak).
    std::vector<std::string> entries;
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle* bundle = ures_open(U_ICUDATA_NAME "-brkitr", "en", &status);
    UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
    UResourceBundle* list = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
    bool ascii = true;
    while (U_SUCCESS(status) && ures_hasNext(list)) {
      int32_t length = 0;
      const UChar* entry = ures_getNextString(list, &length, nullptr, &status);
      if (U_FAILURE(status)) break;
      std::string utf8;
      icu::UnicodeString(false, entry, length).toUTF8String(utf8);
      if (utf8.empty()) continue;
      for (char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      if (std::find(entries.begin(), entries.end(), utf8) == entries.end()) entries.push_back(utf8);
    }
    ok_ = U_SUCCESS(status) && !entries.empty() && ascii;
    ures_close(list);
    ures_close(exceptions);
    ures_close(bundle);
    // ICU's builder (filteredbrk.cpp): an entry with a '.' before its last
    // character puts its prefix up to that '.' in the backward table as
    // "partial", and it and every entry starting with that prefix go to the
    // forward table instead of the backward one.
    std::vector<bool> partial(entries.size(), false);
    std::vector<std::string> prefixes;
    for (size_t a = 0; a < entries.size(); ++a) {
      size_t dot = entries[a].find('.');
      if (dot == std::string::npos || dot + 1 == entries[a].size()) continue;
      std::string prefix = entries[a].substr(0, dot + 1);
      if (std::find(prefixes.begin(), prefixes.end(), prefix) == prefixes.end()) prefixes.push_back(prefix);
      for (size_t b = 0; b < entries.size(); ++b) {
        if (entries[b].compare(0, prefix.size(), prefix) == 0) partial[b] = true;
      }
    }
    std::vector<std::pair<std::string, bool>> backward;  // (string, is a partial prefix)
    for (const std::string& p : prefixes) backward.emplace_back(p, true);
    for (size_t a = 0; a < entries.size(); ++a) {
      if (partial[a]) {
        forward_.push_back(entries[a]);
      } else {
        backward.emplace_back(entries[a], false);
      }
    }
    // Longest first, filed under the character before a final '.'.
    std::stable_sort(backward.begin(), backward.end(),
                     [](const auto& x, const auto& y) { return x.first.size() > y.first.size(); });
    for (auto& b : backward) {
      const std::string& s = b.first;
      unsigned char key = s.size() >= 2 ? static_cast<unsigned char>(s[s.size() - 2]) : 0x80;
      if (s.back() == '.' && key < 0x80) {
        backward_by_key_[key].push_back(std::move(b));
      } else {
        backward_other_.push_back(std::move(b));
      }
    }
  }

  // ICU's filter at a break at `n` of the line [begin, end): the longest
  // backward entry the text ends with (before one skipped space); a full
  // entry suppresses the break, a partial prefix does if the forward table
  // matches from where it starts.
  bool Suppressed(std::string_view u, size_t begin, size_t end, size_t n) const {
    size_t e = n > begin && u[n - 1] == ' ' ? n - 1 : n;
    std::string_view before = u.substr(begin, e - begin);
    const std::pair<std::string, bool>* best = nullptr;
    if (before.size() >= 2 && before.back() == '.' && static_cast<unsigned char>(before[before.size() - 2]) < 0x80) {
      for (const auto& b : backward_by_key_[static_cast<unsigned char>(before[before.size() - 2])]) {
        if (before.ends_with(b.first)) {
          best = &b;
          break;
        }
      }
    }
    for (const auto& b : backward_other_) {
      if ((best == nullptr || b.first.size() > best->first.size()) && before.ends_with(b.first)) best = &b;
    }
    if (best == nullptr) return false;
    if (!best->second) return true;
    return ForwardMatches(u.substr(0, end), e - best->first.size());
  }

  // ICU's forward walk from `pos`: characters are taken while some forward
  // entry extends what was read; it matches if what was read when the walk
  // stops (or the line ends) is an entry.
  bool ForwardMatches(std::string_view u, size_t pos) const {
    bool read_is_entry = false;
    for (size_t k = 1; pos + k <= u.size(); ++k) {
      std::string_view read = u.substr(pos, k);
      bool prefix = false, longer = false;
      read_is_entry = false;
      for (const std::string& f : forward_) {
        if (!std::string_view(f).starts_with(read)) continue;
        prefix = true;
        if (f.size() == k) {
          read_is_entry = true;
        } else {
          longer = true;
        }
      }
      if (!prefix) return false;
      if (!longer) return read_is_entry;
    }
    return read_is_entry;
  }

  static constexpr int kMaxSimdChars = 8;
  bool ok_ = false;
  Kind kind_[0x80] = {};
  bool interesting_[0x100] = {};
#if defined(__SSE2__)
  bool simd_ = false;
  int simd_count_ = 0;
  __m128i simd_chars_[kMaxSimdChars];
#endif
  std::vector<std::pair<std::string, bool>> backward_by_key_[0x80];
  std::vector<std::pair<std::string, bool>> backward_other_;
  std::vector<std::string> forward_;
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
  // About one sentence per 100 bytes of prose: growing from one moved the
  // list a dozen times per document.
  out.reserve(text.size() / 64 + 4);
  // Built on the first line the rules hand over (2.3 M instructions, and
  // most threads never need it).
  thread_local std::unique_ptr<icu::BreakIterator> iterator;
  thread_local bool iterator_tried = false;
  thread_local std::string unwrapped;
  Unwrap(text, unwrapped);
  const SentenceRules& rules = SentenceRules::Get();
  fast = fast && rules.ok();
  thread_local std::vector<size_t> breaks;
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
      } else {
        if (!iterator_tried) {
          iterator_tried = true;
          iterator = MakeIterator();
        }
        // Without ICU: the line is one sentence.
        if (!iterator || !IcuLine(iterator.get(), text, unwrapped, line_begin, line_end, &out)) {
          Push(text, line_begin, line_end, &out);
        }
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
