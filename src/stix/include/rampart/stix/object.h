// One STIX 2.1 object as rampart holds it: the canonical JSON text plus the
// properties every other module indexes or asks for.
//
// STIX 2.1 is rampart's internal model (DESIGN.md decision 1): what the store
// keeps, what importers produce and exporters write is always a valid STIX
// 2.1 object. rampart's own properties are prefixed `x_rampart_`.
//
// `json` is the source of truth; the other members are read from it by
// ParseObject() and must never be edited on their own. To change an object,
// edit ToJson(obj) and parse it again with FromJson().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rampart/core/status.h"

namespace rampart::stix {

// An entry of `external_references` that carries an `external_id`
// (ATT&CK "G0065", "T1190"; "CVE-2021-26855" from source "cve").
struct ExternalId {
  std::string source_name;
  std::string external_id;
  bool operator==(const ExternalId&) const = default;
};

struct Object {
  std::string id;            // "<type>--<uuid>"
  std::string type;          // "intrusion-set", "relationship", "x-mitre-tactic" ...
  std::string spec_version;  // "2.1" (2.0 input is upgraded before it becomes an Object)
  std::string created;       // STIX timestamp; empty for SCOs
  std::string modified;      // STIX timestamp; equals `created` if absent; empty for SCOs
  bool revoked = false;
  bool deprecated = false;   // x_mitre_deprecated
  std::string name;          // `name`, or the value of an SCO (`value`), may be empty
  std::vector<std::string> aliases;  // aliases, x_mitre_aliases; never contains `name` twice
  std::vector<ExternalId> external_ids;
  std::string created_by_ref;
  std::vector<std::string> object_marking_refs;
  std::optional<int> confidence;  // 0-100
  std::string description;
  // Relationships (type == "relationship") and sightings:
  std::string relationship_type;
  std::string source_ref;
  std::string target_ref;
  // The whole object, minified JSON, keys in the order they were given.
  std::string json;
  // Sightings only (added for the stix model): source_ref = sighting_of_ref,
  // target_ref = where_sighted_refs[0] (empty if none); the full lists here.
  std::vector<std::string> where_sighted_refs;
  std::vector<std::string> observed_data_refs;
};

// Parses one object from its JSON text and fills the indexed members.
// Does not validate beyond what indexing needs (an object, a string `id` of
// the form type--uuid, a string `type`); see validate.h for the STIX rules.
// Returns InvalidInput naming the property that is missing or mistyped.
Result<Object> ParseObject(std::string_view json_text);

// Same, from an nlohmann value (importers that build objects use this).
Result<Object> FromJson(const nlohmann::json& value);

// The object's JSON as an nlohmann value (parses `json`; never fails for an
// Object that came from ParseObject/FromJson).
nlohmann::json ToJson(const Object& object);

// "intrusion-set" from "intrusion-set--7113eaa5-..."; empty if not an id.
std::string_view TypeOfId(std::string_view id);

// True if `id` has the form "<type>--<uuid>" with a valid type name and UUID.
bool IsValidId(std::string_view id);

}  // namespace rampart::stix
