#include "rampart/intel/exporter.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "rampart/core/id.h"
#include "rampart/core/output_file.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/marking.h"
#include "report_closure.h"

namespace rampart::intel {
namespace {

// With a TLP limit the store scans without it and the exporter decides:
// an object above the limit is withheld, and so is every relationship or
// sighting that points at a withheld object (it would reveal its id, and the
// consumer could not resolve it anyway). A relationship or sighting that
// points at a revoked object the export leaves out is left out too.
// Marking definitions come first, sorted by id, whether the store holds them
// as objects or they are built-in TLP definitions it only references: an
// export read back into an empty store stores the built-in ones it carries,
// and must export them in the same place (and the same bundle id).
struct Plan {
  std::string bundle_id;
  std::vector<std::string> markings;  // every marking-definition written, sorted
  std::unordered_set<std::string> withheld;
  int64_t objects = 0;
  int64_t revoked_refs = 0;
};

// The objects to write, in order: a store scan or a report's closure.
using ObjectSource = std::function<Status(absl::FunctionRef<Status(const stix::Object&)>)>;

bool OverTlp(const stix::Object& object, const std::optional<stix::TlpLevel>& max_tlp) {
  if (!max_tlp) return false;
  return stix::HighestTlp(object.object_marking_refs).value_or(stix::TlpLevel::kClear) > *max_tlp;
}

std::vector<const std::string*> PointsAt(const stix::Object& object) {
  std::vector<const std::string*> refs;
  if (object.type != "relationship" && object.type != "sighting") return refs;
  refs.push_back(&object.source_ref);
  refs.push_back(&object.target_ref);
  for (const auto& ref : object.where_sighted_refs) refs.push_back(&ref);
  for (const auto& ref : object.observed_data_refs) refs.push_back(&ref);
  return refs;
}

// Pass 1: what is withheld, the bundle id and the marking-definitions to add.
Result<Plan> MakePlan(store::Store& store, const ObjectSource& source, const std::optional<stix::TlpLevel>& max_tlp,
                      bool include_revoked) {
  struct Seen {
    std::string id, modified;
    std::vector<std::string> markings;
    std::vector<std::string> points_at;
  };
  Plan plan;
  std::vector<Seen> seen;
  std::unordered_set<std::string> present;
  RAMPART_RETURN_IF_ERROR(source([&](const stix::Object& object) {
    if (OverTlp(object, max_tlp)) {
      plan.withheld.insert(object.id);
      return absl::OkStatus();
    }
    Seen s{object.id, object.modified, object.object_marking_refs, {}};
    for (const std::string* ref : PointsAt(object)) {
      if (!ref->empty()) s.points_at.push_back(*ref);
    }
    present.insert(object.id);
    seen.push_back(std::move(s));
    return absl::OkStatus();
  }));
  // Targets outside the export: revoked ones (the store yields only current,
  // unrevoked objects unless asked) make their claims go too.
  std::unordered_map<std::string, bool> revoked;
  auto is_revoked = [&](const std::string& ref) -> Result<bool> {
    if (include_revoked || present.count(ref)) return false;
    auto it = revoked.find(ref);
    if (it != revoked.end()) return it->second;
    auto object = store.Get(ref);
    bool r = false;
    if (object.ok()) {
      r = object->revoked;
    } else if (object.status().code() != absl::StatusCode::kNotFound) {
      return object.status();
    }
    revoked.emplace(ref, r);
    return r;
  };
  std::string key;
  std::set<std::string> written, referenced;
  for (const Seen& s : seen) {
    bool hidden = false, gone = false;
    for (const std::string& ref : s.points_at) {
      if (plan.withheld.count(ref)) hidden = true;
      RAMPART_ASSIGN_OR_RETURN(bool r, is_revoked(ref));
      gone |= r;
    }
    if (hidden || gone) {
      plan.withheld.insert(s.id);
      if (!hidden) ++plan.revoked_refs;
      continue;
    }
    written.insert(s.id);
    for (const auto& ref : s.markings) referenced.insert(ref);
    ++plan.objects;
    if (stix::TypeOfId(s.id) == "marking-definition") {
      referenced.insert(s.id);
      continue;
    }
    key += s.id;
    key += '|';
    key += s.modified;
    key += '\n';
  }
  std::string marking_key;
  for (const auto& ref : referenced) {  // sorted (std::set)
    plan.markings.push_back(ref);
    marking_key += ref + "|\n";
    if (!written.count(ref)) ++plan.objects;
  }
  key = marking_key + key;
  plan.bundle_id = "bundle--" + UuidV5(kRampartNamespace, key);
  return plan;
}

template <typename Writer>
Result<ExportSummary> Write(store::Store& store, const ExportFilter& requested, Writer& open) {
  std::optional<stix::TlpLevel> max_tlp;
  if (!requested.max_tlp.empty()) {
    max_tlp = stix::ParseTlpLevel(requested.max_tlp);
    if (!max_tlp) {
      return InvalidInput(fmt::format("unknown TLP level '{}' (expected clear, green, amber, amber+strict or red)",
                                      requested.max_tlp));
    }
  }
  store::ExportFilter filter = requested;  // the store's part
  filter.max_tlp.clear();
  std::vector<stix::Object> closure;
  ObjectSource source;
  if (!requested.report_id.empty()) {
    RAMPART_ASSIGN_OR_RETURN(closure, ReportClosure(store, requested.report_id));
    source = [&closure](absl::FunctionRef<Status(const stix::Object&)> fn) {
      for (const stix::Object& object : closure) RAMPART_RETURN_IF_ERROR(fn(object));
      return absl::OkStatus();
    };
  } else {
    source = [&store, &filter](absl::FunctionRef<Status(const stix::Object&)> fn) { return store.Scan(filter, fn); };
  }
  // A report's closure holds what it names, revoked or not.
  const bool include_revoked = requested.include_revoked || !requested.report_id.empty();
  RAMPART_ASSIGN_OR_RETURN(Plan plan, MakePlan(store, source, max_tlp, include_revoked));
  auto writer = open(plan.bundle_id);
  ExportSummary summary;
  summary.bundle_id = plan.bundle_id;
  summary.withheld = static_cast<int64_t>(plan.withheld.size()) - plan.revoked_refs;
  summary.revoked_refs = plan.revoked_refs;
  for (const auto& id : plan.markings) {
    auto marking = store.Get(id);
    if (marking.ok()) {
      writer->Add(*marking);
      ++summary.objects;
      continue;
    }
    // Built-in TLP definitions the store may not hold as objects.
    for (const auto& builtin : stix::BuiltinMarkingDefinitions()) {
      if (builtin.id == id) {
        writer->Add(builtin);
        ++summary.objects;
      }
    }
  }
  RAMPART_RETURN_IF_ERROR(source([&](const stix::Object& object) {
    if (plan.withheld.count(object.id) || object.type == "marking-definition") return absl::OkStatus();
    writer->Add(object);
    ++summary.objects;
    return absl::OkStatus();
  }));
  RAMPART_RETURN_IF_ERROR(writer->Finish());
  return summary;
}

}  // namespace

Result<ExportSummary> ExportBundle(store::Store& store, const ExportFilter& filter,
                                   std::FILE* out) {
  auto open = [out](const std::string& id) { return std::make_unique<stix::BundleWriter>(out, id); };
  return Write(store, filter, open);
}

Result<std::string> ExportBundleString(store::Store& store, const ExportFilter& filter,
                                       ExportSummary* summary) {
  std::string text;
  auto open = [&text](const std::string& id) {
    return std::make_unique<stix::BundleWriter>(&text, id);
  };
  RAMPART_ASSIGN_OR_RETURN(ExportSummary result, Write(store, filter, open));
  if (summary) *summary = result;
  return text;
}

Result<ExportSummary> ExportBundleToPath(store::Store& store, const ExportFilter& filter,
                                         const std::string& path) {
  if (path.empty() || path == "-") {
    RAMPART_ASSIGN_OR_RETURN(ExportSummary summary, ExportBundle(store, filter, stdout));
    std::fflush(stdout);
    return summary;
  }
  RAMPART_ASSIGN_OR_RETURN(OutputFile out, OutputFile::Create(path));
  auto summary = ExportBundle(store, filter, out.file());
  if (!summary.ok()) return WithContext(summary.status(), ErrorContext{.file = path});  // `out` removes its temporary
  RAMPART_RETURN_IF_ERROR(out.Commit());
  return summary;
}

}  // namespace rampart::intel
