// Lookups. Each is one indexed query; rows are filtered on the flag columns
// before their JSON is parsed, so skipped rows cost no parse.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "put_rules.h"
#include "rampart/stix/marking.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {
namespace {

constexpr std::string_view kGetCurrent = "SELECT json FROM objects WHERE id = ?1 AND is_current = 1";
constexpr std::string_view kGetVersions = "SELECT json FROM objects WHERE id = ?1 ORDER BY version_key";
constexpr std::string_view kFindByName =
    "SELECT o.json, o.type, o.revoked, o.deprecated FROM names n JOIN objects o ON o.pk = n.obj "
    "WHERE n.norm = ?1 ORDER BY n.type, n.id";
constexpr std::string_view kFindByExternalId =
    "SELECT o.json, o.type, o.revoked, o.deprecated FROM objects o "
    "WHERE o.pk IN (SELECT obj FROM external_ids WHERE ext_norm = ?1) ORDER BY o.type, o.id";
constexpr std::string_view kEdgeColumns = "SELECT rel_id, rel_type, source_ref, target_ref, created_by_ref, confidence FROM edges ";
constexpr std::string_view kScanAll =
    "SELECT json FROM objects WHERE is_current = 1 AND version_key >= ?1 AND (revoked = 0 OR ?2) "
    "ORDER BY type, id";
constexpr std::string_view kScanType =
    "SELECT json FROM objects WHERE is_current = 1 AND type = ?3 AND version_key >= ?1 AND (revoked = 0 OR ?2) "
    "ORDER BY id";
constexpr std::string_view kContainers =
    "SELECT o.json, o.type, o.revoked, o.deprecated FROM contents c JOIN objects o ON o.pk = c.obj "
    "WHERE c.member = ?1 ORDER BY o.type, o.id";
constexpr std::string_view kCountByType =
    "SELECT type, count(*) FROM objects WHERE is_current = 1 GROUP BY type ORDER BY type";

Result<stix::Object> ParseStored(std::string_view json, std::string_view db_path) {
  Result<stix::Object> object = stix::ParseObject(json);
  if (!object.ok()) {
    return Internal(fmt::format("database '{}': a stored object does not parse ({}); the file may be damaged",
                                db_path, std::string(object.status().message())));
  }
  return object;
}

// Runs a (json, type, revoked, deprecated) query bound to `key` and keeps
// the rows that pass `types` and `options`.
Result<std::vector<stix::Object>> CollectObjects(Db& db, std::string_view sql, std::string_view key,
                                                 const std::vector<std::string>& types,
                                                 const LookupOptions& options) {
  std::vector<stix::Object> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(sql));
  stmt.Bind(1, key);
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (!options.include_revoked && stmt.Int(2) != 0) continue;
    if (!options.include_deprecated && stmt.Int(3) != 0) continue;
    if (!types.empty() && std::find(types.begin(), types.end(), stmt.Text(1)) == types.end()) continue;
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(stmt.Text(0), db.path()));
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace

Result<stix::Object> SqliteStore::Get(std::string_view id) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kGetCurrent));
  stmt.Bind(1, id);
  RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound(fmt::format("no object with id '{}'", id), ObjectContext(id));
  return ParseStored(stmt.Text(0), db_->path());
}

Result<std::vector<stix::Object>> SqliteStore::Versions(std::string_view id) {
  std::vector<stix::Object> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kGetVersions));
  stmt.Bind(1, id);
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(stmt.Text(0), db_->path()));
    out.push_back(std::move(object));
  }
  return out;
}

Result<std::vector<stix::Object>> SqliteStore::FindByName(std::string_view name,
                                                          const std::vector<std::string>& types,
                                                          const LookupOptions& options) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::string norm = NormalizeName(name);
  if (norm.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*db_, kFindByName, norm, types, options);
}

Result<std::vector<stix::Object>> SqliteStore::FindByExternalId(std::string_view external_id,
                                                                const LookupOptions& options) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::string norm = ExternalIdKey(external_id);
  if (norm.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*db_, kFindByExternalId, norm, {}, options);
}

Result<std::vector<Edge>> SqliteStore::Edges(std::string_view id, Direction direction) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  static const std::string kOutgoing =
      fmt::format("{}WHERE source_ref = ?1 ORDER BY rel_type, target_ref, rel_id", kEdgeColumns);
  static const std::string kIncoming =
      fmt::format("{}WHERE target_ref = ?1 ORDER BY rel_type, source_ref, rel_id", kEdgeColumns);
  static const std::string kBoth = fmt::format(
      "{}WHERE source_ref = ?1 OR target_ref = ?1 ORDER BY rel_type, source_ref, target_ref, rel_id", kEdgeColumns);
  const std::string& sql =
      direction == Direction::kOutgoing ? kOutgoing : direction == Direction::kIncoming ? kIncoming : kBoth;
  std::vector<Edge> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
  stmt.Bind(1, id);
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Edge edge;
    edge.relationship_id = stmt.Text(0);
    edge.relationship_type = stmt.Text(1);
    edge.source_ref = stmt.Text(2);
    edge.target_ref = stmt.Text(3);
    edge.created_by_ref = stmt.Text(4);
    if (!stmt.IsNull(5)) edge.confidence = static_cast<int>(stmt.Int(5));
    out.push_back(std::move(edge));
  }
  return out;
}

Status SqliteStore::Scan(const ExportFilter& filter, absl::FunctionRef<Status(const stix::Object&)> fn) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::optional<stix::TlpLevel> max_tlp;
  if (!filter.max_tlp.empty()) {
    max_tlp = stix::ParseTlpLevel(filter.max_tlp);
    if (!max_tlp) {
      return InvalidInput(fmt::format("unknown TLP level '{}' (expected clear, green, amber, amber+strict or red)",
                                      filter.max_tlp));
    }
  }
  int64_t since = filter.modified_since.value_or(std::numeric_limits<int64_t>::min());
  std::vector<std::string> types = filter.types;
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());

  auto run = [&](std::string_view sql, std::string_view type) -> Status {
    RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
    stmt.Bind(1, since).Bind(2, int64_t{filter.include_revoked});
    if (!type.empty()) stmt.Bind(3, type);
    while (true) {
      RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return absl::OkStatus();
      RAMPART_ASSIGN_OR_RETURN(stix::Object object, ParseStored(stmt.Text(0), db_->path()));
      if (max_tlp) {
        stix::TlpLevel level = stix::HighestTlp(object.object_marking_refs).value_or(stix::TlpLevel::kClear);
        if (level > *max_tlp) continue;
      }
      RAMPART_RETURN_IF_ERROR(fn(object));
    }
  };
  if (types.empty()) return run(kScanAll, {});
  for (const std::string& type : types) {
    if (type.empty()) continue;
    RAMPART_RETURN_IF_ERROR(run(kScanType, type));
  }
  return absl::OkStatus();
}

Result<std::vector<stix::Object>> SqliteStore::Containers(std::string_view id) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  if (id.empty()) return std::vector<stix::Object>{};
  return CollectObjects(*db_, kContainers, id, {}, LookupOptions{});
}

Result<std::vector<TypeCount>> SqliteStore::CountByType() {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::vector<TypeCount> out;
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kCountByType));
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(TypeCount{std::string(stmt.Text(0)), stmt.Int(1)});
  }
  return out;
}

}  // namespace rampart::store::internal
