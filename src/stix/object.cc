#include "rampart/stix/object.h"

#include <fmt/format.h>

#include "object_internal.h"
#include "rampart/core/id.h"
#include "rampart/stix/vocab.h"

namespace rampart::stix {
namespace internal {

simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

std::string Minify(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (simdjson::minify(text.data(), text.size(), out.data(), len) != simdjson::SUCCESS) {
    return std::string(text);
  }
  out.resize(len);
  return out;
}

namespace {

using simdjson::dom::element;

Status Mistyped(std::string_view property, std::string_view expected, const Object& o) {
  return InvalidInput(fmt::format("property '{}' must be {}", property, expected),
                      ForObject(o.id));
}

// Reads an optional string property; absent leaves `out` untouched.
Status GetString(simdjson::dom::object obj, std::string_view key, std::string* out,
                 const Object& o) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS) return Status();
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return Mistyped(key, "a string", o);
  out->assign(text);
  return Status();
}

Status GetBool(simdjson::dom::object obj, std::string_view key, bool* out, const Object& o) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS) return Status();
  if (value.get_bool().get(*out) != simdjson::SUCCESS) return Mistyped(key, "a boolean", o);
  return Status();
}

Status AppendStrings(simdjson::dom::object obj, std::string_view key,
                     std::vector<std::string>* out, const Object& o) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS) return Status();
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    return Mistyped(key, "a list of strings", o);
  }
  for (element item : array) {
    std::string_view text;
    if (item.get_string().get(text) != simdjson::SUCCESS) {
      return Mistyped(key, "a list of strings", o);
    }
    out->emplace_back(text);
  }
  return Status();
}

Status ReadExternalIds(simdjson::dom::object obj, Object* o) {
  element value;
  if (obj["external_references"].get(value) != simdjson::SUCCESS) return Status();
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    return Mistyped("external_references", "a list of objects", *o);
  }
  for (element item : array) {
    simdjson::dom::object ref;
    if (item.get_object().get(ref) != simdjson::SUCCESS) {
      return Mistyped("external_references", "a list of objects", *o);
    }
    std::string_view source, external_id;
    if (ref["external_id"].get_string().get(external_id) != simdjson::SUCCESS) continue;
    if (ref["source_name"].get_string().get(source) != simdjson::SUCCESS) source = {};
    o->external_ids.push_back({std::string(source), std::string(external_id)});
  }
  return Status();
}

}  // namespace

Result<Object> ObjectFromElement(element root, std::string json) {
  Object o;
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    return InvalidInput("a STIX object must be a JSON object");
  }
  std::string_view text;
  if (obj["id"].get_string().get(text) != simdjson::SUCCESS) {
    return InvalidInput("missing property 'id' (expected a string \"<type>--<uuid>\")");
  }
  o.id.assign(text);
  if (!IsValidId(o.id)) {
    return InvalidInput(fmt::format("property 'id' must be \"<type>--<uuid>\", got \"{}\"", o.id),
                        ForObject(o.id));
  }
  if (obj["type"].get_string().get(text) != simdjson::SUCCESS) {
    return InvalidInput("missing property 'type' (expected a string)",
                        ForObject(o.id));
  }
  o.type.assign(text);
  RAMPART_RETURN_IF_ERROR(GetString(obj, "spec_version", &o.spec_version, o));
  if (o.spec_version.empty() && IsScoType(o.type)) o.spec_version = "2.1";
  RAMPART_RETURN_IF_ERROR(GetString(obj, "created", &o.created, o));
  RAMPART_RETURN_IF_ERROR(GetString(obj, "modified", &o.modified, o));
  if (o.modified.empty()) o.modified = o.created;
  RAMPART_RETURN_IF_ERROR(GetBool(obj, "revoked", &o.revoked, o));
  RAMPART_RETURN_IF_ERROR(GetBool(obj, "x_mitre_deprecated", &o.deprecated, o));
  RAMPART_RETURN_IF_ERROR(GetString(obj, "name", &o.name, o));
  if (o.name.empty()) {
    element value;
    if (obj["value"].get(value) == simdjson::SUCCESS && value.is_string()) {
      o.name.assign(std::string_view(value.get_string().value_unsafe()));
    }
  }
  std::vector<std::string> aliases;
  RAMPART_RETURN_IF_ERROR(AppendStrings(obj, "aliases", &aliases, o));
  RAMPART_RETURN_IF_ERROR(AppendStrings(obj, "x_mitre_aliases", &aliases, o));
  for (std::string& alias : aliases) {
    if (alias == o.name) continue;
    bool seen = false;
    for (const std::string& kept : o.aliases) seen = seen || kept == alias;
    if (!seen) o.aliases.push_back(std::move(alias));
  }
  RAMPART_RETURN_IF_ERROR(ReadExternalIds(obj, &o));
  RAMPART_RETURN_IF_ERROR(GetString(obj, "created_by_ref", &o.created_by_ref, o));
  RAMPART_RETURN_IF_ERROR(AppendStrings(obj, "object_marking_refs", &o.object_marking_refs, o));
  element confidence;
  if (obj["confidence"].get(confidence) == simdjson::SUCCESS) {
    int64_t value = 0;
    if (confidence.get_int64().get(value) != simdjson::SUCCESS || value < INT32_MIN ||
        value > INT32_MAX) {
      return Mistyped("confidence", "an integer", o);
    }
    o.confidence = static_cast<int>(value);
  }
  RAMPART_RETURN_IF_ERROR(GetString(obj, "description", &o.description, o));
  if (o.type == "relationship") {
    RAMPART_RETURN_IF_ERROR(GetString(obj, "relationship_type", &o.relationship_type, o));
    RAMPART_RETURN_IF_ERROR(GetString(obj, "source_ref", &o.source_ref, o));
    RAMPART_RETURN_IF_ERROR(GetString(obj, "target_ref", &o.target_ref, o));
  } else if (o.type == "sighting") {
    RAMPART_RETURN_IF_ERROR(GetString(obj, "sighting_of_ref", &o.source_ref, o));
    RAMPART_RETURN_IF_ERROR(AppendStrings(obj, "where_sighted_refs", &o.where_sighted_refs, o));
    RAMPART_RETURN_IF_ERROR(AppendStrings(obj, "observed_data_refs", &o.observed_data_refs, o));
    if (!o.where_sighted_refs.empty()) o.target_ref = o.where_sighted_refs.front();
  }
  o.json = std::move(json);
  return o;
}

}  // namespace internal

Result<Object> ParseObject(std::string_view json_text) {
  simdjson::dom::element root;
  auto error = internal::ThreadParser().parse(json_text.data(), json_text.size()).get(root);
  if (error != simdjson::SUCCESS) {
    return InvalidInput(fmt::format("not valid JSON: {}", simdjson::error_message(error)));
  }
  return internal::ObjectFromElement(root, internal::Minify(json_text));
}

Result<Object> FromJson(const nlohmann::json& value) {
  std::string text;
  try {
    text = value.dump();
  } catch (const nlohmann::json::exception& e) {
    return InvalidInput(fmt::format("cannot serialise object: {}", e.what()));
  }
  return ParseObject(text);
}

nlohmann::json ToJson(const Object& object) {
  nlohmann::json value = nlohmann::json::parse(object.json, nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() ? nlohmann::json::object() : value;
}

std::string_view TypeOfId(std::string_view id) {
  size_t sep = id.rfind("--");
  if (sep == std::string_view::npos || sep == 0) return {};
  return id.substr(0, sep);
}

bool IsValidId(std::string_view id) {
  std::string_view type = TypeOfId(id);
  if (type.empty()) return false;
  return IsValidTypeName(type) && IsUuid(id.substr(type.size() + 2));
}

}  // namespace rampart::stix
