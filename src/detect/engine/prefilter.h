// Required literals of a rule: a cheap necessary condition checked over all
// of an event's values at once before a group's fields are scanned.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rampart/detect/sigma.h"

namespace rampart::detect::internal {

// Literals shorter than this are not worth a prefilter (they occur in nearly
// every event); a requirement that needs one is dropped.
inline constexpr size_t kMinRequiredLiteral = 3;

// A set of literals (ASCII-lower-cased, sorted, distinct) such that every
// event the rule matches holds at least one of them, ASCII-caselessly, in
// the text of one of its non-null values; nullopt when the analysis knows no
// such set (negations, regexes, cidr, numbers, presence, field references,
// `*`, or only literals shorter than kMinRequiredLiteral).
// A literal with spaces comes with its copy with '+' for ' ': a value read
// with '+' as ' ' (W3C user agents) is held in its '+' form by
// Event::SearchText and by Event::Fields, which the prefilter scans.
// A literal with '?' comes with one copy per '?' turned into ' ': W3C's
// cs-uri-query also reads as stem + '?' + query, two columns of the record.
std::optional<std::vector<std::string>> RequiredLiterals(const SigmaRule& rule);

}  // namespace rampart::detect::internal
