#include "misp/misp_event.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "common/builders.h"
#include "misp/misp_attributes.h"
#include "rampart/core/id.h"
#include "rampart/core/time.h"
#include "rampart/stix/marking.h"
#include "rampart/store/store.h"

namespace rampart::intel::internal {
namespace {

using Json = nlohmann::json;

std::string Str(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return {};
}

bool Flag(const Json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  if (it == object.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<int64_t>() != 0;
  if (it->is_string()) return *it == "1" || *it == "true";
  return false;
}

const Json& List(const Json& object, const char* key) {
  static const Json* empty = new Json(Json::array());
  if (!object.is_object()) return *empty;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : *empty;
}

// A unix-seconds string ("1614700000") or a date/timestamp text -> STIX.
std::optional<std::string> MispTime(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text.size() <= 12 && std::all_of(text.begin(), text.end(), ::isdigit)) {
    return FormatTimestamp(std::stoll(text) * 1'000'000);
  }
  auto parsed = ParseTimestamp(text);
  if (!parsed.ok()) return std::nullopt;
  return FormatTimestamp(*parsed);
}

struct Cluster {
  std::string galaxy;  // threat-actor, tool ...
  std::string value;
  std::string uuid;
};

// misp-galaxy:threat-actor="HAFNIUM"
std::optional<Cluster> ParseGalaxyTag(std::string_view tag) {
  constexpr std::string_view kPrefix = "misp-galaxy:";
  if (!tag.starts_with(kPrefix)) return std::nullopt;
  tag.remove_prefix(kPrefix.size());
  auto eq = tag.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  std::string_view value = tag.substr(eq + 1);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  if (value.empty()) return std::nullopt;
  return Cluster{std::string(tag.substr(0, eq)), std::string(value), ""};
}

std::optional<stix::TlpLevel> TagTlp(const Json& tags) {
  std::optional<stix::TlpLevel> level;
  for (const auto& tag : tags) {
    std::string name = Str(tag, "name");
    if (!name.starts_with("tlp:") && !name.starts_with("TLP:")) continue;
    if (auto parsed = stix::ParseTlpLevel(name); parsed && (!level || *parsed > *level)) {
      level = parsed;
    }
  }
  return level;
}

class EventConverter {
 public:
  EventConverter(const Json& event, const std::string& file, Batch& batch)
      : event_(event), file_(file), batch_(batch) {}

  void Run() {
    Organisation();
    Times();
    event_tlp_ = TagTlp(List(event_, "Tag"));
    Clusters();
    int64_t index = 0;
    for (const auto& attribute : List(event_, "Attribute")) Attribute(attribute, index++);
    for (const auto& object : List(event_, "Object")) {
      for (const auto& attribute : List(object, "Attribute")) Attribute(attribute, index++);
    }
    Links();
    Report();
  }

 private:
  void Organisation() {
    static const Json* none = new Json(Json::object());
    auto it = event_.find("Orgc");
    if (it == event_.end()) it = event_.find("Org");
    const Json& orgc = it != event_.end() ? *it : *none;
    std::string name = Str(orgc, "name");
    if (name.empty()) name = "Unknown MISP organisation";
    std::string uuid = Str(orgc, "uuid");
    Json org = SourceIdentity("misp-org:" + store::NormalizeName(name), name, "");
    if (IsUuid(uuid)) org["id"] = "identity--" + uuid;
    org_id_ = org["id"].get<std::string>();
    source_ = "misp-event:" + org_id_;
    Add(std::move(org), -1, /*in_report=*/false);
  }

  void Times() {
    created_ = MispTime(Str(event_, "date")).value_or(std::string(kGalaxyEpoch));
    modified_ = MispTime(Str(event_, "timestamp")).value_or(created_);
    if (modified_ < created_) modified_ = created_;
    published_ = MispTime(Str(event_, "publish_timestamp")).value_or(created_);
  }

  void Clusters() {
    std::set<std::pair<std::string, std::string>> seen;
    auto add = [&](Cluster cluster) {
      if (!seen.insert({cluster.galaxy, store::NormalizeName(cluster.value)}).second) return;
      AddCluster(cluster);
    };
    for (const auto& galaxy : List(event_, "Galaxy")) {
      for (const auto& cluster : List(galaxy, "GalaxyCluster")) {
        std::string type = Str(cluster, "type");
        if (type.empty()) type = Str(galaxy, "type");
        std::string value = Str(cluster, "value");
        if (!type.empty() && !value.empty()) add(Cluster{type, value, Str(cluster, "uuid")});
      }
    }
    for (const auto& tag : List(event_, "Tag")) {
      if (auto cluster = ParseGalaxyTag(Str(tag, "name"))) add(*cluster);
    }
  }

  void AddCluster(const Cluster& cluster) {
    std::string type;
    std::string id;
    std::string name = cluster.value;
    if (cluster.galaxy == "threat-actor") {
      type = "intrusion-set";
      if (IsUuid(cluster.uuid)) id = DerivedId(type, "misp-galaxy:" + cluster.uuid);
    } else if (cluster.galaxy == "mitre-intrusion-set") {
      type = "intrusion-set";
      if (auto dash = name.rfind(" - "); dash != std::string::npos) name.resize(dash);
      if (IsUuid(cluster.uuid)) id = "intrusion-set--" + cluster.uuid;
    } else if (cluster.galaxy == "malpedia" || cluster.galaxy == "mitre-malware") {
      type = "malware";
      if (auto dash = name.rfind(" - "); dash != std::string::npos) name.resize(dash);
    } else if (cluster.galaxy == "tool" || cluster.galaxy == "mitre-tool") {
      type = "tool";
      if (auto dash = name.rfind(" - "); dash != std::string::npos) name.resize(dash);
    } else {
      return;  // sectors, countries, attack patterns: not claims this importer makes
    }
    if (id.empty()) id = DerivedId(type, "misp-tag:" + store::NormalizeName(name));
    // Stubs carry only what every event naming the cluster agrees on, so
    // that two events (or two organisations) produce the same object.
    Json object = NewObject(type, id, kGalaxyEpoch, kGalaxyEpoch, "");
    object["name"] = name;
    if (type == "malware") object["is_family"] = true;
    actors_.push_back(id);
    if (type == "intrusion-set") intrusion_sets_.push_back(id);
    Add(std::move(object), -1, true, /*marked=*/false, /*reference_only=*/true);
  }

  void Attribute(const Json& attribute, int64_t index) {
    ++batch_.objects_read;
    if (!attribute.is_object()) {
      batch_.Problem(file_, index, "", "MISP attribute is not an object");
      return;
    }
    std::string type = Str(attribute, "type");
    std::string value = Str(attribute, "value");
    if (type.empty() || value.empty()) {
      batch_.Problem(file_, index, Str(attribute, "uuid"), "MISP attribute without type or value");
      return;
    }
    std::optional<stix::TlpLevel> tlp = event_tlp_;
    if (auto own = TagTlp(List(attribute, "Tag")); own && (!tlp || *own > *tlp)) tlp = own;
    for (const auto& tag : List(attribute, "Tag")) {
      if (auto cluster = ParseGalaxyTag(Str(tag, "name"))) AddCluster(*cluster);
    }
    if (type == "vulnerability") {
      Vulnerability(value, index);
      return;
    }
    if (type == "link") {
      links_.push_back(value);
      return;
    }
    auto observable = AttributeObservable(type, value);
    if (!observable) return;  // a type without an observable, or a value that does not fit it
    for (auto& sco : observable->scos) {
      if (tlp) sco["object_marking_refs"] = Json::array({stix::TlpMarkingId(*tlp)});
      Add(std::move(sco), index, true, /*marked=*/false);
    }
    if (!Flag(attribute, "to_ids")) return;
    std::string when = MispTime(Str(attribute, "timestamp")).value_or(modified_);
    std::string uuid = Str(attribute, "uuid");
    std::string id = IsUuid(uuid) ? "indicator--" + uuid
                                  : DerivedId("indicator", fmt::format("{}|{}|{}", report_key(),
                                                                       type, value));
    Json indicator = NewObject("indicator", id, when, when, org_id_);
    indicator["name"] = fmt::format("{}: {}", type, value);
    if (std::string comment = Str(attribute, "comment"); !comment.empty()) {
      indicator["description"] = comment;
    }
    indicator["indicator_types"] = Json::array({"malicious-activity"});
    indicator["pattern"] = observable->pattern;
    indicator["pattern_type"] = "stix";
    indicator["pattern_version"] = "2.1";
    indicator["valid_from"] = when;
    if (std::string category = Str(attribute, "category"); !category.empty()) {
      indicator["labels"] = Json::array({category});
    }
    if (tlp) indicator["object_marking_refs"] = Json::array({stix::TlpMarkingId(*tlp)});
    Add(std::move(indicator), index, true, /*marked=*/false);
    for (const auto& actor : actors_) Relate("indicates", id, actor, index);
  }

  void Vulnerability(const std::string& value, int64_t index) {
    std::string cve;
    for (char c : value) {
      if (!std::isspace(static_cast<unsigned char>(c))) {
        cve += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    }
    Json vulnerability = NewObject("vulnerability", DerivedId("vulnerability", "cve:" + cve),
                                   kGalaxyEpoch, kGalaxyEpoch, "");
    vulnerability["name"] = cve;
    if (cve.starts_with("CVE-")) {
      vulnerability["external_references"] =
          Json::array({{{"source_name", "cve"}, {"external_id", cve}}});
    }
    std::string id = vulnerability["id"].get<std::string>();
    Add(std::move(vulnerability), index, true, false, /*reference_only=*/true);
    for (const auto& set : intrusion_sets_) Relate("targets", set, id, index);
  }

  void Relate(const char* type, const std::string& source, const std::string& target,
              int64_t index) {
    Json rel = NewRelationship(type, source, target, org_id_, created_, modified_);
    if (event_tlp_) rel["object_marking_refs"] = Json::array({stix::TlpMarkingId(*event_tlp_)});
    Add(std::move(rel), index, true);
  }

  void Links() {
    for (const auto& url : links_) external_refs_.push_back(UrlReference(url));
  }

  std::string report_key() const {
    std::string uuid = Str(event_, "uuid");
    return IsUuid(uuid) ? uuid : fmt::format("{}|{}|{}", org_id_, Str(event_, "id"), Str(event_, "info"));
  }

  void Report() {
    std::string uuid = Str(event_, "uuid");
    std::string id = IsUuid(uuid) ? "report--" + uuid : DerivedId("report", report_key());
    Json report = NewObject("report", id, created_, modified_, org_id_);
    std::string info = Str(event_, "info");
    report["name"] = info.empty() ? "MISP event " + report_key() : info;
    report["published"] = published_;
    report["report_types"] = Json::array({"threat-report"});
    Json labels = Json::array();
    for (const auto& tag : List(event_, "Tag")) {
      std::string name = Str(tag, "name");
      if (!name.empty() && !name.starts_with("tlp:") && !name.starts_with("misp-galaxy:")) {
        labels.push_back(name);
      }
    }
    if (!labels.empty()) report["labels"] = labels;
    Json refs = Json::array();
    if (IsUuid(uuid)) refs.push_back({{"source_name", "misp"}, {"external_id", uuid}});
    for (auto& ref : external_refs_) refs.push_back(std::move(ref));
    if (!refs.empty()) report["external_references"] = std::move(refs);
    if (object_refs_.empty()) object_refs_.push_back(org_id_);
    report["object_refs"] = object_refs_;
    if (event_tlp_) report["object_marking_refs"] = Json::array({stix::TlpMarkingId(*event_tlp_)});
    batch_.Add(report, file_, -1);
    if (event_tlp_) Marking(*event_tlp_);
  }

  void Marking(stix::TlpLevel level) {
    for (const auto& definition : stix::BuiltinMarkingDefinitions()) {
      if (definition.id == stix::TlpMarkingId(level)) {
        batch_.Add(Json::parse(definition.json), file_, -1);
      }
    }
  }

  void Add(Json object, int64_t index, bool in_report, bool marked = false,
           bool reference_only = false) {
    std::string id = object["id"].get<std::string>();
    if (in_report && referenced_.insert(id).second) object_refs_.push_back(id);
    if (auto refs = object.find("object_marking_refs"); refs != object.end()) {
      for (const auto& ref : *refs) {
        if (auto level = stix::TlpLevelOfMarking(ref.get<std::string>())) Marking(*level);
      }
    }
    batch_.Add(object, file_, index, reference_only);
  }

  const Json& event_;
  const std::string& file_;
  Batch& batch_;
  std::string org_id_, source_, created_, modified_, published_;
  std::optional<stix::TlpLevel> event_tlp_;
  std::vector<std::string> actors_, intrusion_sets_, links_;
  Json external_refs_ = Json::array();
  Json object_refs_ = Json::array();
  std::set<std::string> referenced_;
};

}  // namespace

bool LooksLikeMispEvent(const nlohmann::json& document) {
  if (document.is_object()) return document.contains("Event") && document["Event"].is_object();
  if (document.is_array() && !document.empty()) return LooksLikeMispEvent(document[0]);
  return false;
}

bool LooksLikeMispManifest(const nlohmann::json& document) {
  if (!document.is_object() || document.empty()) return false;
  for (const auto& [key, value] : document.items()) {
    if (!IsUuid(key) || !value.is_object()) return false;
  }
  return true;
}

Status ConvertMispEvent(const nlohmann::json& document, const std::string& file, Batch& batch) {
  if (document.is_array()) {
    for (const auto& item : document) RAMPART_RETURN_IF_ERROR(ConvertMispEvent(item, file, batch));
    return absl::OkStatus();
  }
  if (!LooksLikeMispEvent(document)) {
    return InvalidInput("not a MISP event: expected an object {\"Event\": {...}}",
                        ErrorContext{.file = file});
  }
  EventConverter(document["Event"], file, batch).Run();
  return absl::OkStatus();
}

}  // namespace rampart::intel::internal
