// Store backends by location scheme. A new backend is one branch here and a
// folder beside sqlite/.
#include "rampart/store/open.h"

#include <cstdlib>

#include <fmt/format.h>

#include "postgres/postgres_store.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view location, OpenMode mode) {
  if (location.empty()) return InvalidInput("empty store location (give a path, sqlite:PATH or sqlite::memory:)");
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<internal::PostgresStore> store,
                             internal::PostgresStore::Open(std::string(location)));
    return std::unique_ptr<Store>(std::move(store));
  }
  std::string_view path = location;
  if (location.starts_with("sqlite:")) {
    path = location.substr(7);
    if (path.empty()) return InvalidInput(fmt::format("'{}': missing path after 'sqlite:'", location));
  } else {
    size_t scheme = location.find("://");
    if (scheme != std::string_view::npos && scheme > 0 &&
        location.find_first_of("/\\") == scheme + 1) {
      return InvalidInput(fmt::format("cannot open '{}': unknown store scheme '{}' (expected a path, "
                                      "sqlite:PATH, sqlite::memory: or postgresql://...)",
                                      location, location.substr(0, scheme)));
    }
  }
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<internal::SqliteStore> store,
                           internal::SqliteStore::Open(std::string(path), {.read_only = mode == OpenMode::kReadOnly}));
  return std::unique_ptr<Store>(std::move(store));
}

std::string DefaultStoreLocation(std::string_view flag_value) {
  if (!flag_value.empty()) return std::string(flag_value);
  const char* env = std::getenv("RAMPART_DB");
  if (env != nullptr && env[0] != '\0') return env;
  return "rampart.db";
}

}  // namespace rampart::store
