// Tokens of the STIX pattern language (internal to the parser).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::stix::internal {

enum class Tok : uint8_t {
  kEnd, kLBracket, kRBracket, kLParen, kRParen, kComma, kColon, kDot, kStar,
  kEq, kNe, kLt, kLe, kGt, kGe,
  kIdent,      // identifier, hyphens allowed (object types); keywords are separate
  kString,     // '...' (value unescaped)
  kInt, kFloat,
  kTimestamp,  // t'...'
  kHex,        // h'...'
  kBinary,     // b'...'
  kTrue, kFalse,
  kAnd, kOr, kNot, kFollowedBy, kLike, kMatches, kIsSubset, kIsSuperset, kExists, kIn,
  kStart, kStop, kWithin, kSeconds, kRepeats, kTimes, kLast,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // identifier / unescaped literal body / number as written
  int column = 1;    // 1-based (bytes)
};

// Splits `text` into tokens, ending with kEnd. InvalidInput with the column
// on an unterminated literal, a bad escape or a stray character.
Result<std::vector<Token>> Lex(std::string_view text);

// How a token is named in "expected X, found Y" messages.
std::string Describe(const Token& token);

}  // namespace rampart::stix::internal
