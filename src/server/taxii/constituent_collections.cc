// Constituent collections (collections.h). Membership is a substring test
// for the quoted identity id: every way rampart ties an object to a
// constituent (x_rampart_constituent_ref of an incident, the advisory's
// x_rampart_advisory.constituent, where_sighted_refs, a relationship's
// target_ref, the identity's own id) writes that id as a JSON string, and a
// STIX id cannot occur quoted by accident.
#include <fmt/format.h>

#include <cctype>

#include "taxii/collections.h"
#include "rampart/core/id.h"
#include "rampart/respond/constituent.h"

namespace rampart::server {

namespace {

std::string Slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

Result<std::vector<Collection>> ConstituentCollections(store::Store& store) {
  RAMPART_ASSIGN_OR_RETURN(std::vector<respond::Constituent> constituents, respond::LoadConstituents(store));
  std::vector<Collection> out;
  for (const respond::Constituent& c : constituents) {
    Collection collection;
    collection.id = UuidV5(kRampartNamespace, "taxii-collection:" + c.id);
    collection.alias = "constituent-" + Slug(c.name);
    collection.title = fmt::format("Objects about {}: its identity, incidents, sightings and advisories", c.name);
    collection.level = stix::TlpLevel::kRed;
    collection.constituent_ref = c.id;
    collection.constituent_name = c.name;
    out.push_back(std::move(collection));
  }
  return out;
}

bool MaySeeCollection(const Principal& principal, const Collection& collection) {
  if (!collection.constituent_ref.empty()) {
    return principal.role != Role::kConstituentReader ||
           (!principal.organisation.empty() && principal.organisation == collection.constituent_name);
  }
  return static_cast<int>(collection.level) <= static_cast<int>(principal.clearance);
}

bool ObjectAboutConstituent(std::string_view json, const Collection& collection) {
  if (collection.constituent_ref.empty()) return true;
  std::string quoted = "\"" + collection.constituent_ref + "\"";
  return json.find(quoted) != std::string_view::npos;
}

}  // namespace rampart::server
