// STIX 2.1 validation: the rules of the specification that the JSON schemas
// can and cannot express.
//
// Checked: id form (type--UUID) and that the id's type equals `type`;
// required common and per-type properties (STIX 2.1 §3-§6); timestamp form
// and modified >= created; spec_version "2.1"; relationship and sighting
// references (source/target types the spec allows for the relationship
// types it defines; custom relationship types accept any SDO/SCO); marking
// references are marking-definition ids; closed vocabularies where the spec
// makes them closed (e.g. tlp levels, hash algorithm names, identity_class is
// open so only its form); confidence 0-100; custom types and properties must
// follow the naming rules (x- / x_ prefixes, lower-case, 3-250 chars).
//
// Thread-safe; stateless.
#pragma once

#include "rampart/core/status.h"
#include "rampart/stix/object.h"

namespace rampart::stix {

// OK if `object` is a valid STIX 2.1 object. Otherwise InvalidInput whose
// message names the property and what was expected, with ErrorContext.object_id
// set to the object's id.
Status Validate(const Object& object);

}  // namespace rampart::stix
