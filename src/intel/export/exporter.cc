#include "rampart/intel/exporter.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "rampart/core/id.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/marking.h"

namespace rampart::intel {
namespace {

// Pass 1: the bundle id and the marking-definitions to add.
struct Plan {
  std::string bundle_id;
  std::vector<std::string> extra_markings;
  int64_t objects = 0;
};

Result<Plan> MakePlan(store::Store& store, const store::ExportFilter& filter) {
  Plan plan;
  std::string key;
  std::set<std::string> written, referenced;
  RAMPART_RETURN_IF_ERROR(store.Scan(filter, [&](const stix::Object& object) {
    key += object.id;
    key += '|';
    key += object.modified;
    key += '\n';
    written.insert(object.id);
    for (const auto& ref : object.object_marking_refs) referenced.insert(ref);
    ++plan.objects;
    return absl::OkStatus();
  }));
  for (const auto& ref : referenced) {
    if (written.count(ref)) continue;
    plan.extra_markings.push_back(ref);
    key += ref + "|\n";
  }
  plan.bundle_id = "bundle--" + UuidV5(kRampartNamespace, key);
  return plan;
}

template <typename Writer>
Result<ExportSummary> Write(store::Store& store, const store::ExportFilter& filter, Writer& open) {
  RAMPART_ASSIGN_OR_RETURN(Plan plan, MakePlan(store, filter));
  auto writer = open(plan.bundle_id);
  ExportSummary summary;
  summary.bundle_id = plan.bundle_id;
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
  std::string temporary = path + ".tmp";
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  if (!out) return IoError("cannot create file", ErrorContext{.file = path});
  auto summary = ExportBundle(store, filter, out);
  bool write_failed = std::fclose(out) != 0;
  if (!summary.ok() || write_failed) {
    std::remove(temporary.c_str());
    if (!summary.ok()) return WithContext(summary.status(), ErrorContext{.file = path});
    return IoError("cannot write file", ErrorContext{.file = path});
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    return IoError(fmt::format("cannot rename into place: {}", error.message()),
                   ErrorContext{.file = path});
  }
  return summary;
}

}  // namespace rampart::intel
