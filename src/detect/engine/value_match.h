// Matching one event value against one ValueMatcher: the primitives shared by
// the reference evaluator (all kinds) and the compiled matcher (the kinds
// that are not Vectorscan atoms: cidr, numbers, field references).
#pragma once

#include <string_view>
#include <vector>

#include "rampart/detect/event.h"
#include "rampart/detect/sigma.h"
#include "rampart/detect/sink.h"

namespace rampart::detect::internal {

// Whole-value wildcard match; ASCII case-insensitive unless `cased`.
bool GlobMatch(const SigmaString& pattern, std::string_view text, bool cased);
bool NumericMatch(NumericOp op, double number, std::string_view text);
bool CidrMatch(const Cidr& cidr, std::string_view text);
bool FieldRefMatch(FieldRefMode mode, bool cased, std::string_view value, std::string_view other);
// A kFieldRef matcher against `value` of one field: compares with every
// value of the referenced field of `event`.
bool FieldRefAny(const ValueMatcher& m, std::string_view value, const Event& event);

// identifiers[i] is true if identifier i appears outside any `not` in `c`:
// only those identifiers' items are reported as "matched" in a Hit.
void PositiveIdentifiers(const Condition& c, bool negated, std::vector<bool>* out);

// Appends what `item` matched to hit->matched: the field and its value in `event`, or
// the keyword for a field-less item. Negated items are not reported. Shared by the
// compiled matcher and the reference evaluator so both report hits alike.
void AppendMatched(const DetectionItem& item, const Event& event, Hit* hit);

}  // namespace rampart::detect::internal
