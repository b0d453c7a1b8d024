// ListAdded on PostgreSQL: the shared query (added_sql.h). `added` is the
// server's clock when the row was written (schema version 2), and writers
// hold the store's write lock in turn, so a version committed later never
// sorts before one a reader has already paged past.
#include <string>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "added_sql.h"
#include "postgres/postgres_store.h"

namespace rampart::store::internal {

Result<std::vector<AddedVersion>> PostgresStore::ListAdded(const AddedQuery& query) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  const AddedSql built = BuildAddedSql(query, '$');
  std::vector<std::string> texts;
  texts.reserve(built.params.size());
  for (const auto& param : built.params) {
    texts.push_back(std::visit(
        [](const auto& value) -> std::string {
          if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
            return value;
          } else {
            return std::to_string(value);
          }
        },
        param));
  }
  std::vector<PgParam> params(texts.begin(), texts.end());
  RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(built.sql, params));
  std::vector<AddedVersion> out;
  out.reserve(static_cast<size_t>(rows.Rows()));
  for (int row = 0; row < rows.Rows(); ++row) {
    out.push_back(MakeAddedVersion(rows.Text(row, 0), rows.Text(row, 1), rows.Text(row, 2), rows.Text(row, 3),
                                   rows.Text(row, 4), rows.Int(row, 5), rows.Int(row, 6), rows.Text(row, 7)));
  }
  return out;
}

}  // namespace rampart::store::internal
