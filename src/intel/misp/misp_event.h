// MISP events (MISP core format) -> STIX 2.1.
//
//   Event             -> report (id report--<event uuid>, name = info,
//                        published, object_refs = everything below), created_by
//                        the identity of Orgc (identity--<org uuid>)
//   Attribute/Object  -> SCOs with deterministic ids; to_ids ones also an
//                        indicator (indicator--<attribute uuid>) with a STIX pattern
//   vulnerability     -> vulnerability named by the CVE, external id "cve"
//   link              -> an external reference of the report
//   galaxy tags       -> misp-galaxy:threat-actor="X" (and mitre-intrusion-set,
//                        tool, malpedia, mitre-malware, mitre-tool): the
//                        intrusion set / malware / tool, resolved by name in the
//                        merge step or created; indicators `indicates` it, it
//                        `targets` the event's vulnerabilities
//   tlp:* tags        -> object_marking_refs with the TLP 2.0 marking ids on the
//                        report, indicators and SCOs (attribute tags add to
//                        the event's; the most restrictive level wins)
//
// Attribute types without an observable (text, comment, other ...) are
// not converted. A feed folder is manifest.json plus <uuid>.json per event.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/candidate.h"
#include "rampart/core/status.h"

namespace rampart::intel::internal {

// True if `document` is {"Event": {...}} (or a MISP API response list of them).
bool LooksLikeMispEvent(const nlohmann::json& document);

// True if `document` is a feed manifest: an object of uuid -> event summary.
bool LooksLikeMispManifest(const nlohmann::json& document);

// Appends the STIX objects for one event document to `batch`. InvalidInput
// naming `file` if it is not a MISP event (missing or mistyped "Event").
Status ConvertMispEvent(const nlohmann::json& document, const std::string& file, Batch& batch);

}  // namespace rampart::intel::internal
