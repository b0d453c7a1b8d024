#include "rampart/intel/exporter.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "rampart/core/id.h"
#include "rampart/core/output_file.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/marking.h"

namespace rampart::intel {
namespace {

// With a TLP limit the store scans without it and the exporter decides:
// an object above the limit is withheld, and so is every relationship or
// sighting that points at a withheld object (it would reveal its id, and the
// consumer could not resolve it anyway).
struct Plan {
  std::string bundle_id;
  std::vector<std::string> extra_markings;
  std::unordered_set<std::string> withheld;
  int64_t objects = 0;
};

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
Result<Plan> MakePlan(store::Store& store, const store::ExportFilter& filter,
                      const std::optional<stix::TlpLevel>& max_tlp) {
  struct Seen {
    std::string id, modified;
    std::vector<std::string> markings;
    std::vector<std::string> points_at;
  };
  Plan plan;
  std::vector<Seen> seen;
  RAMPART_RETURN_IF_ERROR(store.Scan(filter, [&](const stix::Object& object) {
    if (OverTlp(object, max_tlp)) {
      plan.withheld.insert(object.id);
      return absl::OkStatus();
    }
    Seen s{object.id, object.modified, object.object_marking_refs, {}};
    if (max_tlp) {
      for (const std::string* ref : PointsAt(object)) s.points_at.push_back(*ref);
    }
    seen.push_back(std::move(s));
    return absl::OkStatus();
  }));
  std::string key;
  std::set<std::string> written, referenced;
  for (const Seen& s : seen) {
    bool hidden = std::any_of(s.points_at.begin(), s.points_at.end(),
                              [&](const std::string& ref) { return plan.withheld.count(ref) > 0; });
    if (hidden) {
      plan.withheld.insert(s.id);
      continue;
    }
    key += s.id;
    key += '|';
    key += s.modified;
    key += '\n';
    written.insert(s.id);
    for (const auto& ref : s.markings) referenced.insert(ref);
    ++plan.objects;
  }
  for (const auto& ref : referenced) {
    if (written.count(ref)) continue;
    plan.extra_markings.push_back(ref);
    key += ref + "|\n";
  }
  plan.bundle_id = "bundle--" + UuidV5(kRampartNamespace, key);
  return plan;
}

template <typename Writer>
Result<ExportSummary> Write(store::Store& store, const store::ExportFilter& requested, Writer& open) {
  std::optional<stix::TlpLevel> max_tlp;
  if (!requested.max_tlp.empty()) {
    max_tlp = stix::ParseTlpLevel(requested.max_tlp);
    if (!max_tlp) {
      return InvalidInput(fmt::format("unknown TLP level '{}' (expected clear, green, amber, amber+strict or red)",
                                      requested.max_tlp));
    }
  }
  store::ExportFilter filter = requested;
  filter.max_tlp.clear();
  RAMPART_ASSIGN_OR_RETURN(Plan plan, MakePlan(store, filter, max_tlp));
  auto writer = open(plan.bundle_id);
  ExportSummary summary;
  summary.bundle_id = plan.bundle_id;
  summary.withheld = static_cast<int64_t>(plan.withheld.size());
  for (const auto& id : plan.extra_markings) {
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
  RAMPART_RETURN_IF_ERROR(store.Scan(filter, [&](const stix::Object& object) {
    if (plan.withheld.count(object.id)) return absl::OkStatus();
    writer->Add(object);
    ++summary.objects;
    return absl::OkStatus();
  }));
  RAMPART_RETURN_IF_ERROR(writer->Finish());
  return summary;
}

}  // namespace

Result<ExportSummary> ExportBundle(store::Store& store, const store::ExportFilter& filter,
                                   std::FILE* out) {
  auto open = [out](const std::string& id) { return std::make_unique<stix::BundleWriter>(out, id); };
  return Write(store, filter, open);
}

Result<std::string> ExportBundleString(store::Store& store, const store::ExportFilter& filter,
                                       ExportSummary* summary) {
  std::string text;
  auto open = [&text](const std::string& id) {
    return std::make_unique<stix::BundleWriter>(&text, id);
  };
  RAMPART_ASSIGN_OR_RETURN(ExportSummary result, Write(store, filter, open));
  if (summary) *summary = result;
  return text;
}

Result<ExportSummary> ExportBundleToPath(store::Store& store, const store::ExportFilter& filter,
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
