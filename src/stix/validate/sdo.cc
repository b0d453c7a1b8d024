// Per-SDO required and conditional properties (digest §1.4, §1.9).
#include <fmt/format.h>

#include "rampart/stix/pattern.h"
#include "rampart/stix/vocab.h"
#include "validate/checker.h"

namespace rampart::stix::internal {
namespace {

// A STIX pattern that does not parse would only show at hunt time, when no
// indicator of it can match; other pattern languages are opaque here.
Status CheckStixPattern(const Checker& c) {
  std::string_view type, pattern, version = "2.1";
  if (c.raw()["pattern_type"].get_string().get(type) != simdjson::SUCCESS || type != "stix") return Status();
  if (c.raw()["pattern"].get_string().get(pattern) != simdjson::SUCCESS) return Status();
  IgnoreError(c.raw()["pattern_version"].get_string().get(version));
  auto parsed = ParsePattern(pattern, version == "2.0" ? PatternVersion::k20 : PatternVersion::k21);
  if (parsed.ok()) return Status();
  // The parser's message starts with "column N: ".
  return c.Fail("pattern", fmt::format("is not a valid STIX pattern: {}", std::string(parsed.status().message())));
}

Status CheckIndicator(const Checker& c) {
  RAMPART_RETURN_IF_ERROR(c.RequireString("pattern"));
  RAMPART_RETURN_IF_ERROR(c.RequireString("pattern_type"));
  RAMPART_RETURN_IF_ERROR(c.OptionalString("pattern_version"));
  RAMPART_RETURN_IF_ERROR(CheckStixPattern(c));
  RAMPART_RETURN_IF_ERROR(c.RequireTimestamp("valid_from"));
  RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("valid_until"));
  RAMPART_RETURN_IF_ERROR(c.Ordered("valid_from", "valid_until", /*strict=*/true));
  return c.OptionalStringList("indicator_types");
}

Status CheckMalware(const Checker& c) {
  RAMPART_RETURN_IF_ERROR(c.RequireBool("is_family"));
  bool family = false;
  if (c.raw()["is_family"].get_bool().get(family) == simdjson::SUCCESS && family && !c.Has("name")) {
    return c.Fail("name", "is required when 'is_family' is true");
  }
  RAMPART_RETURN_IF_ERROR(c.OptionalString("name"));
  RAMPART_RETURN_IF_ERROR(c.OptionalStringList("malware_types"));
  RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("first_seen"));
  RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("last_seen"));
  RAMPART_RETURN_IF_ERROR(c.Ordered("first_seen", "last_seen", /*strict=*/false));
  return c.OptionalRefList("sample_refs", {"file", "artifact"});
}

Status CheckLocation(const Checker& c) {
  bool lat = c.Has("latitude"), lon = c.Has("longitude");
  if (lat != lon) return c.Fail(lat ? "longitude" : "latitude", "is required together with the other coordinate");
  if (c.Has("precision") && !lat) return c.Fail("precision", "is only allowed with 'latitude' and 'longitude'");
  if (!lat && !c.Has("region") && !c.Has("country")) {
    return c.RequireOneOf({"region", "country", "latitude"});
  }
  double v = 0;
  if (lat && (c.raw()["latitude"].get_double().get(v) != simdjson::SUCCESS || v < -90 || v > 90)) {
    return c.Fail("latitude", "must be a number from -90 to 90");
  }
  if (lon && (c.raw()["longitude"].get_double().get(v) != simdjson::SUCCESS || v < -180 || v > 180)) {
    return c.Fail("longitude", "must be a number from -180 to 180");
  }
  return Status();
}

Status CheckObservedData(const Checker& c) {
  RAMPART_RETURN_IF_ERROR(c.RequireTimestamp("first_observed"));
  RAMPART_RETURN_IF_ERROR(c.RequireTimestamp("last_observed"));
  RAMPART_RETURN_IF_ERROR(c.Ordered("first_observed", "last_observed", /*strict=*/false));
  RAMPART_RETURN_IF_ERROR(c.RequireInteger("number_observed", 1, 999999999));
  bool refs = c.Has("object_refs"), embedded = c.Has("objects");
  if (refs && embedded) return c.Fail("objects", "must not be used together with 'object_refs'");
  if (!refs && !embedded) return c.Fail("object_refs", "is required (or the deprecated 'objects')");
  if (embedded) return c.RequireObject("objects");
  return c.RequireRefList("object_refs", {});
}

}  // namespace

Status CheckSdo(const Checker& c) {
  std::string_view t = c.type();
  if (t == "attack-pattern" || t == "campaign" || t == "course-of-action" || t == "identity" ||
      t == "incident" || t == "infrastructure" || t == "intrusion-set" || t == "threat-actor" ||
      t == "tool" || t == "vulnerability") {
    RAMPART_RETURN_IF_ERROR(c.RequireString("name"));
    RAMPART_RETURN_IF_ERROR(c.OptionalStringList("aliases"));
    if (t == "identity") RAMPART_RETURN_IF_ERROR(c.OptionalString("identity_class"));
    if (t == "identity") RAMPART_RETURN_IF_ERROR(c.OptionalStringList("sectors"));
    if (t == "campaign" || t == "intrusion-set" || t == "threat-actor" || t == "infrastructure") {
      RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("first_seen"));
      RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("last_seen"));
      RAMPART_RETURN_IF_ERROR(c.Ordered("first_seen", "last_seen", /*strict=*/false));
    }
    return Status();
  }
  if (t == "indicator") return CheckIndicator(c);
  if (t == "malware") return CheckMalware(c);
  if (t == "location") return CheckLocation(c);
  if (t == "observed-data") return CheckObservedData(c);
  if (t == "grouping") {
    RAMPART_RETURN_IF_ERROR(c.RequireString("context"));
    return c.RequireRefList("object_refs", {});
  }
  if (t == "malware-analysis") {
    RAMPART_RETURN_IF_ERROR(c.RequireString("product"));
    RAMPART_RETURN_IF_ERROR(c.RequireOneOf({"result", "analysis_sco_refs"}));
    return c.OptionalRefList("analysis_sco_refs", {});
  }
  if (t == "note") {
    RAMPART_RETURN_IF_ERROR(c.RequireString("content"));
    return c.RequireRefList("object_refs", {});
  }
  if (t == "opinion") {
    if (!c.Has("opinion")) return c.Fail("opinion", "is required (strongly-disagree … strongly-agree)");
    RAMPART_RETURN_IF_ERROR(c.OptionalEnum("opinion", OpinionEnum()));
    return c.RequireRefList("object_refs", {});
  }
  if (t == "report") {
    RAMPART_RETURN_IF_ERROR(c.RequireString("name"));
    RAMPART_RETURN_IF_ERROR(c.RequireTimestamp("published"));
    return c.RequireRefList("object_refs", {});
  }
  return Status();
}

}  // namespace rampart::stix::internal
