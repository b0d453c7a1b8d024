// Text forms of the pattern tree and the PCRE2 wrapper.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <fmt/format.h>
#include <pcre2.h>

#include "rampart/stix/pattern_ast.h"

namespace rampart::stix {

Result<std::shared_ptr<const Regex>> Regex::Compile(std::string_view pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error, &offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error, buffer, sizeof(buffer));
    return InvalidInput(fmt::format("invalid regular expression at offset {}: {}", offset,
                                    reinterpret_cast<const char*>(buffer)));
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // best effort; the interpreter is the fallback
  std::shared_ptr<Regex> re(new Regex());
  re->code_ = code;
  re->pattern_ = std::string(pattern);
  return std::shared_ptr<const Regex>(std::move(re));
}

Regex::~Regex() { pcre2_code_free(static_cast<pcre2_code*>(code_)); }

bool Regex::Search(std::string_view text) const {
  auto* code = static_cast<pcre2_code*>(code_);
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
  int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, md, nullptr);
  pcre2_match_data_free(md);
  return rc >= 0;
}

namespace {
std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}
bool IsPlainKey(std::string_view s) {
  // Keywords must be quoted to stay property names ("file:x.'START'").
  for (std::string_view kw : {"AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "EXISTS",
                              "IN", "START", "STOP", "WITHIN", "SECONDS", "REPEATS", "TIMES", "LAST", "true", "false"}) {
    if (s == kw) return false;
  }
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_')) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}
std::string Base64(std::string_view bytes) {
  static constexpr char kAlpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlpha[(n >> 18) & 63]);
    out.push_back(kAlpha[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlpha[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? kAlpha[n & 63] : '=');
  }
  return out;
}
}  // namespace

std::string Constant::ToString() const {
  switch (type) {
    case ConstantType::kString: return Quote(text);
    case ConstantType::kTimestamp: return fmt::format("t{}", Quote(text));
    case ConstantType::kHex: {
      std::string hex;
      for (char c : text) hex += fmt::format("{:02x}", static_cast<uint8_t>(c));
      return "h'" + hex + "'";
    }
    case ConstantType::kBinary: return "b'" + Base64(text) + "'";
    default: return text;
  }
}

std::string_view CompareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEqual: return "=";
    case CompareOp::kNotEqual: return "!=";
    case CompareOp::kLess: return "<";
    case CompareOp::kLessEqual: return "<=";
    case CompareOp::kGreater: return ">";
    case CompareOp::kGreaterEqual: return ">=";
    case CompareOp::kIn: return "IN";
    case CompareOp::kLike: return "LIKE";
    case CompareOp::kMatches: return "MATCHES";
    case CompareOp::kIsSubset: return "ISSUBSET";
    case CompareOp::kIsSuperset: return "ISSUPERSET";
    case CompareOp::kExists: return "EXISTS";
  }
  return "?";
}

std::string ObjectPath::ToString() const {
  std::string out = object_type + ":";
  bool first = true;
  for (const PathStep& s : steps) {
    switch (s.kind) {
      case PathStep::Kind::kKey:
        if (!first) out += ".";
        out += IsPlainKey(s.key) ? s.key : Quote(s.key);
        break;
      case PathStep::Kind::kIndex: out += fmt::format("[{}]", s.index); break;
      case PathStep::Kind::kAnyIndex: out += "[*]"; break;
    }
    first = false;
  }
  return out;
}

std::string Comparison::ToString() const {
  std::string neg = negated ? "NOT " : "";
  if (op == CompareOp::kExists) return neg + "EXISTS " + path.ToString();
  std::string out = fmt::format("{} {}{} ", path.ToString(), neg, CompareOpName(op));
  if (op == CompareOp::kIn) {
    out += "(";
    for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i].ToString();
    return out + ")";
  }
  return out + (values.empty() ? "" : values[0].ToString());
}

std::string ComparisonExpr::ToString() const {
  if (kind == Kind::kTest) return test.ToString();
  std::string out = "(";
  for (size_t i = 0; i < children.size(); ++i) {
    if (i) out += kind == Kind::kAnd ? " AND " : " OR ";
    out += children[i].ToString();
  }
  return out + ")";
}

std::string ObservationExpr::ToString() const {
  switch (kind) {
    case Kind::kObservation: {
      std::string inner = comparison.ToString();
      if (comparison.kind != ComparisonExpr::Kind::kTest) inner = inner.substr(1, inner.size() - 2);
      return "[" + inner + "]";
    }
    case Kind::kWithin: return fmt::format("{} WITHIN {} SECONDS", children[0].ToString(), within_seconds);
    case Kind::kRepeats: return fmt::format("{} REPEATS {} TIMES", children[0].ToString(), repeats);
    case Kind::kStartStop:
      return fmt::format("{} START t'{}' STOP t'{}'", children[0].ToString(), FormatTimestamp(start),
                         FormatTimestamp(stop));
    default: {
      std::string_view op = kind == Kind::kAnd ? " AND " : kind == Kind::kOr ? " OR " : " FOLLOWEDBY ";
      std::string out = "(";
      for (size_t i = 0; i < children.size(); ++i) out += (i ? std::string(op) : "") + children[i].ToString();
      return out + ")";
    }
  }
}

}  // namespace rampart::stix
