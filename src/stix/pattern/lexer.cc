#include "pattern/lexer.h"
#include "pattern/literals.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace rampart::stix::internal {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::pair<std::string_view, Tok>, 19> kKeywords = {{
    {"AND", Tok::kAnd}, {"OR", Tok::kOr}, {"NOT", Tok::kNot}, {"FOLLOWEDBY", Tok::kFollowedBy},
    {"LIKE", Tok::kLike}, {"MATCHES", Tok::kMatches}, {"ISSUBSET", Tok::kIsSubset},
    {"ISSUPERSET", Tok::kIsSuperset}, {"EXISTS", Tok::kExists}, {"IN", Tok::kIn},
    {"START", Tok::kStart}, {"STOP", Tok::kStop}, {"WITHIN", Tok::kWithin},
    {"SECONDS", Tok::kSeconds}, {"REPEATS", Tok::kRepeats}, {"TIMES", Tok::kTimes},
    {"LAST", Tok::kLast}, {"true", Tok::kTrue}, {"false", Tok::kFalse},
}};

Status LexError(int column, std::string_view message) {
  return InvalidInput(fmt::format("column {}: {}", column, message), ColumnContext(column));
}

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  const size_t n = text.size();
  while (true) {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
    Token tok;
    tok.column = static_cast<int>(i) + 1;
    if (i >= n) {
      tok.kind = Tok::kEnd;
      out.push_back(std::move(tok));
      return out;
    }
    const char c = text[i];
    // Quoted literals, optionally prefixed by t / h / b.
    char prefix = 0;
    if ((c == 't' || c == 'h' || c == 'b') && i + 1 < n && text[i + 1] == '\'') prefix = c;
    if (c == '\'' || prefix) {
      size_t j = i + (prefix ? 2 : 1);
      std::string body;
      bool closed = false;
      while (j < n) {
        const char d = text[j];
        if (d == '\'') {
          closed = true;
          ++j;
          break;
        }
        if (d == '\\') {
          if (j + 1 >= n) break;
          const char e = text[j + 1];
          if (e != '\'' && e != '\\') {
            return LexError(static_cast<int>(j) + 1,
                            fmt::format("invalid escape '\\{}' in string (only \\' and \\\\ are allowed)", e));
          }
          body.push_back(e);
          j += 2;
          continue;
        }
        body.push_back(d);
        ++j;
      }
      if (!closed) return LexError(tok.column, "unterminated quoted literal");
      tok.kind = prefix == 't' ? Tok::kTimestamp : prefix == 'h' ? Tok::kHex
               : prefix == 'b' ? Tok::kBinary : Tok::kString;
      tok.text = std::move(body);
      i = j;
      out.push_back(std::move(tok));
      continue;
    }
    // Numbers: [+-]? digits [. digits] | [+-]? . digits
    if (IsDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < n &&
                       (IsDigit(text[i + 1]) || (text[i + 1] == '.' && c != '.' && i + 2 < n && IsDigit(text[i + 2]))))) {
      size_t j = i;
      if (text[j] == '-' || text[j] == '+') ++j;
      while (j < n && IsDigit(text[j])) ++j;
      bool is_float = false;
      if (j < n && text[j] == '.') {
        is_float = true;
        ++j;
        if (j >= n || !IsDigit(text[j])) return LexError(static_cast<int>(j) + 1, "expected digits after '.'");
        while (j < n && IsDigit(text[j])) ++j;
      }
      if (j < n && (IsAlpha(text[j]))) {
        return LexError(static_cast<int>(j) + 1, fmt::format("unexpected '{}' after number", text[j]));
      }
      tok.kind = is_float ? Tok::kFloat : Tok::kInt;
      tok.text = std::string(text.substr(i, j - i));
      i = j;
      out.push_back(std::move(tok));
      continue;
    }
    if (IsAlpha(c)) {
      size_t j = i + 1;
      while (j < n && (IsAlpha(text[j]) || IsDigit(text[j]) || text[j] == '-')) ++j;
      tok.text = std::string(text.substr(i, j - i));
      tok.kind = Tok::kIdent;
      for (const auto& [word, kind] : kKeywords) {
        if (tok.text == word) tok.kind = kind;
      }
      i = j;
      out.push_back(std::move(tok));
      continue;
    }
    auto two = [&](char next) { return i + 1 < n && text[i + 1] == next; };
    size_t len = 1;
    switch (c) {
      case '[': tok.kind = Tok::kLBracket; break;
      case ']': tok.kind = Tok::kRBracket; break;
      case '(': tok.kind = Tok::kLParen; break;
      case ')': tok.kind = Tok::kRParen; break;
      case ',': tok.kind = Tok::kComma; break;
      case ':': tok.kind = Tok::kColon; break;
      case '.': tok.kind = Tok::kDot; break;
      case '*': tok.kind = Tok::kStar; break;
      case '=': tok.kind = Tok::kEq; len = two('=') ? 2 : 1; break;
      case '!':
        if (!two('=')) return LexError(tok.column, "expected '!=' ('!' alone is not an operator)");
        tok.kind = Tok::kNe; len = 2; break;
      case '<':
        if (two('=')) { tok.kind = Tok::kLe; len = 2; }
        else if (two('>')) { tok.kind = Tok::kNe; len = 2; }
        else tok.kind = Tok::kLt;
        break;
      case '>':
        if (two('=')) { tok.kind = Tok::kGe; len = 2; } else tok.kind = Tok::kGt;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
          return LexError(tok.column, fmt::format("unexpected byte 0x{:02x}", static_cast<unsigned char>(c)));
        }
        return LexError(tok.column, fmt::format("unexpected character '{}'", c));
    }
    tok.text = std::string(text.substr(i, len));
    i += len;
    out.push_back(std::move(tok));
  }
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case Tok::kEnd: return "end of pattern";
    case Tok::kString: return fmt::format("string '{}'", token.text);
    case Tok::kTimestamp: return "timestamp literal";
    case Tok::kHex: return "hex literal";
    case Tok::kBinary: return "binary literal";
    case Tok::kIdent: return fmt::format("identifier '{}'", token.text);
    case Tok::kInt:
    case Tok::kFloat: return fmt::format("number {}", token.text);
    default: return fmt::format("'{}'", token.text);
  }
}

}  // namespace rampart::stix::internal
