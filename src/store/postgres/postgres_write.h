// What an open PostgreSQL write transaction holds in memory.
//
// Puts are decided on the client (put_rules.h) and their rows buffered;
// Flush() sends them with one COPY per table. The transaction holds the
// store's write lock, so what it learnt about an id stays true until it
// ends: each id is looked up in the database at most once (never, if the
// store was empty at Begin), later Puts of it use `ids`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "put_rules.h"
#include "rampart/stix/object.h"

namespace rampart::store::internal {

struct PgObjectRow {
  int64_t pk = 0;
  int64_t version_key = 0;
  bool is_current = false;
  int index_slot = -1;  // in PgWriteState::index_rows while current
  stix::Object object;
};

struct PgIndexRows {
  int64_t pk = 0;  // the PgObjectRow it belongs to
  IndexKeys keys;
  bool live = true;  // false once a newer version demoted it
};

struct PgWriteState {
  struct Version {
    int64_t version_key = 0;
    int64_t pk = 0;
  };
  struct Known {
    std::vector<Version> versions;
    std::optional<int64_t> current_key;
    int64_t current_pk = 0;
  };
  bool store_was_empty = false;
  std::unordered_map<std::string, Known> ids;
  // Not yet sent; object_slots maps pk -> index in object_rows.
  std::vector<PgObjectRow> object_rows;
  std::unordered_map<int64_t, size_t> object_slots;
  std::vector<PgIndexRows> index_rows;
  size_t buffered_bytes = 0;
  // Primary keys reserved from objects_pk_seq and not used yet.
  std::vector<int64_t> free_pks;
};

}  // namespace rampart::store::internal
