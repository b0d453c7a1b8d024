// BuildReport: an Extraction as STIX 2.1 objects (see report_builder.h).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "rampart/core/id.h"
#include "rampart/extract/report_builder.h"
#include "rampart/stix/marking.h"
#include "rampart/stix/sco_id.h"

namespace rampart::extract {
namespace {

using nlohmann::json;

// The deterministic SCO id (stix/sco_id.h) of `contributing` as a `type` SCO.
std::string ScoId(std::string_view type, json contributing) {
  contributing["type"] = type;
  auto id = stix::MakeScoId(contributing);
  return id.ok() ? id->id : std::string(type) + "--" + UuidV4();
}

std::string YearStart(int year) { return fmt::format("{:04d}-01-01T00:00:00.000Z", year); }
std::string YearEnd(int year) { return fmt::format("{:04d}-12-31T23:59:59.999Z", year); }

// Text cut from a document is valid UTF-8 by construction; this guards the
// JSON writer against a cut inside a sequence all the same.
std::string Utf8(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    size_t bad = text::FirstInvalidUtf8(s);
    if (bad == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out.append("\xEF\xBF\xBD");
    s.remove_prefix(bad + 1);
  }
  return out;
}

json Sdo(std::string_view type, const std::string& id, const std::string& stamp) {
  return json{{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"created", stamp}, {"modified", stamp}};
}

// The SCO for an observable; null for kinds that become other objects.
json ObservableObject(const Observable& o) {
  auto valued = [&](std::string_view type) {
    json c = {{"value", o.value}};
    return json{{"type", type}, {"spec_version", "2.1"}, {"id", ScoId(type, c)}, {"value", o.value}};
  };
  switch (o.type) {
    case ObservableType::kIpv4:
    case ObservableType::kIpv4Cidr: return valued("ipv4-addr");
    case ObservableType::kIpv6:
    case ObservableType::kIpv6Cidr: return valued("ipv6-addr");
    case ObservableType::kDomain: return valued("domain-name");
    case ObservableType::kUrl: return valued("url");
    case ObservableType::kEmail: return valued("email-addr");
    case ObservableType::kMd5:
    case ObservableType::kSha1:
    case ObservableType::kSha256:
    case ObservableType::kSha512: {
      std::string algo = o.type == ObservableType::kMd5    ? "MD5"
                         : o.type == ObservableType::kSha1 ? "SHA-1"
                         : o.type == ObservableType::kSha256 ? "SHA-256"
                                                              : "SHA-512";
      json hashes = {{algo, o.value}};
      json c = {{"hashes", hashes}};
      return json{{"type", "file"}, {"spec_version", "2.1"}, {"id", ScoId("file", c)}, {"hashes", hashes}};
    }
    case ObservableType::kFileName: {
      json c = {{"name", o.value}};
      return json{{"type", "file"}, {"spec_version", "2.1"}, {"id", ScoId("file", c)}, {"name", o.value}};
    }
    case ObservableType::kRegistryKey: {
      json c = {{"key", o.value}};
      return json{{"type", "windows-registry-key"}, {"spec_version", "2.1"},
                  {"id", ScoId("windows-registry-key", c)}, {"key", o.value}};
    }
    case ObservableType::kWindowsPath: {
      // The folder part; the file itself is its own observable.
      std::string dir = o.value.substr(0, o.value.rfind('\\'));
      if (dir.empty()) return nullptr;
      json c = {{"path", dir}};
      return json{{"type", "directory"}, {"spec_version", "2.1"}, {"id", ScoId("directory", c)}, {"path", dir}};
    }
    case ObservableType::kCve:
    case ObservableType::kAttackTechnique: return nullptr;
  }
  return nullptr;
}

json EntityObject(const Entity& e, const std::string& stamp) {
  json o;
  switch (e.kind) {
    case EntityKind::kIntrusionSet:
      o = Sdo("intrusion-set", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      break;
    case EntityKind::kThreatActor:
      o = Sdo("threat-actor", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      if (e.flags & kStateActor) {
        o["threat_actor_types"] = {"nation-state"};
        o["resource_level"] = "government";
      }
      if (!e.code.empty()) o["x_rampart_country"] = e.code;
      break;
    case EntityKind::kCampaign:
      o = Sdo("campaign", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      if (e.first_year) o["first_seen"] = YearStart(*e.first_year);
      if (e.last_year) o["last_seen"] = YearEnd(*e.last_year);
      break;
    case EntityKind::kOrganization:
      o = Sdo("identity", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      o["identity_class"] = "organization";
      if (e.flags & kGovernment) o["sectors"] = {"government-national"};
      if (!e.code.empty()) o["x_rampart_country"] = e.code;
      break;
    case EntityKind::kSector:
      o = Sdo("identity", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      o["identity_class"] = "class";
      o["sectors"] = {e.code};
      break;
    case EntityKind::kCountry:
      o = Sdo("location", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      o["country"] = e.code;
      break;
    case EntityKind::kProduct:
      o = json{{"type", "software"}, {"spec_version", "2.1"}, {"id", e.stix_id}, {"name", e.name}};
      if (!e.code.empty()) o["vendor"] = e.code;
      return o;
    case EntityKind::kVulnerability:
      o = Sdo("vulnerability", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      o["external_references"] = json::array({{{"source_name", "cve"}, {"external_id", e.name}}});
      break;
    case EntityKind::kMalware:
      o = Sdo("malware", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      o["is_family"] = true;
      break;
    case EntityKind::kTool:
      o = Sdo("tool", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      break;
    case EntityKind::kAttackPattern:
      o = Sdo("attack-pattern", e.stix_id, stamp);
      o["name"] = Utf8(e.name);
      break;
  }
  if (!e.description.empty()) o["description"] = Utf8(e.description);
  std::vector<std::string> aliases;
  for (const std::string& a : e.names) {
    if (a != e.name && (e.kind == EntityKind::kIntrusionSet || e.kind == EntityKind::kThreatActor ||
                        e.kind == EntityKind::kCampaign)) {
      aliases.push_back(Utf8(a));
    }
  }
  if (!aliases.empty()) o["aliases"] = aliases;
  o["x_rampart_extracted"] = true;
  if (e.flags & kDescriptiveName) o["x_rampart_descriptive_name"] = true;
  return o;
}

// The file name without the folders: a report names the document it was read
// from, never a path on the machine that read it (the same file read from
// another folder is the same report).
std::string FileNameOf(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find_first_of("/:?#")));
}

}  // namespace

std::string ReportIdFor(const Document& document) {
  return "report--" + UuidV5(kRampartNamespace, "report:" + document.sha256);
}

Result<BuiltReport> BuildReport(const Document& document, const Extraction& x, const ReportOptions& options,
                                TimestampUs timestamp) {
  BuiltReport out;
  std::string stamp = FormatTimestamp(timestamp);
  std::string published = stamp;
  if (!options.published.empty()) {
    auto parsed = ParseTimestamp(options.published);
    if (!parsed.ok()) {
      return InvalidInput(fmt::format("--published '{}': {}", options.published, std::string(parsed.status().message())));
    }
    published = FormatTimestamp(*parsed);
  }
  std::vector<std::string> markings;
  if (!options.tlp.empty()) {
    auto level = stix::ParseTlpLevel(options.tlp);
    if (!level) {
      return InvalidInput(fmt::format("--tlp '{}': expected clear, green, amber, amber+strict or red", options.tlp));
    }
    markings.push_back(std::string(stix::TlpMarkingId(*level)));
  }
  std::string source = options.source;
  if (source.empty()) source = HostOf(options.url);
  if (source.empty()) source = "Unknown publication";
  out.publication_id = DeterministicId("identity", source);
  out.report_id = ReportIdFor(document);
  out.title = document.title;
  if (out.title.empty()) out.title = text::HeadlineOf(document.text, options.source);
  if (out.title.empty()) {
    // The first line that is not the publication's own name.
    for (const Sentence& s : x.sentences) {
      std::string_view line = s.Of(document.text);
      line = line.substr(0, line.find('\n'));
      if (line.size() > 3 && line.size() < 200 && line.find(source) == std::string_view::npos) {
        out.title = std::string(line);
        break;
      }
    }
  }
  const std::string file_name = FileNameOf(document.name);
  if (out.title.empty()) out.title = file_name;

  std::vector<json> objects;
  auto mark = [&](json& o) {
    if (!markings.empty()) o["object_marking_refs"] = markings;
  };
  json publication = Sdo("identity", out.publication_id, stamp);
  publication["name"] = source;
  publication["identity_class"] = "organization";
  publication["x_rampart_extracted"] = true;
  objects.push_back(publication);

  std::vector<std::string> refs;
  refs.push_back(out.publication_id);
  for (const Entity& e : x.entities) {
    out.entity_ids.push_back(e.stix_id);
    refs.push_back(e.stix_id);
    if (e.flags & kFromStore) continue;
    json o = EntityObject(e, stamp);
    if (o.contains("created")) mark(o);
    objects.push_back(std::move(o));
  }
  for (const Observable& o : x.observables) {
    json sco = ObservableObject(o);
    if (sco.is_null()) continue;
    refs.push_back(sco["id"]);
    objects.push_back(std::move(sco));
  }
  json report_ref = {{"source_name", source}, {"description", out.title}};
  if (!options.url.empty()) report_ref["url"] = options.url;
  for (size_t i = 0; i < x.claims.size(); ++i) {
    const Claim& c = x.claims[i];
    std::string claimant = c.claimant == kPublication ? out.publication_id : x.entities[c.claimant].stix_id;
    std::string source_id = x.entities[c.source].stix_id, target_id = x.entities[c.target].stix_id;
    std::string id = "relationship--" + UuidV5(kRampartNamespace,
                                               fmt::format("claim:{}:{}:{}:{}:{}:{}", document.sha256,
                                                           c.relationship_type, source_id, target_id, claimant,
                                                           c.quote_begin));
    json r = Sdo("relationship", id, stamp);
    r["relationship_type"] = c.relationship_type;
    r["source_ref"] = source_id;
    r["target_ref"] = target_id;
    r["created_by_ref"] = claimant;
    r["description"] = Utf8(c.quote);
    if (c.confidence) r["confidence"] = *c.confidence;
    if (c.start_year) r["start_time"] = YearStart(*c.start_year);
    if (c.stop_year) r["stop_time"] = YearEnd(*c.stop_year);
    json ref = report_ref;
    ref["description"] = fmt::format("\"{}\" (characters {}-{} of {})", Utf8(c.quote), c.quote_begin, c.quote_end,
                                     out.title);
    ref["external_id"] = out.report_id;
    r["external_references"] = json::array({ref});
    r["x_rampart_claim_kind"] = ClaimKindName(c.kind);
    r["x_rampart_quote"] = Utf8(c.quote);
    r["x_rampart_quote_start"] = c.quote_begin;
    r["x_rampart_quote_end"] = c.quote_end;
    r["x_rampart_report_ref"] = out.report_id;
    if (!c.estimative.empty()) r["x_rampart_estimative"] = c.estimative;
    if (c.negated) r["x_rampart_negated"] = true;
    mark(r);
    out.claim_ids.push_back(id);
    refs.push_back(id);
    objects.push_back(std::move(r));
  }
  for (size_t i = 0; i < x.statistics.size(); ++i) {
    const Statistic& s = x.statistics[i];
    std::string id = "note--" + UuidV5(kRampartNamespace, fmt::format("statistic:{}:{}:{}:{}", document.sha256,
                                                                        s.quote_begin, s.number, s.what));
    json n = Sdo("note", id, stamp);
    n["abstract"] = fmt::format("{} {}", s.number, s.what);
    n["content"] = Utf8(fmt::format("{} {} -- \"{}\"", s.number, s.what, s.quote));
    n["object_refs"] = {out.report_id};
    n["created_by_ref"] = out.publication_id;
    n["x_rampart_value"] = s.value;
    n["x_rampart_unit"] = s.what;
    n["x_rampart_quote_start"] = s.quote_begin;
    n["x_rampart_quote_end"] = s.quote_end;
    mark(n);
    objects.push_back(std::move(n));
  }
  // Deduplicate refs, keeping the first occurrence.
  std::vector<std::string> unique_refs;
  for (const std::string& r : refs) {
    if (std::find(unique_refs.begin(), unique_refs.end(), r) == unique_refs.end()) unique_refs.push_back(r);
  }
  json report = Sdo("report", out.report_id, stamp);
  report["name"] = Utf8(out.title);
  report["published"] = published;
  report["report_types"] = {"threat-report"};
  report["created_by_ref"] = out.publication_id;
  report["object_refs"] = unique_refs;
  json doc_ref = {{"source_name", source}, {"description", file_name},
                  {"hashes", {{"SHA-256", document.sha256}}}};
  if (!options.url.empty()) doc_ref["url"] = options.url;
  report["external_references"] = json::array({doc_ref});
  report["x_rampart_document"] = file_name;
  report["x_rampart_format"] = FormatName(document.format);
  report["x_rampart_encoding"] = document.encoding;
  mark(report);
  objects.push_back(std::move(report));

  for (json& o : objects) {
    auto parsed = stix::FromJson(o);
    if (!parsed.ok()) {
      return Internal(fmt::format("building {}: {}", o.value("id", "?"), std::string(parsed.status().message())));
    }
    out.objects.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace rampart::extract
