// Sigma over IIS: the webserver rules of the corpus over a generated
// Exchange IIS W3C log, read through the real W3C reader and matched by the
// compiled matcher on one core. Checks first (compiled == reference, hit for
// hit, on the first events), then times:
//   * a plain read of the file (4 MiB chunks, newlines counted) and `rg -c`
//     of a literal over the same file (the peers);
//   * the W3C reader alone;
//   * the W3C reader + Matcher::Match -> MB/s per core (target >= 300).
// Every timed row runs --reps times (default 5) and prints its median and
// best: one binary's single runs spread 170-296 MB/s on this shared machine,
// so a change is judged by the median.
// --activity prints, per rule group, how many events woke it (which
// prefilter buckets cost the most on this log).
// Usage: detect_sigma_iis_bench [FILE | MiB=256] [--reps N] [--check EVENTS] [--activity] [--match-only] [--ab]
//   A number generates FILE=/tmp/rampart-iis-<MiB>M.log with
//   shared/tools/gen-exchange-logs (kept for the next run). --check: events
//   compared against the reference evaluator (default 200000). --match-only
//   (for perf): no check and no peers, only the reader and reader + match rows.
//   --ab: reader + match with the prefilter over the raw line and over the
//   joined values (SearchText hidden), alternated run by run.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "rampart/detect/matcher.h"
#include "support/bench_clock.h"
#include "rampart/detect/rule_set.h"
#include "rampart/ingest/reader.h"
#include "rampart/ingest/registry.h"

namespace {

using namespace rampart;
using namespace rampart::detect;
using Clock = std::chrono::steady_clock;

using rampart::bench::LoadAverage;
using rampart::bench::Repeat;
using rampart::bench::Samples;
using rampart::bench::Timer;

class IdSink : public Sink {
 public:
  void OnHit(const Hit& hit) override {
    ++hits;
    if (keep) ids.push_back(hit.rule->id);
  }
  int64_t hits = 0;
  bool keep = false;
  std::vector<std::string> ids;
};

// An event as the reader gives it but without a SearchText(): the matcher's
// prefilter then joins the values (the older path), for a
// same-run comparison (--ab).
class NoSearchText : public Event {
 public:
  explicit NoSearchText(const Event& e) : e_(e) {}
  bool Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const override {
    return e_.Values(name, fn);
  }
  void Fields(absl::FunctionRef<void(std::string_view, const Value&)> fn) const override { e_.Fields(fn); }
  std::string_view Format() const override { return e_.Format(); }
  std::optional<int64_t> TimeUs() const override { return e_.TimeUs(); }
  std::string ToJson() const override { return e_.ToJson(); }
  EventSource Source() const override { return e_.Source(); }

 private:
  const Event& e_;
};

// Reads `path` through the W3C reader; matches every event if `matcher`.
// Returns the number of events; `limit` stops early (0 = no limit).
size_t Read(const std::string& path, const Matcher* matcher, Sink& sink, MatchScratch* scratch,
            const ReferenceEvaluator* reference = nullptr, Sink* ref_sink = nullptr, size_t limit = 0,
            bool hide_search_text = false) {
  ingest::ReadOptions options;
  options.format = "w3c";
  auto reader = ingest::OpenReader(path, options);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", std::string(reader.status().message()).c_str());
    std::exit(2);
  }
  ingest::EventBatch batch;
  size_t n = 0;
  while ((*reader)->Next(batch)) {
    for (const Event& e : batch) {
      if (matcher && hide_search_text) matcher->Match(NoSearchText(e), sink, *scratch);
      else if (matcher) matcher->Match(e, sink, *scratch);
      if (reference) reference->Match(e, *ref_sink);
      if (++n == limit) return n;
    }
  }
  if (!(*reader)->stats().clean()) {
    std::fprintf(stderr, "reader reported %llu bad records\n", (unsigned long long)(*reader)->stats().bad_records);
    std::exit(2);
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string arg = "256";
  int reps = 5;
  size_t check_events = 200000;
  bool activity = false;
  bool match_only = false;  // for perf: only the reader + match rows, no check
  bool ab = false;          // raw-line vs joined prefilter, alternated
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--check" && i + 1 < argc) check_events = std::stoul(argv[++i]);
    else if (a == "--activity") activity = true;
    else if (a == "--match-only") match_only = true;
    else if (a == "--ab") ab = true;
    else if (!a.empty() && a[0] == '-') return std::fprintf(stderr, "unknown option %s\n", a.c_str()), 2;
    else arg = a;
  }
  std::string path = arg;
  if (!arg.empty() && std::all_of(arg.begin(), arg.end(), ::isdigit)) {
    path = "/tmp/rampart-iis-" + arg + "M.log";
    if (!std::filesystem::exists(path)) {
      std::string cmd = std::string("python3 ") + RAMPART_TOOLS_DIR + "/gen-exchange-logs --quiet --size " + arg +
                        "M --out " + path + ".tmp && mv " + path + ".tmp " + path;
      std::printf("generating: %s\n", cmd.c_str());
      if (std::system(cmd.c_str()) != 0) return std::fprintf(stderr, "generator failed\n"), 2;
    }
  }
  double bytes = static_cast<double>(std::filesystem::file_size(path));
  std::printf("load average at start: %s\n", LoadAverage().c_str());
  std::string data = RAMPART_DATA_DIR;
  RuleSet all = RuleSet::Load({data + "/sigma/rules", data + "/sigma/rules-emerging-threats",
                               data + "/sigma/rules-threat-hunting"});
  RuleSet web;
  for (const auto& r : all.rules()) {
    if (r.info.logsource.category == "webserver") web.AddRule(r);
  }
  Timer compile;
  auto matcher = Matcher::Compile(web);
  if (!matcher.ok()) return std::fprintf(stderr, "compile failed\n"), 2;
  std::printf("rules: %zu webserver rules compiled in %.2f s\n", web.rules().size(), compile.Wall());
  auto scratch = (*matcher)->NewScratch();
  // The same rules without the required-literal prefilter (same hits; what
  // it saves is the difference of the two timed runs).
  CompileOptions plain_options;
  plain_options.prefilter = false;
  auto plain = Matcher::Compile(web, plain_options);
  if (!plain.ok()) return std::fprintf(stderr, "compile failed\n"), 2;
  auto plain_scratch = (*plain)->NewScratch();

  // Check on the first events (all of them if --check 0).
  if (!match_only) {
    Timer check;
    ReferenceEvaluator reference(web);
    IdSink compiled, ref;
    compiled.keep = ref.keep = true;
    size_t n = Read(path, matcher->get(), compiled, scratch.get(), &reference, &ref, check_events);
    IdSink unfiltered;
    unfiltered.keep = true;
    Read(path, plain->get(), unfiltered, plain_scratch.get(), nullptr, nullptr, check_events);
    if (compiled.ids != ref.ids || unfiltered.ids != ref.ids) {
      std::fprintf(stderr, "CHECK FAILED: compiled %lld hits, reference %lld\n", (long long)compiled.hits,
                   (long long)ref.hits);
      return 1;
    }
    std::printf("check: %zu events, %lld hits (compiled == reference, hit for hit; %.1f s)\n", n,
                (long long)compiled.hits, check.Wall());
  }

  std::printf("input: %s, %.1f MiB; each row %d runs (median / best)\n", path.c_str(), bytes / 1048576.0, reps);
  auto line = [&](const char* what, double s, double cpu) {
    std::printf("%-30s %8.3f s wall %8.3f s CPU  %7.0f MB/s wall  %7.0f MB/s CPU\n", what, s, cpu, bytes / s / 1e6,
                bytes / cpu / 1e6);
  };
  auto row = [&](const char* what, const Samples& x) {
    std::printf("%-30s median %7.3f s CPU %6.0f MB/s   best %7.3f s CPU %6.0f MB/s   (wall median %.3f s, %.0f MB/s)\n",
                what, x.MedianCpu(), bytes / x.MedianCpu() / 1e6, x.BestCpu(), bytes / x.BestCpu() / 1e6,
                x.MedianWall(), bytes / x.MedianWall() / 1e6);
  };
  if (!match_only) {
    size_t lines = 0;
    Samples plain_read = Repeat(reps, [&] {
      std::FILE* f = std::fopen(path.c_str(), "rb");
      std::vector<char> buf(4 << 20);
      size_t got;
      lines = 0;
      while ((got = std::fread(buf.data(), 1, buf.size(), f)) > 0) lines += std::count(buf.begin(), buf.begin() + got, '\n');
      std::fclose(f);
    });
    row("plain read:", plain_read);
    std::printf("  (%zu lines)\n", lines);
  }
  if (!match_only) {
    auto start = Clock::now();
    std::string cmd = "rg -c -F -i '/owa/auth/' " + path + " > /dev/null";
    int rc = std::system(cmd.c_str());
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("%-30s %8.3f s wall (rc %d)             %7.0f MB/s wall\n", "rg -c -F -i /owa/auth/:", s, rc,
                bytes / s / 1e6);
  }
  IdSink none;
  size_t n1 = 0, n2 = 0, n3 = 0;
  Samples reader = Repeat(reps, [&] { n1 = Read(path, nullptr, none, nullptr); });
  row("W3C reader:", reader);
  IdSink sink;
  Samples both = Repeat(reps, [&] {
    sink.hits = 0;
    n2 = Read(path, matcher->get(), sink, scratch.get());
  });
  row("W3C reader + match:", both);
  line("match alone (median diff.):", both.MedianWall() - reader.MedianWall(), both.MedianCpu() - reader.MedianCpu());
  if (ab) {
    // Same run, alternated: the prefilter over the raw line (SearchText)
    // and over the joined values (the wrapper hides SearchText).
    Samples raw, joined;
    IdSink a, b;
    for (int i = 0; i < reps; ++i) {
      Timer t1;
      Read(path, matcher->get(), a, scratch.get());
      raw.Add(t1);
      Timer t2;
      Read(path, matcher->get(), b, scratch.get(), nullptr, nullptr, 0, true);
      joined.Add(t2);
    }
    if (a.hits != b.hits) return std::fprintf(stderr, "SearchText changed the hits\n"), 1;
    row("A/B: reader + match, raw line:", raw);
    row("A/B: reader + match, joined:", joined);
    std::printf("A/B: match alone joined/raw line: %.2fx CPU (medians, reader median subtracted)\n",
                (joined.MedianCpu() - reader.MedianCpu()) / (raw.MedianCpu() - reader.MedianCpu()));
  }
  if (match_only) return 0;
  IdSink plain_sink;
  Samples unfiltered = Repeat(reps, [&] {
    plain_sink.hits = 0;
    n3 = Read(path, plain->get(), plain_sink, plain_scratch.get());
  });
  row("reader + match, no prefilter:", unfiltered);
  std::printf("prefilter speed-up of match alone: %.2fx CPU (medians)\n",
              (unfiltered.MedianCpu() - reader.MedianCpu()) / (both.MedianCpu() - reader.MedianCpu()));
  if (n1 != n2 || n1 != n3 || plain_sink.hits != sink.hits) return std::fprintf(stderr, "event/hit count mismatch\n"), 2;
  std::printf("events: %zu (%.0f events/s CPU, median), hits: %lld\n", n2, n2 / both.MedianCpu(), (long long)sink.hits);
  if (activity) {
    // One more pass with a fresh scratch so the counts are of one read.
    auto fresh = (*matcher)->NewScratch();
    IdSink ignored;
    Read(path, matcher->get(), ignored, fresh.get());
    int64_t events = 0;
    auto groups = (*matcher)->Activity(*fresh, &events);
    std::vector<size_t> order(groups.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return groups[a].runs > groups[b].runs; });
    std::printf("activity over %lld events (groups by runs):\n", (long long)events);
    for (size_t i : order) {
      const auto& g = groups[i];
      std::printf("  group %3zu %-6s %5.1f%% (%lld runs) %zu rules:", i, g.bucket ? "bucket" : "always",
                  100.0 * g.runs / std::max<int64_t>(events, 1), (long long)g.runs, g.rules.size());
      for (const auto& r : g.rules) std::printf(" [%s]", r.c_str());
      std::printf("\n");
      if (g.bucket) {
        std::printf("      requires one of:");
        for (const auto& l : g.required) std::printf(" '%s'", l.c_str());
        std::printf("\n");
      }
    }
  }
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return 0;
}
