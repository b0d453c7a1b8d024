// ListAdded: versions in the order they were stored, for TAXII paging, and
// Glances: names and markings of many objects at once. ListAdded's rows
// are not parsed into the object model: a page of 100 ATT&CK objects is
// ~340 KB of JSON that the server only copies. The
// SQL is built from the query's parts (every value is bound, never spliced);
// Db caches one prepared statement per distinct shape.
#include <fmt/format.h>

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
  std::string sql = "SELECT id, type, created, modified, json, added, pk, name FROM objects o WHERE 1";
  int next = 1;
  if (query.added_after) sql += fmt::format(" AND added > ?{}", next++);
  if (query.after_position) {
    sql += fmt::format(" AND (added > ?{0} OR (added = ?{0} AND pk > ?{1}))", next, next + 1);
    next += 2;
  }
  if (!query.ids.empty()) {
    sql += fmt::format(" AND id IN ({})", Placeholders(next, query.ids.size()));
    next += static_cast<int>(query.ids.size());
  }
  if (!query.types.empty()) {
    sql += fmt::format(" AND type IN ({})", Placeholders(next, query.types.size()));
    next += static_cast<int>(query.types.size());
  }
  const VersionSelector& v = query.versions;
  bool any_selector = v.last || v.first || v.all || !v.modified.empty();
  if (!v.all) {
    std::vector<std::string> alternatives;
    if (v.last || !any_selector) alternatives.push_back("is_current = 1");
    if (v.first) {
      alternatives.push_back("version_key = (SELECT min(version_key) FROM objects f WHERE f.id = o.id)");
    }
    if (!v.modified.empty()) {
      alternatives.push_back(fmt::format("version_key IN ({})", Placeholders(next, v.modified.size())));
      next += static_cast<int>(v.modified.size());
    }
    sql += fmt::format(" AND ({})", fmt::join(alternatives, " OR "));
  }
  sql += fmt::format(" ORDER BY added, pk LIMIT ?{}", next);

  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
  int index = 1;
  if (query.added_after) stmt.Bind(index++, int64_t{*query.added_after});
  if (query.after_position) {
    stmt.Bind(index++, int64_t{query.after_position->first});
    stmt.Bind(index++, int64_t{query.after_position->second});
  }
  for (const std::string& id : query.ids) stmt.Bind(index++, id);
  for (const std::string& type : query.types) stmt.Bind(index++, type);
  if (!v.all) {
    for (TimestampUs modified : v.modified) stmt.Bind(index++, int64_t{modified});
  }
  stmt.Bind(index, int64_t{query.limit > 0 ? query.limit : 1});

  std::vector<AddedVersion> out;
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    AddedVersion version;
    version.object.id = stmt.Text(0);
    version.object.type = stmt.Text(1);
    version.object.created = stmt.Text(2);
    version.object.modified = stmt.Text(3);
    version.object.json = stmt.Text(4);
    version.added = stmt.Int(5);
    version.seq = stmt.Int(6);
    version.object.name = stmt.Text(7);
    out.push_back(std::move(version));
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
