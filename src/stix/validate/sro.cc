// Relationships and sightings: reference forms, and the source/target types
// the specification allows for the relationship types it defines (digest
// §1.8). Custom relationship types, and custom (x-) endpoints, accept any
// object that may be an endpoint at all.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "rampart/stix/vocab.h"
#include "validate/checker.h"

namespace rampart::stix::internal {
namespace {

struct Rule {
  std::string_view source;
  std::string_view relationship;
  std::string_view targets;  // space-separated; "*sco" = any cyber-observable
};

constexpr Rule kRules[] = {
    {"attack-pattern", "delivers", "malware"},
    {"attack-pattern", "targets", "identity location vulnerability"},
    {"attack-pattern", "uses", "malware tool"},
    {"campaign", "attributed-to", "intrusion-set threat-actor"},
    {"campaign", "compromises", "infrastructure"},
    {"campaign", "originates-from", "location"},
    {"campaign", "targets", "identity location vulnerability"},
    {"campaign", "uses", "attack-pattern infrastructure malware tool"},
    {"course-of-action", "investigates", "indicator"},
    {"course-of-action", "mitigates", "attack-pattern indicator malware tool vulnerability"},
    {"course-of-action", "remediates", "malware vulnerability"},
    {"identity", "located-at", "location"},
    {"indicator", "indicates", "attack-pattern campaign infrastructure intrusion-set malware threat-actor tool"},
    {"indicator", "based-on", "observed-data"},
    {"infrastructure", "communicates-with", "infrastructure ipv4-addr ipv6-addr domain-name url"},
    {"infrastructure", "consists-of", "infrastructure observed-data *sco"},
    {"infrastructure", "controls", "infrastructure malware"},
    {"infrastructure", "delivers", "malware"},
    {"infrastructure", "has", "vulnerability"},
    {"infrastructure", "hosts", "tool malware"},
    {"infrastructure", "located-at", "location"},
    {"infrastructure", "uses", "infrastructure"},
    {"intrusion-set", "attributed-to", "threat-actor"},
    {"intrusion-set", "compromises", "infrastructure"},
    {"intrusion-set", "hosts", "infrastructure"},
    {"intrusion-set", "owns", "infrastructure"},
    {"intrusion-set", "originates-from", "location"},
    {"intrusion-set", "targets", "identity location vulnerability"},
    {"intrusion-set", "uses", "attack-pattern infrastructure malware tool"},
    {"malware", "authored-by", "threat-actor intrusion-set"},
    {"malware", "beacons-to", "infrastructure"},
    {"malware", "exfiltrates-to", "infrastructure"},
    {"malware", "communicates-with", "ipv4-addr ipv6-addr domain-name url"},
    {"malware", "controls", "malware"},
    {"malware", "downloads", "malware file tool"},
    {"malware", "drops", "malware file tool"},
    {"malware", "exploits", "vulnerability"},
    {"malware", "originates-from", "location"},
    {"malware", "targets", "identity infrastructure location"},
    {"malware", "uses", "attack-pattern infrastructure malware tool"},
    {"malware", "variant-of", "malware"},
    {"malware-analysis", "characterizes", "malware"},
    {"malware-analysis", "analysis-of", "malware"},
    {"malware-analysis", "static-analysis-of", "malware"},
    {"malware-analysis", "dynamic-analysis-of", "malware"},
    {"threat-actor", "attributed-to", "identity"},
    {"threat-actor", "impersonates", "identity"},
    {"threat-actor", "compromises", "infrastructure"},
    {"threat-actor", "hosts", "infrastructure"},
    {"threat-actor", "owns", "infrastructure"},
    {"threat-actor", "located-at", "location"},
    {"threat-actor", "targets", "identity location vulnerability"},
    {"threat-actor", "uses", "attack-pattern infrastructure malware tool"},
    {"tool", "delivers", "malware"},
    {"tool", "drops", "malware"},
    {"tool", "has", "vulnerability"},
    {"tool", "targets", "identity infrastructure location vulnerability"},
    {"tool", "uses", "infrastructure"},
    {"domain-name", "resolves-to", "domain-name ipv4-addr ipv6-addr"},
    {"ipv4-addr", "resolves-to", "mac-addr"},
    {"ipv4-addr", "belongs-to", "autonomous-system"},
    {"ipv6-addr", "resolves-to", "mac-addr"},
    {"ipv6-addr", "belongs-to", "autonomous-system"},
};

bool IsSpecRelationship(std::string_view type) {
  if (type == "related-to" || type == "derived-from" || type == "duplicate-of") return true;
  return std::any_of(std::begin(kRules), std::end(kRules),
                     [&](const Rule& r) { return r.relationship == type; });
}

bool TargetAllowed(std::string_view targets, std::string_view type) {
  while (!targets.empty()) {
    size_t space = targets.find(' ');
    std::string_view one = targets.substr(0, space);
    if (one == type || (one == "*sco" && IsScoType(type))) return true;
    if (space == std::string_view::npos) break;
    targets.remove_prefix(space + 1);
  }
  return false;
}

// Types that can never be the end of a relationship.
bool Unrelatable(std::string_view type) {
  return type == "relationship" || type == "sighting" || type == "bundle" ||
         type == "marking-definition" || type == "language-content";
}

Status CheckRelationship(const Checker& c) {
  RAMPART_RETURN_IF_ERROR(c.RequireString("relationship_type"));
  const Object& o = c.object();
  const std::string& rel = o.relationship_type;
  bool form = !rel.empty() && std::all_of(rel.begin(), rel.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
  });
  if (!form) return c.Fail("relationship_type", fmt::format("must match ^[a-z0-9-]+$, got \"{}\"", rel));
  RAMPART_RETURN_IF_ERROR(c.RequireRef("source_ref", {}));
  RAMPART_RETURN_IF_ERROR(c.RequireRef("target_ref", {}));
  RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("start_time"));
  RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("stop_time"));
  RAMPART_RETURN_IF_ERROR(c.Ordered("start_time", "stop_time", /*strict=*/true));
  std::string_view source = TypeOfId(o.source_ref), target = TypeOfId(o.target_ref);
  if (Unrelatable(source)) return c.Fail("source_ref", fmt::format("must not refer to a {}", source));
  if (Unrelatable(target)) return c.Fail("target_ref", fmt::format("must not refer to a {}", target));
  if (rel == "duplicate-of" && source != target) {
    return c.Fail("target_ref", fmt::format("of a duplicate-of must have the source's type {}, got {}", source, target));
  }
  if (!IsSpecRelationship(rel) || rel == "related-to" || rel == "derived-from" || rel == "duplicate-of" ||
      !IsSpecType(source) || !IsSpecType(target)) {
    return Status();
  }
  // The source must be a type the spec defines `rel` for; the target may be
  // any type the spec allows as a target of `rel` from some source. (The
  // per-source lists are SHOULDs that real feeds bend: ATT&CK has 800
  // "tool uses attack-pattern", which 2.1 lists only for malware and actors.)
  bool source_known = false, target_known = false;
  for (const Rule& r : kRules) {
    if (r.relationship != rel) continue;
    source_known = source_known || r.source == source;
    target_known = target_known || TargetAllowed(r.targets, target);
  }
  if (!source_known) {
    return c.Fail("relationship_type", fmt::format("'{}' is not defined for source type {} (STIX 2.1 §4)", rel, source));
  }
  if (!target_known) {
    std::string allowed;
    for (const Rule& r : kRules) {
      if (r.relationship == rel && r.source == source) allowed = r.targets;
    }
    return c.Fail("target_ref", fmt::format("of a '{}' relationship from {} must refer to {}, got {}",
                                            rel, source, allowed, target));
  }
  return Status();
}

Status CheckSighting(const Checker& c) {
  RAMPART_RETURN_IF_ERROR(c.RequireRef("sighting_of_ref", {}));
  std::string_view of = TypeOfId(c.object().source_ref);
  if (IsSroType(of) || IsSmoType(of) || of == "bundle") {
    return c.Fail("sighting_of_ref", fmt::format("must refer to an SDO, got a {}", of));
  }
  RAMPART_RETURN_IF_ERROR(c.OptionalInteger("count", 0, 999999999));
  RAMPART_RETURN_IF_ERROR(c.OptionalRefList("observed_data_refs", {"observed-data"}));
  RAMPART_RETURN_IF_ERROR(c.OptionalRefList("where_sighted_refs", {"identity", "location"}));
  RAMPART_RETURN_IF_ERROR(c.OptionalBool("summary"));
  RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("first_seen"));
  RAMPART_RETURN_IF_ERROR(c.OptionalTimestamp("last_seen"));
  return c.Ordered("first_seen", "last_seen", /*strict=*/false);
}

}  // namespace

Status CheckSro(const Checker& c) {
  return c.type() == "relationship" ? CheckRelationship(c) : CheckSighting(c);
}

}  // namespace rampart::stix::internal
