// The single-pass token scanner. See observable.h for the contract and
// docs/design/extract.md for the measured rate.
#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "observables/classify.h"
#include "rampart/extract/observable.h"

namespace rampart::extract {
namespace {

using internal::kAt;
using internal::kBackslash;
using internal::kBracket;
using internal::kColon;
using internal::kDelim;
using internal::kDigit;
using internal::kDot;
using internal::kNonHex;
using internal::kSlash;

constexpr std::array<uint16_t, 256> MakeTable() {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = kNonHex;
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
  for (int c = 'a'; c <= 'f'; ++c) t[c] = 0;
  for (int c = 'A'; c <= 'F'; ++c) t[c] = 0;
  for (char c : {' ', '\t', '\n', '\r', '\f', '\v', '"', '<', '>', ',', ';', '|', '`', '\0'}) {
    t[static_cast<uint8_t>(c)] = kDelim;
  }
  t['.'] = kDot | kNonHex;
  t['@'] = kAt | kNonHex;
  t[':'] = kColon | kNonHex;
  t['/'] = kSlash | kNonHex;
  t['\\'] = kBackslash | kNonHex;
  for (char c : {'[', ']', '(', ')', '{', '}'}) t[static_cast<uint8_t>(c)] = kBracket | kNonHex;
  return t;
}
constexpr std::array<uint16_t, 256> kTable = MakeTable();

constexpr uint16_t kTrigger = kDot | kAt | kColon | kSlash | kBackslash | kBracket;

}  // namespace

std::string_view ObservableTypeName(ObservableType type) {
  switch (type) {
    case ObservableType::kIpv4: return "ipv4";
    case ObservableType::kIpv4Cidr: return "ipv4-cidr";
    case ObservableType::kIpv6: return "ipv6";
    case ObservableType::kIpv6Cidr: return "ipv6-cidr";
    case ObservableType::kDomain: return "domain";
    case ObservableType::kUrl: return "url";
    case ObservableType::kEmail: return "email";
    case ObservableType::kMd5: return "md5";
    case ObservableType::kSha1: return "sha1";
    case ObservableType::kSha256: return "sha256";
    case ObservableType::kSha512: return "sha512";
    case ObservableType::kCve: return "cve";
    case ObservableType::kAttackTechnique: return "attack-technique";
    case ObservableType::kFileName: return "file";
    case ObservableType::kWindowsPath: return "windows-path";
    case ObservableType::kRegistryKey: return "registry-key";
  }
  return "unknown";
}

std::vector<Observable> ObservableExtractor::Extract(std::string_view text) const {
  std::vector<Observable> out;
  ExtractInto(text, &out);
  return out;
}

namespace {

// A token whose only trigger bytes are '.', ':' (and other trailing
// punctuation) at its end, with no digit, '@', slash, bracket or '=' in it:
// "servers.", "said:", "U.S" is not one ("U.S." keeps a '.' inside). What the
// classifier keeps of it after trimming is letters and junk, which are
// nothing (every observable needs a digit or one of those bytes). Most
// sentence ends are such tokens; classifying them was half the stage.
bool OnlyTrailingPunctuation(std::string_view token) {
  size_t end = token.size();
  auto trailing = [](unsigned char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '*' ||
           c == '"' || c >= 0x80;
  };
  while (end > 0 && trailing(static_cast<unsigned char>(token[end - 1]))) --end;
  for (size_t i = 0; i < token.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(token[i]);
    uint16_t k = kTable[c];
    if (k & (kDigit | kAt | kSlash | kBackslash | kBracket)) return false;
    if (c == '=') return false;
    if (i < end && (k & (kDot | kColon))) return false;
  }
  return true;
}

// The first byte at or after `i` that is a digit or a trigger ('.', '@',
// ':', '/', '\\', brackets), or `n`. A token without one is never an
// observable (see OnlyTrailingPunctuation), so the scan skips to the next
// such byte, sixteen at a time with SSE2, instead of visiting every byte of
// every word.
size_t NextCandidate(const uint8_t* p, size_t i, size_t n) {
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i hit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    for (char c : {'.', '@', ':', '/', '\\', '[', ']', '(', ')', '{', '}'}) {
      hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
    }
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  while (i < n && !(kTable[p[i]] & (kTrigger | kDigit))) ++i;
  return i;
}

}  // namespace

void ObservableExtractor::ExtractInto(std::string_view text, std::vector<Observable>* out) const {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t done = 0;  // bytes before this are scanned (it follows a delimiter)
  while (true) {
    size_t hit = NextCandidate(p, done, n);
    if (hit >= n) return;
    // The token around `hit`: back and forward to the delimiters, the
    // classes of its bytes or-ed.
    size_t start = hit, end = hit;
    uint16_t mask = 0;
    for (uint16_t c; start > done && !((c = kTable[p[start - 1]]) & kDelim); --start) mask |= c;
    for (uint16_t c; end < n && !((c = kTable[p[end]]) & kDelim); ++end) mask |= c;
    done = end + 1;
    const size_t len = end - start;
    if (len < 3) continue;
    if (((mask & kTrigger) || (len >= 32 && !(mask & kNonHex)) || ((mask & kDigit) && len >= 5))) {
      std::string_view token = text.substr(start, len);
      if (!(mask & kDigit) && (mask & kTrigger) && len < 32 && OnlyTrailingPunctuation(token)) continue;
      size_t next_start = 0, next_end = 0;
      if (end < n && (p[end] == '\n' || p[end] == '\r') &&
          internal::ContinuesOnNextLine(text, start, end, &next_start, &next_end) &&
          internal::ClassifyAcrossLine(psl_, text, start, end, next_start, next_end, out)) {
        done = next_end + 1;
        continue;
      }
      ClassifyToken(token, start, out);
    }
  }
}

void ObservableExtractor::ClassifyToken(std::string_view token, size_t offset,
                                        std::vector<Observable>* out) const {
  internal::Classifier classifier(psl_, out);
  classifier.Classify(token, offset);
}

}  // namespace rampart::extract
