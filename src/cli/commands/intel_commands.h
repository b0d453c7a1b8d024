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
  bool json = false;   // one JSON array
  bool jsonl = false;  // one JSON object per line
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
// `must_exist`: for commands that only read -- opened read-only (works on a
// read-only file or folder, never migrates), and a store that does not exist
// is an error ("no knowledge base at PATH") rather than a new empty store.
// Otherwise opened read-write, created if missing.
Result<std::unique_ptr<store::Store>> OpenKnowledgeBase(const Context& context, bool must_exist);

// A failed first import must not leave an empty store behind:
// NewStorePath() is the store file's path if it does not exist yet ("" if it
// exists or is not a file), taken before opening; RemoveNewStore(path) deletes
// that file and its -wal/-shm after the store was closed ("" does nothing).
std::string NewStorePath(const Context& context);
void RemoveNewStore(const std::string& path);

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
