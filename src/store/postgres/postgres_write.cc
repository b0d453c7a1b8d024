// Put on PostgreSQL: the shared outcome rules on what the transaction knows
// of the id, then rows into the COPY buffer (postgres_write.h).
//
// Why COPY: one INSERT per row costs a round trip each (ATT&CK: ~25k objects
// and ~150k index rows); COPY streams them, and the server computes the
// full-text vectors while it reads.
#include <fmt/format.h>

#include "postgres/postgres_store.h"
#include "postgres/postgres_write.h"

namespace rampart::store::internal {
namespace {

constexpr std::string_view kSelectVersions =
    "SELECT pk, version_key, is_current FROM objects WHERE id = $1";
constexpr std::string_view kSelectJson = "SELECT json FROM objects WHERE pk = $1";
constexpr std::string_view kDemote =
    "WITH d AS (UPDATE objects SET is_current = false WHERE pk = $1 RETURNING pk), "
    "n AS (DELETE FROM names WHERE obj = $1), e AS (DELETE FROM external_ids WHERE obj = $1), "
    "m AS (DELETE FROM markings WHERE obj = $1), g AS (DELETE FROM edges WHERE obj = $1), "
    "c AS (DELETE FROM contents WHERE obj = $1), s AS (DELETE FROM search WHERE obj = $1) "
    "SELECT count(*) FROM d";
constexpr int kPkBlock = 1000;

}  // namespace

Result<int64_t> PostgresStore::NextPk() {
  std::vector<int64_t>& free = write_->free_pks;
  if (free.empty()) {
    RAMPART_ASSIGN_OR_RETURN(
        PgResult block,
        conn_->Query(fmt::format("SELECT nextval('objects_pk_seq') FROM generate_series(1, {})", kPkBlock)));
    for (int row = block.Rows() - 1; row >= 0; --row) free.push_back(block.Int(row, 0));
    if (free.empty()) return Internal("objects_pk_seq returned no value");
  }
  int64_t pk = free.back();
  free.pop_back();
  return pk;
}

Status PostgresStore::DemoteStored(int64_t pk) {
  RAMPART_ASSIGN_OR_RETURN(PgResult result, conn_->Query(kDemote, {std::to_string(pk)}));
  (void)result;
  return absl::OkStatus();
}

Result<PutOutcome> PostgresStore::PutCurrent(const stix::Object& object) {
  RAMPART_ASSIGN_OR_RETURN(int64_t version_key, VersionKey(object));
  PgWriteState& state = *write_;
  auto found = state.ids.find(object.id);
  PgWriteState::Known fetched;
  if (found == state.ids.end() && !state.store_was_empty) {
    RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(kSelectVersions, {object.id}));
    for (int row = 0; row < rows.Rows(); ++row) {
      fetched.versions.push_back({rows.Int(row, 1), rows.Int(row, 0)});
      if (rows.Bool(row, 2)) {
        fetched.current_key = rows.Int(row, 1);
        fetched.current_pk = rows.Int(row, 0);
      }
    }
  }
  const PgWriteState::Known& known = found != state.ids.end() ? found->second : fetched;

  StoredVersions stored;
  stored.current_version_key = known.current_key;
  for (const PgWriteState::Version& version : known.versions) {
    if (version.version_key != version_key) continue;
    auto slot = state.object_slots.find(version.pk);
    if (slot != state.object_slots.end()) {
      stored.same_version_json = state.object_rows[slot->second].object.json;
    } else {
      RAMPART_ASSIGN_OR_RETURN(PgResult json, conn_->Query(kSelectJson, {std::to_string(version.pk)}));
      if (json.Rows() > 0) stored.same_version_json = std::string(json.Text(0, 0));
    }
    break;
  }
  RAMPART_ASSIGN_OR_RETURN(PutOutcome outcome, DecidePut(object, version_key, stored));
  if (outcome == PutOutcome::kUnchanged) return outcome;

  const bool becomes_current = outcome != PutOutcome::kHistory;
  if (outcome == PutOutcome::kNewVersion) {
    auto slot = state.object_slots.find(known.current_pk);
    if (slot != state.object_slots.end()) {
      PgObjectRow& demoted = state.object_rows[slot->second];
      demoted.is_current = false;
      if (demoted.index_slot >= 0) state.index_rows[static_cast<size_t>(demoted.index_slot)].live = false;
    } else {
      RAMPART_RETURN_IF_ERROR(DemoteStored(known.current_pk));
    }
  }
  RAMPART_ASSIGN_OR_RETURN(int64_t pk, NextPk());
  PgWriteState::Known& entry = found != state.ids.end() ? found->second : (state.ids[object.id] = fetched);
  entry.versions.push_back({version_key, pk});
  state.object_slots[pk] = state.object_rows.size();
  PgObjectRow& row = state.object_rows.emplace_back();
  row.pk = pk;
  row.version_key = version_key;
  row.is_current = becomes_current;
  row.object = object;
  state.buffered_bytes += object.json.size();
  if (becomes_current) {
    entry.current_key = version_key;
    entry.current_pk = pk;
    row.index_slot = static_cast<int>(state.index_rows.size());
    state.index_rows.push_back({pk, ComputeIndexKeys(object), true});
  }
  if (state.buffered_bytes >= options_.flush_bytes) RAMPART_RETURN_IF_ERROR(Flush());
  return outcome;
}

}  // namespace rampart::store::internal
