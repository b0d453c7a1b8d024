// One property test against one observed scalar. Incompatible types give
// nullopt ("cannot be compared"), which the callers turn into false whether
// or not the test is negated, as cti-pattern-matcher does.
#include <cmath>
#include <compare>

#include "pattern/literals.h"
#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

using Kind = ObservedScalar::Kind;

bool IsNumber(const ObservedScalar& v) { return v.kind == Kind::kInt || v.kind == Kind::kFloat; }

// Three-way comparison of a constant and a value; nullopt if incomparable.
std::optional<std::partial_ordering> Order(const Constant& c, const ObservedScalar& v) {
  switch (c.type) {
    case ConstantType::kString:
      if (v.kind != Kind::kString) return std::nullopt;
      return std::partial_ordering(v.text.compare(c.text) <=> 0);
    case ConstantType::kInt:
      if (v.kind == Kind::kInt) return std::partial_ordering(v.int_value <=> c.int_value);
      if (v.kind == Kind::kFloat) return v.number <=> c.float_value;
      return std::nullopt;
    case ConstantType::kFloat:
      if (!IsNumber(v)) return std::nullopt;
      return v.number <=> c.float_value;
    case ConstantType::kBool:
      if (v.kind != Kind::kBool) return std::nullopt;
      return v.bool_value == c.bool_value ? std::partial_ordering::equivalent : std::partial_ordering::unordered;
    case ConstantType::kTimestamp: {
      if (v.kind != Kind::kString) return std::nullopt;
      auto ts = internal::ParsePatternTimestamp(v.text);
      if (!ts.ok()) return std::nullopt;
      return std::partial_ordering(*ts <=> c.timestamp);
    }
    case ConstantType::kHex:
    case ConstantType::kBinary: {
      // Binary properties are base64 in JSON; hex-valued ones are accepted too.
      if (v.kind != Kind::kString) return std::nullopt;
      auto bytes = internal::DecodeBase64(v.text);
      if (!bytes) bytes = internal::DecodeHex(v.text);
      if (!bytes) return std::nullopt;
      return std::partial_ordering(bytes->compare(c.text) <=> 0);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<bool> TestScalar(const Comparison& test, const ObservedScalar& value) {
  auto ordered = [&](auto pred) -> std::optional<bool> {
    if (test.values.empty()) return std::nullopt;
    auto o = Order(test.values[0], value);
    if (!o) return std::nullopt;
    return pred(*o);
  };
  switch (test.op) {
    case CompareOp::kEqual: return ordered([](auto o) { return o == 0; });
    case CompareOp::kNotEqual: return ordered([](auto o) { return o != 0; });
    case CompareOp::kLess: return ordered([](auto o) { return o < 0; });
    case CompareOp::kLessEqual: return ordered([](auto o) { return o <= 0; });
    case CompareOp::kGreater: return ordered([](auto o) { return o > 0; });
    case CompareOp::kGreaterEqual: return ordered([](auto o) { return o >= 0; });
    case CompareOp::kIn: {
      bool comparable = false;
      for (const Constant& c : test.values) {
        auto o = Order(c, value);
        if (!o) continue;
        comparable = true;
        if (*o == 0) return true;
      }
      if (!comparable) return std::nullopt;
      return false;
    }
    case CompareOp::kLike:
      if (value.kind != Kind::kString) return std::nullopt;
      return internal::LikeMatch(test.values[0].text, value.text);
    case CompareOp::kMatches:
      if (value.kind != Kind::kString || !test.regex) return std::nullopt;
      return test.regex->Search(value.text);
    case CompareOp::kIsSubset:
    case CompareOp::kIsSuperset: {
      if (value.kind != Kind::kString) return std::nullopt;
      auto observed = internal::ParseCidr(value.text);
      auto constant = internal::ParseCidr(test.values[0].text);
      if (!observed || !constant) return std::nullopt;
      return test.op == CompareOp::kIsSubset ? internal::CidrContains(*constant, *observed)
                                             : internal::CidrContains(*observed, *constant);
    }
    case CompareOp::kExists:
      return true;
  }
  return std::nullopt;
}

bool TestValues(const Comparison& test, std::span<const ObservedScalar> values) {
  if (test.op == CompareOp::kExists) return values.empty() == test.negated;
  for (const ObservedScalar& v : values) {
    auto r = TestScalar(test, v);
    if (r && *r != test.negated) return true;
  }
  return false;
}

}  // namespace rampart::stix
