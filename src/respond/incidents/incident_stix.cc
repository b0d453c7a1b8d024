#include <algorithm>

#include <nlohmann/json.hpp>

#include "rampart/respond/incident.h"

namespace rampart::respond {
namespace {

using nlohmann::json;

template <typename T>
void Read(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  out = it->get<T>();  // mistyped values throw; IncidentFromStix turns that into a value
}

}  // namespace

bool IsIncident(const stix::Object& object) {
  return object.type == "incident" && object.json.find("\"x_rampart_state\"") != std::string::npos;
}

stix::Object ToStix(const Incident& in) {
  json j = {{"type", "incident"},       {"spec_version", "2.1"},   {"id", in.id},
            {"created", in.created},    {"modified", in.modified}, {"name", in.name}};
  j["description"] = "Sightings correlated by rampart: " + std::to_string(in.sighting_ids.size()) +
                     " sighting(s) between " + in.first_seen + " and " + in.last_seen + ".";
  if (!in.constituent_id.empty()) j["x_rampart_constituent_ref"] = in.constituent_id;
  j["x_rampart_constituent"] = in.constituent_name;
  j["x_rampart_sectors"] = in.sectors;
  j["x_rampart_actor_refs"] = in.actor_ids;
  j["x_rampart_actors"] = in.actor_names;
  j["x_rampart_window_start"] = in.window_start;
  j["x_rampart_window_end"] = in.window_end;
  j["x_rampart_first_seen"] = in.first_seen;
  j["x_rampart_last_seen"] = in.last_seen;
  j["x_rampart_sighting_refs"] = in.sighting_ids;
  j["x_rampart_indicator_refs"] = in.indicator_ids;
  j["x_rampart_rules"] = in.rules;
  j["x_rampart_state"] = std::string(StateName(in.state));
  if (!in.assignee.empty()) j["x_rampart_assignee"] = in.assignee;
  json notes = json::array();
  for (const Note& n : in.notes) notes.push_back({{"who", n.who}, {"when", n.when}, {"text", n.text}});
  j["x_rampart_notes"] = std::move(notes);
  json history = json::array();
  for (const HistoryEntry& h : in.history) history.push_back({{"who", h.who}, {"when", h.when}, {"what", h.what}});
  j["x_rampart_history"] = std::move(history);
  // STIX forbids empty lists: an empty one is left out.
  for (auto it = j.begin(); it != j.end();) {
    it = it->is_array() && it->empty() ? j.erase(it) : std::next(it);
  }
  return *stix::FromJson(j);
}

Result<Incident> IncidentFromStix(const stix::Object& object) {
  if (!IsIncident(object)) return InvalidInput("not a rampart incident", {.object_id = object.id});
  json j = json::parse(object.json, nullptr, false);
  Incident in;
  in.id = object.id;
  in.name = object.name;
  in.created = object.created;
  in.modified = object.modified;
  try {
    std::string state;
    Read(j, "x_rampart_constituent_ref", in.constituent_id);
    Read(j, "x_rampart_constituent", in.constituent_name);
    Read(j, "x_rampart_sectors", in.sectors);
    Read(j, "x_rampart_actor_refs", in.actor_ids);
    Read(j, "x_rampart_actors", in.actor_names);
    Read(j, "x_rampart_window_start", in.window_start);
    Read(j, "x_rampart_window_end", in.window_end);
    Read(j, "x_rampart_first_seen", in.first_seen);
    Read(j, "x_rampart_last_seen", in.last_seen);
    Read(j, "x_rampart_sighting_refs", in.sighting_ids);
    Read(j, "x_rampart_indicator_refs", in.indicator_ids);
    Read(j, "x_rampart_rules", in.rules);
    Read(j, "x_rampart_state", state);
    Read(j, "x_rampart_assignee", in.assignee);
    for (const json& n : j.value("x_rampart_notes", json::array())) {
      in.notes.push_back({n.value("who", ""), n.value("when", ""), n.value("text", "")});
    }
    for (const json& h : j.value("x_rampart_history", json::array())) {
      in.history.push_back({h.value("who", ""), h.value("when", ""), h.value("what", "")});
    }
    auto parsed = ParseState(state);
    if (!parsed) return InvalidInput("x_rampart_state: unknown state '" + state + "'", {.object_id = object.id});
    in.state = *parsed;
  } catch (const json::exception& e) {
    return InvalidInput(std::string("incident property has the wrong type: ") + e.what(), {.object_id = object.id});
  }
  return in;
}

Result<std::vector<Incident>> LoadIncidents(store::Store& store) {
  std::vector<Incident> out;
  store::ExportFilter filter;
  filter.types = {"incident"};
  RAMPART_RETURN_IF_ERROR(store.Scan(filter, [&](const stix::Object& object) -> Status {
    if (!IsIncident(object)) return Status();
    RAMPART_ASSIGN_OR_RETURN(Incident in, IncidentFromStix(object));
    out.push_back(std::move(in));
    return Status();
  }));
  std::sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
    return a.first_seen != b.first_seen ? a.first_seen < b.first_seen : a.id < b.id;
  });
  return out;
}

Result<Incident> FindIncident(store::Store& store, std::string_view id_or_prefix) {
  if (stix::IsValidId(id_or_prefix)) {
    auto object = store.Get(id_or_prefix);
    if (!object.ok() || !IsIncident(*object)) return NotFound("no incident '" + std::string(id_or_prefix) + "'");
    return IncidentFromStix(*object);
  }
  std::string prefix(id_or_prefix);
  if (prefix.rfind("incident--", 0) != 0) prefix = "incident--" + prefix;
  if (prefix.size() < std::string_view("incident--").size() + 8) {
    return InvalidInput("give the incident id or at least 8 characters of it");
  }
  RAMPART_ASSIGN_OR_RETURN(std::vector<Incident> all, LoadIncidents(store));
  std::vector<Incident> matches;
  for (Incident& in : all) {
    if (in.id.rfind(prefix, 0) == 0) matches.push_back(std::move(in));
  }
  if (matches.empty()) return NotFound("no incident '" + std::string(id_or_prefix) + "'");
  if (matches.size() > 1) return InvalidInput("'" + std::string(id_or_prefix) + "' names several incidents");
  return std::move(matches.front());
}

}  // namespace rampart::respond
