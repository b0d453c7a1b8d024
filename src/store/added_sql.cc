// One builder for both backends, so TAXII pages the same way on SQLite and
// PostgreSQL (same filters, same order, same selector semantics).
#include "added_sql.h"

#include <fmt/format.h>

namespace rampart::store::internal {
namespace {

class Params {
 public:
  Params(AddedSql& out, char placeholder) : out_(out), placeholder_(placeholder) {}
  // Adds `value` and returns its placeholder.
  template <typename T>
  std::string Add(T value) {
    out_.params.emplace_back(std::move(value));
    return fmt::format("{}{}", placeholder_, out_.params.size());
  }
  template <typename T>
  std::string List(const std::vector<T>& values) {
    std::vector<std::string> marks;
    for (const T& value : values) marks.push_back(Add(value));
    return fmt::format("{}", fmt::join(marks, ", "));
  }

 private:
  AddedSql& out_;
  char placeholder_;
};

}  // namespace

AddedSql BuildAddedSql(const AddedQuery& query, char placeholder) {
  AddedSql out;
  Params params(out, placeholder);
  std::string& sql = out.sql;
  sql = "SELECT id, type, created, modified, json, added, pk, name FROM objects o WHERE true";
  if (query.added_after) sql += fmt::format(" AND added > {}", params.Add(int64_t{*query.added_after}));
  if (query.after_position) {
    std::string added = params.Add(int64_t{query.after_position->first});
    std::string seq = params.Add(int64_t{query.after_position->second});
    sql += fmt::format(" AND (added > {0} OR (added = {0} AND pk > {1}))", added, seq);
  }
  if (!query.ids.empty()) sql += fmt::format(" AND id IN ({})", params.List(query.ids));
  if (!query.types.empty()) sql += fmt::format(" AND type IN ({})", params.List(query.types));
  const VersionSelector& v = query.versions;
  const bool any_selector = v.last || v.first || v.all || !v.modified.empty();
  if (!v.all) {
    std::vector<std::string> alternatives;
    if (v.last || !any_selector) alternatives.push_back("is_current");
    if (v.first) {
      alternatives.push_back("version_key = (SELECT min(version_key) FROM objects f WHERE f.id = o.id)");
    }
    if (!v.modified.empty()) {
      std::vector<int64_t> keys(v.modified.begin(), v.modified.end());
      alternatives.push_back(fmt::format("version_key IN ({})", params.List(keys)));
    }
    sql += fmt::format(" AND ({})", fmt::join(alternatives, " OR "));
  }
  sql += fmt::format(" ORDER BY added, pk LIMIT {}", params.Add(int64_t{query.limit > 0 ? query.limit : 1}));
  return out;
}

AddedVersion MakeAddedVersion(std::string_view id, std::string_view type, std::string_view created,
                              std::string_view modified, std::string_view json, int64_t added, int64_t seq,
                              std::string_view name) {
  AddedVersion version;
  version.object.id = std::string(id);
  version.object.type = std::string(type);
  version.object.created = std::string(created);
  version.object.modified = std::string(modified);
  version.object.json = std::string(json);
  version.added = added;
  version.seq = seq;
  version.object.name = std::string(name);
  return version;
}

}  // namespace rampart::store::internal
