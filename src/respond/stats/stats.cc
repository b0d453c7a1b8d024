#include "rampart/respond/stats.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "rampart/respond/constituent.h"
#include "rampart/respond/incident.h"

namespace rampart::respond {
namespace {

using nlohmann::json;

struct Advisory {
  std::string id, constituent_id, constituent_name, time;
  std::vector<std::string> actors;
};

bool InRange(const std::string& time, const StatsOptions& options) {
  auto t = ParseTimestamp(time);
  if (!t.ok()) return !options.from && !options.to;
  return (!options.from || *t >= *options.from) && (!options.to || *t <= *options.to);
}

bool Assisted(const Incident& in) {
  if (in.state == IncidentState::kAssisting || in.state == IncidentState::kResolved) return true;
  return std::any_of(in.history.begin(), in.history.end(),
                     [](const HistoryEntry& h) { return h.what.find("-> assisting") != std::string::npos; });
}

std::vector<std::string> OrDash(std::vector<std::string> keys) {
  if (keys.empty()) keys.push_back("-");
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

Result<std::vector<Advisory>> LoadAdvisories(store::Store& store) {
  std::vector<Advisory> out;
  store::ExportFilter filter;
  filter.types = {"report"};
  RAMPART_RETURN_IF_ERROR(store.Scan(filter, [&](const stix::Object& o) -> Status {
    if (o.json.find("\"x_rampart_advisory\"") == std::string::npos) return Status();
    json j = json::parse(o.json, nullptr, false);
    const json& a = j["x_rampart_advisory"];
    if (!a.is_object()) return Status();
    Advisory adv{o.id, a.value("constituent", ""), a.value("constituent_name", ""),
                 j.value("published", o.created), {}};
    for (const json& ref : j.value("object_refs", json::array())) {
      if (!ref.is_string() || stix::TypeOfId(ref.get<std::string>()) != "intrusion-set") continue;
      auto actor = store.Get(ref.get<std::string>());
      adv.actors.push_back(actor.ok() && !actor->name.empty() ? actor->name : ref.get<std::string>());
    }
    out.push_back(std::move(adv));
    return Status();
  }));
  return out;
}

class Tally {
 public:
  Tally(StatsBy by, std::map<std::string, StatsRow>& rows) : by_(by), rows_(rows) {}
  template <typename Fn>
  void Add(const std::vector<std::string>& keys, Fn fn) {
    if (by_ == StatsBy::kNone) return;
    for (const std::string& key : keys) {
      StatsRow& row = rows_[key];
      row.key = key;
      fn(row);
    }
  }

 private:
  StatsBy by_;
  std::map<std::string, StatsRow>& rows_;
};

}  // namespace

std::optional<StatsBy> ParseStatsBy(std::string_view text) {
  if (text.empty() || text == "none") return StatsBy::kNone;
  if (text == "sector") return StatsBy::kSector;
  if (text == "constituent") return StatsBy::kConstituent;
  if (text == "actor") return StatsBy::kActor;
  if (text == "month") return StatsBy::kMonth;
  if (text == "state") return StatsBy::kState;
  return std::nullopt;
}

Result<Stats> ComputeStats(store::Store& store, const std::vector<DeliveryRecord>& deliveries,
                           const StatsOptions& options) {
  RAMPART_ASSIGN_OR_RETURN(std::vector<Incident> incidents, LoadIncidents(store));
  RAMPART_ASSIGN_OR_RETURN(std::vector<Advisory> advisories, LoadAdvisories(store));
  RAMPART_ASSIGN_OR_RETURN(std::vector<Constituent> constituents, LoadConstituents(store, true));
  std::unordered_map<std::string, const Constituent*> by_id;
  for (const Constituent& c : constituents) by_id[c.id] = &c;

  Stats stats;
  stats.total.key = "total";
  std::map<std::string, StatsRow> rows;
  Tally tally(options.by, rows);
  for (const Incident& in : incidents) {
    if (!InRange(in.first_seen, options)) continue;
    std::vector<std::string> keys;
    switch (options.by) {
      case StatsBy::kSector: keys = in.sectors; break;
      case StatsBy::kConstituent: keys = {in.constituent_name.empty() ? "unassigned" : in.constituent_name}; break;
      case StatsBy::kActor: keys = in.actor_names; break;
      case StatsBy::kMonth: keys = {in.first_seen.substr(0, 7)}; break;
      case StatsBy::kState: keys = {std::string(StateName(in.state))}; break;
      case StatsBy::kNone: break;
    }
    bool assisted = Assisted(in);
    tally.Add(OrDash(keys), [&](StatsRow& r) { ++r.incidents; r.assists += assisted; });
    ++stats.total.incidents;
    stats.total.assists += assisted;
  }
  std::unordered_map<std::string, std::vector<std::string>> advisory_keys;  // advisory id -> keys
  for (const Advisory& a : advisories) {
    if (!InRange(a.time, options)) continue;
    auto owner = by_id.find(a.constituent_id);
    std::vector<std::string> keys;
    switch (options.by) {
      case StatsBy::kSector: if (owner != by_id.end()) keys = owner->second->sectors; break;
      case StatsBy::kConstituent:
        keys = {!a.constituent_name.empty() ? a.constituent_name
                : owner != by_id.end()      ? owner->second->name : ""};
        if (keys[0].empty()) keys.clear();
        break;
      case StatsBy::kActor: keys = a.actors; break;
      case StatsBy::kMonth: keys = {a.time.substr(0, 7)}; break;
      case StatsBy::kState: case StatsBy::kNone: break;
    }
    keys = OrDash(keys);
    tally.Add(keys, [](StatsRow& r) { ++r.advisories; });
    ++stats.total.advisories;
    advisory_keys[a.id] = std::move(keys);
  }
  std::set<std::pair<std::string, std::string>> reached;  // (advisory, recipient)
  for (const DeliveryRecord& d : deliveries) {
    auto keys = advisory_keys.find(d.message_id);
    if (keys == advisory_keys.end()) continue;  // not an advisory in range
    bool first_reach = d.state == "sent" && reached.emplace(d.message_id, d.recipient).second;
    tally.Add(keys->second, [&](StatsRow& r) { ++r.deliveries[d.state]; r.recipients_reached += first_reach; });
    ++stats.total.deliveries[d.state];
    stats.total.recipients_reached += first_reach;
  }
  for (auto& [key, row] : rows) {
    if (key != "-") stats.rows.push_back(std::move(row));
  }
  if (auto dash = rows.find("-"); dash != rows.end()) stats.rows.push_back(std::move(dash->second));
  return stats;
}

}  // namespace rampart::respond
