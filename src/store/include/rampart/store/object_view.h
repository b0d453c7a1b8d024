// The analyst's view of one knowledge-base object: the object and its
// resolved neighbourhood, grouped the way an analyst reads an actor profile
// (attributed to, located at, targets, techniques, software, campaigns ...).
//
// Used by `rampart intel get` (text and --json), by the REST route
// /api/v1/objects/{ref}/view (the dashboard's actor page) and by bench/intel.
//
// Neighbourhood. Hop 1: every current, non-revoked relationship that has the
// object as source or target, with the object at the other end resolved (name,
// type, ATT&CK/CVE id, kind). Hop 2: for attribution and location claims
// (attributed-to, located-at, originates-from) the far end's own claims of
// the same kinds, followed up to kMaxChainDepth, so "intrusion set ->
// attributed-to -> organisation -> located-at -> country" reads as one chain.
// Claims (attributed-to, located-at, targets) carry who claims them
// (created_by_ref resolved to the identity's name), confidence and when
// (start_time..stop_time if either is set, else the published date of the
// earliest report whose object_refs contain the relationship, else the
// relationship's created date).
//
// Ordering is deterministic: sections in a fixed order, entries by name then
// id. Rendering never touches the store.
//
// Thread-safety: functions are stateless; the store is used by the calling
// thread only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::store {

inline constexpr int kMaxChainDepth = 3;

// The object at the far end of a relationship, as much as a view needs.
struct Neighbour {
  std::string id;
  std::string type;
  std::string name;         // "" if the object is not in the store (dangling ref)
  std::string external_id;  // ATT&CK id, else CVE id, else the first one; may be ""
  std::string kind;         // "sector", "country", "region", identity_class, or type
  bool deprecated = false;
  bool revoked = false;     // shown only under "revoked_by"
  bool missing = false;     // the reference points at nothing stored
};

struct Relation {
  std::string section;            // "attributed_to", "techniques" ... (SectionTitle)
  std::string relationship_type;  // "attributed-to", "uses" ...
  bool outgoing = true;           // the viewed object is the source
  std::string relationship_id;
  Neighbour other;
  std::string claimed_by_id;      // created_by_ref of the relationship
  std::string claimed_by;         // that identity's name ("" if unknown)
  std::optional<int> confidence;
  std::string when;               // "2021-03-02", "2017-01-01..2018-12-31" (claims only)
  std::vector<Relation> chain;    // hop 2 (attribution/location claims only)
};

struct ObjectView {
  stix::Object object;
  std::string created_by;  // name of object.created_by_ref's identity, if known
  std::vector<Relation> relations;  // sorted: section order, then name, then id
};

// Builds the view of `object` from `store`. Errors only from the store
// (dangling references become Neighbour::missing, not errors).
Result<ObjectView> BuildObjectView(Store& store, const stix::Object& object);

// The sections in display order, and their human titles ("Attributed to").
const std::vector<std::string_view>& SectionOrder();
std::string_view SectionTitle(std::string_view section);

// JSON with a fixed key order (`intel get --json`), pretty-printed, ending in
// '\n': id, type, name, aliases, description, external_ids, created_by,
// revoked, deprecated, relations {section: [...]}, object (the STIX object).
std::string RenderObjectJson(const ObjectView& view);

// The first paragraph of a STIX description with ATT&CK's "(Citation: ...)"
// markers removed and markdown links "[text](url)" reduced to their text.
std::string FirstParagraph(std::string_view description);

// ATT&CK id (source "mitre-attack"), else a CVE id, else the first external id.
std::string PrimaryExternalId(const stix::Object& object);

}  // namespace rampart::store
