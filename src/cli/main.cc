// rampart: threat intelligence, detection and response in one program.
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

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

namespace {

// The subcommands of `app`, comma-separated.
std::string SubcommandNames(CLI::App* app) {
  std::string names;
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return names;
}

}  // namespace

// CLI11 reports usage errors in its own words ("The following argument was
// not expected: lst"); rampart says which command was typed, what it offers,
// and where help is, under the same "rampart: error:" prefix as every other
// error. The walk mirrors how CLI11 descends: words that name a subcommand
// select it; --db takes the next word.
int ReportUsageError(CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  CLI::App* current = &app;
  std::string path = "rampart";
  std::string unknown;
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "--db") {
      ++i;
      continue;
    }
    if (word.starts_with("-")) continue;
    auto subs = current->get_subcommands([&](CLI::App* sub) { return sub->check_name(std::string(word)); });
    if (!subs.empty()) {
      current = subs.front();
      path += " " + current->get_name();
      continue;
    }
    if (current->get_require_subcommand_min() > 0) unknown = word;
    break;
  }
  std::string message = error.what();
  if (!unknown.empty()) {
    message = fmt::format("unknown command '{}' for '{}' (commands: {})", unknown, path, SubcommandNames(current));
  } else if (current->get_require_subcommand_min() > 0 && current->get_subcommands().empty() &&
             dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    message = fmt::format("'{}' needs a command: {}", path, SubcommandNames(current));
  }
  std::fprintf(stderr, "rampart: error: %s\nrampart: see '%s --help'\n", message.c_str(), path.c_str());
  return kExitError;
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

  for (const CommandGroup& group : CommandGroups()) group.register_fn(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return ReportUsageError(app, e, argc, argv);
  }
  return context.exit_code;
}
