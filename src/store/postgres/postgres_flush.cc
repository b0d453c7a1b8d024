// Sending a transaction's buffered rows: one COPY per table, objects first
// (the index tables reference them). Rows of versions demoted while still
// buffered are sent as history, without index rows.
#include <fmt/format.h>

#include "postgres/postgres_store.h"
#include "postgres/postgres_write.h"

namespace rampart::store::internal {
namespace {

void FoldedOrNull(CopyBuffer& buffer, std::string_view text) {
  std::optional<std::string> folded = FoldForSearch(text);
  if (folded) buffer.Field(*folded);
  else buffer.Null();
}

}  // namespace

Status PostgresStore::Flush() {
  if (!write_ || write_->object_rows.empty()) return absl::OkStatus();
  PgWriteState& state = *write_;
  CopyBuffer objects;
  for (const PgObjectRow& row : state.object_rows) {
    const stix::Object& o = row.object;
    objects.Field(row.pk).Field(o.id).Field(row.version_key).Field(o.modified).Field(o.type).Field(o.created);
    objects.Bool(o.revoked).Bool(o.deprecated).Field(o.name).Field(o.created_by_ref).Field(o.spec_version);
    objects.Bool(row.is_current).Field(o.json).EndRow();
  }
  RAMPART_RETURN_IF_ERROR(conn_->CopyIn(
      "objects (pk, id, version_key, modified, type, created, revoked, deprecated, name, created_by_ref, "
      "spec_version, is_current, json)",
      objects.data()));
  objects.clear();

  CopyBuffer names, externals, markings, edges, contents, search;
  for (const PgIndexRows& rows : state.index_rows) {
    if (!rows.live) continue;
    const stix::Object& o = state.object_rows[state.object_slots.at(rows.pk)].object;
    const IndexKeys& keys = rows.keys;
    for (const std::string& norm : keys.names) names.Field(norm).Field(o.type).Field(o.id).Field(rows.pk).EndRow();
    for (const auto& ext : keys.external_ids) {
      externals.Field(ext.norm).Field(ext.source_name).Field(ext.external_id).Field(o.id).Field(rows.pk).EndRow();
    }
    for (const std::string& ref : keys.marking_refs) markings.Field(ref).Field(o.id).Field(rows.pk).EndRow();
    if (keys.edge) {
      edges.Field(o.id).Field(keys.edge_type).Field(o.source_ref).Field(o.target_ref).Field(o.created_by_ref);
      edges.Field(o.confidence).Field(rows.pk).EndRow();
    }
    for (const std::string& member : keys.contained_refs) contents.Field(member).Field(o.id).Field(rows.pk).EndRow();
    if (keys.searchable) {
      search.Field(rows.pk).Field(o.id).Field(o.type).Field(o.name).Field(keys.aliases_text).Field(o.description);
      FoldedOrNull(search, o.name);
      FoldedOrNull(search, keys.aliases_text);
      FoldedOrNull(search, o.description);
      search.EndRow();
    }
  }
  RAMPART_RETURN_IF_ERROR(conn_->CopyIn("names (norm, type, id, obj)", names.data()));
  RAMPART_RETURN_IF_ERROR(
      conn_->CopyIn("external_ids (ext_norm, source_name, external_id, id, obj)", externals.data()));
  RAMPART_RETURN_IF_ERROR(conn_->CopyIn("markings (marking_ref, id, obj)", markings.data()));
  RAMPART_RETURN_IF_ERROR(conn_->CopyIn(
      "edges (rel_id, rel_type, source_ref, target_ref, created_by_ref, confidence, obj)", edges.data()));
  RAMPART_RETURN_IF_ERROR(conn_->CopyIn("contents (member, container, obj)", contents.data()));
  RAMPART_RETURN_IF_ERROR(conn_->CopyIn(
      "search (obj, id, type, name, aliases, description, name_folded, aliases_folded, description_folded)",
      search.data()));
  state.object_rows.clear();
  state.object_slots.clear();
  state.index_rows.clear();
  state.buffered_bytes = 0;
  return absl::OkStatus();
}

}  // namespace rampart::store::internal
