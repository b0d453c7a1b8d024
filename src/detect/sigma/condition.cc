// Condition grammar (SIGMA.md §6), recursive descent; least binding first:
//
//   or_expr  := and_expr ('or' and_expr)*
//   and_expr := not_expr ('and' not_expr)*
//   not_expr := 'not' not_expr | primary
//   primary  := '(' or_expr ')' | quant 'of' (pattern | 'them') | identifier
//   quant    := '1' | 'any' | 'all'
//
// Identifiers are [A-Za-z0-9_-]+ (patterns also '*'). `x of` expands to the
// matching identifiers now, so evaluation never sees patterns. A '|'
// (Sigma v1 aggregation) is rejected: correlations replace it.
#include <fmt/format.h>

#include "sigma/internal.h"

namespace rampart::detect::internal {
namespace {

bool IdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '*'; }

bool GlobMatch(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= name.size(); ++i) {
      if (GlobMatch(pattern.substr(1), name.substr(i))) return true;
    }
    return false;
  }
  return !name.empty() && pattern[0] == name[0] && GlobMatch(pattern.substr(1), name.substr(1));
}

class Parser {
 public:
  Parser(std::string_view text, const std::vector<std::string>& names)
      : names_(names), pipe_(text.find('|') != std::string_view::npos) {
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
      } else if (c == '(' || c == ')' || c == '|') {
        tokens_.emplace_back(1, c);
        ++i;
      } else if (IdentChar(c)) {
        size_t j = i;
        while (j < text.size() && IdentChar(text[j])) ++j;
        tokens_.emplace_back(text.substr(i, j - i));
        i = j;
      } else {
        bad_ = fmt::format("unexpected character '{}' at offset {}", c, i);
        break;
      }
    }
  }

  Result<Condition> Parse() {
    if (pipe_) return InvalidInput("condition uses '|' (Sigma v1 aggregation), which is obsolete: use a correlation rule");
    if (!bad_.empty()) return InvalidInput(bad_);
    if (tokens_.empty()) return InvalidInput("empty condition");
    RAMPART_ASSIGN_OR_RETURN(Condition c, Or());
    if (pos_ < tokens_.size()) return InvalidInput(fmt::format("unexpected '{}' in condition", tokens_[pos_]));
    return c;
  }

 private:
  // Each '(' and 'not' recurses; bound them so a hostile condition cannot overflow the stack.
  static constexpr int kMaxNesting = 200;
  static Status TooDeep() {
    return InvalidInput(fmt::format("condition nests '(' or 'not' deeper than {}", kMaxNesting));
  }

  std::string_view Peek() const { return pos_ < tokens_.size() ? std::string_view(tokens_[pos_]) : ""; }

  Result<Condition> Binary(Condition::Op op, std::string_view word, Result<Condition> (Parser::*next)()) {
    RAMPART_ASSIGN_OR_RETURN(Condition left, (this->*next)());
    while (Peek() == word) {
      ++pos_;
      RAMPART_ASSIGN_OR_RETURN(Condition right, (this->*next)());
      if (left.op == op) {
        left.operands.push_back(std::move(right));
      } else {
        Condition c;
        c.op = op;
        c.operands.push_back(std::move(left));
        c.operands.push_back(std::move(right));
        left = std::move(c);
      }
    }
    return left;
  }
  Result<Condition> Or() { return Binary(Condition::Op::kOr, "or", &Parser::And); }
  Result<Condition> And() { return Binary(Condition::Op::kAnd, "and", &Parser::Not); }

  Result<Condition> Not() {
    if (Peek() == "not") {
      ++pos_;
      if (++depth_ > kMaxNesting) return TooDeep();
      RAMPART_ASSIGN_OR_RETURN(Condition inner, Not());
      --depth_;
      Condition c;
      c.op = Condition::Op::kNot;
      c.operands.push_back(std::move(inner));
      return c;
    }
    return Primary();
  }

  Result<Condition> Primary() {
    std::string_view t = Peek();
    if (t.empty()) return InvalidInput("condition ends early: expected an identifier or '('");
    if (t == "(") {
      ++pos_;
      if (++depth_ > kMaxNesting) return TooDeep();
      RAMPART_ASSIGN_OR_RETURN(Condition c, Or());
      --depth_;
      if (Peek() != ")") return InvalidInput("missing ')' in condition");
      ++pos_;
      return c;
    }
    if (t == ")" || t == "and" || t == "or" || t == "of" || t == "them") {
      return InvalidInput(fmt::format("unexpected '{}' in condition", t));
    }
    if ((t == "1" || t == "any" || t == "all") && pos_ + 1 < tokens_.size() && tokens_[pos_ + 1] == "of") {
      bool all = t == "all";
      pos_ += 2;
      std::string_view pattern = Peek();
      if (pattern.empty() || pattern == "(" || pattern == ")") return InvalidInput("expected a pattern or 'them' after 'of'");
      ++pos_;
      Condition c;
      c.op = all ? Condition::Op::kAnd : Condition::Op::kOr;
      for (size_t i = 0; i < names_.size(); ++i) {
        bool hit = pattern == "them" ? names_[i][0] != '_'
                                     : GlobMatch(pattern, names_[i]) && (names_[i][0] != '_' || pattern[0] == '_');
        if (hit) c.operands.push_back(Ident(static_cast<int>(i)));
      }
      if (c.operands.empty()) return InvalidInput(fmt::format("'{} of {}' matches no search identifier", t, pattern));
      return c;
    }
    if (t.find('*') != std::string_view::npos) {
      return InvalidInput(fmt::format("pattern '{}' outside '1 of'/'all of'", t));
    }
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == t) {
        ++pos_;
        return Ident(static_cast<int>(i));
      }
    }
    return InvalidInput(fmt::format("condition names '{}', which is not a search identifier of the rule", t));
  }

  static Condition Ident(int i) {
    Condition c;
    c.op = Condition::Op::kIdentifier;
    c.identifier = i;
    return c;
  }

  const std::vector<std::string>& names_;
  std::vector<std::string> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool pipe_ = false;
  std::string bad_;
};

}  // namespace

Result<Condition> ParseCondition(std::string_view text, const std::vector<std::string>& names) {
  return Parser(text, names).Parse();
}

}  // namespace rampart::detect::internal
