// The syntax tree of a STIX 2.1 pattern, as ParsePattern() (pattern.h)
// builds it.
//
// The tree is a plain value: copyable, comparable by ToString(), with no
// back-pointers. Constants are already decoded (string escapes removed, hex
// and base64 turned into bytes, timestamps into microseconds) and regular
// expressions of MATCHES are already compiled, so evaluating a tree never
// fails on its own text.
//
// Thread-safety: a tree is immutable after parsing and may be read (and
// evaluated) from any number of threads at once; the compiled Regex is
// shared between copies and is safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"

namespace rampart::stix {

// A compiled PCRE2 regular expression (UTF mode) as MATCHES uses it: an
// unanchored search, like Python's re.search in cti-pattern-matcher.
class Regex {
 public:
  // InvalidInput with PCRE2's message and the offset of the error.
  static Result<std::shared_ptr<const Regex>> Compile(std::string_view pattern);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // True if the expression matches somewhere in `text`. Invalid UTF-8 in
  // `text` is not an error: it simply does not match. Thread-safe.
  bool Search(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }

 private:
  Regex() = default;
  void* code_ = nullptr;  // pcre2_code_8*
  std::string pattern_;
};

enum class ConstantType : uint8_t { kString, kInt, kFloat, kBool, kTimestamp, kHex, kBinary };

// A literal of the pattern language.
struct Constant {
  ConstantType type = ConstantType::kString;
  // kString: the value with escapes removed; kHex / kBinary: the decoded
  // bytes; kTimestamp: the text between the quotes; others: as written.
  std::string text;
  int64_t int_value = 0;     // kInt
  double float_value = 0;    // kFloat (and kInt, converted)
  bool bool_value = false;   // kBool
  TimestampUs timestamp = 0; // kTimestamp

  // The constant as pattern text ('it''s' escaped, h'..', b'..', t'..').
  std::string ToString() const;
};

// One step after the first property of an object path.
struct PathStep {
  enum class Kind : uint8_t { kKey, kIndex, kAnyIndex };
  Kind kind = Kind::kKey;
  std::string key;    // kKey: the property name (quotes removed)
  int64_t index = 0;  // kIndex: may be negative (counts from the end, as Python does)
};

// `file:hashes.'SHA-256'` = {object_type "file", steps [key hashes, key SHA-256]}.
// The first step is always a kKey.
struct ObjectPath {
  std::string object_type;
  std::vector<PathStep> steps;
  // Canonical text: keys that are not plain identifiers are quoted.
  std::string ToString() const;
};

enum class CompareOp : uint8_t {
  kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
  kIn, kLike, kMatches, kIsSubset, kIsSuperset, kExists,
};

// "=", "!=", "<" ... "IN", "LIKE", "EXISTS".
std::string_view CompareOpName(CompareOp op);

// One property test: `path [NOT] op value(s)` or `[NOT] EXISTS path`.
struct Comparison {
  ObjectPath path;
  CompareOp op = CompareOp::kEqual;
  bool negated = false;
  std::vector<Constant> values;         // one, except IN (zero or more) and EXISTS (none)
  std::shared_ptr<const Regex> regex;   // MATCHES only
  int column = 0;                       // 1-based column of the path in the pattern text
  std::string ToString() const;
};

// The inside of one `[...]`: property tests joined by AND / OR.
struct ComparisonExpr {
  enum class Kind : uint8_t { kTest, kAnd, kOr };
  Kind kind = Kind::kTest;
  Comparison test;                      // kTest
  std::vector<ComparisonExpr> children; // kAnd / kOr: two or more
  std::string ToString() const;
};

// Observation expressions and their qualifiers.
struct ObservationExpr {
  enum class Kind : uint8_t {
    kObservation,  // [comparison]
    kAnd, kOr, kFollowedBy,            // children: two or more, in order
    kWithin, kRepeats, kStartStop,     // children: exactly one (the qualified expression)
  };
  Kind kind = Kind::kObservation;
  ComparisonExpr comparison;            // kObservation
  int leaf = -1;                        // kObservation: 0-based index in textual order
  std::vector<ObservationExpr> children;
  double within_seconds = 0;            // kWithin (> 0)
  int64_t repeats = 0;                  // kRepeats (>= 1)
  TimestampUs start = 0, stop = 0;      // kStartStop
  std::string ToString() const;
};

}  // namespace rampart::stix
