#include "rampart/hunt/store_hits.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "rampart/core/time.h"

namespace rampart::hunt {
namespace {

nlohmann::json WithoutTimes(const stix::Object& object) {
  nlohmann::json j = stix::ToJson(object);
  j.erase("created");
  j.erase("modified");
  return j;
}

// The union of two string arrays, sorted (absent arrays are empty).
nlohmann::json UnitedRefs(const nlohmann::json& a, const nlohmann::json& b) {
  std::vector<std::string> refs;
  for (const nlohmann::json* side : {&a, &b}) {
    if (!side->is_array()) continue;
    for (const auto& r : *side) if (r.is_string()) refs.push_back(r.get<std::string>());
  }
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  return refs;
}

// RFC 3339 timestamps of one form compare as text.
void Widen(nlohmann::json& j, const nlohmann::json& stored, const char* first, const char* last) {
  if (stored.contains(first) && (!j.contains(first) || stored[first] < j[first])) j[first] = stored[first];
  if (stored.contains(last) && (!j.contains(last) || stored[last] > j[last])) j[last] = stored[last];
}

}  // namespace

Result<store::PutOutcome> PutAccumulatedHuntObject(store::Store& kb, store::Transaction& tx,
                                                   const stix::Object& object) {
  if (object.type != "sighting" && object.type != "observed-data") return tx.Put(object);
  auto current = kb.Get(object.id);
  if (!current.ok()) return PutHuntObject(kb, tx, object);
  nlohmann::json j = stix::ToJson(object);
  const nlohmann::json stored = stix::ToJson(*current);
  if (object.type == "sighting") {
    j["count"] = j.value("count", int64_t{0}) + stored.value("count", int64_t{0});
    Widen(j, stored, "first_seen", "last_seen");
    nlohmann::json where = UnitedRefs(j.value("where_sighted_refs", nlohmann::json()),
                                      stored.value("where_sighted_refs", nlohmann::json()));
    if (!where.empty()) j["where_sighted_refs"] = where;
  } else {
    j["number_observed"] = j.value("number_observed", int64_t{0}) + stored.value("number_observed", int64_t{0});
    Widen(j, stored, "first_observed", "last_observed");
    j["object_refs"] = UnitedRefs(j.value("object_refs", nlohmann::json()), stored.value("object_refs", nlohmann::json()));
  }
  RAMPART_ASSIGN_OR_RETURN(stix::Object merged, stix::FromJson(j));
  return PutHuntObject(kb, tx, merged);
}

Result<store::PutOutcome> PutHuntObject(store::Store& kb, store::Transaction& tx, const stix::Object& object) {
  if (object.type != "sighting" && object.type != "observed-data") return tx.Put(object);
  auto current = kb.Get(object.id);
  if (!current.ok()) return tx.Put(object);  // not stored yet
  if (WithoutTimes(*current) == WithoutTimes(object)) return store::PutOutcome::kUnchanged;
  nlohmann::json j = stix::ToJson(object);
  j["created"] = current->created;
  TimestampUs modified = ParseTimestamp(object.modified).value_or(0);
  TimestampUs after = ParseTimestamp(current->modified).value_or(0) + 1000;  // 1 ms later
  j["modified"] = FormatTimestamp(std::max(modified, after));
  RAMPART_ASSIGN_OR_RETURN(stix::Object version, stix::FromJson(j));
  return tx.Put(version);
}

}  // namespace rampart::hunt
