// `rampart intel import`: one transaction over every path, then a summary an
// analyst can check against the source (objects read, what happened to them,
// per type) and every problem with its file, object index and id.
#include <fmt/format.h>

#include <cstdio>

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
  std::string out = fmt::format("{} {} objects from {} path{}\n", report.committed ? "imported" : "read",
                                report.objects_read, paths, paths == 1 ? "" : "s");
  Table counts;
  counts.AddRow({"inserted", std::to_string(report.inserted)});
  counts.AddRow({"new versions", std::to_string(report.new_versions)});
  counts.AddRow({"unchanged", std::to_string(report.unchanged)});
  counts.AddRow({"skipped", std::to_string(report.skipped)});
  counts.AddRow({"merged", std::to_string(report.merged)});
  counts.AddRow({"contested", std::to_string(report.contested.size())});
  out += counts.Render(2);
  if (!report.per_type.empty()) {
    Table types({"TYPE", "STORED"});
    for (const auto& [type, n] : report.per_type) types.AddRow({type, std::to_string(n)});
    out += "\n" + types.Render(2);
  }
  return out;
}

int RunIntelImport(const Context& context, const IntelImportArgs& args) {
  auto format = intel::ParseFormat(args.format);
  if (!format.ok()) return ReportError(format.status());
  auto kb = OpenKnowledgeBase(context, /*must_exist=*/false);
  if (!kb.ok()) return ReportError(kb.status());
  intel::ImportOptions options;
  options.format = *format;
  options.strict = args.strict;
  options.show_progress = true;
  auto report = intel::Import(**kb, args.paths, options);
  if (!report.ok()) return ReportError(report.status());

  std::fputs(RenderImportReport(*report, args.paths.size()).c_str(), stdout);
  std::fflush(stdout);
  for (const auto& p : report->problems)
    std::fprintf(stderr, "rampart: skipped: %s\n", ProblemLine(p).c_str());
  for (const auto& c : report->contested) {
    std::string existing;
    for (const auto& id : c.existing_ids) existing += (existing.empty() ? "" : ", ") + id;
    std::fprintf(stderr, "rampart: contested merge: %s: alias '%s' names %s; kept separate\n",
                 c.incoming_id.c_str(), c.alias.c_str(), existing.c_str());
  }
  return report->committed ? kExitOk : kExitError;
}

}  // namespace rampart::cli
