// One template per lookup; each backend's SQL is made from it once.
#include "read_sql.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace rampart::store::internal {
namespace {

constexpr std::string_view kLookupColumns = "SELECT o.json, o.type, o.revoked, o.deprecated ";
constexpr std::string_view kEdgeColumns =
    "SELECT rel_id, rel_type, source_ref, target_ref, created_by_ref, confidence FROM edges ";

ReadSql Build(std::string_view p1, std::string_view current) {
  auto make = [&](std::string_view text) {
    return fmt::format(fmt::runtime(text), fmt::arg("p1", p1), fmt::arg("current", current),
                       fmt::arg("lookup", kLookupColumns), fmt::arg("edges", kEdgeColumns));
  };
  ReadSql sql;
  sql.get_current = make("SELECT json FROM objects WHERE id = {p1} AND {current}");
  sql.get_versions = make("SELECT json FROM objects WHERE id = {p1} ORDER BY version_key");
  sql.find_by_name = make("{lookup}FROM names n JOIN objects o ON o.pk = n.obj WHERE n.norm = {p1} ORDER BY n.type, n.id");
  sql.find_by_external_id = make(
      "{lookup}FROM objects o WHERE o.pk IN (SELECT obj FROM external_ids WHERE ext_norm = {p1}) ORDER BY o.type, o.id");
  sql.containers =
      make("{lookup}FROM contents c JOIN objects o ON o.pk = c.obj WHERE c.member = {p1} ORDER BY o.type, o.id");
  sql.edges_outgoing = make("{edges}WHERE source_ref = {p1} ORDER BY rel_type, target_ref, rel_id");
  sql.edges_incoming = make("{edges}WHERE target_ref = {p1} ORDER BY rel_type, source_ref, rel_id");
  sql.edges_both =
      make("{edges}WHERE source_ref = {p1} OR target_ref = {p1} ORDER BY rel_type, source_ref, target_ref, rel_id");
  sql.count_by_type = make("SELECT type, count(*) FROM objects WHERE {current} GROUP BY type ORDER BY type");
  return sql;
}

}  // namespace

const ReadSql& SqliteReadSql() {
  static const ReadSql sql = Build("?1", "is_current = 1");
  return sql;
}

const ReadSql& PostgresReadSql() {
  static const ReadSql sql = Build("$1", "is_current");
  return sql;
}

bool KeepLookupRow(std::string_view type, bool revoked, bool deprecated, const std::vector<std::string>& types,
                   const LookupOptions& options) {
  if (!options.include_revoked && revoked) return false;
  if (!options.include_deprecated && deprecated) return false;
  return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

bool ScanPlan::Admits(const stix::Object& object) const {
  if (!max_tlp) return true;
  return stix::HighestTlp(object.object_marking_refs).value_or(stix::TlpLevel::kClear) <= *max_tlp;
}

Result<ScanPlan> PlanScan(const ExportFilter& filter) {
  ScanPlan plan;
  if (!filter.max_tlp.empty()) {
    plan.max_tlp = stix::ParseTlpLevel(filter.max_tlp);
    if (!plan.max_tlp) {
      return InvalidInput(fmt::format("unknown TLP level '{}' (expected clear, green, amber, amber+strict or red)",
                                      filter.max_tlp));
    }
  }
  plan.modified_since = filter.modified_since.value_or(std::numeric_limits<int64_t>::min());
  plan.types = filter.types;
  std::sort(plan.types.begin(), plan.types.end());
  plan.types.erase(std::unique(plan.types.begin(), plan.types.end()), plan.types.end());
  return plan;
}

}  // namespace rampart::store::internal
