// Rules every object obeys: id and type, naming, spec_version, the common
// properties of §1.2 and the data-marking references of §1.11.
#include <fmt/format.h>

#include "rampart/stix/vocab.h"
#include "validate/checker.h"

namespace rampart::stix::internal {
namespace {

using simdjson::dom::element;

Status CheckNames(const Checker& c) {
  for (auto field : c.raw()) {
    std::string_view key = field.key;
    if (!IsValidPropertyName(key)) {
      return c.Fail(key, "is not a valid property name (lower-case letters, digits and '_', 3-250 characters)");
    }
    if (field.value.is_null()) return c.Fail(key, "must not be null (omit the property instead)");
    simdjson::dom::array array;
    if (field.value.get_array().get(array) == simdjson::SUCCESS && array.size() == 0) {
      return c.Fail(key, "must not be an empty list (omit the property instead)");
    }
  }
  return Status();
}

Status CheckExternalReferences(const Checker& c) {
  element e;
  if (c.raw()["external_references"].get(e) != simdjson::SUCCESS) return Status();
  simdjson::dom::array array;
  if (e.get_array().get(array) != simdjson::SUCCESS) {
    return c.Fail("external_references", "must be a list of objects");
  }
  size_t index = 0;
  for (element item : array) {
    simdjson::dom::object ref;
    std::string where = fmt::format("external_references[{}]", index++);
    if (item.get_object().get(ref) != simdjson::SUCCESS) return c.Fail(where, "must be an object");
    if (!ref["source_name"].is_string()) return c.Fail(where, "needs 'source_name' (a string)");
    if (ref["description"].error() != simdjson::SUCCESS && ref["url"].error() != simdjson::SUCCESS &&
        ref["external_id"].error() != simdjson::SUCCESS) {
      return c.Fail(where, "needs at least one of 'description', 'url', 'external_id'");
    }
  }
  return Status();
}

Status CheckGranularMarkings(const Checker& c) {
  element e;
  if (c.raw()["granular_markings"].get(e) != simdjson::SUCCESS) return Status();
  simdjson::dom::array array;
  if (e.get_array().get(array) != simdjson::SUCCESS) {
    return c.Fail("granular_markings", "must be a list of objects");
  }
  size_t index = 0;
  for (element item : array) {
    std::string where = fmt::format("granular_markings[{}]", index++);
    simdjson::dom::object marking;
    if (item.get_object().get(marking) != simdjson::SUCCESS) return c.Fail(where, "must be an object");
    std::string_view ref;
    bool has_ref = marking["marking_ref"].get_string().get(ref) == simdjson::SUCCESS;
    bool has_lang = marking["lang"].is_string();
    if (has_ref == has_lang) return c.Fail(where, "needs exactly one of 'marking_ref' or 'lang'");
    if (has_ref && (!IsValidId(ref) || TypeOfId(ref) != "marking-definition")) {
      return c.Fail(where, fmt::format("'marking_ref' must be a marking-definition id, got \"{}\"", ref));
    }
    simdjson::dom::array selectors;
    if (marking["selectors"].get_array().get(selectors) != simdjson::SUCCESS || selectors.size() == 0) {
      return c.Fail(where, "needs 'selectors' (a non-empty list of strings)");
    }
  }
  return Status();
}

}  // namespace

Status CheckCommon(const Checker& c) {
  const Object& o = c.object();
  if (!IsValidTypeName(o.type)) {
    return c.Fail("type", fmt::format("must be lower-case letters, digits and single hyphens, 3-250 characters, got \"{}\"", o.type));
  }
  if (TypeOfId(o.id) != o.type) {
    return c.Fail("id", fmt::format("must start with the object's type \"{}--\", got \"{}\"", o.type, o.id));
  }
  if (!IsSpecType(o.type) && !IsCustomType(o.type) && !c.Has("extensions")) {
    return c.Fail("type", fmt::format("\"{}\" is not a STIX 2.1 type; custom types start with \"x-\" "
                                      "or are defined by an extension-definition", o.type));
  }
  RAMPART_RETURN_IF_ERROR(CheckNames(c));
  bool sco = IsScoType(o.type);
  if (!sco && !c.Has("spec_version")) return c.Fail("spec_version", "is required (\"2.1\")");
  RAMPART_RETURN_IF_ERROR(c.OptionalString("spec_version"));
  if (c.Has("spec_version") && o.spec_version != "2.1") {
    return c.Fail("spec_version", fmt::format("must be \"2.1\", got \"{}\"", o.spec_version));
  }
  if (!sco) {
    RAMPART_RETURN_IF_ERROR(c.RequireTimestamp("created", /*millis=*/true));
    if (o.type != "marking-definition") {
      RAMPART_RETURN_IF_ERROR(c.RequireTimestamp("modified", /*millis=*/true));
      RAMPART_RETURN_IF_ERROR(c.Ordered("created", "modified", /*strict=*/false));
    }
    RAMPART_RETURN_IF_ERROR(c.OptionalRef("created_by_ref", {"identity"}));
    RAMPART_RETURN_IF_ERROR(c.OptionalBool("revoked"));
    RAMPART_RETURN_IF_ERROR(c.OptionalStringList("labels"));
    RAMPART_RETURN_IF_ERROR(c.OptionalInteger("confidence", 0, 100));
    RAMPART_RETURN_IF_ERROR(c.OptionalString("lang"));
    RAMPART_RETURN_IF_ERROR(CheckExternalReferences(c));
  } else {
    RAMPART_RETURN_IF_ERROR(c.OptionalBool("defanged"));
  }
  RAMPART_RETURN_IF_ERROR(c.OptionalRefList("object_marking_refs", {"marking-definition"}));
  RAMPART_RETURN_IF_ERROR(CheckGranularMarkings(c));
  element extensions;
  if (c.raw()["extensions"].get(extensions) == simdjson::SUCCESS && !extensions.is_object()) {
    return c.Fail("extensions", "must be a JSON object keyed by extension name or id");
  }
  return Status();
}

}  // namespace rampart::stix::internal
