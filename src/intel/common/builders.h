// Small builders for the STIX objects that rampart derives from non-STIX
// sources (MISP galaxies and events): deterministic ids, source identities,
// relationships and external references.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rampart::intel::internal {

// Fixed `created` of everything derived from MISP galaxies (the galaxies carry
// no dates; 2016 is when the MISP galaxy project began).
inline constexpr std::string_view kGalaxyEpoch = "2016-01-01T00:00:00.000Z";

// "<type>--" + UUIDv5(kRampartNamespace, key): the same key gives the same id
// in every import, so re-importing changes nothing.
std::string DerivedId(std::string_view type, std::string_view key);

// An SDO/SRO skeleton: type, spec_version, id, created, modified and
// created_by_ref (omitted when empty).
nlohmann::json NewObject(std::string_view type, std::string_view id, std::string_view created,
                         std::string_view modified, std::string_view created_by);

// A relationship with a deterministic id derived from (source, type, target,
// creator): the same claim by the same source is the same object; the same
// claim by another source is a separate object.
nlohmann::json NewRelationship(std::string_view relationship_type, std::string_view source_ref,
                               std::string_view target_ref, std::string_view created_by,
                               std::string_view created, std::string_view modified,
                               std::optional<int> confidence = std::nullopt);

// An organisation identity standing for a data source ("MISP Galaxy", a MISP
// event's Orgc): id from `key`, created/modified fixed at kGalaxyEpoch.
nlohmann::json SourceIdentity(std::string_view key, std::string_view name,
                              std::string_view description);

// The "MISP Galaxy" identity: created_by_ref of everything the galaxy
// importer creates.
const nlohmann::json& GalaxyIdentity();
std::string GalaxyIdentityId();

// {"source_name": host of url (or "web"), "url": url}.
nlohmann::json UrlReference(std::string_view url);

// Lower-case ASCII letters and digits of `text`, other runs as one '-'
// ("Think Tanks" -> "think-tanks"); used for vocabulary-like values.
std::string Slug(std::string_view text);

// True if `text` looks like an ATT&CK group id ("G0065").
bool IsAttackGroupId(std::string_view text);

}  // namespace rampart::intel::internal
