// Grouping is one hash map keyed by (constituent, actors, window); the
// per-group sets stay vectors until the end, then are sorted and made unique
// once, so a million observations cost a million appends, not a million
// tree inserts.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "rampart/core/id.h"
#include "rampart/respond/incident.h"

namespace rampart::respond {
namespace {

void SortUnique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

void AddAll(std::vector<uint32_t>& out, AssetIndex::Owners owners) { out.insert(out.end(), owners.begin(), owners.end()); }

// The constituents an observation belongs to (policy in incident.h).
void Owners(const Observation& o, const AssetIndex& index, std::vector<uint32_t>& out) {
  out.clear();
  for (const std::string& host : o.hosts) AddAll(out, index.ByHost(host));
  for (const std::string& domain : o.domains) AddAll(out, index.ByDomain(domain));
  for (const std::string& address : o.server_addresses) AddAll(out, index.ByAddress(address));
  if (out.empty()) {
    for (const std::string& address : o.client_addresses) AddAll(out, index.ByAddress(address));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::string JoinActors(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

}  // namespace

std::string IncidentId(std::string_view constituent_id, const std::vector<std::string>& actor_ids,
                       TimestampUs window_start) {
  std::string key = "incident:" + std::string(constituent_id.empty() ? "unassigned" : constituent_id) + ":" +
                    JoinActors(actor_ids) + ":" + FormatTimestamp(window_start);
  return "incident--" + UuidV5(kRampartNamespace, key);
}

Result<std::vector<IncidentDraft>> Correlate(const std::vector<Observation>& observations,
                                             const AssetIndex& index, const CorrelationOptions& options) {
  if (options.window_us <= 0) return InvalidInput("the incident window must be positive");
  int64_t sensor = -1;
  if (!options.sensor_constituent.empty()) {
    sensor = index.ByName(options.sensor_constituent);
    if (sensor < 0) return InvalidInput("--constituent: no constituent named '" + options.sensor_constituent + "'");
  }
  // Group key: (constituent, actor set number, window start); actor sets are
  // numbered on first sight so no key string is built per observation.
  struct Key {
    int64_t target;
    uint32_t actors;
    TimestampUs start;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      uint64_t h = static_cast<uint64_t>(k.target) * 0x9E3779B97F4A7C15ULL;
      h ^= (static_cast<uint64_t>(k.start) + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2));
      h ^= (static_cast<uint64_t>(k.actors) * 0xC2B2AE3D27D4EB4FULL + (h << 6) + (h >> 2));
      return h;
    }
  };
  std::unordered_map<Key, size_t, KeyHash> group_of;
  std::map<std::vector<std::string>, uint32_t> actor_sets;
  std::vector<IncidentDraft> drafts;
  std::vector<uint32_t> owners;
  std::vector<int64_t> targets;
  for (const Observation& o : observations) {
    targets.clear();
    if (sensor >= 0) {
      targets.push_back(sensor);
    } else {
      Owners(o, index, owners);
      targets.assign(owners.begin(), owners.end());
      if (targets.empty()) targets.push_back(-1);
    }
    TimestampUs start = o.time - (((o.time % options.window_us) + options.window_us) % options.window_us);
    uint32_t actors = actor_sets.try_emplace(o.actor_ids, static_cast<uint32_t>(actor_sets.size())).first->second;
    for (int64_t target : targets) {
      auto [it, inserted] = group_of.try_emplace(Key{target, actors, start}, drafts.size());
      if (inserted) {
        IncidentDraft draft;
        draft.constituent = target;
        draft.actor_ids = o.actor_ids;
        draft.actor_names = o.actor_names;
        draft.window_start = start;
        draft.window_end = start + options.window_us;
        draft.first_seen = draft.last_seen = o.time;
        draft.id = IncidentId(target < 0 ? "" : index.at(static_cast<uint32_t>(target)).id, o.actor_ids, start);
        drafts.push_back(std::move(draft));
      }
      IncidentDraft& d = drafts[it->second];
      d.first_seen = std::min(d.first_seen, o.time);
      d.last_seen = std::max(d.last_seen, o.time);
      d.sighting_ids.push_back(o.sighting_id);
      // Most sightings of a group share indicator and rule: skip the repeats.
      if (!o.indicator_id.empty() && (d.indicator_ids.empty() || d.indicator_ids.back() != o.indicator_id)) {
        d.indicator_ids.push_back(o.indicator_id);
      }
      if (!o.rule.empty() && (d.rules.empty() || d.rules.back() != o.rule)) d.rules.push_back(o.rule);
    }
  }
  for (IncidentDraft& d : drafts) {
    SortUnique(d.sighting_ids);
    SortUnique(d.indicator_ids);
    SortUnique(d.rules);
  }
  std::sort(drafts.begin(), drafts.end(), [](const IncidentDraft& a, const IncidentDraft& b) { return a.id < b.id; });
  return drafts;
}

}  // namespace rampart::respond
