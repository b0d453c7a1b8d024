#include "common/builders.h"

#include <cctype>

#include <fmt/format.h>

#include "rampart/core/id.h"

namespace rampart::intel::internal {

std::string DerivedId(std::string_view type, std::string_view key) {
  return fmt::format("{}--{}", type, UuidV5(kRampartNamespace, fmt::format("{}|{}", type, key)));
}

nlohmann::json NewObject(std::string_view type, std::string_view id, std::string_view created,
                         std::string_view modified, std::string_view created_by) {
  nlohmann::json object = nlohmann::json::object();
  object["type"] = type;
  object["spec_version"] = "2.1";
  object["id"] = id;
  object["created"] = created;
  object["modified"] = modified;
  if (!created_by.empty()) object["created_by_ref"] = created_by;
  return object;
}

nlohmann::json NewRelationship(std::string_view relationship_type, std::string_view source_ref,
                               std::string_view target_ref, std::string_view created_by,
                               std::string_view created, std::string_view modified,
                               std::optional<int> confidence) {
  std::string key = fmt::format("{}|{}|{}|{}", source_ref, relationship_type, target_ref, created_by);
  nlohmann::json rel =
      NewObject("relationship", DerivedId("relationship", key), created, modified, created_by);
  rel["relationship_type"] = relationship_type;
  rel["source_ref"] = source_ref;
  rel["target_ref"] = target_ref;
  if (confidence) rel["confidence"] = *confidence;
  return rel;
}

nlohmann::json SourceIdentity(std::string_view key, std::string_view name,
                              std::string_view description) {
  nlohmann::json identity =
      NewObject("identity", DerivedId("identity", key), kGalaxyEpoch, kGalaxyEpoch, "");
  identity["name"] = name;
  identity["identity_class"] = "organization";
  if (!description.empty()) identity["description"] = description;
  return identity;
}

const nlohmann::json& GalaxyIdentity() {
  static const nlohmann::json* identity = new nlohmann::json(SourceIdentity(
      "source:misp-galaxy", "MISP Galaxy",
      "The MISP galaxy clusters (github.com/MISP/misp-galaxy): threat actors, tools, "
      "sectors and countries curated by the MISP project and contributors."));
  return *identity;
}

std::string GalaxyIdentityId() { return GalaxyIdentity()["id"].get<std::string>(); }

nlohmann::json UrlReference(std::string_view url) {
  std::string_view host = url;
  if (auto scheme = host.find("://"); scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (host.starts_with("www.")) host.remove_prefix(4);
  nlohmann::json ref = nlohmann::json::object();
  ref["source_name"] = host.empty() ? std::string("web") : std::string(host);
  ref["url"] = url;
  return ref;
}

std::string Slug(std::string_view text) {
  std::string out;
  bool dash = false;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      dash = true;
    }
  }
  return out;
}

bool IsAttackGroupId(std::string_view text) {
  if (text.size() != 5 || text[0] != 'G') return false;
  for (size_t i = 1; i < 5; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace rampart::intel::internal
