// MISP galaxy cluster files -> STIX 2.1 objects (docs/design/merge.md, the
// "galaxy" section, has the mapping with examples).
//
//   threat-actor         -> intrusion-set (name = value, aliases = synonyms;
//                           "Gxxxx" synonyms become mitre-attack external ids),
//                           originates-from its country, attributed-to a
//                           nation-state threat-actor for cfr-suspected-state-sponsor
//                           (confidence = attribution-confidence), targets sector
//                           identities and victim countries/organisations
//   mitre-intrusion-set  -> intrusion-set--<uuid> (the ATT&CK object's id)
//   tool                 -> tool, or malware when meta.type says it is malware
//   malpedia             -> malware (is_family)
//   sector, country      -> sector identities, country locations
//
// Every object has a deterministic id and created_by_ref = "MISP Galaxy".
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/candidate.h"
#include "rampart/core/status.h"

namespace rampart::intel::internal {

// True if `document` looks like a galaxy cluster file (values[] of entries
// with value/uuid, a galaxy `type`).
bool LooksLikeGalaxy(const nlohmann::json& document);

// Appends the STIX objects for one cluster file to `batch`. InvalidInput if
// the document is not a cluster file; entries that cannot be converted are
// listed in batch.problems with their index.
Status ConvertGalaxy(const nlohmann::json& document, const std::string& file, Batch& batch);

// Per-type converters (galaxy_actors.cc, galaxy_software.cc).
struct GalaxyContext {
  std::string file;
  std::string galaxy_type;  // "threat-actor" ...
  std::string source;       // "misp-galaxy:<type>"
  std::string modified;     // kGalaxyEpoch + version seconds
  Batch* batch;
};
void ConvertThreatActor(const nlohmann::json& entry, int64_t index, const GalaxyContext& context);
void ConvertMitreIntrusionSet(const nlohmann::json& entry, int64_t index,
                              const GalaxyContext& context);
void ConvertSoftware(const nlohmann::json& entry, int64_t index, const GalaxyContext& context);

// Shared by the converters: a string list from meta[key] (a string counts
// as a list of one; anything else is ignored).
std::vector<std::string> MetaStrings(const nlohmann::json& entry, const char* key);

}  // namespace rampart::intel::internal
