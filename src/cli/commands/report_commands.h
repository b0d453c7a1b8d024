// `rampart report` subcommands (definitions in report.cc, bodies in
// report_ingest.cc and report_show.cc).
#pragma once

#include <string>
#include <vector>

#include "cli.h"

namespace rampart::cli {

struct ReportIngestArgs {
  std::vector<std::string> files;
  std::string source, published, url, tlp, format = "auto";
  bool dry_run = false;
  bool json = false;
};
struct ReportListArgs {
  bool json = false;
};
struct ReportShowArgs {
  std::string query;
  bool json = false;
};

int RunReportIngest(Context& context, const ReportIngestArgs& args);
int RunReportList(Context& context, const ReportListArgs& args);
int RunReportShow(Context& context, const ReportShowArgs& args);

}  // namespace rampart::cli
