// Matching one event value against one ValueMatcher: the primitives shared by
// the reference evaluator (all kinds) and the compiled matcher (the kinds
// that are not Vectorscan atoms: cidr, numbers, field references).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "rampart/detect/event.h"
#include "rampart/detect/sigma.h"
#include "rampart/detect/sink.h"

namespace rampart::detect::internal {

// Whole-value wildcard match; ASCII case-insensitive unless `cased`.
bool GlobMatch(const SigmaString& pattern, std::string_view text, bool cased);
bool NumericMatch(NumericOp op, double number, std::string_view text);

// The parts of a timestamp as written (no timezone conversion); -1 where the
// text has no such part (a time-only value has no date).
struct TimestampParts {
  int year = -1, month = -1, day = -1, hour = -1, minute = -1;
};
// Accepts `YYYY-MM-DD`, optionally followed by `T` or one space and
// `HH:MM[:SS[.fraction]]`, then optionally `Z`, `+HH:MM`, `-HHMM` or `+HH`
// (ISO 8601 / RFC 3339, EVTX SystemTime, Sysmon UtcTime, W3C `date`), or a
// time alone `HH:MM[:SS[.fraction]]` (W3C `time`). Surrounding spaces are
// ignored; anything else (epoch numbers, month names) is nullopt.
std::optional<TimestampParts> ParseTimestampParts(std::string_view text);
// The part of a parsed timestamp; `week` is the ISO 8601 week (1-53); -1 if
// the timestamp lacks it.
int TimestampPart(const TimestampParts& t, DatePart part);
// A kDatePart matcher against one value: false if the value is not a
// timestamp or lacks the part.
bool DatePartMatch(const ValueMatcher& m, std::string_view text);
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
