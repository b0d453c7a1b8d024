// Turning what an analyst types into one knowledge-base object.
//
// `rampart intel get`, `intel graph`, `rampart demo` and the REST API accept a STIX id, an
// external id (ATT&CK "G0065", "T1190", "CVE-2021-26855") or a name/alias in
// any spelling the store's NormalizeName() folds together ("APT 40" = APT40).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::store {

struct Resolution {
  stix::Object object;
  std::string matched_by;            // "id", "external id" or "name"
  std::vector<stix::Object> others;  // other candidates that lost on type priority
};

// Resolves `query` in this order: a STIX id (exactly that object), an external
// id, a name or alias. Revoked objects are never returned.
//
// Several candidates: the best is picked when it is clearly best -- a higher
// type priority (intrusion-set > threat-actor > campaign > malware > tool >
// attack-pattern > vulnerability > identity > location > anything else), ties
// broken by an exact name match over an alias match, then non-deprecated over
// deprecated. If two candidates stay tied, InvalidInput lists every candidate
// (type, name, id), one per line, so the caller can ask again by id (exit 2).
//
// NotFound if nothing matches; other errors come from the store.
Result<Resolution> ResolveObject(Store& store, std::string_view query);

// Lower is preferred; see ResolveObject.
int TypePriority(std::string_view type);

}  // namespace rampart::store
