// Token classification behind ObservableExtractor (internal).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/extract/observable.h"

namespace rampart::extract::internal {

// Byte classes of the scanner's table.
inline constexpr uint16_t kDelim = 1;
inline constexpr uint16_t kDot = 2;
inline constexpr uint16_t kAt = 4;
inline constexpr uint16_t kColon = 8;
inline constexpr uint16_t kSlash = 16;
inline constexpr uint16_t kBackslash = 32;
inline constexpr uint16_t kBracket = 64;
inline constexpr uint16_t kDigit = 128;
inline constexpr uint16_t kNonHex = 256;

class Classifier {
 public:
  Classifier(const PublicSuffixList* psl, std::vector<Observable>* out) : psl_(psl), out_(out) {}
  void Classify(std::string_view token, size_t offset);

 private:
  bool ClassifyClean(std::string_view t, size_t begin, size_t end, bool defanged, int depth);
  bool TryUrl(std::string_view t, size_t begin, size_t end, bool defanged);
  bool TryHost(std::string_view host, size_t begin, size_t end, bool defanged, bool emit);
  bool TryEmail(std::string_view t, size_t begin, size_t end, bool defanged);
  bool TryWindows(std::string_view t, size_t begin, size_t end);
  bool TryDomainOrFile(std::string_view t, size_t begin, size_t end, bool defanged);
  void Emit(ObservableType type, std::string value, size_t begin, size_t end, bool defanged);

  const PublicSuffixList* psl_;
  std::vector<Observable>* out_;
};

// Parsers shared with tests.
bool ParseIpv4(std::string_view text);              // dotted quad, no leading zeros
bool ParseIpv6(std::string_view text);              // inet_pton
bool IsFileExtension(std::string_view lower_ext);   // "exe", "dll", "docx" ...

}  // namespace rampart::extract::internal
