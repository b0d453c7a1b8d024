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

// Opens (creating if needed) the store at `location`. The schema is created or
// migrated on open. IoError naming the path (or the PostgreSQL server,
// without its password) if it cannot be opened; InvalidInput for an unknown
// scheme.
Result<std::unique_ptr<Store>> OpenStore(std::string_view location);

// `flag_value` if non-empty, else $RAMPART_DB if set, else "rampart.db".
std::string DefaultStoreLocation(std::string_view flag_value);

}  // namespace rampart::store
