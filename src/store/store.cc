// The backend-independent half of the store: every Put is validated here,
// once, before any backend sees it (CONVENTIONS.md item 6); PutValidated is
// for callers that validated the object themselves just before.
#include "rampart/store/store.h"

#include "put_rules.h"
#include "rampart/stix/validate.h"

namespace rampart::store {

Result<PutOutcome> Transaction::Put(const stix::Object& object) {
  Status valid = stix::Validate(object);
  if (!valid.ok()) return WithContext(std::move(valid), internal::ObjectContext(object.id));
  Result<PutOutcome> outcome = DoPut(object);
  if (!outcome.ok()) return WithContext(outcome.status(), internal::ObjectContext(object.id));
  return outcome;
}

Result<PutOutcome> Transaction::PutValidated(const stix::Object& object) {
  Result<PutOutcome> outcome = DoPut(object);
  if (!outcome.ok()) return WithContext(outcome.status(), internal::ObjectContext(object.id));
  return outcome;
}

Result<std::vector<AddedVersion>> Store::ListAdded(const AddedQuery&) {
  return absl::UnimplementedError("this store backend does not record when versions were added");
}

Result<std::vector<Glance>> Store::Glances(const std::vector<std::string>& ids) {
  std::vector<Glance> out;
  for (const std::string& id : ids) {
    Result<stix::Object> object = Get(id);
    if (absl::IsNotFound(object.status())) continue;
    if (!object.ok()) return object.status();
    out.push_back(Glance{object->id, object->name, object->object_marking_refs});
  }
  return out;
}

}  // namespace rampart::store
