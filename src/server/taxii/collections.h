// The TAXII collections: one per TLP level (the objects marked at or below
// it) and, by default, one per constituent (the objects about it: its
// identity, its incidents, sightings where it was sighted, advisories
// addressed to it, relationships to it -- every object whose JSON names the
// constituent's identity id). Both are filtered by the caller's clearance
// as well. A constituent reader sees its own organisation's collection
// only; analysts and admins see every constituent's. Constituent
// collections are read-only (can_write false; POST answers 403).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/server/auth.h"
#include "rampart/stix/marking.h"
#include "rampart/store/store.h"

namespace rampart::server {

struct Collection {
  std::string id;     // UUID
  std::string alias;  // "tlp-green", "constituent-health"
  std::string title;
  stix::TlpLevel level = stix::TlpLevel::kRed;  // objects at or below
  std::string constituent_ref;                  // "" for a TLP collection; else the identity id
  std::string constituent_name;
};

// Every constituent's collection, in the store's constituent order (revoked
// constituents have none). Ids are UUIDv5 of the constituent's identity id.
Result<std::vector<Collection>> ConstituentCollections(store::Store& store);

// Whether `principal` may see `collection` at all.
bool MaySeeCollection(const Principal& principal, const Collection& collection);

// Whether an object (its JSON) is about the collection's constituent (true
// for a TLP collection). The TLP level is checked by the caller, once per
// object for the collection and the caller together.
bool ObjectAboutConstituent(std::string_view json, const Collection& collection);

}  // namespace rampart::server
