#include "rampart/stix/validate.h"

#include "object_internal.h"
#include "rampart/stix/vocab.h"
#include "validate/checker.h"

namespace rampart::stix {

Status Validate(const Object& object) {
  simdjson::dom::element root;
  auto error = internal::ThreadParser().parse(object.json.data(), object.json.size()).get(root);
  simdjson::dom::object raw;
  if (error != simdjson::SUCCESS || root.get_object().get(raw) != simdjson::SUCCESS) {
    return InvalidInput("the object's JSON is not a JSON object", internal::ForObject(object.id));
  }
  internal::Checker checker(raw, object);
  RAMPART_RETURN_IF_ERROR(internal::CheckCommon(checker));
  if (IsSdoType(object.type)) return internal::CheckSdo(checker);
  if (IsSroType(object.type)) return internal::CheckSro(checker);
  if (IsScoType(object.type)) return internal::CheckSco(checker);
  if (IsSmoType(object.type)) return internal::CheckSmo(checker);
  return Status();  // custom types: the common rules are all there is
}

}  // namespace rampart::stix
