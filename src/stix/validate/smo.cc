// Meta objects: marking-definitions (with TLP object integrity: a known TLP
// id must say its own level), language-content, extension-definition.
#include <fmt/format.h>

#include "rampart/stix/marking.h"
#include "rampart/stix/vocab.h"
#include "validate/checker.h"

namespace rampart::stix::internal {
namespace {

constexpr std::string_view kTlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

Status CheckMarkingDefinition(const Checker& c) {
  bool classic = c.Has("definition_type") || c.Has("definition");
  if (classic) {
    RAMPART_RETURN_IF_ERROR(c.RequireString("definition_type"));
    RAMPART_RETURN_IF_ERROR(c.RequireObject("definition"));
  } else if (!c.Has("extensions")) {
    return c.Fail("definition", "is required (with 'definition_type'), or an 'extensions' entry");
  }
  if (c.Has("modified")) return c.Fail("modified", "is not allowed: marking-definitions are immutable");
  RAMPART_RETURN_IF_ERROR(c.OptionalString("name"));
  std::optional<TlpLevel> level = TlpLevelOfMarking(c.object().id);
  if (!level) return Status();
  std::string_view said;
  std::string_view type;
  if (classic) {
    IgnoreError(c.raw()["definition_type"].get_string().get(type));
    if (type != "tlp" || c.raw()["definition"]["tlp"].get_string().get(said) != simdjson::SUCCESS) {
      return c.Fail("definition", "of a TLP 1.0 marking-definition must be {\"tlp\": \"<colour>\"}");
    }
    std::string_view expected = *level == TlpLevel::kClear ? "white" : TlpName(*level);
    if (said != expected) {
      return c.Fail("definition", fmt::format("says TLP \"{}\" but the id is TLP:{}", said, expected));
    }
    return Status();
  }
  if (c.raw()["extensions"][kTlp2Extension]["tlp_2_0"].get_string().get(said) != simdjson::SUCCESS) {
    return c.Fail("extensions", "of a TLP 2.0 marking-definition must carry the TLP 2.0 extension's tlp_2_0");
  }
  if (said != TlpName(*level)) {
    return c.Fail("extensions", fmt::format("say TLP \"{}\" but the id is TLP:{}", said, TlpName(*level)));
  }
  return Status();
}

Status CheckExtensionDefinition(const Checker& c) {
  RAMPART_RETURN_IF_ERROR(c.RequireString("name"));
  RAMPART_RETURN_IF_ERROR(c.RequireString("schema"));
  RAMPART_RETURN_IF_ERROR(c.RequireString("version"));
  RAMPART_RETURN_IF_ERROR(c.RequireRef("created_by_ref", {"identity"}));
  RAMPART_RETURN_IF_ERROR(c.RequireStringList("extension_types"));
  simdjson::dom::array types;
  IgnoreError(c.raw()["extension_types"].get_array().get(types));
  for (simdjson::dom::element e : types) {
    std::string_view v = e.get_string().value_unsafe();
    if (!InVocab(ExtensionTypeEnum(), v)) {
      return c.Fail("extension_types", fmt::format("must hold extension-type-enum values, got \"{}\"", v));
    }
  }
  return Status();
}

}  // namespace

Status CheckSmo(const Checker& c) {
  std::string_view t = c.type();
  if (t == "marking-definition") return CheckMarkingDefinition(c);
  if (t == "extension-definition") return CheckExtensionDefinition(c);
  if (t == "language-content") {
    RAMPART_RETURN_IF_ERROR(c.RequireRef("object_ref", {}));
    std::string_view ref;
    IgnoreError(c.raw()["object_ref"].get_string().get(ref));
    std::string_view of = TypeOfId(ref);
    if (of == "language-content" || of == "bundle") {
      return c.Fail("object_ref", fmt::format("must not refer to a {}", of));
    }
    RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("object_modified", /*millis=*/true));
    return c.RequireObject("contents");
  }
  return Status();
}

}  // namespace rampart::stix::internal
