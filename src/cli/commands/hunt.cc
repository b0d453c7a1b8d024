// rampart hunt: sweep logs with Sigma rules, the knowledge base's indicators
// and IOC lists. Exit status as scanners (clamscan, YARA-based tools): 0 no
// hits, 1 hits, 2 errors.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <optional>
#include <thread>

#include "cli.h"
#include "hunt/cached_rules.h"
#include "hunt/slow_notice.h"
#include "rampart/core/clock.h"
#include "rampart/core/escape.h"
#include "rampart/core/output_file.h"
#include "rampart/core/time.h"
#include "rampart/detect/correlation.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/detect/stix_pattern_matcher.h"
#include "rampart/hunt/annotations.h"
#include "rampart/hunt/detectors.h"
#include "rampart/hunt/hit_printer.h"
#include "rampart/hunt/hunted_indicators.h"
#include "rampart/hunt/incidents.h"
#include "rampart/hunt/pipeline.h"
#include "rampart/hunt/source_coverage.h"
#include "rampart/ingest/registry.h"
#include "rampart/ingest/source.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

using namespace rampart::hunt;  // NOLINT: the engine this command drives

constexpr int kMaxThreads = 1024;

struct HuntArgs {
  std::vector<std::string> rules;
  std::vector<std::string> filters;  // Sigma filter (meta-filter) files/folders
  std::vector<std::string> placeholder_specs, placeholder_files;
  bool intel = false;
  std::vector<std::string> iocs;
  std::string format = "auto";
  std::string since, until, min_level;
  bool keep_untimed = false;
  int threads = 0;
  std::string output = "table";
  std::string out;
  std::string summary_json;
  bool store = false;
  bool no_ioc_prefilter = false;
  std::string sort = "none";  // none | time
  double sort_memory_mb = 256;
  std::string rule_cache;  // folder; "" = the default ($XDG_CACHE_HOME/rampart)
  bool no_rule_cache = false;
  IncidentFlags incidents;  // --constituent, --incident-window (with --store)
  std::vector<std::string> inputs;
};

// --constituent and --incident-window (with --store).
void AddIncidentFlags(CLI::App& hunt, IncidentFlags& flags) {
  hunt.add_option("--constituent", flags.constituent,
                  "With --store: the logs come from this constituent's sensor (its incidents, whatever the addresses)");
  hunt.add_option("--incident-window", flags.window,
                  "With --store: sightings of one constituent and actor within this span form one incident (e.g. 24h, 7d)")
      ->capture_default_str();
}


std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Result<HuntOutput> ParseOutput(const std::string& given) {
  const std::string text = Lower(given);
  if (text == "table") return HuntOutput::kTable;
  if (text == "jsonl") return HuntOutput::kJsonl;
  if (text == "csv") return HuntOutput::kCsv;
  if (text == "stix") return HuntOutput::kStix;
  return InvalidInput(fmt::format("--output: expected table, jsonl, csv or stix, got '{}'", given));
}

// A --rules/--filters path that is missing or unreadable is an error before
// anything is hunted (as --ioc): a hunt without the rules asked for is not clean.
Status CheckReadable(std::string_view flag, const std::string& path) {
  if (::access(path.c_str(), R_OK) == 0) return Status();
  const int err = errno;
  ErrorContext where;
  where.file = path;
  return IoError(fmt::format("{}: cannot read: {}", flag, std::strerror(err)), where);
}

// Rule files and documents that did not load, each with its reason (at most
// kShown, then a count).
void PrintRuleErrors(const std::vector<Status>& errors) {
  constexpr size_t kShown = 10;
  if (errors.empty()) return;
  std::fprintf(stderr, "rampart: warning: %zu rule files or documents were not loaded:\n", errors.size());
  for (size_t i = 0; i < errors.size() && i < kShown; ++i) {
    std::fprintf(stderr, "rampart: warning: rule not loaded: %s\n", FormatError(errors[i]).c_str());
  }
  if (errors.size() > kShown) {
    std::fprintf(stderr, "rampart: warning: %zu more rule files or documents were not loaded "
                 "(`rampart rules check` lists every reason)\n", errors.size() - kShown);
  }
}

// Writes `text` to `path` ("-": standard output) in full or not at all.
Status WriteWhole(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    return Status();
  }
  RAMPART_ASSIGN_OR_RETURN(OutputFile file, OutputFile::Create(path));
  std::fputs(text.c_str(), file.file());
  return file.Commit();
}

int RunHunt(const HuntArgs& args, Context& context) {
  if (args.rules.empty() && !args.intel && args.iocs.empty()) {
    return ReportError(InvalidInput("nothing to hunt with: give --rules, --intel or --ioc"));
  }
  auto output = ParseOutput(args.output);
  if (!output.ok()) return ReportError(output.status());
  const std::string sort = Lower(args.sort);
  if (sort != "none" && sort != "time") {
    return ReportError(InvalidInput(fmt::format("--sort: expected none or time, got '{}'", args.sort)));
  }
  if (sort == "time" && *output == HuntOutput::kStix) {
    return ReportError(InvalidInput("--sort time: a STIX bundle has no order; use table, jsonl or csv"));
  }
  if (!(args.sort_memory_mb >= 0.001 && args.sort_memory_mb <= 1048576)) {
    return ReportError(InvalidInput(fmt::format("--sort-memory: expected 0.001 to 1048576 MB, got {}", args.sort_memory_mb)));
  }
  const std::string format = Lower(args.format);
  if (!ingest::IsReaderName(format)) {
    return ReportError(InvalidInput(fmt::format("--format: unknown format '{}'", args.format)));
  }
  if (args.threads < 0 || args.threads > kMaxThreads) {
    return ReportError(InvalidInput(
        fmt::format("--threads: expected 0 (every core) to {}, got {}", kMaxThreads, args.threads)));
  }
  PipelineOptions options;
  options.read.format = format;
  options.keep_untimed = args.keep_untimed;
  options.prefilter = !args.no_ioc_prefilter;
  options.threads = args.threads > 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  TimestampUs now = SystemClock()->Now();
  if (!args.since.empty()) {
    auto t = ParseTimeOrAgo(args.since, now);
    if (!t.ok()) return ReportError(WithContext(t.status(), {.object_id = "--since"}));
    options.since_us = *t;
  }
  if (!args.until.empty()) {
    auto t = ParseTimeOrAgo(args.until, now);
    if (!t.ok()) return ReportError(WithContext(t.status(), {.object_id = "--until"}));
    options.until_us = *t;
  }
  std::vector<std::string> errors;
  for (const std::string& path : args.rules) {
    if (Status st = CheckReadable("--rules", path); !st.ok()) return ReportError(st);
  }
  for (const std::string& path : args.filters) {
    if (Status st = CheckReadable("--filters", path); !st.ok()) return ReportError(st);
  }

  // Outputs: never one of the inputs or the knowledge base.
  std::string location = store::DefaultStoreLocation(context.global.db);
  {
    std::vector<std::string> inputs = ingest::ExpandInputs(args.inputs).paths;
    for (const std::string* flag_out : {&args.out, &args.summary_json}) {
      const char* flag = flag_out == &args.out ? "--out" : "--summary-json";
      if (Status st = CheckOutputPath(flag, *flag_out, inputs); !st.ok()) return ReportError(st);
      if (Status st = CheckOutputPath(flag, *flag_out, {location}, "the knowledge base"); !st.ok()) {
        return ReportError(st);
      }
    }
  }

  // The knowledge base: for --intel/--store, and to name techniques and actors
  // when one exists.
  std::unique_ptr<store::Store> kb;
  if (!args.store && *output != HuntOutput::kStix && !args.incidents.constituent.empty()) {
    std::fprintf(stderr,
                 "rampart: warning: --constituent is ignored without --store or --output stix (only sightings "
                 "name constituents and become incidents)\n");
  }
  if (args.intel || args.store || ::access(location.c_str(), R_OK) == 0) {
    // Only --store writes; an existing knowledge base is otherwise only read
    // (a missing one is created as before, so --intel finds it empty).
    bool read_only = !args.store && ::access(location.c_str(), R_OK) == 0;
    auto opened = store::OpenStore(location, read_only ? store::OpenMode::kReadOnly : store::OpenMode::kReadWrite);
    if (!opened.ok()) return ReportError(opened.status());
    kb = std::move(*opened);
  }
  HuntedIndicators hunted(kb.get());
  std::optional<StoredIndicators> stored_indicators;
  if (args.intel) {
    auto found = IndicatorsFromStore(*kb, hunted);
    if (!found.ok()) return ReportError(found.status());
    stored_indicators = std::move(*found);
    for (const auto& [id, reason] : stored_indicators->not_huntable) {
      std::fprintf(stderr, "rampart: not huntable: %s: %s\n", id.c_str(), EscapeControlBytes(reason).c_str());
    }
  }

  // Rules: parse, filter, compile. Rules that fail are reported, not hunted.
  auto parse_options = detect::PlaceholderOptions(args.placeholder_specs, args.placeholder_files);
  if (!parse_options.ok()) return ReportError(parse_options.status());
  const auto load_started = std::chrono::steady_clock::now();
  // Stored Sigma indicators (--intel) join the rules after loading: such a
  // hunt compiles afresh rather than caching a set that holds store content.
  const bool stored_sigma = stored_indicators && !stored_indicators->sigma.empty();
  LoadedRules loaded = LoadRules(args.rules, args.filters, *parse_options, "min-level=" + args.min_level,
                                 {args.rule_cache, args.no_rule_cache || stored_sigma});
  detect::RuleSet rules = std::move(loaded.rules);
  if (stored_sigma) {
    // A stored Sigma indicator is its rule again; its id stands for the file.
    for (const auto& [id, yaml] : stored_indicators->sigma) rules.AddText(yaml, id, *parse_options);
  }
  spdlog::info("rules: {} loaded, {} correlations, {} not loaded, {} skipped ({:.2f} s)", rules.rules().size(),
               rules.correlations().size(), rules.errors().size(), rules.skipped().size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - load_started).count());
  for (const Status& w : rules.warnings()) std::fprintf(stderr, "rampart: warning: %s\n", FormatError(w).c_str());
  if (!args.min_level.empty()) {
    auto level = detect::ParseLevel(args.min_level);
    if (!level) return ReportError(InvalidInput(fmt::format("--min-level: unknown level '{}'", args.min_level)));
    detect::RuleFilter filter;
    filter.min_level = *level;
    rules = rules.Filter(filter);
  }
  PrintRuleErrors(rules.errors());
  std::unique_ptr<detect::Matcher> matcher;
  std::unique_ptr<SigmaDetector> sigma;
  std::vector<const Detector*> detectors;
  if (!rules.rules().empty()) {
    const auto compile_started = std::chrono::steady_clock::now();
    std::optional<SlowNotice> compiling;
    compiling.emplace(fmt::format("compiling {} rules…", WithThousands(rules.rules().size())));
    detect::CompileOptions compile_options;
    if (loaded.cache_on) compile_options.databases = &loaded.databases;
    auto compiled = detect::Matcher::Compile(rules, compile_options);
    compiling.reset();
    if (!compiled.ok()) return ReportError(compiled.status());
    spdlog::info("rules: compiled in {:.2f} s ({} of {} Vectorscan results from the cache)",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_started).count(),
                 loaded.databases.size() - loaded.databases.added(), loaded.databases.size());
    matcher = std::move(*compiled);
    for (const Status& e : matcher->rule_errors()) {
      std::fprintf(stderr, "rampart: warning: rule not compiled: %s\n", FormatError(e).c_str());
    }
    sigma = std::make_unique<SigmaDetector>(*matcher);
    detectors.push_back(sigma.get());
  }
  SaveRules(loaded, rules);
  if (rules.rules().empty() && !args.rules.empty() && args.iocs.empty() && !args.intel) {
    return ReportError(InvalidInput("no usable rule in the --rules paths"));
  }

  Annotations annotations = Annotations::Build(rules, kb.get());

  // Indicators: --ioc lists and, with --intel, the knowledge base's.
  detect::IndicatorMatcher indicators;
  std::unique_ptr<IndicatorDetector> indicator_detector;
  std::vector<StatefulDetector*> stateful;
  for (const std::string& path : args.iocs) {
    auto list = detect::ReadIocList(path);
    if (!list.ok()) return ReportError(WithContext(list.status(), {.file = path}));
    hunted.AddIocList(*list, path, SystemClock()->Now());
    for (const detect::IocRejected& r : list->rejected) {
      errors.push_back(fmt::format("{}: {}: '{}'", r.where, r.reason, r.text));
    }
    for (const detect::IndicatorProblem& p : indicators.AddIocList(*list)) {
      // An indicator these logs cannot show is listed, not an input error.
      const char* kind = p.warning ? "warning" : p.not_huntable ? "not huntable" : "error";
      std::fprintf(stderr, "rampart: %s\n",
                   EscapeControlBytes(fmt::format("{}: {}: {}", kind, p.indicator_id, p.message)).c_str());
      if (!p.warning && !p.not_huntable) errors.push_back(fmt::format("{}: {}", p.indicator_id, p.message));
    }
  }
  if (stored_indicators) {
    for (const detect::IndicatorProblem& p : indicators.AddIndicators(stored_indicators->specs)) {
      // A knowledge-base indicator we cannot map is reported but is not an input error.
      std::fprintf(stderr, "rampart: %s: %s: %s\n", p.warning ? "warning" : p.not_huntable ? "not huntable" : "skipped",
                   p.indicator_id.c_str(), EscapeControlBytes(p.message).c_str());
    }
    std::fprintf(stderr, "rampart: hunting with %zu knowledge-base indicators (%zu STIX patterns, %zu Sigma rules)\n",
                 stored_indicators->specs.size() + stored_indicators->sigma.size(), stored_indicators->specs.size(),
                 stored_indicators->sigma.size());
  }
  annotations.AddIndicators(indicators, kb.get());
  if (indicators.indicator_count() > 0) {
    indicator_detector = std::make_unique<IndicatorDetector>(indicators);
    detectors.push_back(indicator_detector.get());
    if (indicators.stateful_pattern_count() > 0) stateful.push_back(indicator_detector.get());
  }
  if (detectors.empty()) return ReportError(InvalidInput("no usable rule or indicator to hunt with"));
  // Sigma rules and STIX patterns need every event; IOCs only the records
  // that hold one (with --since/--until the others are counted unread).
  if (options.prefilter && detectors.size() == 1 && indicator_detector != nullptr && stateful.empty() &&
      indicators.stateless_pattern_count() == 0 && !indicators.ioc_set().empty()) {
    auto filter = std::make_shared<IocRecordFilter>(indicators.ioc_set(), options.threads);
    if (filter->usable()) options.read.record_filter = std::move(filter);
  }

  // The coverage check rides along as a detector that never hits.
  SourceCoverage coverage;
  if (sigma != nullptr) detectors.push_back(&coverage);

  std::FILE* out = stdout;
  std::optional<OutputFile> out_file;
  if (!args.out.empty() && args.out != "-") {
    auto created = OutputFile::Create(args.out);
    if (!created.ok()) return ReportError(created.status());
    out_file.emplace(std::move(*created));
    out = out_file->file();
  }
  HitPrinter printer(*output, out, annotations, args.store, &hunted);
  std::optional<TimeSorter> sorter;
  if (sort == "time") {
    sorter.emplace(static_cast<size_t>(args.sort_memory_mb * 1048576));
    printer.SortByTime(&*sorter);
  }
  // --store: hits become incidents too; with STIX output, sightings name
  // the constituents they were seen at.
  IncidentCollector collector(printer, annotations);
  const bool collect = kb != nullptr && (args.store || *output == HuntOutput::kStix);
  detect::Sink& front = collect ? static_cast<detect::Sink&>(collector) : printer;
  detect::Sink* sink = &front;
  std::unique_ptr<detect::Correlator> correlator;
  if (!rules.correlations().empty()) {
    auto created = detect::Correlator::Create(rules, front);
    if (!created.ok()) return ReportError(created.status());
    correlator = std::move(*created);
    sink = correlator.get();
  }

  PipelineStats stats = RunPipeline(args.inputs, detectors, stateful, *sink, options);
  if (context.global.verbose > 0) {
    for (const std::string& f : stats.skipped_files) std::fprintf(stderr, "rampart: skipped %s: format not recognised\n", f.c_str());
  }
  for (const ingest::ReadIssue& issue : stats.issues) errors.push_back(issue.ToString());
  if (Status st = printer.FlushSorted(); !st.ok()) errors.push_back(FormatError(st));
  if (sorter) spdlog::info("sort: {} sorted runs spilled to disk", sorter->runs());
  if (sigma != nullptr) {
    for (const std::string& name : coverage.Uncovered(rules)) {
      std::fprintf(stderr, "rampart: note: no loaded rule applies to %s events\n", name.c_str());
    }
  }
  if (collect) {
    if (Status st = NameWhereSighted(printer, collector, *kb, args.incidents); !st.ok()) return ReportError(st);
  }
  if (printer.unsighted() > 0) {
    errors.push_back(fmt::format("{} hits have no sighting: their rule file could not be read again",
                                 printer.unsighted()));
  }
  printer.Finish(stats, errors);
  if (out_file) {
    if (Status st = out_file->Commit(); !st.ok()) return ReportError(st);
  }
  if (!args.summary_json.empty()) {
    if (Status st = WriteWhole(args.summary_json, printer.SummaryJson(stats, errors) + "\n"); !st.ok()) {
      return ReportError(st);
    }
  }

  if (args.store && kb != nullptr && !printer.stored_objects().empty()) {
    auto stored = StoreHuntResults(*kb, printer.stored_objects(), collector, args.incidents, stderr);
    if (!stored.ok()) return ReportError(stored.status());
    std::fprintf(stderr, "rampart: stored %zu STIX objects (indicators, sightings, observed data) in %s\n",
                 printer.stored_objects().size(), location.c_str());
  }
  if (!errors.empty()) return kExitError;
  return printer.hits() > 0 ? 1 : 0;
}

void Register(CLI::App& app, Context& context) {
  auto args = std::make_shared<HuntArgs>();
  CLI::App* hunt = app.add_subcommand(
      "hunt", "Sweep logs with Sigma rules, knowledge-base indicators and IOC lists (exit 0 none, 1 hits, 2 errors)");
  hunt->add_option("--rules", args->rules, "Sigma rule file or folder (repeatable; folders recursive)");
  hunt->add_option("--filters", args->filters,
                   "Sigma filter (meta-filter) file or folder, AND-ed into the rules it names (repeatable)")
      ->allow_extra_args(false);
  hunt->add_option("--placeholder", args->placeholder_specs,
                   "Value of a Sigma `expand` placeholder: NAME=VALUE (repeatable; several values per name are OR-ed)")
      ->allow_extra_args(false);
  hunt->add_option("--placeholders", args->placeholder_files,
                   "YAML file mapping placeholder names to lists of values (bare or under `vars:`, as sigma-cli)")
      ->allow_extra_args(false);
  hunt->add_flag("--intel", args->intel, "Also hunt with every valid, unrevoked indicator in the knowledge base");
  hunt->add_option("--ioc", args->iocs, "IOC list: one indicator per line, or a STIX bundle (repeatable)");
  hunt->add_option("--format", args->format, "Log format: auto|evtx|jsonl|w3c|zeek|syslog|csv")
      ->capture_default_str();
  hunt->add_option("--since", args->since, "Skip events before this time (RFC 3339 or 30d/12h/15m ago)");
  hunt->add_option("--until", args->until, "Skip events after this time");
  hunt->add_flag("--keep-untimed", args->keep_untimed,
                 "With --since/--until, also hunt records whose time cannot be read (by default they are "
                 "out of range, and counted in the summary)");
  hunt->add_option("--min-level", args->min_level, "Only rules at or above this level (low, medium, high, critical)");
  hunt->add_option("--threads", args->threads, "Worker threads, 1 to 1024 (default 0: all cores)");
  hunt->add_option("--output", args->output, "table|jsonl|csv|stix (any case); csv is a timeline for spreadsheets")
      ->capture_default_str();
  hunt->add_option("--sort", args->sort, "none (source order) or time (by event time; untimed hits last)")
      ->capture_default_str();
  hunt->add_option("--sort-memory", args->sort_memory_mb,
                   "With --sort time: MB of hits kept in memory before sorted runs spill to $TMPDIR")
      ->capture_default_str();
  hunt->add_option("--out", args->out,
                   "Write hits to this file instead of stdout (never an input or the knowledge base; "
                   "written whole or not at all)");
  hunt->add_option("--summary-json", args->summary_json,
                   "Also write the summary as one JSON object to this file (- for stdout, after the hits)");
  hunt->add_flag("--store", args->store, "Keep sightings in the knowledge base and correlate them into incidents");
  AddIncidentFlags(*hunt, args->incidents);
  hunt->add_flag("--no-ioc-prefilter", args->no_ioc_prefilter,
                 "Parse every record and check every event field by field for IOCs, instead of skipping "
                 "records whose raw text holds no IOC literal and prefiltering each batch at once "
                 "(same hits and counts, slower; for verification)");
  hunt->add_option("--rule-cache", args->rule_cache,
                   "Folder of the compiled rule cache (default $XDG_CACHE_HOME/rampart, else ~/.cache/rampart)")
      ->allow_extra_args(false);
  hunt->add_flag("--no-rule-cache", args->no_rule_cache, "Neither read nor write the compiled rule cache");
  hunt->add_option("paths", args->inputs, "Log files, folders, globs, .gz, or - for stdin")->required();
  hunt->callback([args, &context] { context.exit_code = RunHunt(*args, context); });
}

const bool kRegistered = RegisterCommandGroup({"hunt", 30, &Register});

}  // namespace
}  // namespace rampart::cli
