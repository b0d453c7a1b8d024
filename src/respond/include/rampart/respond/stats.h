// The numbers a centre publishes: incidents and assistance, advisories
// issued, recipients reached, deliveries by state -- in total and broken down
// by sector, constituent, actor, month or incident state.
//
// Sources (all read, nothing written):
//   incidents    STIX `incident` objects of rampart's own (incident.h); an
//                incident counts as an assist once it reached `assisting`
//                (its state is assisting or resolved, or its history shows
//                "-> assisting"). Time: x_rampart_first_seen.
//   advisories   STIX `report` objects carrying x_rampart_advisory
//                {constituent: identity id, constituent_name}; time:
//                `published`, else `created`. Actors: the intrusion sets in
//                object_refs. Sectors: the constituent's.
//   deliveries   DeliveryRecords (message id = the advisory's id, recipient,
//                state pending|sent|failed|dead), read from the delivery
//                outbox; a recipient is "reached" when one of its deliveries
//                of that advisory is sent.
// An item with several keys (two sectors, two actors) counts once under
// each; the total counts it once. Items without a key go under "-".
//
// Thread-safety: plain functions; store access as the store's rule.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/store/store.h"

namespace rampart::respond {

enum class StatsBy { kNone, kSector, kConstituent, kActor, kMonth, kState };
std::optional<StatsBy> ParseStatsBy(std::string_view text);  // "sector" ... "state"; "" = kNone

struct DeliveryRecord {
  std::string message_id;
  std::string recipient;
  std::string state;      // "pending", "sent", "failed", "dead"
  TimestampUs created = 0;
};

// Every delivery in the outbox file at `path` (the `delivery` table of
// `<db>.outbox`); empty if the file does not exist. IoError if it exists but
// cannot be read.
Result<std::vector<DeliveryRecord>> ReadOutboxDeliveries(const std::string& path);

struct StatsOptions {
  std::optional<TimestampUs> from, to;  // inclusive bounds on each item's time
  StatsBy by = StatsBy::kNone;
};

struct StatsRow {
  std::string key;  // "healthcare", "Department of Health", "HAFNIUM", "2021-03", "new"; "total"
  int64_t incidents = 0;
  int64_t assists = 0;
  int64_t advisories = 0;
  int64_t recipients_reached = 0;
  std::map<std::string, int64_t> deliveries;  // state -> count
};

struct Stats {
  std::vector<StatsRow> rows;  // by key, ascending ("-" last); empty for kNone
  StatsRow total;
};

Result<Stats> ComputeStats(store::Store& store, const std::vector<DeliveryRecord>& deliveries,
                           const StatsOptions& options);

}  // namespace rampart::respond
