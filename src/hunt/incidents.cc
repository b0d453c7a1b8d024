#include "rampart/hunt/incidents.h"

#include <algorithm>
#include <map>
#include <set>

#include "rampart/core/clock.h"
#include "rampart/respond/asset_index.h"
#include "rampart/respond/constituent.h"
#include "rampart/respond/incident.h"
#include "rampart/hunt/store_hits.h"

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

Result<respond::CorrelationOptions> IncidentCollector::Options(const IncidentFlags& flags) const {
  respond::CorrelationOptions options;
  options.sensor_constituent = flags.constituent;
  auto window = ParseTimeOrAgo(flags.window, 0);  // "24h" ago from 0 = -24h
  if (!window.ok() || *window >= 0) return InvalidInput("--incident-window: '" + flags.window + "' is not a span (24h, 7d)");
  options.window_us = -*window;
  return options;
}

Result<std::vector<respond::Observation>> IncidentCollector::Observations(store::Store& kb) {
  if (hit_sightings_ == nullptr || hit_sightings_->size() != kept_.size()) {
    return Internal("hits and sightings do not pair up (" + std::to_string(kept_.size()) + " hits, " +
                    std::to_string(hit_sightings_ == nullptr ? 0 : hit_sightings_->size()) + " sighted)");
  }
  IndicatorActors indicator_actors(kb);
  std::vector<respond::Observation> observations(kept_.size());
  for (size_t i = 0; i < kept_.size(); ++i) {
    respond::Observation& o = observations[i];
    const HitSighting& s = (*hit_sightings_)[i];
    o.sighting_id = s.sighting_id;
    o.indicator_id = s.indicator_id;
    o.rule = kept_[i].rule;
    o.time = s.time_us;
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
    o.server_addresses = kept_[i].assets.server_addresses;
    o.client_addresses = kept_[i].assets.client_addresses;
    o.hosts = kept_[i].assets.hosts;
    o.domains = kept_[i].assets.domains;
  }
  return observations;
}

Result<std::map<std::string, std::vector<std::string>>> IncidentCollector::WhereSighted(store::Store& kb,
                                                                                       const IncidentFlags& flags) {
  RAMPART_ASSIGN_OR_RETURN(respond::CorrelationOptions options, Options(flags));
  RAMPART_ASSIGN_OR_RETURN(std::vector<respond::Observation> observations, Observations(kb));
  RAMPART_ASSIGN_OR_RETURN(std::vector<respond::Constituent> constituents, respond::LoadConstituents(kb));
  respond::AssetIndex index(std::move(constituents));
  RAMPART_ASSIGN_OR_RETURN(std::vector<respond::IncidentDraft> drafts, respond::Correlate(observations, index, options));
  std::map<std::string, std::vector<std::string>> where;
  for (const respond::IncidentDraft& d : drafts) {
    if (d.constituent < 0) continue;
    const std::string& id = index.at(static_cast<uint32_t>(d.constituent)).id;
    for (const std::string& s : d.sighting_ids) where[s].push_back(id);
  }
  for (auto& [sighting, ids] : where) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  return where;
}

Result<respond::WriteSummary> IncidentCollector::StoreIncidents(store::Store& kb, store::Transaction& tx,
                                                                const std::vector<stix::Object>& stored,
                                                                const IncidentFlags& flags, std::FILE* log) {
  RAMPART_ASSIGN_OR_RETURN(respond::CorrelationOptions options, Options(flags));
  RAMPART_ASSIGN_OR_RETURN(std::vector<respond::Observation> observations, Observations(kb));
  std::set<std::string_view> sightings;
  for (const stix::Object& o : stored) {
    if (o.type == "sighting") sightings.insert(o.id);
  }
  for (const respond::Observation& o : observations) {
    if (!sightings.count(o.sighting_id)) return Internal("hit of sighting " + o.sighting_id + " not among the stored objects");
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

Status NameWhereSighted(HitPrinter& printer, IncidentCollector& collector, store::Store& kb,
                        const IncidentFlags& flags) {
  collector.UseSightings(printer.hit_sightings());
  RAMPART_ASSIGN_OR_RETURN(auto where, collector.WhereSighted(kb, flags));
  printer.SetWhereSighted(std::move(where));
  return Status();
}

Result<respond::WriteSummary> StoreHuntResults(store::Store& kb, const std::vector<stix::Object>& objects,
                                               IncidentCollector& collector, const IncidentFlags& flags,
                                               std::FILE* log) {
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, kb.Begin());
  for (const stix::Object& object : objects) {
    // An error returns before Commit: the transaction rolls back, nothing half-stored.
    RAMPART_RETURN_IF_ERROR(PutHuntObject(kb, *tx, object).status());
  }
  RAMPART_ASSIGN_OR_RETURN(respond::WriteSummary summary, collector.StoreIncidents(kb, *tx, objects, flags, log));
  RAMPART_RETURN_IF_ERROR(tx->Commit());
  return summary;
}

}  // namespace rampart::hunt
