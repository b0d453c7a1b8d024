// Private to rampart_stix: the property checks every rule group shares.
// One Checker looks at one object; the first failure is returned.
#pragma once

#include <simdjson.h>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/stix/object.h"

namespace rampart::stix::internal {

inline void IgnoreError(simdjson::error_code) {}

class Checker {
 public:
  Checker(simdjson::dom::object object, const Object& o) : object_(object), o_(o) {}

  const Object& object() const { return o_; }
  std::string_view type() const { return o_.type; }
  bool Has(std::string_view property) const;

  // "property 'name' <expected>" as InvalidInput with the object's id.
  Status Fail(std::string_view property, std::string_view expected) const;

  Status RequireString(std::string_view property) const;
  Status OptionalString(std::string_view property) const;
  Status OptionalBool(std::string_view property) const;
  Status RequireBool(std::string_view property) const;
  // Integer in [min, max] when present.
  Status OptionalInteger(std::string_view property, int64_t min, int64_t max) const;
  Status RequireInteger(std::string_view property, int64_t min, int64_t max) const;
  // Non-empty list of strings when present.
  Status OptionalStringList(std::string_view property) const;
  Status RequireStringList(std::string_view property) const;
  // STIX timestamp; `millis` demands >= 3 fraction digits (created/modified).
  Status OptionalTimestamp(std::string_view property, bool millis = false) const;
  Status RequireTimestamp(std::string_view property, bool millis = false) const;
  // `later` >= `earlier` (or > when `strict`) when both are present.
  Status Ordered(std::string_view earlier, std::string_view later, bool strict) const;
  // An id whose type is one of `types` (any type if empty).
  Status OptionalRef(std::string_view property, std::initializer_list<std::string_view> types) const;
  Status RequireRef(std::string_view property, std::initializer_list<std::string_view> types) const;
  Status OptionalRefList(std::string_view property, std::initializer_list<std::string_view> types) const;
  Status RequireRefList(std::string_view property, std::initializer_list<std::string_view> types) const;
  // A string from a closed enumeration.
  Status OptionalEnum(std::string_view property, std::span<const std::string_view> values) const;
  Status RequireObject(std::string_view property) const;
  // At least one of `properties` present.
  Status RequireOneOf(std::initializer_list<std::string_view> properties) const;

  simdjson::dom::object raw() const { return object_; }

 private:
  Status CheckRef(std::string_view property, std::string_view id,
                  std::initializer_list<std::string_view> types) const;
  simdjson::dom::object object_;
  const Object& o_;
};

// Rule groups (one file each under validate/).
Status CheckCommon(const Checker& c);        // every object: id, type, names, markings …
Status CheckSdo(const Checker& c);           // per-SDO required and conditional rules
Status CheckSro(const Checker& c);           // relationship, sighting
Status CheckSco(const Checker& c);           // cyber-observables
Status CheckSmo(const Checker& c);           // marking-definition, language-content, extension-definition

}  // namespace rampart::stix::internal
