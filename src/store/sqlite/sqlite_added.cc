// ListAdded: versions in the order they were stored, for TAXII paging, and
// Glances: names and markings of many objects at once. ListAdded's rows
// are not parsed into the object model: a page of 100 ATT&CK objects is
// ~340 KB of JSON that the server only copies. The query is the shared one
// (added_sql.h); Db caches one prepared statement per distinct shape.
#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "added_sql.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {
namespace {

std::string Placeholders(int first, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += fmt::format("{}?{}", i ? ", " : "", first + static_cast<int>(i));
  return out;
}

}  // namespace

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
                                   stmt.Int(6), stmt.Text(7)));
  }
  return out;
}

Result<std::vector<Glance>> SqliteStore::Glances(const std::vector<std::string>& ids) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());
  // 64 ids a statement, the last repeated to fill it: one prepared shape.
  constexpr size_t kChunk = 64;
  static const std::string kSql = fmt::format(
      "SELECT o.id, o.name, m.marking_ref FROM objects o LEFT JOIN markings m ON m.obj = o.pk "
      "WHERE o.id IN ({}) AND o.is_current = 1 ORDER BY o.id",
      Placeholders(1, kChunk));
  std::vector<Glance> out;
  for (size_t at = 0; at < ids.size(); at += kChunk) {
    size_t end = std::min(ids.size(), at + kChunk);
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSql));
    for (size_t i = 0; i < kChunk; ++i) stmt.Bind(static_cast<int>(i + 1), ids[std::min(at + i, end - 1)]);
    while (true) {
      RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      std::string id(stmt.Text(0));
      if (out.empty() || out.back().id != id) out.push_back(Glance{std::move(id), std::string(stmt.Text(1)), {}});
      if (!stmt.IsNull(2)) out.back().marking_refs.emplace_back(stmt.Text(2));
    }
  }
  return out;
}

}  // namespace rampart::store::internal
