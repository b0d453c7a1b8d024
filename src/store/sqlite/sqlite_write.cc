// Put: one lookup of the id's versions, the shared outcome rules
// (put_rules.h), then plain inserts. Every check that input can fail happens
// before the first write, so a refused Put leaves nothing behind without the
// cost of a savepoint per object.
//
// Speed: no statement here may need a statement journal (no RETURNING, no
// OR REPLACE: both make SQLite open a statement savepoint), because every
// statement savepoint makes FTS5 flush its pending terms into a new segment,
// which multiplied the import time by ~5.
#include <chrono>
#include <fmt/format.h>
#include <sqlite3.h>

#include "put_rules.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {
namespace {

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::string_view kSelectVersions =
    "SELECT pk, version_key, is_current, CASE WHEN version_key = ?2 THEN json END "
    "FROM objects WHERE id = ?1";
constexpr std::string_view kInsertObject =
    "INSERT INTO objects (id, version_key, modified, type, created, revoked, deprecated, name, "
    "created_by_ref, spec_version, is_current, json, added) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr std::string_view kDemote = "UPDATE objects SET is_current = 0 WHERE pk = ?1";
constexpr std::string_view kInsertName = "INSERT OR IGNORE INTO names (norm, type, id, obj) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kInsertExternalId =
    "INSERT OR IGNORE INTO external_ids (ext_norm, source_name, external_id, id, obj) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kInsertMarking =
    "INSERT OR IGNORE INTO markings (marking_ref, id, obj) VALUES (?1, ?2, ?3)";
constexpr std::string_view kInsertEdge =
    "INSERT INTO edges (rel_id, rel_type, source_ref, target_ref, created_by_ref, confidence, obj) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kInsertSearch =
    "INSERT INTO search (rowid, id, type, name, aliases, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kInsertContent =
    "INSERT OR IGNORE INTO contents (member, container, obj) VALUES (?1, ?2, ?3)";
constexpr std::string_view kDeleteContents = "DELETE FROM contents WHERE obj = ?1";
constexpr std::string_view kDeleteNames = "DELETE FROM names WHERE obj = ?1";
constexpr std::string_view kDeleteExternalIds = "DELETE FROM external_ids WHERE obj = ?1";
constexpr std::string_view kDeleteMarkings = "DELETE FROM markings WHERE obj = ?1";
constexpr std::string_view kDeleteEdges = "DELETE FROM edges WHERE rel_id = ?2";
constexpr std::string_view kDeleteSearch = "DELETE FROM search WHERE rowid = ?1";

}  // namespace

Result<PutOutcome> SqliteStore::PutCurrent(const stix::Object& object) {
  RAMPART_ASSIGN_OR_RETURN(int64_t version_key, VersionKey(object));
  if (bulk_) return PutBulk(object, version_key);

  StoredVersions stored;
  int64_t current_pk = 0;
  {
    RAMPART_ASSIGN_OR_RETURN(Stmt select, db_->Prepare(kSelectVersions));
    select.Bind(1, object.id).Bind(2, version_key);
    while (true) {
      RAMPART_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      if (select.Int(2) != 0) {
        stored.current_version_key = select.Int(1);
        current_pk = select.Int(0);
      }
      if (!select.IsNull(3)) stored.same_version_json = std::string(select.Text(3));
    }
  }
  RAMPART_ASSIGN_OR_RETURN(PutOutcome outcome, DecidePut(object, version_key, stored));
  if (outcome == PutOutcome::kUnchanged) return outcome;

  const bool becomes_current = outcome != PutOutcome::kHistory;
  if (outcome == PutOutcome::kNewVersion) {
    RAMPART_ASSIGN_OR_RETURN(Stmt demote, db_->Prepare(kDemote));
    RAMPART_RETURN_IF_ERROR(demote.Bind(1, current_pk).Run());
    RAMPART_RETURN_IF_ERROR(DeleteIndexRows(current_pk, object.id));
  }
  RAMPART_ASSIGN_OR_RETURN(int64_t pk, InsertObjectRow(object, version_key, becomes_current));
  if (becomes_current) RAMPART_RETURN_IF_ERROR(WriteIndexRows(MakeIndexRows(object, pk)));
  return outcome;
}

Result<int64_t> SqliteStore::InsertObjectRow(const stix::Object& object, int64_t version_key, bool current) {
  RAMPART_ASSIGN_OR_RETURN(Stmt insert, db_->Prepare(kInsertObject));
  insert.Bind(1, object.id)
      .Bind(2, version_key)
      .Bind(3, object.modified)
      .Bind(4, object.type)
      .Bind(5, object.created)
      .Bind(6, int64_t{object.revoked})
      .Bind(7, int64_t{object.deprecated})
      .Bind(8, object.name)
      .Bind(9, object.created_by_ref)
      .Bind(10, object.spec_version)
      .Bind(11, int64_t{current})
      .Bind(12, object.json)
      .Bind(13, NowUs());
  RAMPART_RETURN_IF_ERROR(insert.Run());
  return sqlite3_last_insert_rowid(db_->raw());
}

IndexRows MakeIndexRows(const stix::Object& object, int64_t pk, bool with_text) {
  IndexRows rows;
  rows.pk = pk;
  rows.id = object.id;
  rows.type = object.type;
  rows.keys = ComputeIndexKeys(object);
  rows.created_by_ref = object.created_by_ref;
  if (rows.keys.edge) {
    rows.source_ref = object.source_ref;
    rows.target_ref = object.target_ref;
    rows.confidence = object.confidence;
  }
  if (rows.keys.searchable && with_text) {
    rows.name = object.name;
    rows.description = object.description;
  }
  return rows;
}

Status InsertName(Db& db, const IndexRows& rows, std::string_view norm) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kInsertName));
  return stmt.Bind(1, norm).Bind(2, rows.type).Bind(3, rows.id).Bind(4, rows.pk).Run();
}

Status InsertExternalId(Db& db, const IndexRows& rows, const IndexKeys::ExternalKey& ext) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kInsertExternalId));
  return stmt.Bind(1, ext.norm)
      .Bind(2, ext.source_name)
      .Bind(3, ext.external_id)
      .Bind(4, rows.id)
      .Bind(5, rows.pk)
      .Run();
}

Status InsertMarking(Db& db, const IndexRows& rows, std::string_view ref) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kInsertMarking));
  return stmt.Bind(1, ref).Bind(2, rows.id).Bind(3, rows.pk).Run();
}

Status InsertEdge(Db& db, const IndexRows& rows) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kInsertEdge));
  return stmt.Bind(1, rows.id)
      .Bind(2, rows.keys.edge_type)
      .Bind(3, rows.source_ref)
      .Bind(4, rows.target_ref)
      .Bind(5, rows.created_by_ref)
      .Bind(6, rows.confidence)
      .Bind(7, rows.pk)
      .Run();
}

Status InsertContent(Db& db, const IndexRows& rows, std::string_view member) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kInsertContent));
  return stmt.Bind(1, member).Bind(2, rows.id).Bind(3, rows.pk).Run();
}

Status InsertSearch(Db& db, int64_t pk, std::string_view id, std::string_view type, std::string_view name,
                    std::string_view aliases, std::string_view description) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kInsertSearch));
  return stmt.Bind(1, pk).Bind(2, id).Bind(3, type).Bind(4, name).Bind(5, aliases).Bind(6, description).Run();
}

Status SqliteStore::WriteIndexRows(const IndexRows& rows) {
  for (const std::string& norm : rows.keys.names) RAMPART_RETURN_IF_ERROR(InsertName(*db_, rows, norm));
  for (const auto& ext : rows.keys.external_ids) RAMPART_RETURN_IF_ERROR(InsertExternalId(*db_, rows, ext));
  for (const std::string& ref : rows.keys.marking_refs) RAMPART_RETURN_IF_ERROR(InsertMarking(*db_, rows, ref));
  if (rows.keys.edge) RAMPART_RETURN_IF_ERROR(InsertEdge(*db_, rows));
  for (const std::string& member : rows.keys.contained_refs) {
    RAMPART_RETURN_IF_ERROR(InsertContent(*db_, rows, member));
  }
  if (rows.keys.searchable) {
    RAMPART_RETURN_IF_ERROR(
        InsertSearch(*db_, rows.pk, rows.id, rows.type, rows.name, rows.keys.aliases_text, rows.description));
  }
  return absl::OkStatus();
}

Status SqliteStore::DeleteIndexRows(int64_t pk, std::string_view id) {
  // The search row may be absent (revoked or text-less objects); deleting a
  // missing rowid from FTS5 is a no-op.
  for (std::string_view sql : {kDeleteNames, kDeleteExternalIds, kDeleteMarkings, kDeleteEdges, kDeleteSearch,
                               kDeleteContents}) {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
    stmt.Bind(1, pk);
    if (sql == kDeleteEdges) stmt.Bind(2, id);
    RAMPART_RETURN_IF_ERROR(stmt.Run());
  }
  return absl::OkStatus();
}

}  // namespace rampart::store::internal
