// `rampart rules check PATH...` and `rampart rules list PATH...`.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "rampart/detect/correlation.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/hunt/rules_check.h"

namespace rampart::cli {
namespace {

using detect::RuleSet;

// --placeholder NAME=VALUE / --placeholders FILE, for rules using `expand`.
struct PlaceholderArgs {
  std::vector<std::string> specs;
  std::vector<std::string> files;
};

struct CheckArgs {
  std::vector<std::string> paths;
  std::vector<std::string> filters;
  bool quiet = false;
  bool json = false;
  PlaceholderArgs placeholders;
};

struct ListArgs {
  std::vector<std::string> paths;
  std::vector<std::string> filters;
  std::vector<std::string> tags;
  std::string level;
  bool json = false;   // one JSON array
  bool jsonl = false;  // one JSON object per line
  bool all = false;
  PlaceholderArgs placeholders;
};

using Json = nlohmann::ordered_json;

void AddPlaceholderFlags(CLI::App* app, PlaceholderArgs& args) {
  app->add_option("--placeholder", args.specs,
                  "Value of an `expand` placeholder: NAME=VALUE (repeatable; several values per name are OR-ed)")
      ->allow_extra_args(false);
  app->add_option("--placeholders", args.files,
                  "YAML file mapping placeholder names to lists of values (bare or under `vars:`, as sigma-cli)")
      ->allow_extra_args(false);
}

void AddFilterFlag(CLI::App* app, std::vector<std::string>& filters) {
  app->add_option("--filters", filters,
                  "Sigma filter (meta-filter) file or folder kept apart from the rules (repeatable); "
                  "filters among the rule paths are applied too")
      ->allow_extra_args(false);
}

int Check(const CheckArgs& args) {
  auto options = detect::PlaceholderOptions(args.placeholders.specs, args.placeholders.files);
  if (!options.ok()) return ReportError(options.status());
  RuleSet set = RuleSet::Load(args.paths, *options, args.filters);
  auto report = hunt::CheckRules(set, args.quiet);
  if (!report.ok()) return ReportError(report.status());
  if (args.json) {
    std::printf("%s\n", report->json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
  } else {
    for (const std::string& line : report->lines) std::printf("%s\n", line.c_str());
  }
  return report->failed > 0 ? kExitError : kExitOk;
}

int List(const ListArgs& args) {
  detect::RuleFilter filter;
  filter.tags = args.tags;
  filter.include_deprecated = args.all;
  if (!args.level.empty()) {
    auto level = detect::ParseLevel(args.level);
    if (!level) return ReportError(InvalidInput(fmt::format("--level: unknown level '{}'", args.level)));
    filter.level = *level;
  }
  auto options = detect::PlaceholderOptions(args.placeholders.specs, args.placeholders.files);
  if (!options.ok()) return ReportError(options.status());
  RuleSet loaded = RuleSet::Load(args.paths, *options, args.filters);
  // A path that cannot be read is an error; a rule that does not load (a
  // placeholder without a value, bad YAML) is not listed and named on
  // stderr -- `rules check` is the command that fails on those.
  bool path_failed = false;
  for (const Status& e : loaded.errors()) {
    bool path_error = e.code() != absl::StatusCode::kInvalidArgument;
    path_failed |= path_error;
    std::fprintf(stderr, "rampart: %s: %s%s\n", path_error ? "error" : "warning", FormatError(e).c_str(),
                 path_error ? "" : " (not listed)");
  }
  for (const Status& w : loaded.warnings()) std::fprintf(stderr, "rampart: warning: %s\n", FormatError(w).c_str());
  RuleSet set = loaded.Filter(filter);
  Json all = Json::array();
  auto print = [&](const detect::RuleInfo& info, std::string_view kind,
                   const std::vector<detect::FilterRef>& filters = {}) {
    if (args.json || args.jsonl) {
      Json j;
      j["id"] = info.id;
      j["title"] = info.title;
      j["kind"] = kind;
      j["level"] = detect::LevelName(info.level);
      j["status"] = info.status;
      j["author"] = info.author;
      j["tags"] = info.tags;
      j["techniques"] = info.techniques;
      j["references"] = info.references;
      j["logsource"] = {{"product", info.logsource.product},
                        {"category", info.logsource.category},
                        {"service", info.logsource.service}};
      j["file"] = info.where.file;
      if (kind == "detection") {
        j["filters"] = Json::array();
        for (const auto& f : filters) j["filters"].push_back({{"id", f.id}, {"title", f.title}});
      }
      if (args.jsonl) std::printf("%s\n", j.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
      else all.push_back(std::move(j));
    } else {
      std::string techniques;
      for (const auto& t : info.techniques) techniques += (techniques.empty() ? "" : ",") + t;
      std::string_view level = kind == "filter" ? "filter" : detect::LevelName(info.level);
      std::printf("%-13s %-36s %-16s %s\n", std::string(level).c_str(), info.id.c_str(),
                  techniques.empty() ? "-" : techniques.c_str(), info.title.c_str());
      for (const auto& f : filters) {
        std::printf("%-13s %-36s %-16s   filtered by: %s%s\n", "", "", "", f.title.c_str(),
                    f.id.empty() ? "" : fmt::format(" ({})", f.id).c_str());
      }
    }
  };
  for (const auto& r : set.rules()) print(r.info, "detection", r.filters);
  for (const auto& c : set.correlations()) print(c.info, "correlation");
  for (const auto& f : set.filters()) print(f.info, "filter");
  if (args.json) std::printf("%s\n", all.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
  if (!args.json && !args.jsonl) {
    std::fprintf(stderr, "%zu rules%s\n", set.rules().size() + set.correlations().size(),
                 set.filters().empty() ? "" : fmt::format(", {} filters", set.filters().size()).c_str());
  }
  return path_failed ? kExitError : kExitOk;
}

void RegisterRules(CLI::App& app, Context& context) {
  CLI::App* rules = app.add_subcommand("rules", "Check and list Sigma rules");
  rules->require_subcommand(1);

  auto check_args = std::make_shared<CheckArgs>();
  CLI::App* check = rules->add_subcommand(
      "check", "Parse and compile Sigma rules; per rule: ok, or what is unsupported and where (exit 2 if any fails)");
  check->add_option("paths", check_args->paths, "Rule files or folders (searched recursively for .yml/.yaml)")
      ->required();
  check->add_flag("-q,--quiet", check_args->quiet, "Print only errors, warnings and the summary");
  check->add_flag("--json", check_args->json,
                  "One JSON document: {summary, results: [{status, file, line, id, title, message}]}");
  AddPlaceholderFlags(check, check_args->placeholders);
  AddFilterFlag(check, check_args->filters);
  check->callback([check_args, &context] { context.exit_code = Check(*check_args); });

  auto list_args = std::make_shared<ListArgs>();
  CLI::App* list = rules->add_subcommand("list", "List Sigma rules with their level, id, ATT&CK techniques and title");
  list->add_option("paths", list_args->paths, "Rule files or folders")->required();
  list->add_option("--tag", list_args->tags, "Keep rules with this tag (repeatable; attack.t1059 keeps sub-techniques)");
  list->add_option("--level", list_args->level, "Keep rules of this level (informational, low, medium, high, critical)")
      ->transform(CLI::IsMember({"informational", "low", "medium", "high", "critical"}, CLI::ignore_case));
  CLI::Option* json = list->add_flag("--json", list_args->json, "As one JSON array of rules");
  list->add_flag("--jsonl", list_args->jsonl, "One JSON object per rule and line")->excludes(json);
  list->add_flag("--all", list_args->all, "Include deprecated and unsupported-status rules");
  AddPlaceholderFlags(list, list_args->placeholders);
  AddFilterFlag(list, list_args->filters);
  list->callback([list_args, &context] { context.exit_code = List(*list_args); });
}

const bool kRegistered = RegisterCommandGroup({"rules", 40, &RegisterRules});

}  // namespace
}  // namespace rampart::cli
