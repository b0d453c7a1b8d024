// `rampart intel import`: one transaction over every path, then a summary an
// analyst can check against the source (objects read, what happened to them,
// per type) and every problem with its file, object index and id; contested
// merges as one line (listed with --show-contested, always in --json).
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands/intel_commands.h"
#include "rampart/intel/importer.h"
#include "render/table.h"

namespace rampart::cli {
namespace {

std::string ProblemLine(const intel::ImportProblem& p) {
  // Importers may already have rendered the location into the message.
  if (!p.file.empty() && p.message.rfind(p.file, 0) == 0) return p.message;
  std::string where = p.file;
  if (p.object_index >= 0) where += fmt::format("{}object {}", where.empty() ? "" : ": ", p.object_index);
  if (!p.object_id.empty()) where += fmt::format(" ({})", p.object_id);
  return where.empty() ? p.message : where + ": " + p.message;
}

}  // namespace

std::string RenderImportReport(const intel::ImportReport& report, size_t paths) {
  std::string out = fmt::format("{} {} objects from {} path{}: {} STIX objects after conversion{}\n",
                                report.committed ? "imported" : "read", report.objects_read, paths,
                                paths == 1 ? "" : "s", report.converted,
                                report.committed ? "" : " (nothing stored)");
  // Every converted object is in exactly one row; the rows add up to the
  // count above.
  Table counts;
  auto row = [&](const char* label, int64_t n, const char* meaning) {
    counts.AddRow({label, fmt::format("{:>7}", n), meaning});
  };
  row("inserted", report.inserted, "new objects");
  row("new versions", report.new_versions, "newer versions of stored objects (merges included)");
  row("unchanged", report.unchanged, "already stored as they are");
  row("merged", report.merged, "merged into another object with the same name or alias");
  row("resolved", report.resolved, "references to an object already known, not stored again");
  row("duplicates", report.duplicates, "repeated in this import (same id and version)");
  row("skipped", report.skipped, "invalid, not stored");
  out += counts.Render(2);
  if (!report.contested.empty()) {
    out += fmt::format("  ({} contested: an alias names several existing objects, so these were stored "
                       "separately and are counted above)\n",
                       report.contested.size());
  }
  if (!report.per_type.empty()) {
    Table types({"TYPE", "STORED"});
    for (const auto& [type, n] : report.per_type) types.AddRow({type, std::to_string(n)});
    out += "\n" + types.Render(2);
  }
  return out;
}

std::string RenderContestedMerges(const std::vector<intel::ContestedMerge>& contested) {
  Table table({"ALIAS", "INCOMING (STORED SEPARATELY)", "EXISTING"});
  for (const auto& c : contested) {
    std::string existing;
    for (const auto& id : c.existing_ids) existing += (existing.empty() ? "" : ", ") + id;
    table.AddRow({c.alias, c.incoming_id, existing});
  }
  return table.Render(2);
}

std::string RenderImportReportJson(const intel::ImportReport& report, size_t paths) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["committed"] = report.committed;
  j["paths"] = paths;
  j["objects_read"] = report.objects_read;
  j["converted"] = report.converted;
  j["inserted"] = report.inserted;
  j["new_versions"] = report.new_versions;
  j["unchanged"] = report.unchanged;
  j["merged"] = report.merged;
  j["resolved"] = report.resolved;
  j["duplicates"] = report.duplicates;
  j["skipped"] = report.skipped;
  j["per_type"] = Json::object();
  for (const auto& [type, n] : report.per_type) j["per_type"][type] = n;
  j["problems"] = Json::array();
  for (const auto& p : report.problems) {
    Json problem = {{"file", p.file}, {"object_index", p.object_index}, {"object_id", p.object_id},
                    {"message", p.message}, {"stored", p.stored}};
    j["problems"].push_back(std::move(problem));
  }
  j["notes"] = report.notes;
  j["contested"] = Json::array();
  for (const auto& c : report.contested) {
    j["contested"].push_back({{"incoming_id", c.incoming_id}, {"alias", c.alias}, {"existing_ids", c.existing_ids}});
  }
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

int RunIntelImport(const Context& context, const IntelImportArgs& args) {
  auto format = intel::ParseFormat(args.format);
  if (!format.ok()) return ReportError(format.status());
  std::string new_store = NewStorePath(context);
  auto kb = OpenKnowledgeBase(context, /*must_exist=*/false);
  if (!kb.ok()) return ReportError(kb.status());
  intel::ImportOptions options;
  options.format = *format;
  options.strict = args.strict;
  options.show_progress = true;
  auto report = intel::Import(**kb, args.paths, options);
  if (!report.ok() || !report->committed) {
    kb->reset();
    RemoveNewStore(new_store);
  }
  if (!report.ok()) return ReportError(report.status());

  if (args.json) {
    std::fputs(RenderImportReportJson(*report, args.paths.size()).c_str(), stdout);
  } else {
    std::fputs(RenderImportReport(*report, args.paths.size()).c_str(), stdout);
    if (args.show_contested && !report->contested.empty()) {
      std::fputs("\ncontested merges (kept separate):\n", stdout);
      std::fputs(RenderContestedMerges(report->contested).c_str(), stdout);
    }
  }
  std::fflush(stdout);
  // A problem either skipped its object or (a warning) did not.
  for (const auto& p : report->problems) {
    if (p.stored) std::fprintf(stderr, "rampart: warning: %s (stored all the same)\n", ProblemLine(p).c_str());
    else std::fprintf(stderr, "rampart: skipped: %s\n", ProblemLine(p).c_str());
  }
  // Contested merges are expected with overlapping feeds (the galaxy alone
  // has dozens): one line, not one per actor; the list is a flag away.
  if (!report->contested.empty() && !args.json && !args.show_contested) {
    size_t n = report->contested.size();
    std::fprintf(stderr,
                 "rampart: %zu contested merge%s kept separate (an alias names several existing objects); "
                 "--show-contested lists %s\n",
                 n, n == 1 ? "" : "s", n == 1 ? "it" : "them");
  }
  return report->committed ? kExitOk : kExitError;
}

}  // namespace rampart::cli
