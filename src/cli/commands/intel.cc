// The `rampart intel` command group: every subcommand and flag is defined
// here, once. Parsing does no I/O; the Run* bodies open the store afterwards.
#include <fmt/format.h>

#include <filesystem>

#include "cli.h"
#include "commands/intel_commands.h"
#include "rampart/store/open.h"

namespace rampart::cli {

Result<std::unique_ptr<store::Store>> OpenKnowledgeBase(const Context& context, bool must_exist) {
  std::string location = store::DefaultStoreLocation(context.global.db);
  if (!must_exist) return store::OpenStore(location);
  auto opened = store::OpenStore(location, store::OpenMode::kReadOnly);
  if (opened.status().code() == absl::StatusCode::kNotFound) {
    return InvalidInput(
        fmt::format("no knowledge base at '{}' (import into it first: rampart intel import PATH, or "
                    "choose one with --db / $RAMPART_DB)",
                    location));
  }
  return opened;
}

std::string NewStorePath(const Context& context) {
  std::string location = store::DefaultStoreLocation(context.global.db);
  std::string path = location.starts_with("sqlite:") ? location.substr(7) : location;
  if (path == ":memory:" || path.find("://") != std::string::npos) return "";
  std::error_code error;
  return std::filesystem::exists(path, error) || error ? "" : path;
}

void RemoveNewStore(const std::string& path) {
  if (path.empty()) return;
  std::error_code error;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix, error);
}

namespace {

void RegisterIntel(CLI::App& app, Context& context) {
  // One instance per process: CLI11 binds flags to these members.
  static IntelImportArgs import_args;
  static IntelGetArgs get_args;
  static IntelSearchArgs search_args;
  static IntelGraphArgs graph_args;
  static IntelExportArgs export_args;

  CLI::App* intel = app.add_subcommand("intel", "The threat-intelligence knowledge base (STIX 2.1)");
  intel->require_subcommand(1);
  intel->fallthrough();

  CLI::App* import = intel->add_subcommand(
      "import", "Import STIX 2.0/2.1 bundles, MISP events/feeds or MISP galaxy clusters (one transaction)");
  import->add_option("PATH", import_args.paths, "Files or folders to import")->required();
  import->add_option("--format", import_args.format, "Input format (default: detected per file)")
      ->transform(CLI::IsMember({"auto", "stix", "misp", "galaxy"}, CLI::ignore_case));
  import->add_flag("--strict", import_args.strict, "Store nothing if any object is invalid");
  import->add_flag("--show-contested", import_args.show_contested,
                   "List every contested merge (an alias naming several existing objects)");
  import->add_flag("--json", import_args.json, "The import report as JSON (contested merges included)");
  import->fallthrough();
  import->callback([&context] { context.exit_code = RunIntelImport(context, import_args); });

  CLI::App* get = intel->add_subcommand("get", "Show one object (actor, technique, ...) and its neighbourhood");
  get->add_option("NAME", get_args.query, "STIX id, external id (G0065, T1190, CVE-...), name or alias")
      ->required();
  get->add_flag("--json", get_args.json, "The object and its resolved neighbourhood as JSON");
  get->fallthrough();
  get->callback([&context] { context.exit_code = RunIntelGet(context, get_args); });

  CLI::App* search = intel->add_subcommand("search", "Full-text search over names, aliases and descriptions");
  search->add_option("TEXT", search_args.text, "Words that must all occur (prefix match)")->required();
  search->add_option("--type", search_args.type, "Only objects of this STIX type (e.g. intrusion-set)");
  search->add_option("--limit", search_args.limit, "At most this many hits")->check(CLI::Range(1, 10000));
  CLI::Option* search_json = search->add_flag("--json", search_args.json, "Hits as a JSON array");
  search->add_flag("--jsonl", search_args.jsonl, "One JSON object per hit and line")->excludes(search_json);
  search->fallthrough();
  search->callback([&context] { context.exit_code = RunIntelSearch(context, search_args); });

  CLI::App* graph = intel->add_subcommand("graph", "The relationship graph around an object");
  graph->add_option("NAME", graph_args.query, "STIX id, external id, name or alias")->required();
  graph->add_option("--depth", graph_args.depth, "Hops to follow (default 1)")->check(CLI::Range(0, 6));
  CLI::Option* graph_format =
      graph->add_option("--format", graph_args.format, "text (tree), json (nodes and edges) or dot (Graphviz)")
          ->transform(CLI::IsMember({"text", "json", "dot"}, CLI::ignore_case));
  graph->add_flag_callback("--json", [] { graph_args.format = "json"; }, "Same as --format json")
      ->excludes(graph_format);
  graph->fallthrough();
  graph->callback([&context] { context.exit_code = RunIntelGraph(context, graph_args); });

  CLI::App* exp = intel->add_subcommand("export", "Write current objects as a STIX 2.1 bundle");
  exp->add_option("--type", export_args.types, "Only this STIX type (repeatable)");
  exp->add_option("--since", export_args.since, "Modified at or after: RFC 3339 time or relative (30d, 12h)");
  exp->add_option("--max-tlp", export_args.max_tlp, "Most restrictive TLP included")
      ->transform(CLI::IsMember({"clear", "white", "green", "amber", "amber+strict", "red"}, CLI::ignore_case));
  exp->add_option("--out", export_args.out, "Write to this file (default: standard output)");
  exp->add_flag("--include-revoked", export_args.include_revoked,
                "Also revoked objects and the relationships that point at them");
  exp->add_option("--report", export_args.report, "Only this report (report--...) and every object it references");
  exp->fallthrough();
  exp->callback([&context] { context.exit_code = RunIntelExport(context, export_args); });
}

const bool kRegistered = RegisterCommandGroup({"intel", 10, &RegisterIntel});

}  // namespace
}  // namespace rampart::cli
