// rampart: threat intelligence, detection and response in one program.
#include <cstdio>

#include "cli.h"
#include "rampart/core/log.h"

namespace rampart::cli {

int ReportError(const Status& status) {
  std::fprintf(stderr, "rampart: error: %s\n", FormatError(status).c_str());
  return status.code() == absl::StatusCode::kNotFound ? kExitNotFound : kExitError;
}

}  // namespace rampart::cli

int main(int argc, char** argv) {
  using namespace rampart::cli;
  CLI::App app{"rampart: threat intelligence, detection and response"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "rampart 0.1.0");
  Context context;
  app.add_option("--db", context.global.db,
                 "Knowledge base location (default: $RAMPART_DB, else ./rampart.db)");
  app.add_flag("-v,--verbose", context.global.verbose, "More log output (repeatable)");
  app.parse_complete_callback([&] { rampart::InitLogging(context.global.verbose); });

  // RegisterIntelCommands(app, context);
  // Further command groups register here (report, hunt, rules, demo).

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitError;
  }
  return context.exit_code;
}
