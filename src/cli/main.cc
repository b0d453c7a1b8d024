// rampart: threat intelligence, detection and response in one program.
#include <algorithm>
#include <cstdio>

#include "cli.h"
#include "rampart/core/log.h"

namespace rampart::cli {

int ReportError(const Status& status) {
  std::fprintf(stderr, "rampart: error: %s\n", FormatError(status).c_str());
  return status.code() == absl::StatusCode::kNotFound ? kExitNotFound : kExitError;
}

namespace {
std::vector<CommandGroup>& Groups() {
  static std::vector<CommandGroup> groups;
  return groups;
}
}  // namespace

bool RegisterCommandGroup(CommandGroup group) {
  auto& groups = Groups();
  auto at = std::find_if(groups.begin(), groups.end(),
                         [&](const CommandGroup& g) { return g.order > group.order; });
  groups.insert(at, group);
  return true;
}

const std::vector<CommandGroup>& CommandGroups() { return Groups(); }

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

  for (const CommandGroup& group : CommandGroups()) group.register_fn(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitError;
  }
  return context.exit_code;
}
