// Bulk loading of an empty store (sqlite_bulk.h).
//
// Why: an ATT&CK import into a fresh store spent most of its store time in
// B-tree inserts at random positions of the index tables (keys are random
// UUID text) and of their secondary indexes, each splitting half-full pages.
// Sorted inserts append at the right edge of each B-tree and CREATE INDEX
// sorts once, so the same rows cost a fraction of the CPU and fewer pages.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {
namespace {

// Every table whose secondary indexes are rebuilt after a bulk load. The
// implicit indexes of PRIMARY KEY / UNIQUE constraints (sql IS NULL) stay.
constexpr std::string_view kBulkIndexes =
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
    "('objects', 'names', 'external_ids', 'markings', 'edges', 'contents') ORDER BY name";
constexpr std::string_view kSelectJsonByPk = "SELECT json FROM objects WHERE pk = ?1";
constexpr std::string_view kDemote = "UPDATE objects SET is_current = 0 WHERE pk = ?1";
constexpr std::string_view kDeleteSearch = "DELETE FROM search WHERE rowid = ?1";

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// (key, row) pairs sorted by key; `key` views into the rows.
template <typename Key>
using Keyed = std::vector<std::pair<Key, const IndexRows*>>;

template <typename Key>
void SortByKey(Keyed<Key>& rows) {
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

}  // namespace

Status SqliteStore::StartBulk() {
  auto bulk = std::make_unique<BulkState>();
  {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kBulkIndexes));
    while (true) {
      RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      bulk->dropped_indexes.emplace_back(std::string(stmt.Text(0)), std::string(stmt.Text(1)));
    }
  }
  for (const auto& [name, sql] : bulk->dropped_indexes) {
    RAMPART_RETURN_IF_ERROR(db_->Exec(fmt::format("DROP INDEX {}", QuoteIdentifier(name))));
  }
  bulk_ = std::move(bulk);
  return absl::OkStatus();
}

Result<PutOutcome> SqliteStore::PutBulk(const stix::Object& object, int64_t version_key) {
  BulkState& bulk = *bulk_;
  StoredVersions stored;
  auto known = bulk.ids.find(object.id);
  if (known != bulk.ids.end()) {
    stored.current_version_key = known->second.current_key;
    for (const BulkState::Version& version : known->second.versions) {
      if (version.version_key != version_key) continue;
      RAMPART_ASSIGN_OR_RETURN(Stmt select, db_->Prepare(kSelectJsonByPk));
      select.Bind(1, version.pk);
      RAMPART_ASSIGN_OR_RETURN(bool row, select.Step());
      if (row) stored.same_version_json = std::string(select.Text(0));
      break;
    }
  }
  RAMPART_ASSIGN_OR_RETURN(PutOutcome outcome, DecidePut(object, version_key, stored));
  if (outcome == PutOutcome::kUnchanged) return outcome;

  const bool becomes_current = outcome != PutOutcome::kHistory;
  if (outcome == PutOutcome::kNewVersion) {
    RAMPART_ASSIGN_OR_RETURN(Stmt demote, db_->Prepare(kDemote));
    RAMPART_RETURN_IF_ERROR(demote.Bind(1, known->second.current_pk).Run());
    IndexRows& demoted = bulk.pending[known->second.current_slot];
    demoted.live = false;
    if (demoted.keys.searchable) {
      RAMPART_ASSIGN_OR_RETURN(Stmt unsearch, db_->Prepare(kDeleteSearch));
      RAMPART_RETURN_IF_ERROR(unsearch.Bind(1, demoted.pk).Run());
    }
  }
  RAMPART_ASSIGN_OR_RETURN(int64_t pk, InsertObjectRow(object, version_key, becomes_current));
  BulkState::Known& entry = known != bulk.ids.end() ? known->second : bulk.ids[object.id];
  entry.versions.push_back({version_key, pk});
  if (becomes_current) {
    entry.current_key = version_key;
    entry.current_pk = pk;
    entry.current_slot = bulk.pending.size();
    bulk.pending.push_back(MakeIndexRows(object, pk, /*with_text=*/false));
    const IndexRows& rows = bulk.pending.back();
    if (rows.keys.searchable) {
      RAMPART_RETURN_IF_ERROR(
          InsertSearch(*db_, pk, object.id, object.type, object.name, rows.keys.aliases_text, object.description));
    }
  }
  return outcome;
}

Status SqliteStore::FinishBulk() {
  // Bulk mode ends here whatever happens; on error the caller rolls back.
  std::unique_ptr<BulkState> bulk = std::move(bulk_);
  if (!bulk) return absl::OkStatus();
  Db& db = *db_;

  using Triple = std::tuple<std::string_view, std::string_view, std::string_view>;
  using Pair = std::pair<std::string_view, std::string_view>;
  Keyed<Triple> names;
  Keyed<Pair> markings, contents;
  Keyed<std::string_view> edges;
  for (const IndexRows& rows : bulk->pending) {
    if (!rows.live) continue;
    for (const std::string& norm : rows.keys.names) names.push_back({Triple(norm, rows.type, rows.id), &rows});
    for (const std::string& ref : rows.keys.marking_refs) markings.push_back({Pair(ref, rows.id), &rows});
    for (const std::string& member : rows.keys.contained_refs) contents.push_back({Pair(member, rows.id), &rows});
    if (rows.keys.edge) edges.push_back({rows.id, &rows});
  }
  SortByKey(names);
  SortByKey(markings);
  SortByKey(contents);
  SortByKey(edges);
  for (const auto& [key, rows] : names) RAMPART_RETURN_IF_ERROR(InsertName(db, *rows, std::get<0>(key)));
  for (const auto& [key, rows] : markings) RAMPART_RETURN_IF_ERROR(InsertMarking(db, *rows, key.first));
  for (const auto& [key, rows] : contents) RAMPART_RETURN_IF_ERROR(InsertContent(db, *rows, key.first));
  for (const auto& [key, rows] : edges) RAMPART_RETURN_IF_ERROR(InsertEdge(db, *rows));

  // External ids: keyed (ext_norm, id, source_name); few per object.
  std::vector<std::pair<Triple, std::pair<const IndexRows*, const IndexKeys::ExternalKey*>>> externals;
  for (const IndexRows& rows : bulk->pending) {
    if (!rows.live) continue;
    for (const auto& ext : rows.keys.external_ids) {
      externals.push_back({Triple(ext.norm, rows.id, ext.source_name), {&rows, &ext}});
    }
  }
  std::sort(externals.begin(), externals.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, row] : externals) RAMPART_RETURN_IF_ERROR(InsertExternalId(db, *row.first, *row.second));

  for (const auto& [name, sql] : bulk->dropped_indexes) RAMPART_RETURN_IF_ERROR(db.Exec(sql));
  return absl::OkStatus();
}

Status SqliteStore::FlushBulk() {
  if (!bulk_) return absl::OkStatus();
  Status status = FinishBulk();
  if (!status.ok() && open_transaction_ != nullptr && open_transaction_->broken_.ok()) {
    open_transaction_->broken_ = status;
  }
  return status;
}

}  // namespace rampart::store::internal
