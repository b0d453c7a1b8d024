#include "rampart/hunt/annotations.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace rampart::hunt {
namespace {

// "attack.g0125" -> "G0125"; "" for other tags.
std::string GroupIdOfTag(const std::string& tag) {
  if (tag.size() < 12 || tag.compare(0, 8, "attack.g") != 0) return {};
  std::string id = "G" + tag.substr(8);
  for (size_t i = 1; i < id.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(id[i]))) return {};
  }
  return id;
}

NamedRef Resolve(const std::string& external_id, store::Store* store, std::string_view want_type,
                 std::map<std::string, NamedRef>& cache) {
  auto it = cache.find(external_id);
  if (it != cache.end()) return it->second;
  NamedRef ref{external_id, "", ""};
  if (store != nullptr) {
    auto found = store->FindByExternalId(external_id);
    if (found.ok()) {
      for (const stix::Object& object : *found) {
        if (object.type == want_type) {
          ref.name = object.name;
          ref.stix_id = object.id;
          break;
        }
      }
    }
  }
  cache.emplace(external_id, ref);
  return ref;
}

}  // namespace

Annotations Annotations::Build(const detect::RuleSet& rules, store::Store* store) {
  Annotations out;
  std::map<std::string, NamedRef> cache;
  for (const detect::SigmaRule& rule : rules.rules()) {
    const detect::RuleInfo& info = rule.info;
    RuleAnnotation annotation;
    for (const std::string& technique : info.techniques) {
      annotation.techniques.push_back(Resolve(technique, store, "attack-pattern", cache));
    }
    for (const std::string& tag : info.tags) {
      std::string group = GroupIdOfTag(tag);
      if (!group.empty()) annotation.actors.push_back(Resolve(group, store, "intrusion-set", cache));
    }
    if (!annotation.techniques.empty() || !annotation.actors.empty()) {
      out.by_rule_.emplace(&info, std::move(annotation));
    }
  }
  return out;
}

void Annotations::AddIndicators(const detect::IndicatorMatcher& indicators, store::Store* store) {
  if (store == nullptr) return;
  for (size_t i = 0; i < indicators.indicator_count(); ++i) {
    const detect::RuleInfo& info = indicators.rule(i);
    if (info.id.rfind("indicator--", 0) != 0) continue;
    auto edges = store->Edges(info.id, store::Direction::kOutgoing);
    if (!edges.ok()) continue;
    RuleAnnotation annotation;
    for (const store::Edge& edge : *edges) {
      if (edge.relationship_type != "indicates" || edge.source_ref != info.id) continue;
      auto target = store->Get(edge.target_ref);
      if (!target.ok()) continue;
      if (target->type != "intrusion-set" && target->type != "threat-actor" && target->type != "campaign") continue;
      NamedRef ref{"", target->name, target->id};
      for (const stix::ExternalId& e : target->external_ids) {
        if (e.source_name == "mitre-attack") ref.external_id = e.external_id;
      }
      bool seen = std::any_of(annotation.actors.begin(), annotation.actors.end(),
                              [&](const NamedRef& r) { return r.stix_id == ref.stix_id; });
      if (!seen) annotation.actors.push_back(std::move(ref));
    }
    if (!annotation.actors.empty()) by_rule_[&info] = std::move(annotation);
  }
}

const RuleAnnotation& Annotations::For(const detect::RuleInfo& rule) const {
  auto it = by_rule_.find(&rule);
  return it == by_rule_.end() ? empty_ : it->second;
}

}  // namespace rampart::hunt
