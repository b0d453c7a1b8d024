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

// --- Added by the stix model (declarations beyond the original contract). ---

// The TLP 1.0 marking-definition id for a level; nullopt for kAmberStrict,
// which has no 1.0 equivalent and must never be down-mapped to a looser one.
std::optional<std::string_view> Tlp1MarkingId(TlpLevel level);

// The four TLP 1.0 marking-definition objects as STIX 2.1 defines them
// (definition_type "tlp", created 2017-01-20T00:00:00.000Z, name "TLP:WHITE" …).
const std::vector<Object>& Tlp1MarkingDefinitions();

// A MISP `tlp` taxonomy machine tag ("tlp:white", "tlp:amber+strict",
// "TLP:RED"; case-insensitive) to a level. "tlp:ex:chr", "tlp:unclear" and
// anything else -> nullopt (they are not TLP levels).
std::optional<TlpLevel> ParseMispTlpTag(std::string_view tag);
// "tlp:clear" … "tlp:red" (TLP 2.0 names; MISP accepts both generations).
std::string MispTlpTag(TlpLevel level);

// "TLP:AMBER+STRICT": the marking-definition `name` of a level (TLP 2.0).
std::string TlpDisplayName(TlpLevel level);

}  // namespace rampart::stix
