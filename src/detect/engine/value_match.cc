// Value primitives. GlobMatch is the classic two-pointer wildcard matcher with
// backtracking to the last '*' (linear for one star, O(n*m) worst case).
#include "engine/value_match.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sigma/internal.h"

namespace rampart::detect::internal {
namespace {

inline unsigned char Fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

bool Eq(std::string_view a, std::string_view b, bool cased) {
  if (a.size() != b.size()) return false;
  if (cased) return a == b;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Fold(a[i]) != Fold(b[i])) return false;
  }
  return true;
}

size_t Find(std::string_view hay, std::string_view needle, bool cased) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (Eq(hay.substr(i, needle.size()), needle, cased)) return i;
  }
  return std::string_view::npos;
}

}  // namespace

bool GlobMatch(const SigmaString& pattern, std::string_view text, bool cased) {
  // Flatten to one token per byte: -1 = '*', -2 = '?', else the byte.
  std::vector<int> p;
  for (const auto& piece : pattern.pieces) {
    if (piece.kind == SigmaString::Kind::kAnyRun) p.push_back(-1);
    else if (piece.kind == SigmaString::Kind::kAnyChar) p.push_back(-2);
    else for (unsigned char c : piece.text) p.push_back(cased ? c : Fold(c));
  }
  size_t pi = 0, ti = 0, star = std::string::npos, mark = 0;
  while (ti < text.size()) {
    unsigned char c = cased ? text[ti] : Fold(text[ti]);
    if (pi < p.size() && (p[pi] == -2 || p[pi] == c)) {
      ++pi, ++ti;
    } else if (pi < p.size() && p[pi] == -1) {
      star = pi++;
      mark = ti;
    } else if (star != std::string::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == -1) ++pi;
  return pi == p.size();
}

bool NumericMatch(NumericOp op, double number, std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  char buf[65];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  char* end = nullptr;
  double v = std::strtod(buf, &end);
  if (end == buf || *end != 0) return false;
  switch (op) {
    case NumericOp::kLt: return v < number;
    case NumericOp::kLte: return v <= number;
    case NumericOp::kGt: return v > number;
    case NumericOp::kGte: return v >= number;
  }
  return false;
}

bool CidrMatch(const Cidr& cidr, std::string_view text) {
  bool v6 = false;
  auto ip = ParseIp(text, &v6);
  if (!ip || v6 != cidr.v6) return false;
  int full = cidr.prefix / 8, rest = cidr.prefix % 8;
  if (std::memcmp(ip->data(), cidr.address.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff00 >> rest);
  return ((*ip)[full] & mask) == (cidr.address[full] & mask);
}

bool FieldRefMatch(FieldRefMode mode, bool cased, std::string_view value, std::string_view other) {
  switch (mode) {
    case FieldRefMode::kEquals: return Eq(value, other, cased);
    case FieldRefMode::kStartsWith: return value.size() >= other.size() && Eq(value.substr(0, other.size()), other, cased);
    case FieldRefMode::kEndsWith:
      return value.size() >= other.size() && Eq(value.substr(value.size() - other.size()), other, cased);
    case FieldRefMode::kContains: return Find(value, other, cased) != std::string_view::npos;
  }
  return false;
}

bool FieldRefAny(const ValueMatcher& m, std::string_view value, const Event& event) {
  bool hit = false;
  event.Values(m.ref_field, [&](const Value& other) {
    if (!hit && other.kind != ValueKind::kNull) hit = FieldRefMatch(m.ref_mode, m.cased, value, other.text);
  });
  return hit;
}

void PositiveIdentifiers(const Condition& c, bool negated, std::vector<bool>* out) {
  if (c.op == Condition::Op::kIdentifier) {
    if (!negated) (*out)[c.identifier] = true;
    return;
  }
  for (const auto& o : c.operands) PositiveIdentifiers(o, negated || c.op == Condition::Op::kNot, out);
}

void AppendMatched(const DetectionItem& item, const Event& event, Hit* hit) {
  if (item.negated) return;
  if (item.field.empty()) {
    hit->matched.push_back({"", item.values.front().display});
  } else {
    hit->matched.push_back({item.field, event.Get(item.field).value_or("")});
  }
}

}  // namespace rampart::detect::internal
