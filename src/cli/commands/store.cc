// The `rampart store` command group: schema upkeep and moving a knowledge
// base between backends (SQLite file <-> PostgreSQL).
#include <filesystem>

#include <fmt/format.h>

#include "cli.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

struct StoreCopyArgs {
  std::string from;
  std::string to;
};

// A source must exist: a plain or sqlite: path that is missing is refused
// instead of being created empty.
Result<std::unique_ptr<store::Store>> OpenExisting(const std::string& location) {
  std::string path = location.starts_with("sqlite:") ? location.substr(7) : location;
  bool file = location.find("://") == std::string::npos && path != ":memory:";
  if (file && !std::filesystem::exists(path)) return NotFound(fmt::format("no store at '{}'", location));
  return store::OpenStore(location);
}

int RunMigrate(const Context& context) {
  std::string location = store::DefaultStoreLocation(context.global.db);
  Result<std::unique_ptr<store::Store>> opened = store::OpenStore(location);  // creates or upgrades
  if (!opened.ok()) return ReportError(opened.status());
  fmt::print("store schema is current ({})\n", location.find("://") != std::string::npos
                                                    ? location.substr(0, location.find("://") + 3) + "..."
                                                    : location);
  return kExitOk;
}

// Every version of every object (revoked ones included), in one transaction
// on the destination: all of it lands or none.
int RunCopy(const StoreCopyArgs& args) {
  Result<std::unique_ptr<store::Store>> from = OpenExisting(args.from);
  if (!from.ok()) return ReportError(from.status());
  Result<std::unique_ptr<store::Store>> to = store::OpenStore(args.to);
  if (!to.ok()) return ReportError(to.status());
  Result<std::unique_ptr<store::Transaction>> txn = (*to)->Begin();
  if (!txn.ok()) return ReportError(txn.status());
  int64_t objects = 0, versions = 0, added = 0;
  store::ExportFilter everything;
  everything.include_revoked = true;
  Status status = (*from)->Scan(everything, [&](const stix::Object& current) -> Status {
    ++objects;
    RAMPART_ASSIGN_OR_RETURN(std::vector<stix::Object> all, (*from)->Versions(current.id));
    for (const stix::Object& version : all) {
      RAMPART_ASSIGN_OR_RETURN(store::PutOutcome outcome, (*txn)->Put(version));
      ++versions;
      added += outcome != store::PutOutcome::kUnchanged;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) {
    (*txn)->Rollback();
    return ReportError(status);
  }
  status = (*txn)->Commit();
  if (!status.ok()) return ReportError(status);
  fmt::print("copied {} objects ({} versions, {} new in the destination)\n", objects, versions, added);
  return kExitOk;
}

void RegisterStore(CLI::App& app, Context& context) {
  static StoreCopyArgs copy_args;

  CLI::App* group = app.add_subcommand("store", "The knowledge base's storage: schema and moving between backends");
  group->require_subcommand(1);
  group->fallthrough();

  CLI::App* migrate = group->add_subcommand(
      "migrate", "Create or upgrade the schema of the store named by --db / $RAMPART_DB (SQLite file or "
                 "postgresql://...)");
  migrate->fallthrough();
  migrate->callback([&context] { context.exit_code = RunMigrate(context); });

  CLI::App* copy = group->add_subcommand(
      "copy", "Copy every version of every object from one store to another, in one transaction");
  copy->add_option("--from", copy_args.from, "Source: PATH, sqlite:PATH or postgresql://...")->required();
  copy->add_option("--to", copy_args.to, "Destination (created if missing): PATH, sqlite:PATH or postgresql://...")
      ->required();
  copy->fallthrough();
  copy->callback([&context] { context.exit_code = RunCopy(copy_args); });
}

const bool kRegistered = RegisterCommandGroup({"store", 50, &RegisterStore});

}  // namespace
}  // namespace rampart::cli
