// REST routes of the respond module: incidents (list, show, update),
// constituents, advisories, deliveries and statistics.
//
// Access. Analysts and admins see every constituent's data. A
// constituent-reader sees only its own organisation's incidents, advisories
// and deliveries, and its own constituent record; another constituent's
// incident answers 404 (not 403), so ids cannot be probed. Statistics across
// the constituency are for analysts and admins. Contact secrets (webhook
// signing secrets) never leave the server.
#include <fmt/format.h>

#include <algorithm>

#include "app.h"
#include "rampart/core/clock.h"
#include "rampart/core/time.h"
#include "rampart/respond/constituent.h"
#include "rampart/respond/incident.h"
#include "rampart/respond/outbox.h"
#include "rampart/respond/stats.h"

namespace rampart::server {
namespace {

using nlohmann::json;

bool IsReader(const Principal& p) { return p.role == Role::kConstituentReader; }

// A reader's view is its organisation; analysts and admins see everything.
bool MayAccess(const Principal& p, std::string_view constituent_name) {
  return !IsReader(p) || (!p.organisation.empty() && p.organisation == constituent_name);
}

json IncidentJson(const respond::Incident& i) {
  json history = json::array();
  for (const auto& h : i.history) history.push_back({{"at", h.when}, {"by", h.who}, {"what", h.what}});
  json notes = json::array();
  for (const auto& n : i.notes) notes.push_back({{"at", n.when}, {"by", n.who}, {"text", n.text}});
  return {{"id", i.id},
          {"name", i.name},
          {"state", respond::StateName(i.state)},
          {"constituent", i.constituent_name},
          {"constituent_id", i.constituent_id},
          {"sector", i.sectors},
          {"actors", i.actor_names},
          {"actor_ids", i.actor_ids},
          {"assignee", i.assignee},
          {"first_seen", i.first_seen},
          {"last_seen", i.last_seen},
          {"window_start", i.window_start},
          {"window_end", i.window_end},
          {"sightings", i.sighting_ids.size()},
          {"sighting_ids", i.sighting_ids},
          {"indicator_ids", i.indicator_ids},
          {"rules", i.rules},
          {"notes", notes},
          {"history", history},
          {"created", i.created},
          {"modified", i.modified}};
}

bool Contains(const std::vector<std::string>& values, std::string_view wanted) {
  return std::any_of(values.begin(), values.end(), [&](const std::string& v) {
    return v.size() == wanted.size() &&
           std::equal(v.begin(), v.end(), wanted.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  });
}

Response ListIncidents(Call& call) {
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  const std::string* state = call.request.Param("state");
  if (state && !respond::ParseState(*state)) return ApiError(400, fmt::format("unknown state '{}'", *state));
  Result<std::vector<respond::Incident>> incidents = respond::LoadIncidents(**store);
  if (!incidents.ok()) return ApiError(500, "store error");
  const std::string* constituent = call.request.Param("constituent");
  const std::string* sector = call.request.Param("sector");
  const std::string* actor = call.request.Param("actor");
  json items = json::array();
  for (const respond::Incident& i : *incidents) {
    if (!MayAccess(call.principal, i.constituent_name)) continue;
    if (state && respond::StateName(i.state) != *state) continue;
    if (constituent && !constituent->empty() && !Contains({i.constituent_name}, *constituent)) continue;
    if (sector && !sector->empty() && !Contains(i.sectors, *sector)) continue;
    if (actor && !actor->empty() && !Contains(i.actor_names, *actor) && !Contains(i.actor_ids, *actor)) continue;
    items.push_back(IncidentJson(i));
  }
  return JsonResponse(200, {{"items", items}});
}

Response GetIncident(Call& call) {
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<respond::Incident> incident = respond::FindIncident(**store, call.params.at("id"));
  if (!incident.ok() || !MayAccess(call.principal, incident->constituent_name)) {
    if (incident.ok() || incident.status().code() == absl::StatusCode::kNotFound) return ApiError(404, "no such incident");
    return ApiError(400, std::string(incident.status().message()));
  }
  return JsonResponse(200, IncidentJson(*incident));
}

Response UpdateIncident(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot change incidents");
  json body = json::parse(call.request.body, nullptr, false);
  if (!body.is_object()) return ApiError(400, "expected a JSON object {state, assignee, note}");
  respond::IncidentChange change;
  for (const auto& [key, value] : body.items()) {
    if (!value.is_string()) return ApiError(400, fmt::format("'{}' must be a string", key));
    std::string text = value.get<std::string>();
    if (key == "state") {
      change.state = respond::ParseState(text);
      if (!change.state) return ApiError(400, fmt::format("unknown state '{}'", text));
    } else if (key == "assignee") {
      change.assignee = text;
    } else if (key == "note") {
      change.note = text;
    } else {
      return ApiError(400, fmt::format("unknown field '{}' (state, assignee, note)", key));
    }
  }
  std::lock_guard<std::mutex> lock(call.app.write_mutex());
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<std::unique_ptr<store::Transaction>> tx = (*store)->Begin();
  if (!tx.ok()) return ApiError(503, "the knowledge base is busy; try again");
  Result<respond::Incident> updated = respond::UpdateIncident(**store, **tx, call.params.at("id"), change,
                                                              call.principal.name, SystemClock()->Now());
  if (!updated.ok()) {
    if (updated.status().code() == absl::StatusCode::kNotFound) return ApiError(404, "no such incident");
    return ApiError(400, std::string(updated.status().message()));
  }
  if (Status committed = (*tx)->Commit(); !committed.ok()) return ApiError(500, "could not store the change");
  return JsonResponse(200, IncidentJson(*updated));
}

Response ListConstituents(Call& call) {
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<std::vector<respond::Constituent>> all = respond::LoadConstituents(**store);
  if (!all.ok()) return ApiError(500, "store error");
  json items = json::array();
  for (const respond::Constituent& c : *all) {
    if (!MayAccess(call.principal, c.name)) continue;
    json software = json::array();
    for (const auto& s : c.software) software.push_back({{"vendor", s.vendor}, {"product", s.product}, {"version", s.version}});
    items.push_back({{"id", c.id},
                     {"name", c.name},
                     {"parent", c.parent},
                     {"sectors", c.sectors},
                     {"networks", c.networks},
                     {"domains", c.domains},
                     {"hosts", c.hosts},
                     {"software", software},
                     {"tlp_clearance", stix::TlpName(c.clearance)}});
  }
  return JsonResponse(200, {{"items", items}});
}

Response ListAdvisories(Call& call) {
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  store::ExportFilter filter;
  filter.types = {"report"};
  json items = json::array();
  Status scanned = (*store)->Scan(filter, [&](const stix::Object& object) -> Status {
    json report = json::parse(object.json, nullptr, false);
    if (!report.is_object() || !report.contains("x_rampart_advisory")) return absl::OkStatus();
    const json& advisory = report["x_rampart_advisory"];
    std::string constituent = advisory.value("constituent_name", "");
    if (!MayAccess(call.principal, constituent) || !CanSee(call.principal, object)) return absl::OkStatus();
    std::string markdown;
    if (advisory.contains("rendering") && advisory["rendering"].is_object()) {
      markdown = advisory["rendering"].value("markdown", "");
    }
    items.push_back({{"id", object.id},
                     {"name", report.value("name", "")},
                     {"constituent", constituent},
                     {"published", report.value("published", "")},
                     {"object_marking_refs", report.value("object_marking_refs", json::array())},
                     {"markdown", markdown}});
    return absl::OkStatus();
  });
  if (!scanned.ok()) return ApiError(500, "store error");
  return JsonResponse(200, {{"items", items}});
}

// Deliveries come from the outbox beside the store; a reader sees those
// addressed to its organisation.
Response ListDeliveries(Call& call) {
  std::string path = respond::OutboxPathForStore(call.app.config().store_location);
  Result<std::vector<respond::DeliveryRecord>> records = respond::ReadOutboxDeliveries(path);
  if (!records.ok()) return ApiError(500, "outbox unavailable");
  json items = json::array();
  for (const respond::DeliveryRecord& d : *records) {
    if (!MayAccess(call.principal, d.recipient)) continue;
    items.push_back({{"message", d.message_id},
                     {"recipient", d.recipient},
                     {"state", d.state},
                     {"created", FormatTimestamp(d.created)}});
  }
  return JsonResponse(200, {{"items", items}});
}

json RowJson(const respond::StatsRow& row) {
  json out = {{"key", row.key},
              {"incidents", row.incidents},
              {"assists", row.assists},
              {"advisories", row.advisories},
              {"recipients_reached", row.recipients_reached}};
  for (const auto& [state, count] : row.deliveries) out["deliveries_" + state] = count;
  return out;
}

Response GetStats(Call& call) {
  if (IsReader(call.principal)) return ApiError(403, "statistics across the constituency are for analysts");
  respond::StatsOptions options;
  if (const std::string* by = call.request.Param("by")) {
    std::optional<respond::StatsBy> parsed = respond::ParseStatsBy(*by);
    if (!parsed) return ApiError(400, "'by' is one of sector, constituent, actor, month, state");
    options.by = *parsed;
  }
  for (const char* name : {"from", "to"}) {
    if (const std::string* text = call.request.Param(name)) {
      Result<TimestampUs> t = ParseTimestamp(*text);
      if (!t.ok()) return ApiError(400, fmt::format("'{}': {}", name, std::string(t.status().message())));
      (std::string_view(name) == "from" ? options.from : options.to) = *t;
    }
  }
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  std::string outbox = respond::OutboxPathForStore(call.app.config().store_location);
  Result<std::vector<respond::DeliveryRecord>> deliveries = respond::ReadOutboxDeliveries(outbox);
  if (!deliveries.ok()) return ApiError(500, "outbox unavailable");
  Result<respond::Stats> stats = respond::ComputeStats(**store, *deliveries, options);
  if (!stats.ok()) return ApiError(500, "store error");
  json rows = json::array();
  for (const respond::StatsRow& row : stats->rows) rows.push_back(RowJson(row));
  std::string by = call.request.Param("by") ? *call.request.Param("by") : "";
  return JsonResponse(200, {{"by", by}, {"rows", rows}, {"total", RowJson(stats->total)}});
}

}  // namespace

void AddRespondRoutes(Router<Handler>& router) {
  router.Add("GET", "/api/v1/incidents", "incidents (filters: state, constituent, sector, actor)", ListIncidents);
  router.Add("GET", "/api/v1/incidents/{id}", "one incident with its history", GetIncident);
  router.Add("PATCH", "/api/v1/incidents/{id}", "change state, assignee or add a note", UpdateIncident);
  router.Add("GET", "/api/v1/constituents", "constituents (a reader: its own)", ListConstituents);
  router.Add("GET", "/api/v1/advisories", "advisories within the caller's clearance", ListAdvisories);
  router.Add("GET", "/api/v1/deliveries", "deliveries of advisories and their states", ListDeliveries);
  router.Add("GET", "/api/v1/stats", "incidents, assists, advisories and deliveries (by sector|constituent|actor|month|state)", GetStats);
}

}  // namespace rampart::server
