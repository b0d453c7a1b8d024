// Lookups on PostgreSQL: the queries and row rules both backends share
// (read_sql.h), on libpq. Inside a write transaction every read first sends the
// buffered rows, so the transaction reads its own Puts.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "postgres/postgres_store.h"
#include "postgres/postgres_write.h"
#include "put_rules.h"
#include "read_sql.h"
#include "rampart/stix/marking.h"

namespace rampart::store::internal {
namespace {

// Scan pages by (type, id) so a callback may read the store between pages
// and memory stays bounded; $3/$4 are the last row of the previous page.
constexpr std::string_view kScanPage =
    "SELECT type, id, json FROM objects WHERE is_current AND version_key >= $1 AND (NOT revoked OR $2) "
    "AND ($5::text IS NULL OR type = $5) AND (type, id) > ($3, $4) ORDER BY type, id LIMIT 500";

Result<stix::Object> ParseStored(std::string_view json, const std::string& where) {
  Result<stix::Object> object = stix::ParseObject(json);
  if (!object.ok()) {
    return Internal(fmt::format("PostgreSQL '{}': a stored object does not parse ({})", where,
                                std::string(object.status().message())));
  }
  return object;
}

Result<std::vector<stix::Object>> CollectObjects(PgConn& conn, std::string_view sql, std::string_view key,
                                                 const std::vector<std::string>& types,
                                                 const LookupOptions& options) {
  std::vector<stix::Object> out;
  RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn.Query(sql, {key}));
  for (int row = 0; row < rows.Rows(); ++row) {
    if (!KeepLookupRow(rows.Text(row, 1), rows.Bool(row, 2), rows.Bool(row, 3), types, options)) continue;
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(rows.Text(row, 0), conn.where()));
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace

Result<stix::Object> PostgresStore::Get(std::string_view id) {
  // No flush: importers Get between Puts, and every buffered row's id is in
  // `ids`, so the buffer or the server answers alone.
  if (write_) {
    auto known = write_->ids.find(std::string(id));
    if (known != write_->ids.end() && known->second.current_key) {
      auto slot = write_->object_slots.find(known->second.current_pk);
      if (slot != write_->object_slots.end()) return write_->object_rows[slot->second].object;
    } else if (known == write_->ids.end() && write_->store_was_empty) {
      return NotFound(fmt::format("no object with id '{}'", id), ObjectContext(id));
    }
  }
  RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(PostgresReadSql().get_current, {id}));
  if (rows.Rows() == 0) return NotFound(fmt::format("no object with id '{}'", id), ObjectContext(id));
  return ParseStored(rows.Text(0, 0), conn_->where());
}

Result<std::vector<stix::Object>> PostgresStore::Versions(std::string_view id) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(PostgresReadSql().get_versions, {id}));
  std::vector<stix::Object> out;
  for (int row = 0; row < rows.Rows(); ++row) {
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(rows.Text(row, 0), conn_->where()));
    out.push_back(std::move(object));
  }
  return out;
}

Result<std::vector<stix::Object>> PostgresStore::FindByName(std::string_view name,
                                                            const std::vector<std::string>& types,
                                                            const LookupOptions& options) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  std::string norm = NormalizeName(name);
  if (norm.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*conn_, PostgresReadSql().find_by_name, norm, types, options);
}

Result<std::vector<stix::Object>> PostgresStore::FindByExternalId(std::string_view external_id,
                                                                  const LookupOptions& options) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  std::string norm = ExternalIdKey(external_id);
  if (norm.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*conn_, PostgresReadSql().find_by_external_id, norm, {}, options);
}

Result<std::vector<stix::Object>> PostgresStore::Containers(std::string_view id) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  if (id.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*conn_, PostgresReadSql().containers, id, {}, LookupOptions{});
}

Result<std::vector<Edge>> PostgresStore::Edges(std::string_view id, Direction direction) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  const ReadSql& read = PostgresReadSql();
  const std::string& sql = direction == Direction::kOutgoing   ? read.edges_outgoing
                           : direction == Direction::kIncoming ? read.edges_incoming
                                                               : read.edges_both;
  RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(sql, {id}));
  std::vector<Edge> out;
  for (int row = 0; row < rows.Rows(); ++row) {
    Edge edge;
    edge.relationship_id = rows.Text(row, 0);
    edge.relationship_type = rows.Text(row, 1);
    edge.source_ref = rows.Text(row, 2);
    edge.target_ref = rows.Text(row, 3);
    edge.created_by_ref = rows.Text(row, 4);
    if (!rows.IsNull(row, 5)) edge.confidence = static_cast<int>(rows.Int(row, 5));
    out.push_back(std::move(edge));
  }
  return out;
}

Result<std::vector<TypeCount>> PostgresStore::CountByType() {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(PostgresReadSql().count_by_type));
  std::vector<TypeCount> out;
  for (int row = 0; row < rows.Rows(); ++row) out.push_back(TypeCount{std::string(rows.Text(row, 0)), rows.Int(row, 1)});
  return out;
}

Status PostgresStore::Scan(const ExportFilter& filter, absl::FunctionRef<Status(const stix::Object&)> fn) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  RAMPART_ASSIGN_OR_RETURN(ScanPlan plan, PlanScan(filter));
  const std::string since = std::to_string(plan.modified_since);
  auto run = [&](const PgParam& type) -> Status {
    std::string last_type, last_id;
    while (true) {
      RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(kScanPage, {since, filter.include_revoked ? "t" : "f",
                                                                      last_type, last_id, type}));
      for (int row = 0; row < rows.Rows(); ++row) {
        RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(rows.Text(row, 2), conn_->where()));
        if (plan.Admits(object)) RAMPART_RETURN_IF_ERROR(fn(object));
      }
      if (rows.Rows() < 500) return absl::OkStatus();
      last_type = rows.Text(rows.Rows() - 1, 0);
      last_id = rows.Text(rows.Rows() - 1, 1);
    }
  };
  auto scan_all = [&]() -> Status {
    if (plan.types.empty()) return run(std::nullopt);
    for (const std::string& type : plan.types) {
      if (!type.empty()) RAMPART_RETURN_IF_ERROR(run(type));
    }
    return absl::OkStatus();
  };
  // Outside a write transaction the pages share one snapshot, so a scan
  // never mixes two commits.
  if (write_ || in_snapshot_) return scan_all();
  RAMPART_RETURN_IF_ERROR(conn_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  in_snapshot_ = true;
  Status status = scan_all();
  in_snapshot_ = false;
  Status end = conn_->Exec(status.ok() ? "COMMIT" : "ROLLBACK");
  return status.ok() ? end : status;
}

}  // namespace rampart::store::internal
