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
  // Classify() of a token assembled from pieces of the text: byte i of
  // `piece` was at `offset + where[i]`; the observables get those offsets.
  void ClassifyMapped(std::string_view piece, const std::vector<size_t>& where, size_t offset);

 private:
  void ClassifyAscii(std::string_view token, size_t offset);
  void ClassifyNonAscii(std::string_view token, size_t offset);
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

// A value broken across a line end: the token [start, end) ends a line,
// and the next line's first token [*next_start, *next_end) may continue it
// (observable.h says when). The caller keeps the join only if the joined
// token classifies.
bool ContinuesOnNextLine(std::string_view text, size_t start, size_t end, size_t* next_start,
                         size_t* next_end);
// Classifies the joined token; true (observables appended) if one of them
// spans the line end, else false with `out` as it was.
bool ClassifyAcrossLine(const PublicSuffixList* psl, std::string_view text, size_t start, size_t end,
                        size_t next_start, size_t next_end, std::vector<Observable>* out);

// Parsers shared with tests.
bool ParseIpv4(std::string_view text);              // dotted quad, no leading zeros
bool ParseIpv6(std::string_view text);              // inet_pton
bool IsFileExtension(std::string_view lower_ext);   // "exe", "dll", "docx" ...

}  // namespace rampart::extract::internal
