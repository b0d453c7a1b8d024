// Put: one lookup of the id's versions, the shared outcome rules
// (put_rules.h), then plain inserts. Every check that input can fail happens
// before the first write, so a refused Put leaves nothing behind without the
// cost of a savepoint per object.
//
// Speed: no statement here may need a statement journal (no RETURNING, no
// OR REPLACE: both make SQLite open a statement savepoint), because every
// statement savepoint makes FTS5 flush its pending terms into a new segment,
// which multiplied the import time by ~5.
#include <fmt/format.h>
#include <sqlite3.h>

#include "put_rules.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {
namespace {

constexpr std::string_view kSelectVersions =
    "SELECT pk, version_key, is_current, CASE WHEN version_key = ?2 THEN json END "
    "FROM objects WHERE id = ?1";
constexpr std::string_view kInsertObject =
    "INSERT INTO objects (id, version_key, modified, type, created, revoked, deprecated, name, "
    "created_by_ref, spec_version, is_current, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
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

  int64_t pk = 0;
  {
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
        .Bind(11, int64_t{becomes_current})
        .Bind(12, object.json);
    RAMPART_RETURN_IF_ERROR(insert.Run());
    pk = sqlite3_last_insert_rowid(db_->raw());
  }
  if (becomes_current) RAMPART_RETURN_IF_ERROR(WriteIndexRows(object, pk));
  return outcome;
}

Status SqliteStore::WriteIndexRows(const stix::Object& object, int64_t pk) {
  IndexKeys keys = ComputeIndexKeys(object);
  for (const std::string& norm : keys.names) {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertName));
    RAMPART_RETURN_IF_ERROR(stmt.Bind(1, norm).Bind(2, object.type).Bind(3, object.id).Bind(4, pk).Run());
  }
  for (const IndexKeys::ExternalKey& ext : keys.external_ids) {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertExternalId));
    RAMPART_RETURN_IF_ERROR(stmt.Bind(1, ext.norm)
                                .Bind(2, ext.source_name)
                                .Bind(3, ext.external_id)
                                .Bind(4, object.id)
                                .Bind(5, pk)
                                .Run());
  }
  for (const std::string& ref : keys.marking_refs) {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertMarking));
    RAMPART_RETURN_IF_ERROR(stmt.Bind(1, ref).Bind(2, object.id).Bind(3, pk).Run());
  }
  if (keys.edge) {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertEdge));
    RAMPART_RETURN_IF_ERROR(stmt.Bind(1, object.id)
                                .Bind(2, keys.edge_type)
                                .Bind(3, object.source_ref)
                                .Bind(4, object.target_ref)
                                .Bind(5, object.created_by_ref)
                                .Bind(6, object.confidence)
                                .Bind(7, pk)
                                .Run());
  }
  for (const std::string& member : keys.contained_refs) {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertContent));
    RAMPART_RETURN_IF_ERROR(stmt.Bind(1, member).Bind(2, object.id).Bind(3, pk).Run());
  }
  if (keys.searchable) {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kInsertSearch));
    RAMPART_RETURN_IF_ERROR(stmt.Bind(1, pk)
                                .Bind(2, object.id)
                                .Bind(3, object.type)
                                .Bind(4, object.name)
                                .Bind(5, keys.aliases_text)
                                .Bind(6, object.description)
                                .Run());
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
