// Bulk loading into an empty SQLite store (docs/design/store.md, "Loading an
// empty store").
//
// When a write transaction begins on a store that holds no object, the
// secondary indexes are dropped (inside the transaction, so a rollback brings
// them back), each Put writes only its `objects` row, and the index rows of
// current versions are kept in memory (all but the full-text row, which
// FTS5 buffers itself and which arrives in rowid order anyway). Before the first read that needs them
// (or at Commit) they are written sorted by each table's key and the
// secondary indexes are recreated from their saved definitions. The stored
// result is the same as Put-by-Put; only the order of B-tree inserts
// differs (appends fill pages instead of splitting them at random).
//
// Version decisions need no query: the store was empty, so every stored
// version of an id is one this transaction put, and `versions` lists them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "put_rules.h"
#include "rampart/stix/object.h"
#include "sqlite/sqlite_db.h"

namespace rampart::store::internal {

// Everything the index tables hold for one current version.
struct IndexRows {
  int64_t pk = 0;
  std::string id;
  std::string type;
  std::string name;
  std::string description;
  std::string source_ref;
  std::string target_ref;
  std::string created_by_ref;
  std::optional<int> confidence;
  IndexKeys keys;
  bool live = true;  // false once a newer version demoted it
};

// `with_text`: copy name and description (the full-text row's columns);
// bulk loading writes the full-text row at once and leaves them out.
IndexRows MakeIndexRows(const stix::Object& object, int64_t pk, bool with_text = true);

// One row of each index table (sqlite_write.cc); Put and the bulk flush
// write through these, so both store the same rows.
Status InsertName(Db& db, const IndexRows& rows, std::string_view norm);
Status InsertExternalId(Db& db, const IndexRows& rows, const IndexKeys::ExternalKey& ext);
Status InsertMarking(Db& db, const IndexRows& rows, std::string_view ref);
Status InsertEdge(Db& db, const IndexRows& rows);
Status InsertContent(Db& db, const IndexRows& rows, std::string_view member);
Status InsertSearch(Db& db, int64_t pk, std::string_view id, std::string_view type, std::string_view name,
                    std::string_view aliases, std::string_view description);

struct BulkState {
  struct Version {
    int64_t version_key = 0;
    int64_t pk = 0;
  };
  struct Known {
    std::vector<Version> versions;
    std::optional<int64_t> current_key;
    int64_t current_pk = 0;
    size_t current_slot = 0;  // in `pending`
  };
  std::unordered_map<std::string, Known> ids;
  std::vector<IndexRows> pending;
  // (name, CREATE INDEX statement) of the indexes dropped at the start.
  std::vector<std::pair<std::string, std::string>> dropped_indexes;
};

}  // namespace rampart::store::internal
