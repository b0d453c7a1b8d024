#include "rampart/hunt/incidents.h"

#include <algorithm>
#include <map>

#include "rampart/core/clock.h"
#include "rampart/respond/asset_index.h"
#include "rampart/respond/constituent.h"
#include "rampart/respond/incident.h"

namespace rampart::hunt {
namespace {

// Intrusion sets an indicator `indicates` in the knowledge base (cached).
class IndicatorActors {
 public:
  explicit IndicatorActors(store::Store& kb) : kb_(kb) {}
  const std::vector<std::pair<std::string, std::string>>& For(const std::string& indicator_id) {
    auto [it, inserted] = cache_.try_emplace(indicator_id);
    if (!inserted) return it->second;
    auto edges = kb_.Edges(indicator_id, store::Direction::kOutgoing);
    if (!edges.ok()) return it->second;
    for (const store::Edge& e : *edges) {
      if (e.relationship_type != "indicates" || stix::TypeOfId(e.target_ref) != "intrusion-set") continue;
      auto actor = kb_.Get(e.target_ref);
      it->second.emplace_back(e.target_ref, actor.ok() ? actor->name : e.target_ref);
    }
    return it->second;
  }

 private:
  store::Store& kb_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> cache_;
};

}  // namespace

void IncidentCollector::OnHit(const detect::Hit& hit) {
  next_.OnHit(hit);
  const detect::RuleInfo& rule = *hit.rule;
  kept_.push_back({respond::ReadEventAssets(*hit.event), rule.id.empty() ? rule.title : rule.id,
                   &annotations_.For(rule)});
}

Result<respond::WriteSummary> IncidentCollector::StoreIncidents(store::Store& kb, store::Transaction& tx,
                                                                const std::vector<stix::Object>& stored,
                                                                const IncidentFlags& flags, std::FILE* log) {
  respond::CorrelationOptions options;
  options.sensor_constituent = flags.constituent;
  auto window = ParseTimeOrAgo(flags.window, 0);  // "24h" ago from 0 = -24h
  if (!window.ok() || *window >= 0) return InvalidInput("--incident-window: '" + flags.window + "' is not a span (24h, 7d)");
  options.window_us = -*window;

  std::vector<const stix::Object*> sightings;
  for (const stix::Object& o : stored) {
    if (o.type == "sighting") sightings.push_back(&o);
  }
  if (sightings.size() != kept_.size()) {
    return Internal("hits and stored sightings do not pair up (" + std::to_string(kept_.size()) + " hits, " +
                    std::to_string(sightings.size()) + " sightings)");
  }
  IndicatorActors indicator_actors(kb);
  std::vector<respond::Observation> observations(kept_.size());
  for (size_t i = 0; i < kept_.size(); ++i) {
    respond::Observation& o = observations[i];
    const stix::Object& s = *sightings[i];
    o.sighting_id = s.id;
    o.indicator_id = s.source_ref;
    o.rule = kept_[i].rule;
    o.time = ParseTimestamp(s.created).value_or(0);
    std::vector<std::pair<std::string, std::string>> actors;
    for (const NamedRef& a : kept_[i].annotation->actors) {
      if (!a.stix_id.empty()) actors.emplace_back(a.stix_id, a.name.empty() ? a.external_id : a.name);
    }
    for (const auto& a : indicator_actors.For(o.indicator_id)) actors.push_back(a);
    std::sort(actors.begin(), actors.end());
    actors.erase(std::unique(actors.begin(), actors.end()), actors.end());
    for (auto& [id, name] : actors) {
      o.actor_ids.push_back(id);
      o.actor_names.push_back(name);
    }
    o.server_addresses = std::move(kept_[i].assets.server_addresses);
    o.client_addresses = std::move(kept_[i].assets.client_addresses);
    o.hosts = std::move(kept_[i].assets.hosts);
    o.domains = std::move(kept_[i].assets.domains);
  }
  RAMPART_ASSIGN_OR_RETURN(std::vector<respond::Constituent> constituents, respond::LoadConstituents(kb));
  respond::AssetIndex index(std::move(constituents));
  RAMPART_ASSIGN_OR_RETURN(std::vector<respond::IncidentDraft> drafts, respond::Correlate(observations, index, options));
  RAMPART_ASSIGN_OR_RETURN(respond::WriteSummary summary,
                           respond::WriteIncidents(kb, tx, drafts, index, "rampart hunt", SystemClock()->Now()));
  if (log != nullptr) {
    std::fprintf(log, "rampart: incidents: %d opened, %d updated, %d unchanged (%d unassigned)\n", summary.opened,
                 summary.updated, summary.unchanged, summary.unassigned);
  }
  return summary;
}

Result<respond::WriteSummary> StoreHuntResults(store::Store& kb, const std::vector<stix::Object>& objects,
                                               IncidentCollector& collector, const IncidentFlags& flags,
                                               std::FILE* log) {
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, kb.Begin());
  for (const stix::Object& object : objects) {
    // An error returns before Commit: the transaction rolls back, nothing half-stored.
    RAMPART_RETURN_IF_ERROR(tx->Put(object).status());
  }
  RAMPART_ASSIGN_OR_RETURN(respond::WriteSummary summary, collector.StoreIncidents(kb, *tx, objects, flags, log));
  RAMPART_RETURN_IF_ERROR(tx->Commit());
  return summary;
}

}  // namespace rampart::hunt
