// Recursive-descent parser for STIX 2.1 patterns (OASIS STIXPattern.g4).
//
//   pattern        := obs-exprs END
//   obs-exprs      := obs-or { FOLLOWEDBY obs-or }                  (lowest)
//   obs-or         := obs-and { OR obs-and }
//   obs-and        := obs-qual { AND obs-qual }
//   obs-qual       := obs-primary { qualifier }                    (postfix, stackable)
//   obs-primary    := '[' cmp-or ']' | '(' obs-exprs ')'
//   qualifier      := START t'..' STOP t'..'        (2.0: START '..' STOP '..')
//                   | WITHIN (int | float) SECONDS  (> 0)
//                   | REPEATS int TIMES             (>= 1)
//   cmp-or         := cmp-and { OR cmp-and }
//   cmp-and        := prop-test { AND prop-test }
//   prop-test      := '(' cmp-or ')'
//                   | [NOT] EXISTS path                              (2.1 only)
//                   | path [NOT] ('='|'=='|'!='|'<>') literal
//                   | path [NOT] ('<'|'<='|'>'|'>=') orderable
//                   | path [NOT] IN '(' [literal {',' literal}] ')'
//                   | path [NOT] (LIKE|MATCHES|ISSUBSET|ISSUPERSET) string
//   path           := object-type ':' key { '.' key | '[' (int | '*') ']' }
//   object-type    := identifier (hyphens allowed)
//   key            := identifier without hyphen | string
//   literal        := orderable | true | false
//   orderable      := string | int | float | t'..' | h'..' | b'..'
//
// Keywords are upper case and case-sensitive; `LAST` is reserved.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <utility>

#include "pattern/lexer.h"
#include "pattern/literals.h"
#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

using internal::Tok;
using internal::Token;

class Parser {
 public:
  Parser(std::vector<Token> tokens, PatternVersion version)
      : tokens_(std::move(tokens)), version_(version) {}

  Result<Pattern> Run() {
    Pattern out;
    RAMPART_ASSIGN_OR_RETURN(out.root, ObsExprs());
    if (Peek().kind != Tok::kEnd) return Expected("FOLLOWEDBY, OR, AND, a qualifier or end of pattern");
    out.leaf_count = leaves_;
    return out;
  }

 private:
  // The parser recurses once per parenthesis; a hostile pattern of a million '(' would
  // overflow the stack (found by the fuzzer), so nesting is bounded far above real use.
  // Stacked qualifiers ("[..] WITHIN 1 SECONDS WITHIN 1 SECONDS ...") nest the
  // tree one level each without recursing here, but the evaluator and the
  // destructor recurse over the tree: they count against the same bound.
  static constexpr int kMaxNesting = 200;
  Status EnterParen(std::string_view what = "parentheses") {
    if (++depth_ > kMaxNesting) {
      return ErrorAt(Peek().column, fmt::format("{} nested deeper than {}", what, kMaxNesting));
    }
    return absl::OkStatus();
  }

  const Token& Peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& Next() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool Accept(Tok kind) {
    if (Peek().kind != kind) return false;
    Next();
    return true;
  }
  Status ErrorAt(int column, std::string_view message) const {
    return InvalidInput(fmt::format("column {}: {}", column, message), internal::ColumnContext(column));
  }
  Status Expected(std::string_view what) const {
    return ErrorAt(Peek().column, fmt::format("expected {}, found {}", what, internal::Describe(Peek())));
  }

  using Binary = ObservationExpr::Kind;
  Result<ObservationExpr> ObsChain(Tok op, Binary kind, Result<ObservationExpr> (Parser::*sub)()) {
    RAMPART_ASSIGN_OR_RETURN(ObservationExpr first, (this->*sub)());
    if (Peek().kind != op) return first;
    ObservationExpr node;
    node.kind = kind;
    node.children.push_back(std::move(first));
    while (Accept(op)) {
      RAMPART_ASSIGN_OR_RETURN(ObservationExpr next, (this->*sub)());
      node.children.push_back(std::move(next));
    }
    return node;
  }
  Result<ObservationExpr> ObsExprs() { return ObsChain(Tok::kFollowedBy, Binary::kFollowedBy, &Parser::ObsOr); }
  Result<ObservationExpr> ObsOr() { return ObsChain(Tok::kOr, Binary::kOr, &Parser::ObsAnd); }
  Result<ObservationExpr> ObsAnd() { return ObsChain(Tok::kAnd, Binary::kAnd, &Parser::ObsQual); }

  Result<ObservationExpr> ObsQual() {
    RAMPART_ASSIGN_OR_RETURN(ObservationExpr expr, ObsPrimary());
    int stacked = 0;
    while (true) {
      ObservationExpr q;
      const Token& kw = Peek();
      if (kw.kind == Tok::kWithin || kw.kind == Tok::kRepeats || kw.kind == Tok::kStart) {
        if (Status st = EnterParen("parentheses and qualifiers"); !st.ok()) return st;
        ++stacked;
      }
      if (Accept(Tok::kWithin)) {
        q.kind = Binary::kWithin;
        const Token& num = Peek();
        if (num.kind != Tok::kInt && num.kind != Tok::kFloat) return Expected("a number of seconds after WITHIN");
        double v = std::strtod(num.text.c_str(), nullptr);
        if (!(v > 0) || !std::isfinite(v) || num.text[0] == '-') {
          return ErrorAt(num.column, "WITHIN needs a positive number of seconds");
        }
        Next();
        if (!Accept(Tok::kSeconds)) return Expected("SECONDS");
        q.within_seconds = v;
      } else if (Accept(Tok::kRepeats)) {
        q.kind = Binary::kRepeats;
        const Token& num = Peek();
        if (num.kind != Tok::kInt) return Expected("a positive integer after REPEATS");
        int64_t v = 0;
        std::string_view digits = num.text;
        if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec != std::errc() || p != digits.data() + digits.size() || v < 1) {
          return ErrorAt(num.column, "REPEATS needs a positive integer");
        }
        Next();
        if (!Accept(Tok::kTimes)) return Expected("TIMES");
        q.repeats = v;
      } else if (Accept(Tok::kStart)) {
        q.kind = Binary::kStartStop;
        RAMPART_ASSIGN_OR_RETURN(q.start, QualifierTime("START"));
        if (!Accept(Tok::kStop)) return Expected("STOP");
        RAMPART_ASSIGN_OR_RETURN(q.stop, QualifierTime("STOP"));
        if (q.start >= q.stop) return ErrorAt(kw.column, "START must be before STOP");
      } else {
        depth_ -= stacked;
        return expr;
      }
      q.children.push_back(std::move(expr));
      expr = std::move(q);
    }
  }

  Result<TimestampUs> QualifierTime(std::string_view after) {
    const Token& t = Peek();
    bool ok = version_ == PatternVersion::k21 ? t.kind == Tok::kTimestamp
                                              : (t.kind == Tok::kString || t.kind == Tok::kTimestamp);
    if (!ok) {
      return Expected(fmt::format("a timestamp {} after {}",
                                  version_ == PatternVersion::k21 ? "t'...'" : "'...'", after));
    }
    auto ts = internal::ParsePatternTimestamp(t.text);
    if (!ts.ok()) return ErrorAt(t.column, std::string(ts.status().message()));
    Next();
    return *ts;
  }

  Result<ObservationExpr> ObsPrimary() {
    if (Accept(Tok::kLParen)) {
      if (Status st = EnterParen(); !st.ok()) return st;
      RAMPART_ASSIGN_OR_RETURN(ObservationExpr inner, ObsExprs());
      --depth_;
      if (!Accept(Tok::kRParen)) return Expected("')' closing the observation expression");
      return inner;
    }
    if (!Accept(Tok::kLBracket)) return Expected("'[' or '(' starting an observation expression");
    ObservationExpr leaf;
    leaf.kind = Binary::kObservation;
    leaf.leaf = leaves_++;
    RAMPART_ASSIGN_OR_RETURN(leaf.comparison, CmpOr());
    if (!Accept(Tok::kRBracket)) return Expected("AND, OR or ']'");
    return leaf;
  }

  using CKind = ComparisonExpr::Kind;
  Result<ComparisonExpr> CmpChain(Tok op, CKind kind, Result<ComparisonExpr> (Parser::*sub)()) {
    RAMPART_ASSIGN_OR_RETURN(ComparisonExpr first, (this->*sub)());
    if (Peek().kind != op) return first;
    ComparisonExpr node;
    node.kind = kind;
    node.children.push_back(std::move(first));
    while (Accept(op)) {
      RAMPART_ASSIGN_OR_RETURN(ComparisonExpr next, (this->*sub)());
      node.children.push_back(std::move(next));
    }
    return node;
  }
  Result<ComparisonExpr> CmpOr() { return CmpChain(Tok::kOr, CKind::kOr, &Parser::CmpAnd); }
  Result<ComparisonExpr> CmpAnd() { return CmpChain(Tok::kAnd, CKind::kAnd, &Parser::PropTest); }

  Result<ComparisonExpr> PropTest() {
    if (Accept(Tok::kLParen)) {
      if (Status st = EnterParen(); !st.ok()) return st;
      RAMPART_ASSIGN_OR_RETURN(ComparisonExpr inner, CmpOr());
      --depth_;
      if (!Accept(Tok::kRParen)) return Expected("')' closing the comparison expression");
      return inner;
    }
    ComparisonExpr out;
    Comparison& test = out.test;
    if (Peek().kind == Tok::kExists || (Peek().kind == Tok::kNot && Peek(1).kind == Tok::kExists)) {
      if (version_ == PatternVersion::k20) return ErrorAt(Peek().column, "EXISTS is not part of STIX 2.0 patterns");
      test.negated = Accept(Tok::kNot);
      Next();
      test.op = CompareOp::kExists;
      test.column = Peek().column;
      RAMPART_ASSIGN_OR_RETURN(test.path, Path());
      return out;
    }
    test.column = Peek().column;
    RAMPART_ASSIGN_OR_RETURN(test.path, Path());
    test.negated = Accept(Tok::kNot);
    const Token& op = Peek();
    switch (op.kind) {
      case Tok::kEq: test.op = CompareOp::kEqual; break;
      case Tok::kNe: test.op = CompareOp::kNotEqual; break;
      case Tok::kLt: test.op = CompareOp::kLess; break;
      case Tok::kLe: test.op = CompareOp::kLessEqual; break;
      case Tok::kGt: test.op = CompareOp::kGreater; break;
      case Tok::kGe: test.op = CompareOp::kGreaterEqual; break;
      case Tok::kIn: test.op = CompareOp::kIn; break;
      case Tok::kLike: test.op = CompareOp::kLike; break;
      case Tok::kMatches: test.op = CompareOp::kMatches; break;
      case Tok::kIsSubset: test.op = CompareOp::kIsSubset; break;
      case Tok::kIsSuperset: test.op = CompareOp::kIsSuperset; break;
      default:
        return Expected(test.negated ? "a comparison operator after NOT"
                                     : "a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)");
    }
    Next();
    switch (test.op) {
      case CompareOp::kIn: {
        if (!Accept(Tok::kLParen)) return Expected("'(' starting the IN set");
        if (!Accept(Tok::kRParen)) {
          do {
            RAMPART_ASSIGN_OR_RETURN(Constant c, Literal(true));
            test.values.push_back(std::move(c));
          } while (Accept(Tok::kComma));
          if (!Accept(Tok::kRParen)) return Expected("',' or ')' in the IN set");
        }
        break;
      }
      case CompareOp::kLike: case CompareOp::kMatches: case CompareOp::kIsSubset: case CompareOp::kIsSuperset: {
        const Token& s = Peek();
        if (s.kind != Tok::kString) return Expected(fmt::format("a string after {}", CompareOpName(test.op)));
        if (test.op == CompareOp::kMatches) {
          auto re = Regex::Compile(s.text);
          if (!re.ok()) return ErrorAt(s.column, std::string(re.status().message()));
          test.regex = *std::move(re);
        }
        if ((test.op == CompareOp::kIsSubset || test.op == CompareOp::kIsSuperset) &&
            !internal::ParseCidr(s.text)) {
          return ErrorAt(s.column, fmt::format("'{}' is not an IP address or CIDR block", s.text));
        }
        RAMPART_ASSIGN_OR_RETURN(Constant c, Literal(false));
        test.values.push_back(std::move(c));
        break;
      }
      default: {
        bool eq = test.op == CompareOp::kEqual || test.op == CompareOp::kNotEqual;
        if (!eq && (Peek().kind == Tok::kTrue || Peek().kind == Tok::kFalse)) {
          return Expected("an orderable literal (booleans cannot be ordered)");
        }
        RAMPART_ASSIGN_OR_RETURN(Constant c, Literal(eq));
        test.values.push_back(std::move(c));
      }
    }
    return out;
  }

  Result<Constant> Literal(bool allow_bool) {
    const Token& t = Peek();
    Constant c;
    switch (t.kind) {
      case Tok::kString: c.type = ConstantType::kString; c.text = t.text; break;
      case Tok::kInt: {
        c.type = ConstantType::kInt;
        std::string_view digits = t.text;
        if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), c.int_value);
        if (ec != std::errc() || p != digits.data() + digits.size()) {
          return ErrorAt(t.column, fmt::format("integer {} out of range", t.text));
        }
        c.float_value = static_cast<double>(c.int_value);
        c.text = t.text;
        break;
      }
      case Tok::kFloat:
        c.type = ConstantType::kFloat;
        c.float_value = std::strtod(t.text.c_str(), nullptr);
        c.text = t.text;
        break;
      case Tok::kTrue: case Tok::kFalse:
        if (!allow_bool) return Expected("an orderable literal");
        c.type = ConstantType::kBool;
        c.bool_value = t.kind == Tok::kTrue;
        c.text = t.text;
        break;
      case Tok::kTimestamp: {
        auto ts = internal::ParsePatternTimestamp(t.text);
        if (!ts.ok()) return ErrorAt(t.column, std::string(ts.status().message()));
        c.type = ConstantType::kTimestamp;
        c.timestamp = *ts;
        c.text = t.text;
        break;
      }
      case Tok::kHex: {
        auto bytes = internal::DecodeHex(t.text);
        if (!bytes) return ErrorAt(t.column, "hex literal needs an even number of hex digits");
        c.type = ConstantType::kHex;
        c.text = std::move(*bytes);
        break;
      }
      case Tok::kBinary: {
        auto bytes = internal::DecodeBase64(t.text);
        if (!bytes) return ErrorAt(t.column, "binary literal is not valid base64");
        c.type = ConstantType::kBinary;
        c.text = std::move(*bytes);
        break;
      }
      default:
        return Expected(allow_bool ? "a literal" : "a string, number, t'..', h'..' or b'..' literal");
    }
    Next();
    return c;
  }

  Result<ObjectPath> Path() {
    ObjectPath path;
    const Token& type = Peek();
    if (type.kind != Tok::kIdent) return Expected("an object path (type:property)");
    path.object_type = type.text;
    Next();
    if (!Accept(Tok::kColon)) return Expected("':' after the object type");
    RAMPART_ASSIGN_OR_RETURN(std::string first, Key());
    path.steps.push_back(PathStep{PathStep::Kind::kKey, std::move(first), 0});
    while (true) {
      if (Accept(Tok::kDot)) {
        RAMPART_ASSIGN_OR_RETURN(std::string key, Key());
        path.steps.push_back(PathStep{PathStep::Kind::kKey, std::move(key), 0});
      } else if (Peek().kind == Tok::kLBracket && (Peek(1).kind == Tok::kInt || Peek(1).kind == Tok::kStar) &&
                 Peek(2).kind == Tok::kRBracket) {
        // '[' after a path is an index; a '[' that starts an observation never follows a path.
        Next();
        const Token& idx = Next();
        PathStep step;
        if (idx.kind == Tok::kStar) {
          step.kind = PathStep::Kind::kAnyIndex;
        } else {
          step.kind = PathStep::Kind::kIndex;
          std::string_view digits = idx.text;
          if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
          auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), step.index);
          if (ec != std::errc()) return ErrorAt(idx.column, "list index out of range");
        }
        Next();
        path.steps.push_back(std::move(step));
      } else if (Peek().kind == Tok::kLBracket) {
        Next();
        return Expected("a list index (integer or '*')");
      } else {
        return path;
      }
    }
  }

  Result<std::string> Key() {
    const Token& t = Peek();
    if (t.kind == Tok::kString) {
      Next();
      return t.text;
    }
    if (t.kind != Tok::kIdent) return Expected("a property name");
    if (t.text.find('-') != std::string::npos) {
      return ErrorAt(t.column, fmt::format("property name '{}' contains '-': quote it ('{}')", t.text, t.text));
    }
    Next();
    return t.text;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int leaves_ = 0;
  int depth_ = 0;
  PatternVersion version_;
};

}  // namespace

Result<Pattern> ParsePattern(std::string_view text, PatternVersion version) {
  RAMPART_ASSIGN_OR_RETURN(std::vector<Token> tokens, internal::Lex(text));
  Parser parser(std::move(tokens), version);
  RAMPART_ASSIGN_OR_RETURN(Pattern pattern, parser.Run());
  pattern.text = std::string(text);
  return pattern;
}

void ForEachLeaf(const ObservationExpr& expr, const std::function<void(const ObservationExpr&)>& fn) {
  if (expr.kind == ObservationExpr::Kind::kObservation) {
    fn(expr);
    return;
  }
  for (const auto& child : expr.children) ForEachLeaf(child, fn);
}

}  // namespace rampart::stix
