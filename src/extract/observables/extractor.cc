// The single-pass token scanner. See observable.h for the contract and
// docs/design/extract.md for the measured rate.
#include <array>
#include <cstdint>

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

}  // namespace

void ObservableExtractor::ExtractInto(std::string_view text, std::vector<Observable>* out) const {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // One token: the bytes up to the next delimiter, their classes or-ed.
    const size_t start = i;
    uint16_t mask = 0;
    for (uint16_t c; i < n && !((c = kTable[p[i]]) & kDelim); ++i) mask |= c;
    const size_t len = i - start;
    ++i;  // the delimiter
    if (len < 3) continue;
    if (((mask & kTrigger) || (len >= 32 && !(mask & kNonHex)) || ((mask & kDigit) && len >= 5))) {
      std::string_view token = text.substr(start, len);
      if (!(mask & kDigit) && (mask & kTrigger) && len < 32 && OnlyTrailingPunctuation(token)) continue;
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
