// Checking names the user types against the names that exist: STIX types for
// every `--type` option, with the nearest existing name suggested.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/store/store.h"

namespace rampart::cli {

// Levenshtein distance (insertions, deletions, substitutions of bytes).
size_t EditDistance(std::string_view a, std::string_view b);

// The name in `names` nearest to `word`, if close enough to be a likely typo
// (distance <= max(2, size/4)); "" otherwise. Ties go to the earlier name.
std::string NearestName(std::string_view word, std::span<const std::string> names);

// Lower-cases every `types` value in place and checks it is a STIX type:
// one the specification defines, an "x-" custom type, or a type stored in
// `kb` (may be null). Otherwise InvalidInput naming `option` and the value,
// with "did you mean X?" when a known type is near.
Status CheckStixTypes(std::string_view option, std::vector<std::string>& types, store::Store* kb);

}  // namespace rampart::cli
