// Incidents: sightings correlated per constituent, intrusion set and time
// window, with a small workflow (state, assignee, notes, history).
//
// Correlation. Each stored sighting becomes an Observation carrying what the
// event says about where it happened (server and client addresses, host
// names, domains: event_assets.h) and who is behind it (intrusion sets from
// the rule's ATT&CK tags or the indicator's relationships). The affected
// constituents are found against an AssetIndex:
//   1. `sensor_constituent` (hunt --constituent NAME) if set: the log came
//      from that constituent's sensor;
//   2. else the server side: host names, domains, server addresses;
//   3. else the client side: client addresses (a constituent's own machine
//      talking to someone else's server);
//   4. else nobody: the "unassigned" queue.
// A network claimed by two constituents gives both an incident.
// Observations are grouped by (constituent, sorted intrusion-set ids, window
// start = time rounded down to a multiple of the window, epoch-aligned).
//
// Ids are deterministic: incident--UUIDv5(kRampartNamespace,
// "incident:" + constituent id ("unassigned") + ":" + actor ids joined by ","
// + ":" + window start as RFC 3339). Hunting the same logs twice finds the
// same ids holding the same sightings, so nothing new is written.
//
// Storage: a STIX `incident` of rampart's own, properties prefixed x_rampart_
// (docs/design/respond.md lists them), plus one `related-to` relationship
// per intrusion set and to the constituent (STIX defines none from incident). Every change (more sightings, a state change, a note) is
// a new version; the history list records who, when and what.
//
// Thread-safety: plain functions over values; store access follows the
// store's rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/respond/asset_index.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::respond {

// --- States -----------------------------------------------------------------
// new -> triaged -> assisting -> resolved | false-positive. A step may skip
// forward (new -> assisting, triaged -> resolved), any open state may be
// closed as false-positive, and a closed incident may be reopened (-> triaged).
// Nothing else: assisting -> new is rejected.
enum class IncidentState { kNew, kTriaged, kAssisting, kResolved, kFalsePositive };

std::string_view StateName(IncidentState state);  // "new", "triaged", ... "false-positive"
std::optional<IncidentState> ParseState(std::string_view text);
bool IsAllowedTransition(IncidentState from, IncidentState to);

// --- Correlation input ------------------------------------------------------
struct Observation {
  std::string sighting_id;               // the stored sighting
  std::string indicator_id;              // its sighting_of_ref
  std::string rule;                      // Sigma rule id or indicator id ("" if none)
  TimestampUs time = 0;                  // event time (UTC µs)
  std::vector<std::string> actor_ids;    // intrusion-set ids, sorted; may be empty
  std::vector<std::string> actor_names;  // same order as actor_ids
  std::vector<std::string> server_addresses, client_addresses, hosts, domains;
};

struct CorrelationOptions {
  int64_t window_us = 24LL * 3600 * 1000000;  // > 0
  std::string sensor_constituent;             // exact name; "" = find from the event
};

// One incident as correlation proposes it (not yet merged with the store).
struct IncidentDraft {
  std::string id;
  int64_t constituent = -1;  // index into the AssetIndex; -1 = unassigned
  std::vector<std::string> actor_ids, actor_names;
  TimestampUs window_start = 0, window_end = 0, first_seen = 0, last_seen = 0;
  std::vector<std::string> sighting_ids, indicator_ids, rules;  // sorted, unique
};

// "unassigned" or the constituent's id, then actors and window: the id rule above.
std::string IncidentId(std::string_view constituent_id, const std::vector<std::string>& actor_ids,
                       TimestampUs window_start);

// Groups `observations` into drafts, ordered by id. InvalidInput if
// options.sensor_constituent names no constituent of `index`, or the window
// is not positive. Cost: one index lookup per observation field plus a hash
// insert; no store access.
Result<std::vector<IncidentDraft>> Correlate(const std::vector<Observation>& observations,
                                             const AssetIndex& index, const CorrelationOptions& options);

// --- Stored incidents -------------------------------------------------------
struct HistoryEntry {
  std::string who, when, what;
};
struct Note {
  std::string who, when, text;
};

struct Incident {
  std::string id, name, created, modified;
  std::string constituent_id, constituent_name;  // empty = unassigned
  std::vector<std::string> sectors;              // the constituent's, when opened
  std::vector<std::string> actor_ids, actor_names;
  std::string window_start, window_end, first_seen, last_seen;
  std::vector<std::string> sighting_ids, indicator_ids, rules;
  IncidentState state = IncidentState::kNew;
  std::string assignee;
  std::vector<Note> notes;
  std::vector<HistoryEntry> history;
};

stix::Object ToStix(const Incident& incident);
bool IsIncident(const stix::Object& object);  // type incident with x_rampart_state
Result<Incident> IncidentFromStix(const stix::Object& object);

struct WriteSummary {
  int opened = 0;   // new incidents
  int updated = 0;  // existing incidents that gained sightings
  int unchanged = 0;
  int unassigned = 0;  // of opened + updated, those without a constituent
  std::vector<std::string> ids;  // opened and updated, in draft order
};

// Merges `drafts` into the store through `tx`: a draft whose id is new is
// opened (state new); one that exists gains the sightings it lacks (a new
// version, history "sightings added"); one that adds nothing writes nothing.
// `who` and `now` go into the history. related-to relationships to the
// intrusion sets and the constituent have deterministic ids.
Result<WriteSummary> WriteIncidents(store::Store& store, store::Transaction& tx,
                                    const std::vector<IncidentDraft>& drafts, const AssetIndex& index,
                                    std::string_view who, TimestampUs now);

// Every current incident, ordered by first_seen then id.
Result<std::vector<Incident>> LoadIncidents(store::Store& store);

// The incident `id` (or a unique prefix of its UUID part of at least 8
// characters); NotFound if none, InvalidInput if the prefix is ambiguous.
Result<Incident> FindIncident(store::Store& store, std::string_view id_or_prefix);

struct IncidentChange {
  std::optional<IncidentState> state;
  std::optional<std::string> assignee;
  std::optional<std::string> note;
};

// Applies `change` as a new version written through `tx`. InvalidInput for a
// transition IsAllowedTransition refuses ("assisting -> new is not allowed")
// or an empty change; the history gains one entry per changed item.
Result<Incident> UpdateIncident(store::Store& store, store::Transaction& tx, std::string_view id_or_prefix,
                                const IncidentChange& change, std::string_view who, TimestampUs now);

}  // namespace rampart::respond
