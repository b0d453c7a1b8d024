// The SQLite schema as an ordered list of migrations. Migration N takes a
// database from schema_version N-1 to N; a new version of the schema appends
// one, never edits an old one. docs/formats/database.md describes the result.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace rampart::store::internal {

// "RMPT": PRAGMA application_id of a rampart database.
inline constexpr int32_t kSqliteApplicationId = 0x524D5054;

struct Migration {
  int version;           // schema_version after it ran
  std::string_view sql;  // statements run in one transaction
};

// Every migration, oldest first; the last one's version is the current schema.
const std::vector<Migration>& SqliteMigrations();

}  // namespace rampart::store::internal
