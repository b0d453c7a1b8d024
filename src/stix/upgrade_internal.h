// Private to rampart_stix: the text route of the 2.0 -> 2.1 upgrade on an
// element the bundle reader already parsed.
#pragma once

#include <string>

#include <simdjson.h>

#include "rampart/core/status.h"

namespace rampart::stix::internal {

// True if `object` must be upgraded: spec_version other than "2.1", or none
// and (the bundle said 2.0, or the type is not a 2.1 SCO).
bool NeedsUpgrade(simdjson::dom::object object, bool bundle_is_20);

// The upgraded, minified text. `minified` is simdjson::to_string(object).
// Uses text insertions when they suffice, nlohmann (ordered) otherwise; then
// `*reparse` is set: indexed members (created, modified) may have changed, so
// the caller must parse the returned text rather than reuse `object`.
Result<std::string> UpgradeElement(simdjson::dom::object object, std::string minified,
                                   bool* reparse);

}  // namespace rampart::stix::internal
