// The lookups both backends run, written once: the SQL of each (the same
// text, with the backend's spelling of the first parameter and of "is the
// current version"), which rows a lookup keeps, and how a Scan's filter
// reads. SQLite and PostgreSQL answer the same question the same way.
//
// Thread-safe; the SQL is built once, on first use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/stix/marking.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::store::internal {

struct ReadSql {
  // (json) of the current version of id $1 / of every version, oldest first.
  std::string get_current, get_versions;
  // (json, type, revoked, deprecated) by name key, external-id key, or
  // container member $1, ordered by type then id.
  std::string find_by_name, find_by_external_id, containers;
  // (rel_id, rel_type, source_ref, target_ref, created_by_ref, confidence).
  std::string edges_outgoing, edges_incoming, edges_both;
  // (type, count) of current versions, by type.
  std::string count_by_type;
};
const ReadSql& SqliteReadSql();    // ?1, is_current = 1
const ReadSql& PostgresReadSql();  // $1, is_current

// True if a (type, revoked, deprecated) lookup row passes `types` (empty =
// every type) and `options`; checked before the row's JSON is parsed.
bool KeepLookupRow(std::string_view type, bool revoked, bool deprecated, const std::vector<std::string>& types,
                   const LookupOptions& options);

// An ExportFilter read once for a Scan.
struct ScanPlan {
  std::optional<stix::TlpLevel> max_tlp;  // none: every marking
  int64_t modified_since = 0;             // version key lower bound
  std::vector<std::string> types;         // sorted, unique; empty = every type ("" matches none)
  // False if `object` is marked above max_tlp.
  bool Admits(const stix::Object& object) const;
};
// InvalidInput for an unknown TLP level.
Result<ScanPlan> PlanScan(const ExportFilter& filter);

}  // namespace rampart::store::internal
