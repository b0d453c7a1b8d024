// The ListAdded query (TAXII paging), built once for every backend: the SQL
// text and its parameters in order. Both backends have the same `objects`
// columns (pk, id, type, created, modified, json, version_key, is_current,
// added); only the placeholder spelling differs (SQLite ?N, PostgreSQL $N).
// Every value is a parameter, never spliced into the text.
//
// Thread-safe; stateless.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "rampart/store/store.h"

namespace rampart::store::internal {

struct AddedSql {
  // Selects id, type, created, modified, json, added, pk, name, ordered by
  // (added, pk), at most `query.limit` rows (1 if limit <= 0).
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> params;  // for placeholders 1..n
};

// `placeholder` is '?' (SQLite) or '$' (PostgreSQL).
AddedSql BuildAddedSql(const AddedQuery& query, char placeholder);

// The row of a ListAdded result in the column order above; the object is
// not parsed (id, type, name, created, modified and json only).
AddedVersion MakeAddedVersion(std::string_view id, std::string_view type, std::string_view created,
                              std::string_view modified, std::string_view json, int64_t added, int64_t seq,
                              std::string_view name);

}  // namespace rampart::store::internal
