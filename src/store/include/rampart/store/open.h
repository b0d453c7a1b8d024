// Opening a store by location.
//
//   "rampart.db", "sqlite:/path/kb.db", "sqlite::memory:"  -> SQLite (default)
//   "postgresql://user@host:port/db", "postgres://..."    -> PostgreSQL (libpq
//       connection URI; ?options=-csearch_path%3Dname picks the schema)
//
// DefaultStoreLocation(): --db if given, else $RAMPART_DB, else "./rampart.db".
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "rampart/core/status.h"
#include "rampart/store/store.h"

namespace rampart::store {

// How a store is opened.
//   kReadWrite: created if missing; the schema is created or migrated.
//   kReadOnly:  for commands that only read. The store must exist (NotFound
//               "no knowledge base at 'PATH'" otherwise, and nothing is
//               created); nothing is ever written, so a read-only file or
//               folder works. A store whose schema is older than this rampart
//               is refused (InvalidInput: open it read-write once to migrate).
//               Begin() fails on such a store. (PostgreSQL: the server decides
//               what the role may do; the schema must exist.)
enum class OpenMode { kReadWrite, kReadOnly };

// Opens the store at `location` in `mode`: a SQLite file (PATH, sqlite:PATH)
// or a PostgreSQL database (postgresql://..., postgres://...). IoError naming
// the path (or the PostgreSQL server, without its password) if it cannot be
// opened; InvalidInput for an unknown scheme.
Result<std::unique_ptr<Store>> OpenStore(std::string_view location, OpenMode mode = OpenMode::kReadWrite);

// `flag_value` if non-empty, else $RAMPART_DB if set, else "rampart.db".
std::string DefaultStoreLocation(std::string_view flag_value);

}  // namespace rampart::store
