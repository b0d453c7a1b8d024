// Lookups. Each is one indexed query; rows are filtered on the flag columns
// before their JSON is parsed, so skipped rows cost no parse.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "put_rules.h"
#include "read_sql.h"
#include "rampart/stix/marking.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {
namespace {

constexpr std::string_view kScanAll =
    "SELECT json FROM objects WHERE is_current = 1 AND version_key >= ?1 AND (revoked = 0 OR ?2) "
    "ORDER BY type, id";
constexpr std::string_view kScanType =
    "SELECT json FROM objects WHERE is_current = 1 AND type = ?3 AND version_key >= ?1 AND (revoked = 0 OR ?2) "
    "ORDER BY id";

Result<stix::Object> ParseStored(std::string_view json, std::string_view db_path) {
  Result<stix::Object> object = stix::ParseObject(json);
  if (!object.ok()) {
    return Internal(fmt::format("database '{}': a stored object does not parse ({}); the file may be damaged",
                                db_path, std::string(object.status().message())));
  }
  return object;
}

// Runs a (json, type, revoked, deprecated) query bound to `key` and keeps
// the rows that pass `types` and `options`.
Result<std::vector<stix::Object>> CollectObjects(Db& db, std::string_view sql, std::string_view key,
                                                 const std::vector<std::string>& types,
                                                 const LookupOptions& options) {
  std::vector<stix::Object> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(sql));
  stmt.Bind(1, key);
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (!KeepLookupRow(stmt.Text(1), stmt.Int(2) != 0, stmt.Int(3) != 0, types, options)) continue;
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(stmt.Text(0), db.path()));
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace

Result<stix::Object> SqliteStore::Get(std::string_view id) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(SqliteReadSql().get_current));
  stmt.Bind(1, id);
  RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound(fmt::format("no object with id '{}'", id), ObjectContext(id));
  return ParseStored(stmt.Text(0), db_->path());
}

Result<std::vector<stix::Object>> SqliteStore::Versions(std::string_view id) {
  std::vector<stix::Object> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(SqliteReadSql().get_versions));
  stmt.Bind(1, id);
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(stmt.Text(0), db_->path()));
    out.push_back(std::move(object));
  }
  return out;
}

Result<std::vector<stix::Object>> SqliteStore::FindByName(std::string_view name,
                                                          const std::vector<std::string>& types,
                                                          const LookupOptions& options) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::string norm = NormalizeName(name);
  if (norm.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*db_, SqliteReadSql().find_by_name, norm, types, options);
}

Result<std::vector<stix::Object>> SqliteStore::FindByExternalId(std::string_view external_id,
                                                                const LookupOptions& options) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::string norm = ExternalIdKey(external_id);
  if (norm.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*db_, SqliteReadSql().find_by_external_id, norm, {}, options);
}

Result<std::vector<Edge>> SqliteStore::Edges(std::string_view id, Direction direction) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  const ReadSql& read = SqliteReadSql();
  const std::string& sql = direction == Direction::kOutgoing   ? read.edges_outgoing
                           : direction == Direction::kIncoming ? read.edges_incoming
                                                               : read.edges_both;
  std::vector<Edge> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
  stmt.Bind(1, id);
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Edge edge;
    edge.relationship_id = stmt.Text(0);
    edge.relationship_type = stmt.Text(1);
    edge.source_ref = stmt.Text(2);
    edge.target_ref = stmt.Text(3);
    edge.created_by_ref = stmt.Text(4);
    if (!stmt.IsNull(5)) edge.confidence = static_cast<int>(stmt.Int(5));
    out.push_back(std::move(edge));
  }
  return out;
}

Status SqliteStore::Scan(const ExportFilter& filter, absl::FunctionRef<Status(const stix::Object&)> fn) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  RAMPART_ASSIGN_OR_RETURN(ScanPlan plan, PlanScan(filter));
  auto run = [&](std::string_view sql, std::string_view type) -> Status {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
    stmt.Bind(1, plan.modified_since).Bind(2, int64_t{filter.include_revoked});
    if (!type.empty()) stmt.Bind(3, type);
    while (true) {
      RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return absl::OkStatus();
      RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(stmt.Text(0), db_->path()));
      if (plan.Admits(object)) RAMPART_RETURN_IF_ERROR(fn(object));
    }
  };
  if (plan.types.empty()) return run(kScanAll, {});
  for (const std::string& type : plan.types) {
    if (type.empty()) continue;
    RAMPART_RETURN_IF_ERROR(run(kScanType, type));
  }
  return absl::OkStatus();
}

Result<std::vector<stix::Object>> SqliteStore::Containers(std::string_view id) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  if (id.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*db_, SqliteReadSql().containers, id, {}, LookupOptions{});
}

Result<std::vector<TypeCount>> SqliteStore::CountByType() {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::vector<TypeCount> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(SqliteReadSql().count_by_type));
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(TypeCount{std::string(stmt.Text(0)), stmt.Int(1)});
  }
  return out;
}

}  // namespace rampart::store::internal
