// Gazetteer::AddFromStore: every name and alias the knowledge base holds.
#include <nlohmann/json.hpp>

#include "rampart/extract/entity.h"
#include "rampart/store/store.h"

namespace rampart::extract {
namespace {

std::optional<EntityKind> KindOfType(std::string_view type) {
  if (type == "intrusion-set") return EntityKind::kIntrusionSet;
  if (type == "threat-actor") return EntityKind::kThreatActor;
  if (type == "campaign") return EntityKind::kCampaign;
  if (type == "malware") return EntityKind::kMalware;
  if (type == "tool") return EntityKind::kTool;
  if (type == "identity") return EntityKind::kOrganization;
  if (type == "location") return EntityKind::kCountry;
  if (type == "vulnerability") return EntityKind::kVulnerability;
  if (type == "attack-pattern") return EntityKind::kAttackPattern;
  return std::nullopt;
}

}  // namespace

Status Gazetteer::AddFromStore(store::Store& store) {
  store::ExportFilter filter;
  filter.types = {"attack-pattern", "campaign", "identity", "intrusion-set", "location",
                  "malware",        "threat-actor", "tool", "vulnerability"};
  return store.Scan(filter, [&](const stix::Object& object) -> Status {
    if (object.revoked || object.deprecated) return Status();
    // Names rampart made up from a description are not names to look for.
    if (object.json.find("\"x_rampart_descriptive_name\"") != std::string::npos) return Status();
    std::optional<EntityKind> kind = KindOfType(object.type);
    if (!kind) return Status();
    GazetteerEntry base;
    base.kind = *kind;
    base.stix_id = object.id;
    base.name = object.name;
    base.flags = kFromStore;
    if (object.type == "identity" || object.type == "location") {
      nlohmann::json j = stix::ToJson(object);
      if (object.type == "location") {
        base.code = j.value("country", "");
        if (base.code.empty()) return Status();  // regions and places: not countries
      } else if (j.value("identity_class", "") == "class") {
        base.kind = EntityKind::kSector;
        if (j.contains("sectors") && j["sectors"].is_array() && !j["sectors"].empty() &&
            j["sectors"][0].is_string()) {
          base.code = j["sectors"][0].get<std::string>();
        }
      } else {
        base.code = j.value("x_rampart_country", "");
      }
    }
    if (base.kind != EntityKind::kAttackPattern) {
      base.alias = object.name;
      Add(base);
      for (const std::string& alias : object.aliases) {
        base.alias = alias;
        Add(base);
      }
    }
    // ATT&CK ids name things too: "G0065", "T1190", "S0002"; CVE ids.
    for (const stix::ExternalId& ext : object.external_ids) {
      if (ext.source_name == "mitre-attack" || ext.source_name == "cve") {
        base.alias = ext.external_id;
        base.flags = kFromStore | kCaseSensitive;
        Add(base);
        base.flags = kFromStore;
      }
    }
    return Status();
  });
}

}  // namespace rampart::extract
