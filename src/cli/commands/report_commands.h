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
  std::string encoding;  // "" = UTF-8, else Windows-1252 with a warning; utf-8, windows-1252, latin-1
  bool dry_run = false;
  bool json = false;
};
struct ReportListArgs {
  bool json = false;   // one JSON array
  bool jsonl = false;  // one JSON object per line
};
struct ReportShowArgs {
  std::string query;
  bool json = false;
};

int RunReportIngest(Context& context, const ReportIngestArgs& args);
int RunReportList(Context& context, const ReportListArgs& args);
int RunReportShow(Context& context, const ReportShowArgs& args);

}  // namespace rampart::cli
