// What every rampart subcommand shares: global options, exit codes, and how
// errors are printed.
//
// Each command group lives in commands/<group>.cc and exposes one
// Register<Group>Commands() that defines its subcommands and flags on the
// CLI11 app -- the one place each command and flag is defined (help and the
// README's command list come from these definitions). Parsing does no I/O:
// callbacks open the store and compile rules only after parsing succeeded.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::cli {

// Exit codes: 0 ok (hunt: no hits), 1 not found (hunt: hits, as scanners
// such as clamscan report a find), 2 bad input or error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitNotFound = 1;
inline constexpr int kExitError = 2;

struct GlobalOptions {
  std::string db;   // --db; see store::DefaultStoreLocation
  int verbose = 0;  // -v count
};

// State the command callbacks share with main().
struct Context {
  GlobalOptions global;
  int exit_code = kExitOk;
};

// Prints "rampart: error: <FormatError(status)>" to stderr and returns the
// exit code for it (NotFound -> 1, anything else -> 2).
int ReportError(const Status& status);

// Prints a command-line usage error (unknown command, bad option value ...)
// as "rampart: error: ..." naming the command typed, and returns kExitError.
int ReportUsageError(CLI::App& app, const CLI::ParseError& error, int argc, char** argv);

// Command groups register themselves by name (Zeek-style components): each
// commands/<group>.cc defines
//   static const bool kRegistered = RegisterCommandGroup({"intel", 10, &RegisterIntel});
// and main() calls every registered group in `order`, so the help lists
// commands in the order of the story (intel, report, hunt, rules, demo ...).
using RegisterFn = void (*)(CLI::App& app, Context& context);
struct CommandGroup {
  const char* name;
  int order;
  RegisterFn register_fn;
};
bool RegisterCommandGroup(CommandGroup group);
const std::vector<CommandGroup>& CommandGroups();  // sorted by order

}  // namespace rampart::cli
