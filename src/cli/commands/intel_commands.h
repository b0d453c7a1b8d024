// `rampart intel ...`: the command bodies behind the flags defined in
// intel.cc. Each Run* returns the process exit code (cli.h) and prints its
// own results; errors go through ReportError.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "rampart/core/status.h"
#include "rampart/intel/importer.h"
#include "rampart/store/store.h"

namespace rampart::cli {

struct IntelImportArgs {
  std::vector<std::string> paths;
  std::string format = "auto";
  bool strict = false;
  bool show_contested = false;  // list every contested merge (default: one summary line)
  bool json = false;            // the report as JSON on stdout (contested merges always listed)
};
struct IntelGetArgs {
  std::string query;
  bool json = false;
};
struct IntelSearchArgs {
  std::string text;
  std::string type;
  int limit = 50;
  bool json = false;
};
struct IntelGraphArgs {
  std::string query;
  int depth = 1;
  std::string format = "text";
};
struct IntelExportArgs {
  std::vector<std::string> types;
  std::string since;
  std::string max_tlp;
  std::string out;
  bool include_revoked = false;
  std::string report;  // report id: that report and what it references
};

// Opens the knowledge base named by --db / $RAMPART_DB / ./rampart.db.
// `must_exist`: a plain file path that does not exist is an error (queries
// should not leave an empty rampart.db behind) rather than a new store.
Result<std::unique_ptr<store::Store>> OpenKnowledgeBase(const Context& context, bool must_exist);

// The summary `intel import` prints (also used by `rampart demo`).
std::string RenderImportReport(const intel::ImportReport& report, size_t paths);
// Every contested merge as an aligned table (ALIAS, INCOMING, EXISTING).
std::string RenderContestedMerges(const std::vector<intel::ContestedMerge>& contested);
// The whole report as one JSON document (counts, per_type, problems, contested).
std::string RenderImportReportJson(const intel::ImportReport& report, size_t paths);

int RunIntelImport(const Context& context, const IntelImportArgs& args);
int RunIntelGet(const Context& context, const IntelGetArgs& args);
int RunIntelSearch(const Context& context, const IntelSearchArgs& args);
int RunIntelGraph(const Context& context, const IntelGraphArgs& args);
int RunIntelExport(const Context& context, const IntelExportArgs& args);

}  // namespace rampart::cli
