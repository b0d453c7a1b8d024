// `rampart rules check PATH...` and `rampart rules list PATH...`.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "rampart/detect/correlation.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"

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
  PlaceholderArgs placeholders;
};

struct ListArgs {
  std::vector<std::string> paths;
  std::vector<std::string> filters;
  std::vector<std::string> tags;
  std::string level;
  bool json = false;
  bool all = false;
  PlaceholderArgs placeholders;
};

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

std::string Where(const detect::RuleInfo& info) { return info.where.ToString(); }

// " [filters: Title (id), ...]" for a rule that carries filters, else "".
std::string FiltersText(const detect::SigmaRule& rule) {
  std::string out;
  for (const auto& f : rule.filters) {
    out += fmt::format("{}{}{}", out.empty() ? " [filters: " : ", ", f.title, f.id.empty() ? "" : " (" + f.id + ")");
  }
  return out.empty() ? out : out + "]";
}

int Check(const CheckArgs& args) {
  auto options = detect::PlaceholderOptions(args.placeholders.specs, args.placeholders.files);
  if (!options.ok()) return ReportError(options.status());
  RuleSet set = RuleSet::Load(args.paths, *options, args.filters);
  int failed = 0, warnings = 0;
  // Documents that are not rules (metadata files) are named, not counted.
  if (!args.quiet) {
    for (const Status& s : set.skipped()) std::printf("skipped %s\n", FormatError(s).c_str());
  }
  for (const Status& e : set.errors()) {
    std::printf("error   %s\n", FormatError(e).c_str());
    ++failed;
  }
  for (const Status& e : set.Validate()) {
    std::printf("error   %s\n", FormatError(e).c_str());
    ++failed;
  }
  auto matcher = detect::Matcher::Compile(set, detect::CompileOptions{.verify = false, .verify_from_env = false});
  if (!matcher.ok()) {
    std::printf("error   %s\n", FormatError(matcher.status()).c_str());
    return kExitError;
  }
  std::set<std::string> compile_failed;
  for (const Status& e : (*matcher)->rule_errors()) {
    std::printf("error   %s\n", FormatError(e).c_str());
    if (auto ctx = GetContext(e)) compile_failed.insert(ctx->object_id);
    ++failed;
  }
  for (const auto& rule : set.rules()) {
    if (compile_failed.count(rule.info.id)) continue;
    std::string why;
    if (!detect::LogSourceMapped(rule.info.logsource, &why)) {
      ++warnings;
      std::printf("warning %s: (%s) %s\n", Where(rule.info).c_str(), rule.info.id.c_str(), why.c_str());
    } else if (!args.quiet) {
      std::printf("ok      %s: (%s) %s%s\n", Where(rule.info).c_str(), rule.info.id.c_str(), rule.info.title.c_str(),
                  FiltersText(rule).c_str());
    }
  }
  // Filters: each with the number of rules it applies to; problems are warnings.
  for (size_t i = 0; i < set.filters().size(); ++i) {
    const auto& f = set.filters()[i];
    if (!args.quiet) {
      std::printf("ok      %s: (%s) %s [filter on %d rules]\n", Where(f.info).c_str(), f.info.id.c_str(),
                  f.info.title.c_str(), set.filter_use()[i]);
    }
  }
  for (const Status& w : set.warnings()) {
    std::printf("warning %s\n", FormatError(w).c_str());
    ++warnings;
  }
  detect::CollectingSink sink;
  if (!set.correlations().empty()) {
    auto corr = detect::Correlator::Create(set, sink);
    if (!corr.ok()) {
      std::printf("error   %s\n", FormatError(corr.status()).c_str());
      ++failed;
    } else if (!args.quiet) {
      for (const auto& c : set.correlations()) {
        std::printf("ok      %s: (%s) %s [correlation %s]\n", Where(c.info).c_str(), c.info.id.c_str(),
                    c.info.title.c_str(), std::string(detect::CorrelationTypeName(c.type)).c_str());
      }
    }
  }
  auto st = (*matcher)->stats();
  std::printf("%d files: %zu rules and %zu correlations ok, %d unsupported, %d warnings, "
              "%zu skipped (not Sigma rules), %zu filters "
              "(%d logsource groups, %d atoms, %d regexes in Vectorscan, %d in PCRE2)\n",
              set.files(), set.rules().size() - compile_failed.size(), set.correlations().size(), failed, warnings,
              set.skipped().size(), set.filters().size(), st.groups, st.atoms, st.vectorscan_regexes, st.pcre_regexes);
  return failed > 0 ? kExitError : kExitOk;
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
  for (const Status& e : loaded.errors()) std::fprintf(stderr, "rampart: warning: %s\n", FormatError(e).c_str());
  for (const Status& w : loaded.warnings()) std::fprintf(stderr, "rampart: warning: %s\n", FormatError(w).c_str());
  RuleSet set = loaded.Filter(filter);
  auto print = [&](const detect::RuleInfo& info, std::string_view kind,
                   const std::vector<detect::FilterRef>& filters = {}) {
    if (args.json) {
      nlohmann::json j;
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
        j["filters"] = nlohmann::json::array();
        for (const auto& f : filters) j["filters"].push_back({{"id", f.id}, {"title", f.title}});
      }
      std::printf("%s\n", j.dump().c_str());
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
  if (!args.json) {
    std::fprintf(stderr, "%zu rules%s\n", set.rules().size() + set.correlations().size(),
                 set.filters().empty() ? "" : fmt::format(", {} filters", set.filters().size()).c_str());
  }
  return loaded.errors().empty() ? kExitOk : kExitError;
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
  AddPlaceholderFlags(check, check_args->placeholders);
  AddFilterFlag(check, check_args->filters);
  check->callback([check_args, &context] { context.exit_code = Check(*check_args); });

  auto list_args = std::make_shared<ListArgs>();
  CLI::App* list = rules->add_subcommand("list", "List Sigma rules with their level, id, ATT&CK techniques and title");
  list->add_option("paths", list_args->paths, "Rule files or folders")->required();
  list->add_option("--tag", list_args->tags, "Keep rules with this tag (repeatable; attack.t1059 keeps sub-techniques)");
  list->add_option("--level", list_args->level, "Keep rules of this level (informational, low, medium, high, critical)");
  list->add_flag("--json", list_args->json, "One JSON object per rule and line");
  list->add_flag("--all", list_args->all, "Include deprecated and unsupported-status rules");
  AddPlaceholderFlags(list, list_args->placeholders);
  AddFilterFlag(list, list_args->filters);
  list->callback([list_args, &context] { context.exit_code = List(*list_args); });
}

const bool kRegistered = RegisterCommandGroup({"rules", 40, &RegisterRules});

}  // namespace
}  // namespace rampart::cli
