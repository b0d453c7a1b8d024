// Literal decoding and value helpers shared by the pattern parser and
// evaluator (internal).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rampart/core/status.h"
#include "rampart/core/time.h"

namespace rampart::stix::internal {

// The error context of a pattern error: line 1 (a pattern is one line;
// core attaches no context that has only a column) and the column.
inline ErrorContext ColumnContext(int column) {
  ErrorContext ctx;
  ctx.line = 1;
  ctx.column = column;
  return ctx;
}

// t'...' bodies: a STIX timestamp ("YYYY-MM-DDTHH:MM:SS[.s+]Z").
Result<TimestampUs> ParsePatternTimestamp(std::string_view text);

std::optional<std::string> DecodeHex(std::string_view hex);
std::optional<std::string> DecodeBase64(std::string_view b64);

// An IPv4 or IPv6 address or CIDR block, as a 16-byte address (IPv4 mapped
// into ::ffff:0:0/96) and a prefix length over those 128 bits.
struct Cidr {
  std::array<uint8_t, 16> addr{};
  int prefix = 128;
  bool v4 = false;
};
std::optional<Cidr> ParseCidr(std::string_view text);
// True if every address of `inner` lies in `outer`.
bool CidrContains(const Cidr& outer, const Cidr& inner);

// SQL LIKE with % (any run) and _ (one code point); case-sensitive.
bool LikeMatch(std::string_view pattern, std::string_view text);

}  // namespace rampart::stix::internal
