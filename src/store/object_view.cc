// Building an ObjectView: one Edges() query for the object, one Get() per
// distinct neighbour (cached), one Get() and one Containers() per claim
// relationship for its dates, and the attribution chain followed from the
// claims' far ends.
#include "rampart/store/object_view.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace rampart::store {
namespace {

bool IsChainClaim(std::string_view rel) {
  return rel == "attributed-to" || rel == "located-at" || rel == "originates-from";
}
bool IsClaim(std::string_view rel) { return IsChainClaim(rel) || rel == "targets"; }

std::string SectionOf(std::string_view rel, bool outgoing, std::string_view other_type) {
  if (rel == "attributed-to") {
    if (outgoing) return "attributed_to";
    return other_type == "campaign" ? "campaigns" : "attributed_by";
  }
  if (rel == "located-at" || rel == "originates-from") return outgoing ? "located_at" : "located_here";
  if (rel == "targets") return outgoing ? "targets" : "targeted_by";
  if (rel == "uses") {
    if (!outgoing) return "used_by";
    if (other_type == "attack-pattern") return "techniques";
    if (other_type == "malware" || other_type == "tool") return "software";
    return "uses";
  }
  if (rel == "subtechnique-of") return outgoing ? "parent" : "subtechniques";
  if (rel == "mitigates") return outgoing ? "mitigates" : "mitigations";
  if (rel == "detects") return outgoing ? "detects" : "detected_by";
  if (rel == "revoked-by") return outgoing ? "revoked_by" : "revokes";
  return "related";
}

// Sections whose entries read best ordered by ATT&CK id.
bool SortsByExternalId(std::string_view section) {
  return section == "techniques" || section == "software" || section == "campaigns" ||
         section == "subtechniques" || section == "parent" || section == "used_by" ||
         section == "mitigations" || section == "mitigates";
}

std::string DateOf(std::string_view timestamp) { return std::string(timestamp.substr(0, 10)); }

class ViewBuilder {
 public:
  explicit ViewBuilder(store::Store& store) : store_(store) {}

  Result<Neighbour> Resolve(const std::string& id) {
    if (auto it = cache_.find(id); it != cache_.end()) return it->second;
    Neighbour n;
    n.id = id;
    n.type = std::string(stix::TypeOfId(id));
    n.kind = n.type;
    auto object = store_.Get(id);
    if (!object.ok()) {
      if (object.status().code() != absl::StatusCode::kNotFound) return object.status();
      n.missing = true;
    } else {
      n.name = object->name;
      n.external_id = PrimaryExternalId(*object);
      n.deprecated = object->deprecated;
      n.revoked = object->revoked;
      if (n.type == "identity" || n.type == "location") n.kind = KindOf(*object);
    }
    cache_.emplace(id, n);
    return n;
  }

  Result<std::vector<Relation>> RelationsOf(const std::string& id, bool chain_only, int depth,
                                            std::unordered_set<std::string>& visited) {
    RAMPART_ASSIGN_OR_RETURN(std::vector<store::Edge> edges,
                             store_.Edges(id, chain_only ? store::Direction::kOutgoing : store::Direction::kBoth));
    std::vector<Relation> relations;
    for (const store::Edge& edge : edges) {
      if (chain_only && !IsChainClaim(edge.relationship_type)) continue;
      Relation r;
      r.outgoing = edge.source_ref == id;
      r.relationship_type = edge.relationship_type;
      r.relationship_id = edge.relationship_id;
      RAMPART_ASSIGN_OR_RETURN(r.other, Resolve(r.outgoing ? edge.target_ref : edge.source_ref));
      if (r.other.revoked && edge.relationship_type != "revoked-by") continue;
      r.section = SectionOf(edge.relationship_type, r.outgoing, r.other.type);
      r.claimed_by_id = edge.created_by_ref;
      r.confidence = edge.confidence;
      RAMPART_ASSIGN_OR_RETURN(r.claimed_by, IdentityName(edge.created_by_ref));
      if (IsClaim(edge.relationship_type)) {
        RAMPART_ASSIGN_OR_RETURN(r.when, WhenOf(edge.relationship_id));
      }
      if (r.outgoing && IsChainClaim(edge.relationship_type) && depth < kMaxChainDepth &&
          visited.insert(r.other.id).second) {
        RAMPART_ASSIGN_OR_RETURN(r.chain, RelationsOf(r.other.id, true, depth + 1, visited));
        visited.erase(r.other.id);
      }
      relations.push_back(std::move(r));
    }
    Sort(relations);
    return relations;
  }

  Result<std::string> IdentityName(const std::string& id) {
    if (id.empty()) return std::string();
    RAMPART_ASSIGN_OR_RETURN(Neighbour n, Resolve(id));
    return n.name;
  }

 private:
  static std::string KindOf(const stix::Object& object) {
    nlohmann::json json = stix::ToJson(object);
    if (object.type == "identity") {
      if (json.contains("sectors") && json["sectors"].is_array() && !json["sectors"].empty()) return "sector";
      if (json.contains("identity_class") && json["identity_class"].is_string())
        return json["identity_class"].get<std::string>();
      return "identity";
    }
    if (json.contains("country")) return "country";
    if (json.contains("region")) return "region";
    return "location";
  }

  Result<std::string> WhenOf(const std::string& relationship_id) {
    auto rel = store_.Get(relationship_id);
    if (!rel.ok()) {
      if (rel.status().code() == absl::StatusCode::kNotFound) return std::string();
      return rel.status();
    }
    nlohmann::json json = stix::ToJson(*rel);
    auto str = [&](const char* key) {
      return json.contains(key) && json[key].is_string() ? DateOf(json[key].get<std::string>()) : std::string();
    };
    std::string start = str("start_time"), stop = str("stop_time");
    if (!start.empty() || !stop.empty()) return start + ".." + stop;
    // A claim read from a report holds from when the report said it, not
    // from when rampart stored it: the earliest report that contains it.
    RAMPART_ASSIGN_OR_RETURN(std::vector<stix::Object> containers, store_.Containers(relationship_id));
    std::string published;
    for (const stix::Object& container : containers) {
      if (container.type != "report") continue;
      nlohmann::json report = stix::ToJson(container);
      auto it = report.find("published");
      if (it == report.end() || !it->is_string()) continue;
      std::string date = DateOf(it->get<std::string>());
      if (published.empty() || date < published) published = date;
    }
    if (!published.empty()) return published;
    return DateOf(rel->created);
  }

  static void Sort(std::vector<Relation>& relations) {
    const auto& order = SectionOrder();
    auto index = [&](const std::string& s) { return std::find(order.begin(), order.end(), s) - order.begin(); };
    std::stable_sort(relations.begin(), relations.end(), [&](const Relation& a, const Relation& b) {
      auto ia = index(a.section), ib = index(b.section);
      if (ia != ib) return ia < ib;
      if (SortsByExternalId(a.section) && a.other.external_id != b.other.external_id) {
        if (a.other.external_id.empty() != b.other.external_id.empty()) return b.other.external_id.empty();
        return a.other.external_id < b.other.external_id;
      }
      if (a.other.name != b.other.name) return a.other.name < b.other.name;
      if (a.other.id != b.other.id) return a.other.id < b.other.id;
      return a.relationship_id < b.relationship_id;
    });
  }

  store::Store& store_;
  std::unordered_map<std::string, Neighbour> cache_;
};

}  // namespace

const std::vector<std::string_view>& SectionOrder() {
  static const std::vector<std::string_view> kOrder = {
      "attributed_to", "attributed_by", "located_at", "located_here", "targets",   "techniques",
      "software",      "campaigns",     "uses",       "used_by",      "targeted_by", "parent",
      "subtechniques", "mitigations",   "mitigates",  "detected_by",  "detects",   "revoked_by",
      "revokes",       "related"};
  return kOrder;
}

std::string_view SectionTitle(std::string_view section) {
  static const std::unordered_map<std::string_view, std::string_view> kTitles = {
      {"attributed_to", "Attributed to"}, {"attributed_by", "Attributed to it"},
      {"located_at", "Located at"},       {"located_here", "Located here"},
      {"targets", "Targets"},             {"techniques", "Techniques"},
      {"software", "Software"},           {"campaigns", "Campaigns"},
      {"uses", "Uses"},                   {"used_by", "Used by"},
      {"targeted_by", "Targeted by"},     {"parent", "Sub-technique of"},
      {"subtechniques", "Sub-techniques"}, {"mitigations", "Mitigations"},
      {"mitigates", "Mitigates"},         {"detected_by", "Detected by"},
      {"detects", "Detects"},             {"revoked_by", "Revoked by"},
      {"revokes", "Revokes"},             {"related", "Related"}};
  auto it = kTitles.find(section);
  return it == kTitles.end() ? section : it->second;
}

std::string PrimaryExternalId(const stix::Object& object) {
  for (const auto& e : object.external_ids)
    if (e.source_name == "mitre-attack") return e.external_id;
  for (const auto& e : object.external_ids)
    if (e.source_name == "cve") return e.external_id;
  return object.external_ids.empty() ? std::string() : object.external_ids.front().external_id;
}

Result<ObjectView> BuildObjectView(Store& store, const stix::Object& object) {
  ViewBuilder builder(store);
  ObjectView view;
  view.object = object;
  RAMPART_ASSIGN_OR_RETURN(view.created_by, builder.IdentityName(object.created_by_ref));
  std::unordered_set<std::string> visited = {object.id};
  RAMPART_ASSIGN_OR_RETURN(view.relations, builder.RelationsOf(object.id, false, 1, visited));
  return view;
}

}  // namespace rampart::store
