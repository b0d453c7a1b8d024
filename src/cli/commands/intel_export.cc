// `rampart intel export`: flags to a store::ExportFilter, then the intel
// exporter (deterministic bundle, referenced marking definitions included,
// written atomically to --out or streamed to stdout).
#include <fmt/format.h>

#include <cstdio>

#include "commands/intel_commands.h"
#include "rampart/core/clock.h"
#include "rampart/intel/exporter.h"
#include "rampart/stix/marking.h"
#include "render/names.h"

namespace rampart::cli {

int RunIntelExport(const Context& context, const IntelExportArgs& args) {
  store::ExportFilter filter;
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
  return kExitOk;
}

}  // namespace rampart::cli
