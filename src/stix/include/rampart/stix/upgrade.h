// STIX 2.0 -> 2.1 upgrade (digest §1.13).
//
// What an upgrade does to one object, and nothing else:
//  * spec_version becomes "2.1" (added if absent, replaced if "2.0");
//  * the 2.0 type vocabulary in `labels` is copied to the 2.1 property
//    (indicator_types, malware_types, report_types, threat_actor_types,
//    tool_types) unless that property is already present; `labels` is kept
//    (free-form in 2.1, so the upgrade stays lossless);
//  * malware without `is_family` gets `is_family: true` (2.0 malware mostly
//    described families; a 2.0 producer could not say which, so rampart takes
//    the reading ATT&CK and most feeds intend);
//  * indicator without `pattern_type` gets `pattern_type: "stix"`, and the
//    plain-string START/STOP qualifiers of 2.0 patterns become t'...';
//  * created/modified with less than millisecond precision are padded to
//    three fraction digits (the instant is unchanged, so the version key is);
//  * hash names of the 2.0 hash-algorithm-ov are normalised to 2.1 spelling
//    (md5 -> MD5, sha256 -> SHA-256, ssdeep -> SSDEEP …), unknown keys kept;
//  * TLP 1.0 marking-definitions get their 2.1 `name` ("TLP:GREEN") if absent.
// Everything else is kept as it was: id, created, modified, created_by_ref,
// identity_class (optional in 2.1, so nothing to do), x_ properties, the
// observed-data `objects` dictionary (deprecated in 2.1 but still valid; it
// is not lifted to top-level SCOs). A foreign object is never re-versioned.
//
// Objects that already carry spec_version "2.1" are returned unchanged.
// Thread-safe; stateless.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rampart/core/status.h"

namespace rampart::stix {

// True if the object (a JSON object) needs the upgrade: it has
// spec_version "2.0", or no spec_version and is not a 2.1 SCO type.
bool IsStix20Object(const nlohmann::json& object);

// Upgrades `object` in place. InvalidInput if it is not a JSON object or
// carries a spec_version other than "2.0"/"2.1".
Status UpgradeToV21(nlohmann::json& object);
Status UpgradeToV21(nlohmann::ordered_json& object);

// Upgrades one object given as JSON text and returns minified 2.1 text with
// the key order kept (added keys go after `type` or at the end). Objects
// already 2.1 come back minified but otherwise unchanged. InvalidInput if
// the text is not one JSON object.
Result<std::string> UpgradeObjectText(std::string_view object_json);

// Rewrites the 2.0 START/STOP qualifiers of a pattern ("START '2016-…Z'")
// to 2.1 timestamp literals ("START t'2016-…Z'"); other text is unchanged.
std::string UpgradePatternQualifiers(std::string_view pattern);

// The 2.1 spelling of a hash algorithm name ("sha256" -> "SHA-256"); names
// it does not know are returned unchanged.
std::string NormalizeHashName(std::string_view name);

}  // namespace rampart::stix
