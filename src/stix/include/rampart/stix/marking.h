// TLP markings: the TLP 2.0 marking definitions (built in) and TLP 1.0 ids,
// normalised to one ordered scale.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/stix/object.h"

namespace rampart::stix {

// Ordered from least to most restrictive. TLP 1.0 WHITE maps to kClear.
enum class TlpLevel { kClear = 0, kGreen = 1, kAmber = 2, kAmberStrict = 3, kRed = 4 };

// The TLP level of a marking-definition id (TLP 2.0 or TLP 1.0), if it is one.
std::optional<TlpLevel> TlpLevelOfMarking(std::string_view marking_id);

// "clear", "green", "amber", "amber+strict", "red" (also accepts "white",
// "tlp:amber", "TLP:AMBER+STRICT"); nullopt otherwise.
std::optional<TlpLevel> ParseTlpLevel(std::string_view text);
std::string_view TlpName(TlpLevel level);  // "clear" ... "red"

// The TLP 2.0 marking-definition id for a level.
std::string_view TlpMarkingId(TlpLevel level);

// The five official TLP 2.0 marking-definition objects (and the TLP 2.0
// extension-definition), exactly as OASIS publishes them.
const std::vector<Object>& BuiltinMarkingDefinitions();

// The most restrictive TLP level among `marking_refs`; nullopt if none is TLP.
std::optional<TlpLevel> HighestTlp(const std::vector<std::string>& marking_refs);

}  // namespace rampart::stix
