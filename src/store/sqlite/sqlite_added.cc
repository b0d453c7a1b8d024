// ListAdded: versions in the order they were stored, for TAXII paging. Rows
// are not parsed into the object model: a page of 100 ATT&CK objects is
// ~340 KB of JSON that the server only copies. The query is the shared one
// (added_sql.h); Db caches one prepared statement per distinct shape.
#include <variant>

#include <fmt/format.h>

#include "added_sql.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {

Result<std::vector<AddedVersion>> SqliteStore::ListAdded(const AddedQuery& query) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());
  const AddedSql built = BuildAddedSql(query, '?');
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(built.sql));
  int index = 1;
  for (const auto& param : built.params) {
    std::visit([&](const auto& value) { stmt.Bind(index++, value); }, param);
  }
  std::vector<AddedVersion> out;
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(MakeAddedVersion(stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4), stmt.Int(5),
                                   stmt.Int(6)));
  }
  return out;
}

}  // namespace rampart::store::internal
