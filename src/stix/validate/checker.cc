#include <fmt/format.h>

#include <algorithm>

#include "validate/checker.h"

namespace rampart::stix::internal {

using simdjson::dom::element;

bool Checker::Has(std::string_view property) const {
  return object_[property].error() == simdjson::SUCCESS;
}

Status Checker::Fail(std::string_view property, std::string_view expected) const {
  ErrorContext context;
  context.object_id = o_.id;
  return InvalidInput(fmt::format("{}: property '{}' {}", o_.type, property, expected), context);
}

Status Checker::RequireString(std::string_view p) const {
  if (!Has(p)) return Fail(p, "is required (a string)");
  return OptionalString(p);
}

Status Checker::OptionalString(std::string_view p) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Status();
  if (!e.is_string()) return Fail(p, "must be a string");
  return Status();
}

Status Checker::OptionalBool(std::string_view p) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Status();
  if (!e.is_bool()) return Fail(p, "must be a boolean");
  return Status();
}

Status Checker::RequireBool(std::string_view p) const {
  if (!Has(p)) return Fail(p, "is required (a boolean)");
  return OptionalBool(p);
}

Status Checker::OptionalInteger(std::string_view p, int64_t min, int64_t max) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Status();
  int64_t v = 0;
  if (e.get_int64().get(v) != simdjson::SUCCESS) {
    uint64_t u = 0;
    if (e.get_uint64().get(u) == simdjson::SUCCESS) {
      return Fail(p, fmt::format("must be an integer from {} to {}", min, max));
    }
    return Fail(p, "must be an integer");
  }
  if (v < min || v > max) {
    return Fail(p, fmt::format("must be an integer from {} to {}, got {}", min, max, v));
  }
  return Status();
}

Status Checker::RequireInteger(std::string_view p, int64_t min, int64_t max) const {
  if (!Has(p)) return Fail(p, "is required (an integer)");
  return OptionalInteger(p, min, max);
}

Status Checker::OptionalStringList(std::string_view p) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Status();
  simdjson::dom::array array;
  if (e.get_array().get(array) != simdjson::SUCCESS) return Fail(p, "must be a list of strings");
  if (array.size() == 0) return Fail(p, "must not be an empty list");
  for (element item : array) {
    if (!item.is_string()) return Fail(p, "must be a list of strings");
  }
  return Status();
}

Status Checker::RequireStringList(std::string_view p) const {
  if (!Has(p)) return Fail(p, "is required (a non-empty list)");
  return OptionalStringList(p);
}

Status Checker::OptionalTimestamp(std::string_view p, bool millis) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Status();
  std::string_view text;
  if (e.get_string().get(text) != simdjson::SUCCESS || !IsStixTimestamp(text)) {
    return Fail(p, "must be a timestamp \"YYYY-MM-DDTHH:MM:SS[.sss]Z\"");
  }
  if (millis && (text.size() < 24 || text[19] != '.')) {
    return Fail(p, fmt::format("must have millisecond precision (\"…:SS.sssZ\"), got \"{}\"", text));
  }
  return Status();
}

Status Checker::RequireTimestamp(std::string_view p, bool millis) const {
  if (!Has(p)) return Fail(p, "is required (a timestamp)");
  return OptionalTimestamp(p, millis);
}

Status Checker::Ordered(std::string_view earlier, std::string_view later, bool strict) const {
  std::string_view a, b;
  if (object_[earlier].get_string().get(a) != simdjson::SUCCESS ||
      object_[later].get_string().get(b) != simdjson::SUCCESS) {
    return Status();
  }
  Result<TimestampUs> ta = ParseTimestamp(a), tb = ParseTimestamp(b);
  if (!ta.ok() || !tb.ok()) return Status();  // form is reported by the timestamp checks
  if (strict ? *tb <= *ta : *tb < *ta) {
    return Fail(later, fmt::format("must be {} '{}' ({} {} {})", strict ? "later than" : "at or after",
                                   earlier, b, strict ? "<=" : "<", a));
  }
  return Status();
}

Status Checker::CheckRef(std::string_view p, std::string_view id,
                         std::initializer_list<std::string_view> types) const {
  if (!IsValidId(id)) return Fail(p, fmt::format("must hold STIX ids \"<type>--<uuid>\", got \"{}\"", id));
  if (types.size() == 0) return Status();
  std::string_view type = TypeOfId(id);
  if (std::find(types.begin(), types.end(), type) != types.end()) return Status();
  std::string allowed;
  for (std::string_view t : types) allowed += (allowed.empty() ? "" : ", ") + std::string(t);
  return Fail(p, fmt::format("must refer to {}, got \"{}\"", allowed, id));
}

Status Checker::OptionalRef(std::string_view p, std::initializer_list<std::string_view> types) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Status();
  std::string_view id;
  if (e.get_string().get(id) != simdjson::SUCCESS) return Fail(p, "must be a STIX id (a string)");
  return CheckRef(p, id, types);
}

Status Checker::RequireRef(std::string_view p, std::initializer_list<std::string_view> types) const {
  if (!Has(p)) return Fail(p, "is required (a STIX id)");
  return OptionalRef(p, types);
}

Status Checker::OptionalRefList(std::string_view p, std::initializer_list<std::string_view> types) const {
  RAMPART_RETURN_IF_ERROR(OptionalStringList(p));
  simdjson::dom::array array;
  if (object_[p].get_array().get(array) != simdjson::SUCCESS) return Status();
  for (element item : array) {
    RAMPART_RETURN_IF_ERROR(CheckRef(p, std::string_view(item.get_string().value_unsafe()), types));
  }
  return Status();
}

Status Checker::RequireRefList(std::string_view p, std::initializer_list<std::string_view> types) const {
  if (!Has(p)) return Fail(p, "is required (a non-empty list of STIX ids)");
  return OptionalRefList(p, types);
}

Status Checker::OptionalEnum(std::string_view p, std::span<const std::string_view> values) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Status();
  std::string_view v;
  if (e.get_string().get(v) != simdjson::SUCCESS) return Fail(p, "must be a string");
  if (std::find(values.begin(), values.end(), v) != values.end()) return Status();
  std::string allowed;
  for (std::string_view t : values) allowed += (allowed.empty() ? "" : ", ") + std::string(t);
  return Fail(p, fmt::format("must be one of {}, got \"{}\"", allowed, v));
}

Status Checker::RequireObject(std::string_view p) const {
  element e;
  if (object_[p].get(e) != simdjson::SUCCESS) return Fail(p, "is required (a JSON object)");
  if (!e.is_object()) return Fail(p, "must be a JSON object");
  return Status();
}

Status Checker::RequireOneOf(std::initializer_list<std::string_view> properties) const {
  std::string names;
  for (std::string_view p : properties) {
    if (Has(p)) return Status();
    names += (names.empty() ? "'" : ", '") + std::string(p) + "'";
  }
  ErrorContext context;
  context.object_id = o_.id;
  return InvalidInput(fmt::format("{}: at least one of {} is required", o_.type, names), context);
}

}  // namespace rampart::stix::internal
