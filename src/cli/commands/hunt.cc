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
#include "hunt/annotations.h"
#include "hunt/hit_printer.h"
#include "hunt/incidents.h"
#include "hunt/pipeline.h"
#include "hunt/slow_notice.h"
#include "hunt/source_coverage.h"
#include "rampart/core/clock.h"
#include "rampart/core/escape.h"
#include "rampart/core/output_file.h"
#include "rampart/core/time.h"
#include "rampart/detect/correlation.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/detect/stix_pattern_matcher.h"
#include "rampart/ingest/registry.h"
#include "rampart/ingest/source.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

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
  IncidentFlags incidents;  // --constituent, --incident-window (with --store)
  std::vector<std::string> inputs;
};

// Sigma rules as a pipeline Detector.
class SigmaDetector final : public Detector {
 public:
  explicit SigmaDetector(const detect::Matcher& matcher) : matcher_(matcher) {}
  struct SigmaScratch : Scratch {
    std::unique_ptr<detect::MatchScratch> scratch;
  };
  std::unique_ptr<Scratch> NewScratch() const override {
    auto s = std::make_unique<SigmaScratch>();
    s->scratch = matcher_.NewScratch();
    return s;
  }
  void Match(const detect::Event& event, detect::Sink& sink, Scratch& scratch) const override {
    matcher_.Match(event, sink, *static_cast<SigmaScratch&>(scratch).scratch);
  }

 private:
  const detect::Matcher& matcher_;
};

// IOC lists and STIX indicators: the stateless part (IOC sets, one-event
// patterns) runs on the workers, the multi-event patterns in source order.
class IndicatorDetector final : public Detector, public StatefulDetector {
 public:
  explicit IndicatorDetector(detect::IndicatorMatcher& matcher) : matcher_(matcher) {}
  struct IndicatorScratch : Scratch {
    std::string text;             // the batch's field values, '\n'-separated
    std::vector<size_t> starts;   // where each event's values begin in `text`
  };
  std::unique_ptr<Scratch> NewScratch() const override { return std::make_unique<Scratch>(); }
  void Match(const detect::Event& event, detect::Sink& sink, Scratch&) const override {
    matcher_.MatchStateless(event, sink);
  }
  // With only IOC-set entries stateless (no per-event pattern to evaluate),
  // an event gets a hit only if ScanValue finds one in a field value. Every
  // value of the batch is joined with '\n' (whitespace ends every token, so
  // the tokens are those of the values one by one) and scanned once with
  // ScanText (one Vectorscan literal pass, then the exact scanner only
  // around candidates); events with no hit are skipped, the others go
  // through MatchStateless unchanged, so hits and their order do not change.
  bool Prefilter(const ingest::EventBatch& batch, std::vector<uint8_t>& may_hit, Scratch& scratch) const override {
    if (matcher_.stateless_pattern_count() > 0) return false;
    std::fill(may_hit.begin(), may_hit.end(), 0);
    const detect::IocSet& iocs = matcher_.ioc_set();
    if (iocs.empty()) return true;
    (void)scratch;
    // Kept per thread, not per batch scratch: re-growing a 4 MiB buffer for
    // every batch cost more system time (page faults) than the scan itself.
    thread_local IndicatorScratch s;
    s.text.clear();
    s.starts.clear();
    for (const detect::Event& event : batch) {
      s.starts.push_back(s.text.size());
      event.Fields([&](std::string_view, const detect::Value& v) {
        s.text.append(v.text);
        s.text.push_back('\n');
      });
    }
    iocs.ScanText(s.text, [&](const detect::IocHit& hit) {
      size_t offset = static_cast<size_t>(hit.token.data() - s.text.data());
      size_t event = static_cast<size_t>(std::upper_bound(s.starts.begin(), s.starts.end(), offset) - s.starts.begin()) - 1;
      may_hit[event] = 1;
    });
    return true;
  }
  void Match(const detect::Event& event, detect::Sink& sink) override { matcher_.MatchStateful(event, sink); }

 private:
  detect::IndicatorMatcher& matcher_;
};

// IOC-only hunts (no Sigma rule, no per-event or multi-event STIX pattern):
// an event can only hit if some field value holds a token ScanValue hits,
// and such a token contains one of the IOC set's prefilter literals. The
// text readers' field values are their raw line's bytes (W3C, Zeek, CSV,
// syslog) or decode escapes (JSON: those lines are kept by the reader), so a
// record none of whose lines holds a literal cannot hit; the reader drops it
// before building its event (ingest::RecordFilter). Candidate records still
// go through the batch prefilter and MatchStateless, so hits, their order,
// line numbers and the summary counts are those of the unfiltered hunt
// (--no-ioc-prefilter; e2e tests compare both) -- except with --since or
// --until, where a dropped record's time is unknown: it is counted as
// unread rather than in or out of the time range.
//
// With several threads, a large chunk is cut at a line break near its middle
// and the halves are scanned at once (no literal spans a line break, so the
// candidates are the same); the reader thread otherwise does all the work.
class IocRecordFilter final : public ingest::RecordFilter {
 public:
  IocRecordFilter(const detect::IocSet& iocs, int threads) : iocs_(iocs), threads_(threads) {}
  // False if the set has no literal prefilter (IPv6, CIDR): nothing to filter with.
  bool usable() const {
    return iocs_.FindCandidates("\n", [](size_t) {});  // hs_scan rejects a null buffer
  }
  void Candidates(std::string_view text, std::vector<size_t>& offsets) const override {
    const size_t first = offsets.size();
    if (threads_ > 1 && text.size() >= kSplitBytes) {
      size_t cut = text.find('\n', text.size() / 2);
      if (cut != std::string_view::npos && cut + 1 < text.size()) {
        std::string_view head = text.substr(0, cut + 1), tail = text.substr(cut + 1);
        std::vector<size_t> tail_offsets;
        auto tail_ok = std::async(std::launch::async, [&] {
          return iocs_.FindCandidates(tail, [&](size_t at) { tail_offsets.push_back(at); });
        });
        bool head_ok = iocs_.FindCandidates(head, [&](size_t at) { offsets.push_back(at); });
        if (tail_ok.get() && head_ok) {
          for (size_t at : tail_offsets) offsets.push_back(at + head.size());
          if (!std::is_sorted(offsets.begin() + first, offsets.end())) std::sort(offsets.begin() + first, offsets.end());
          return;
        }
        offsets.resize(first);
      }
    }
    if (!iocs_.FindCandidates(text, [&](size_t at) { offsets.push_back(at); })) {
      // Cannot tell (no prefilter after all): every line is a candidate.
      offsets.resize(first);
      size_t at = 0;
      while (at < text.size()) {
        offsets.push_back(at);
        size_t nl = text.find('\n', at);
        if (nl == std::string_view::npos) break;
        at = nl + 1;
      }
      return;
    }
    if (!std::is_sorted(offsets.begin() + first, offsets.end())) std::sort(offsets.begin() + first, offsets.end());
  }

 private:
  static constexpr size_t kSplitBytes = 1 << 20;
  const detect::IocSet& iocs_;
  int threads_;
};

// Every valid, unrevoked STIX-pattern indicator of the knowledge base.
Result<std::vector<detect::IndicatorSpec>> IndicatorsFromStore(store::Store& kb) {
  std::vector<detect::IndicatorSpec> specs;
  store::ExportFilter filter;
  filter.types = {"indicator"};
  Status status = kb.Scan(filter, [&](const stix::Object& object) -> Status {
    nlohmann::json j = stix::ToJson(object);
    if (j.value("pattern_type", "stix") != "stix" || !j.contains("pattern")) return Status();
    detect::IndicatorSpec spec;
    spec.id = object.id;
    spec.name = object.name;
    spec.description = object.description;
    spec.pattern = j["pattern"].get<std::string>();
    spec.pattern_version = j.value("pattern_version", "2.1");
    spec.revoked = object.revoked;
    if (j.contains("valid_from")) {
      if (auto t = ParseTimestamp(j["valid_from"].get<std::string>()); t.ok()) spec.valid_from = *t;
    }
    if (j.contains("valid_until")) {
      if (auto t = ParseTimestamp(j["valid_until"].get<std::string>()); t.ok()) spec.valid_until = *t;
    }
    for (const char* key : {"indicator_types", "labels"}) {
      if (j.contains(key) && j[key].is_array()) {
        for (const auto& label : j[key]) if (label.is_string()) spec.labels.push_back(label.get<std::string>());
      }
    }
    specs.push_back(std::move(spec));
    return Status();
  });
  if (!status.ok()) return status;
  return specs;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Result<HuntOutput> ParseOutput(const std::string& given) {
  const std::string text = Lower(given);
  if (text == "table") return HuntOutput::kTable;
  if (text == "jsonl") return HuntOutput::kJsonl;
  if (text == "stix") return HuntOutput::kStix;
  return InvalidInput(fmt::format("--output: expected table, jsonl or stix, got '{}'", given));
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

  // Rules: parse, filter, compile. Rules that fail are reported, not hunted.
  auto parse_options = detect::PlaceholderOptions(args.placeholder_specs, args.placeholder_files);
  if (!parse_options.ok()) return ReportError(parse_options.status());
  const auto load_started = std::chrono::steady_clock::now();
  std::optional<SlowNotice> reading;
  if (!args.rules.empty()) reading.emplace("reading Sigma rules…");
  detect::RuleSet rules = detect::RuleSet::Load(args.rules, *parse_options, args.filters);
  reading.reset();
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
    auto compiled = detect::Matcher::Compile(rules);
    compiling.reset();
    if (!compiled.ok()) return ReportError(compiled.status());
    spdlog::info("rules: compiled in {:.2f} s",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_started).count());
    matcher = std::move(*compiled);
    for (const Status& e : matcher->rule_errors()) {
      std::fprintf(stderr, "rampart: warning: rule not compiled: %s\n", FormatError(e).c_str());
    }
    sigma = std::make_unique<SigmaDetector>(*matcher);
    detectors.push_back(sigma.get());
  } else if (!args.rules.empty() && args.iocs.empty() && !args.intel) {
    return ReportError(InvalidInput("no usable rule in the --rules paths"));
  }

  // The knowledge base: for --intel/--store, and to name techniques and actors
  // when one exists.
  std::unique_ptr<store::Store> kb;
  if (!args.store && !args.incidents.constituent.empty()) {
    std::fprintf(stderr,
                 "rampart: warning: --constituent is ignored without --store (only stored sightings become "
                 "incidents)\n");
  }
  if (args.intel || args.store || ::access(location.c_str(), R_OK) == 0) {
    // Only --store writes; an existing knowledge base is otherwise only read
    // (a missing one is created as before, so --intel finds it empty).
    bool read_only = !args.store && ::access(location.c_str(), R_OK) == 0;
    auto opened = store::OpenStore(location, read_only ? store::OpenMode::kReadOnly : store::OpenMode::kReadWrite);
    if (!opened.ok()) return ReportError(opened.status());
    kb = std::move(*opened);
  }
  Annotations annotations = Annotations::Build(rules, kb.get());

  // Indicators: --ioc lists and, with --intel, the knowledge base's.
  detect::IndicatorMatcher indicators;
  std::unique_ptr<IndicatorDetector> indicator_detector;
  std::vector<StatefulDetector*> stateful;
  for (const std::string& path : args.iocs) {
    auto list = detect::ReadIocList(path);
    if (!list.ok()) return ReportError(WithContext(list.status(), {.file = path}));
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
  if (args.intel) {
    auto specs = IndicatorsFromStore(*kb);
    if (!specs.ok()) return ReportError(specs.status());
    for (const detect::IndicatorProblem& p : indicators.AddIndicators(*specs)) {
      // A knowledge-base indicator we cannot map is reported but is not an input error.
      std::fprintf(stderr, "rampart: %s: %s: %s\n", p.warning ? "warning" : p.not_huntable ? "not huntable" : "skipped",
                   p.indicator_id.c_str(),
                   p.message.c_str());
    }
    std::fprintf(stderr, "rampart: hunting with %zu knowledge-base indicators\n", specs->size());
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
  HitPrinter printer(*output, out, annotations, args.store);
  IncidentCollector collector(printer, annotations);  // --store: hits become incidents too
  detect::Sink& front = args.store ? static_cast<detect::Sink&>(collector) : printer;
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
  if (sigma != nullptr) {
    for (const std::string& name : coverage.Uncovered(rules)) {
      std::fprintf(stderr, "rampart: note: no loaded rule applies to %s events\n", name.c_str());
    }
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
    auto txn = kb->Begin();
    if (!txn.ok()) return ReportError(txn.status());
    for (const stix::Object& object : printer.stored_objects()) {
      auto put = (*txn)->Put(object);
      if (!put.ok()) return ReportError(put.status());  // rolls back: nothing half-stored
    }
    Status incidents = collector.StoreIncidents(*kb, **txn, printer.stored_objects(), args.incidents, stderr);
    if (!incidents.ok()) return ReportError(incidents);
    if (Status s = (*txn)->Commit(); !s.ok()) return ReportError(s);
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
  hunt->add_option("--output", args->output, "table|jsonl|stix (any case)")->capture_default_str();
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
  hunt->add_option("paths", args->inputs, "Log files, folders, globs, .gz, or - for stdin")->required();
  hunt->callback([args, &context] { context.exit_code = RunHunt(*args, context); });
}

const bool kRegistered = RegisterCommandGroup({"hunt", 30, &Register});

}  // namespace
}  // namespace rampart::cli
