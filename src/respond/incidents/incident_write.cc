// Writing incidents: open, merge new sightings, change state. Every write is
// a new version whose `modified` is later than the stored one's.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "rampart/core/id.h"
#include "rampart/respond/incident.h"

namespace rampart::respond {
namespace {

std::string NextModified(const std::string& previous, TimestampUs now) {
  auto last = ParseTimestamp(previous);
  if (last.ok() && *last >= now) now = *last + 1000;  // STIX timestamps keep milliseconds
  return FormatTimestamp(now);
}

// Adds what `from` has and `into` lacks; returns how many sightings were new.
size_t MergeSorted(std::vector<std::string>& into, const std::vector<std::string>& from) {
  size_t before = into.size();
  std::vector<std::string> merged;
  merged.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(merged));
  into = std::move(merged);
  return into.size() - before;
}

std::string IncidentName(const IncidentDraft& d, const AssetIndex& index) {
  std::string who = d.actor_names.empty() ? "Unattributed activity" : "";
  for (const std::string& n : d.actor_names) who += (who.empty() ? "" : ", ") + n;
  if (!d.actor_names.empty()) who += " activity";
  std::string where = d.constituent < 0 ? "unassigned" : index.at(static_cast<uint32_t>(d.constituent)).name;
  return who + " at " + where + ", " + FormatTimestamp(d.window_start).substr(0, 10);
}

Incident Open(const IncidentDraft& d, const AssetIndex& index, std::string_view who, TimestampUs now) {
  Incident in;
  in.id = d.id;
  in.name = IncidentName(d, index);
  in.created = in.modified = FormatTimestamp(now);
  if (d.constituent >= 0) {
    const Constituent& c = index.at(static_cast<uint32_t>(d.constituent));
    in.constituent_id = c.id;
    in.constituent_name = c.name;
    in.sectors = c.sectors;
  }
  in.actor_ids = d.actor_ids;
  in.actor_names = d.actor_names;
  in.window_start = FormatTimestamp(d.window_start);
  in.window_end = FormatTimestamp(d.window_end);
  in.sighting_ids = d.sighting_ids;
  in.indicator_ids = d.indicator_ids;
  in.rules = d.rules;
  in.first_seen = FormatTimestamp(d.first_seen);
  in.last_seen = FormatTimestamp(d.last_seen);
  in.history.push_back({std::string(who), in.created,
                        "opened with " + std::to_string(d.sighting_ids.size()) + " sighting(s)"});
  return in;
}

// STIX 2.1 defines no relationship from an incident, so the generic
// related-to links it to its intrusion sets and its constituent.
Status PutRelated(store::Transaction& tx, const Incident& in, const std::string& actor_id) {
  nlohmann::json r = {{"type", "relationship"},
                      {"spec_version", "2.1"},
                      {"id", "relationship--" + UuidV5(kRampartNamespace, "incident-related:" + in.id + ":" + actor_id)},
                      {"created", in.created},
                      {"modified", in.created},
                      {"relationship_type", "related-to"},
                      {"source_ref", in.id},
                      {"target_ref", actor_id}};
  RAMPART_ASSIGN_OR_RETURN(stix::Object object, stix::FromJson(r));
  return tx.Put(object).status();
}

}  // namespace

Result<WriteSummary> WriteIncidents(store::Store& store, store::Transaction& tx,
                                    const std::vector<IncidentDraft>& drafts, const AssetIndex& index,
                                    std::string_view who, TimestampUs now) {
  WriteSummary summary;
  for (const IncidentDraft& d : drafts) {
    auto stored = store.Get(d.id);
    Incident in;
    if (stored.ok() && IsIncident(*stored)) {
      RAMPART_ASSIGN_OR_RETURN(in, IncidentFromStix(*stored));
      size_t added = MergeSorted(in.sighting_ids, d.sighting_ids);
      if (added == 0) {
        ++summary.unchanged;
        continue;
      }
      MergeSorted(in.indicator_ids, d.indicator_ids);
      MergeSorted(in.rules, d.rules);
      in.first_seen = std::min(in.first_seen, FormatTimestamp(d.first_seen));
      in.last_seen = std::max(in.last_seen, FormatTimestamp(d.last_seen));
      in.modified = NextModified(in.modified, now);
      in.history.push_back({std::string(who), in.modified, std::to_string(added) + " sighting(s) added"});
      ++summary.updated;
    } else {
      in = Open(d, index, who, now);
      ++summary.opened;
    }
    RAMPART_RETURN_IF_ERROR(tx.Put(ToStix(in)).status());
    for (const std::string& actor : in.actor_ids) RAMPART_RETURN_IF_ERROR(PutRelated(tx, in, actor));
    if (!in.constituent_id.empty()) RAMPART_RETURN_IF_ERROR(PutRelated(tx, in, in.constituent_id));
    if (in.constituent_id.empty()) ++summary.unassigned;
    summary.ids.push_back(in.id);
  }
  return summary;
}

Result<Incident> UpdateIncident(store::Store& store, store::Transaction& tx, std::string_view id_or_prefix,
                                const IncidentChange& change, std::string_view who, TimestampUs now) {
  if (!change.state && !change.assignee && !change.note) {
    return InvalidInput("nothing to change: give --state, --assignee or --note");
  }
  RAMPART_ASSIGN_OR_RETURN(Incident in, FindIncident(store, id_or_prefix));
  in.modified = NextModified(in.modified, now);
  std::string when = in.modified;
  size_t history_before = in.history.size();
  if (change.state && *change.state != in.state) {
    if (!IsAllowedTransition(in.state, *change.state)) {
      return InvalidInput("state " + std::string(StateName(in.state)) + " -> " +
                          std::string(StateName(*change.state)) + " is not allowed",
                          {.object_id = in.id});
    }
    in.history.push_back({std::string(who), when,
                          "state " + std::string(StateName(in.state)) + " -> " + std::string(StateName(*change.state))});
    in.state = *change.state;
  }
  if (change.assignee && *change.assignee != in.assignee) {
    in.history.push_back({std::string(who), when,
                          "assignee " + (in.assignee.empty() ? "(none)" : in.assignee) + " -> " + *change.assignee});
    in.assignee = *change.assignee;
  }
  if (change.note) {
    in.notes.push_back({std::string(who), when, *change.note});
    in.history.push_back({std::string(who), when, "note added"});
  }
  if (in.history.size() == history_before) {
    return InvalidInput("nothing changes: the incident is already in that state", {.object_id = in.id});
  }
  RAMPART_RETURN_IF_ERROR(tx.Put(ToStix(in)).status());
  return in;
}

}  // namespace rampart::respond
