// Sigma over IIS: the webserver rules of the corpus over a generated
// Exchange IIS W3C log, read through the real W3C reader and matched by the
// compiled matcher on one core. Checks first (compiled == reference, hit for
// hit, on the first events), then times:
//   * a plain read of the file (4 MiB chunks, newlines counted) and `rg -c`
//     of a literal over the same file (the peers);
//   * the W3C reader alone;
//   * the W3C reader + Matcher::Match -> MB/s per core (target >= 300).
// Usage: detect_sigma_iis_bench [FILE | MiB=256]
//   A number generates FILE=/tmp/rampart-iis-<MiB>M.log with
//   shared/tools/gen-exchange-logs (kept for the next run).
#include <time.h>

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

// Reads `path` through the W3C reader; matches every event if `matcher`.
// Returns the number of events; `limit` stops early (0 = no limit).
size_t Read(const std::string& path, const Matcher* matcher, Sink& sink, MatchScratch* scratch,
            const ReferenceEvaluator* reference = nullptr, Sink* ref_sink = nullptr, size_t limit = 0) {
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
      if (matcher) matcher->Match(e, sink, *scratch);
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
  std::string arg = argc > 1 ? argv[1] : "256";
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

  // Check on the first 200,000 events.
  {
    ReferenceEvaluator reference(web);
    IdSink compiled, ref;
    compiled.keep = ref.keep = true;
    size_t n = Read(path, matcher->get(), compiled, scratch.get(), &reference, &ref, 200000);
    IdSink unfiltered;
    unfiltered.keep = true;
    Read(path, plain->get(), unfiltered, plain_scratch.get(), nullptr, nullptr, 200000);
    if (compiled.ids != ref.ids || unfiltered.ids != ref.ids) {
      std::fprintf(stderr, "CHECK FAILED: compiled %lld hits, reference %lld\n", (long long)compiled.hits,
                   (long long)ref.hits);
      return 1;
    }
    std::printf("check: %zu events, %lld hits (compiled == reference, hit for hit)\n", n, (long long)compiled.hits);
  }

  auto line = [&](const char* what, double s, double cpu) {
    std::printf("%-30s %8.3f s wall %8.3f s CPU  %7.0f MB/s wall  %7.0f MB/s CPU\n", what, s, cpu, bytes / s / 1e6,
                bytes / cpu / 1e6);
  };
  std::printf("input: %s, %.1f MiB\n", path.c_str(), bytes / 1048576.0);
  {
    Timer t;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    std::vector<char> buf(4 << 20);
    size_t lines = 0, got;
    while ((got = std::fread(buf.data(), 1, buf.size(), f)) > 0) lines += std::count(buf.begin(), buf.begin() + got, '\n');
    std::fclose(f);
    line("plain read:", t.Wall(), t.CpuSeconds());
    std::printf("  (%zu lines)\n", lines);
  }
  {
    auto start = Clock::now();
    std::string cmd = "rg -c -F -i '/owa/auth/' " + path + " > /dev/null";
    int rc = std::system(cmd.c_str());
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("%-30s %8.3f s wall (rc %d)             %7.0f MB/s wall\n", "rg -c -F -i /owa/auth/:", s, rc,
                bytes / s / 1e6);
  }
  IdSink none;
  Timer r;
  size_t n1 = Read(path, nullptr, none, nullptr);
  double read_s = r.Wall(), read_cpu = r.CpuSeconds();
  line("W3C reader:", read_s, read_cpu);
  IdSink sink;
  Timer m;
  size_t n2 = Read(path, matcher->get(), sink, scratch.get());
  double both_s = m.Wall(), both_cpu = m.CpuSeconds();
  line("W3C reader + match:", both_s, both_cpu);
  line("match alone (difference):", both_s - read_s, both_cpu - read_cpu);
  IdSink plain_sink;
  Timer p;
  size_t n3 = Read(path, plain->get(), plain_sink, plain_scratch.get());
  double plain_s = p.Wall(), plain_cpu = p.CpuSeconds();
  line("reader + match, no prefilter:", plain_s, plain_cpu);
  std::printf("prefilter speed-up of match alone: %.2fx CPU\n", (plain_cpu - read_cpu) / (both_cpu - read_cpu));
  if (n1 != n2 || n1 != n3 || plain_sink.hits != sink.hits) return std::fprintf(stderr, "event/hit count mismatch\n"), 2;
  std::printf("events: %zu (%.0f events/s), hits: %lld\n", n2, n2 / both_s, (long long)sink.hits);
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return 0;
}
