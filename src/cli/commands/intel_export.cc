// `rampart intel export`: flags to an intel::ExportFilter, then the intel
// exporter (deterministic bundle, referenced marking definitions included,
// written atomically to --out or streamed to stdout).
#include <fmt/format.h>

#include <cstdio>

#include "commands/intel_commands.h"
#include "rampart/core/clock.h"
#include "rampart/core/output_file.h"
#include "rampart/store/open.h"
#include "rampart/intel/exporter.h"
#include "rampart/stix/marking.h"
#include "render/names.h"

namespace rampart::cli {

int RunIntelExport(const Context& context, const IntelExportArgs& args) {
  intel::ExportFilter filter;
  filter.types = args.types;
  if (!args.since.empty()) {
    auto since = ParseTimeOrAgo(args.since, SystemClock()->Now());
    if (!since.ok()) {
      return ReportError(InvalidInput(fmt::format("--since '{}': {}", args.since, std::string(since.status().message()))));
    }
    filter.modified_since = *since;
  }
  if (!args.max_tlp.empty()) {
    auto level = stix::ParseTlpLevel(args.max_tlp);
    if (!level) return ReportError(InvalidInput(fmt::format("--max-tlp: unknown TLP level '{}'", args.max_tlp)));
    filter.max_tlp = std::string(stix::TlpName(*level));
  }
  // The bundle must never replace the knowledge base it is read from.
  if (Status st = CheckOutputPath("--out", args.out, {store::DefaultStoreLocation(context.global.db)},
                                  "the knowledge base");
      !st.ok()) {
    return ReportError(st);
  }
  filter.include_revoked = args.include_revoked;
  filter.report_id = args.report;
  auto kb = OpenKnowledgeBase(context, /*must_exist=*/true);
  if (!kb.ok()) return ReportError(kb.status());
  if (Status st = CheckStixTypes("--type", filter.types, kb->get()); !st.ok()) return ReportError(st);
  std::fflush(stdout);
  auto summary = intel::ExportBundleToPath(**kb, filter, args.out);
  if (!summary.ok()) return ReportError(summary.status());
  if (!args.out.empty() && args.out != "-") {
    std::fprintf(stderr, "rampart: exported %lld objects to %s (%s)\n", static_cast<long long>(summary->objects),
                 args.out.c_str(), summary->bundle_id.c_str());
  }
  if (summary->withheld > 0) {
    std::fprintf(stderr, "rampart: %lld objects above TLP:%s withheld (with the relationships that name them)\n",
                 static_cast<long long>(summary->withheld), filter.max_tlp.c_str());
  }
  if (summary->revoked_refs > 0) {
    std::fprintf(stderr,
                 "rampart: %lld relationships and sightings that point at revoked objects left out "
                 "(--include-revoked exports them)\n",
                 static_cast<long long>(summary->revoked_refs));
  }
  return kExitOk;
}

}  // namespace rampart::cli
