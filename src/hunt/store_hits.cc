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

}  // namespace

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
