// The STIX patterning language: parse a pattern, evaluate it over
// observations.
//
// Parsing follows the current OASIS grammar (STIXPattern.g4, including
// `NOT EXISTS`); the grammar is spelled out at the top of pattern/parser.cc.
// Evaluation follows the spec and the reference matcher (cti-pattern-matcher
// 3.0): see /docs/design/indicators.md for the semantics in one page. In
// short:
//  * inside one `[...]` every test must hold on the same root object (AND
//    intersects the sets of root objects, OR unites them);
//  * observation AND needs distinct observations, FOLLOWEDBY needs the right
//    side at or after the left side, WITHIN keeps bindings that fit in one
//    window, REPEATS k needs k distinct bindings, START/STOP keeps bindings
//    inside [start, stop);
//  * a test on a missing property, or on a value of another type, is false
//    even when negated; strings compare by code point, case-sensitively.
//
// Thread-safety: a Pattern is immutable; Evaluate and friends may run on the
// same Pattern from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/stix/pattern_ast.h"

namespace rampart::stix {

enum class PatternVersion : uint8_t {
  k21,  // STIX 2.1 (default): START/STOP take t'...' literals, EXISTS allowed
  k20,  // STIX 2.0: START/STOP take plain strings, no EXISTS
};

struct Pattern {
  ObservationExpr root;
  int leaf_count = 0;  // number of `[...]` observation expressions
  std::string text;    // the text that was parsed
};

// Parses `text`. On failure: InvalidInput whose ErrorContext carries the
// 1-based column, with a message "expected X, found Y" (or why a literal is
// invalid: bad escape, bad timestamp, odd hex, bad base64, bad regex,
// REPEATS 0, START not before STOP ...).
Result<Pattern> ParsePattern(std::string_view text, PatternVersion version = PatternVersion::k21);

// Calls `fn` for every `[...]` of the pattern in leaf order.
void ForEachLeaf(const ObservationExpr& expr, const std::function<void(const ObservationExpr&)>& fn);

// ---------------------------------------------------------------------------
// Comparing one observed scalar.

// A scalar value as observed (from JSON, or from a log field).
struct ObservedScalar {
  enum class Kind : uint8_t { kString, kInt, kFloat, kBool };
  Kind kind = Kind::kString;
  std::string_view text;  // kString
  int64_t int_value = 0;  // kInt
  double number = 0;      // kInt and kFloat
  bool bool_value = false;
};

// Tests `value` against `test` (any op but kExists), ignoring `negated`.
// Returns nullopt when the value's type cannot be compared with the
// constant (a string against an int, a non-address against ISSUBSET ...):
// the test is then false whether negated or not.
std::optional<bool> TestScalar(const Comparison& test, const ObservedScalar& value);

// The full test (with NOT) on a set of values found at the test's path:
// true if any value passes; false if there are none.
bool TestValues(const Comparison& test, std::span<const ObservedScalar> values);

// ---------------------------------------------------------------------------
// Evaluating over observations (observed-data).

// One observed-data: its SCOs and when it was seen.
struct Observation {
  // The SCOs, by key: the STIX 2.1 id ("ipv4-addr--...") or, for STIX 2.0
  // observed-data, the key in its `objects` dictionary ("0", "1"). `_ref`
  // and `_refs` properties are followed within this map.
  nlohmann::json objects = nlohmann::json::object();
  TimestampUs first_observed = 0;
  TimestampUs last_observed = 0;
  int64_t number_observed = 1;  // counts as this many observations (REPEATS)
};

// Builds observations from STIX content: a bundle (2.0 or 2.1), or an array
// of bundles and/or observed-data objects. 2.1 observed-data take their SCOs
// from `object_refs` (resolved among all objects given), 2.0 ones from
// `objects`. InvalidInput (with object index and id) for observed-data
// without objects, unresolved refs, or bad timestamps.
Result<std::vector<Observation>> ObservationsFromStix(const nlohmann::json& content);

// One way the pattern matched: the observation instances bound to it, as
// sorted indexes into the instance list (an observation with
// number_observed k is k instances, numbered consecutively).
using Binding = std::vector<int32_t>;

struct MatchResult {
  bool matched = false;
  std::vector<Binding> bindings;  // at most `max_bindings`, deterministic order
  bool truncated = false;         // true if some bindings were not enumerated
};

// Evaluates `pattern` over `observations`. `max_bindings` bounds the work of
// REPEATS and AND over many observations (combinatorial in the reference
// matcher); when reached the result says truncated and may miss matches.
MatchResult Evaluate(const Pattern& pattern, std::span<const Observation> observations,
                     size_t max_bindings = 10000);

// Convenience: Evaluate(...).matched.
bool Matches(const Pattern& pattern, std::span<const Observation> observations);

// The observation layer on its own, for callers that decide comparison
// expressions themselves (the event matcher in detect does).
struct Instance {
  TimestampUs first = 0;  // first_observed
  TimestampUs last = 0;   // last_observed (>= first)
};
// `leaf_hits(leaf)` returns the sorted instance indexes whose observation
// satisfies the comparison expression of leaf `leaf`. Returns the bindings of
// `root`, at most `max_bindings` (sets *truncated when cut).
std::vector<Binding> FindBindings(const ObservationExpr& root, std::span<const Instance> instances,
                                  const std::function<const std::vector<int32_t>&(int leaf)>& leaf_hits,
                                  size_t max_bindings, bool* truncated);

}  // namespace rampart::stix
