// Sigma over JSON: all Windows rules over the regression events repeated to a
// large size, read the way `rampart hunt` reads JSON lines (JsonFlattener
// into a FlatEvent, paths interned per batch). Checks first (the compiled
// matcher gives exactly the reference evaluator's hits on every distinct
// event, and every regression case fires), then times on one core:
//   * loading + compiling all rules of the corpus;
//   * simdjson DOM parse_many over the bytes (the peer);
//   * JsonFlattener alone (our parse);
//   * JsonFlattener + Matcher::Match (parse + match);
// and prints events/s, wall and CPU seconds, the load average, and the ratio
// (simdjson parse + rule evaluation) / simdjson parse (target <= 2), where
// rule evaluation = (flatten + match) - flatten.
// Usage: detect_sigma_bench [MiB=256]
#include <simdjson.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rampart/detect/json_event.h"
#include "rampart/detect/matcher.h"
#include "support/bench_clock.h"
#include "rampart/detect/rule_set.h"

namespace {

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

// Every line of `text` through the flattener (and the matcher if given), in
// batches of 1024 events as the reader does. Returns the number of events.
size_t Run(const std::string& text, JsonFlattener& flattener, const Matcher* matcher, Sink& sink,
           MatchScratch* scratch) {
  StringArena arena;
  FlatEvent event;
  size_t n = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (!nl) nl = end;
    if (nl > p) {
      if (n % 1024 == 0) {
        arena.Clear();
        flattener.ForgetPaths();
      }
      event.Reset("jsonl", {});
      std::string_view line(p, nl - p);
      if (!flattener.Flatten(line, end - p + simdjson::SIMDJSON_PADDING, arena, event).ok()) {
        std::fprintf(stderr, "flatten failed at event %zu\n", n);
        std::exit(2);
      }
      if (matcher) matcher->Match(event, sink, *scratch);
      ++n;
    }
    p = nl + 1;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  size_t mib = argc > 1 ? std::stoul(argv[1]) : 256;
  std::string data = RAMPART_DATA_DIR;
  std::printf("load average at start: %s\n", LoadAverage().c_str());
  // Rules.
  Timer load;
  RuleSet all = RuleSet::Load({data + "/sigma/rules", data + "/sigma/rules-emerging-threats",
                               data + "/sigma/rules-threat-hunting"});
  double load_s = load.Wall();
  Timer compile;
  auto all_matcher = Matcher::Compile(all);
  if (!all_matcher.ok()) return std::fprintf(stderr, "compile failed\n"), 2;
  std::printf("rules: %zu loaded (%zu unsupported) in %.2f s, compiled in %.2f s wall / %.2f s CPU\n",
              all.rules().size(), all.errors().size(), load_s, compile.Wall(), compile.CpuSeconds());
  RuleSet windows;
  for (const auto& r : all.rules()) {
    if (r.info.logsource.product == "windows") windows.AddRule(r);
  }
  auto matcher = Matcher::Compile(windows);
  if (!matcher.ok()) return 2;
  ReferenceEvaluator reference(windows);

  // Events: the regression JSON twins, one object per line.
  std::string text;
  size_t distinct = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(data + "/sigma/regression")) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    while (in >> std::ws && in.peek() != EOF) {
      nlohmann::json j;
      in >> j;
      text += j.dump();
      text += '\n';
      ++distinct;
    }
  }
  // Check: compiled == reference, hit for hit, on every distinct event.
  {
    JsonFlattener flattener;
    StringArena arena;
    FlatEvent event;
    auto scratch = (*matcher)->NewScratch();
    IdSink compiled, ref;
    compiled.keep = ref.keep = true;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      event.Reset("jsonl", {});
      if (!flattener.Flatten(line, line.size(), arena, event).ok()) return 2;
      (*matcher)->Match(event, compiled, *scratch);
      reference.Match(event, ref);
    }
    if (compiled.ids != ref.ids || compiled.hits < 136) {
      std::fprintf(stderr, "CHECK FAILED: compiled %lld hits, reference %lld\n", (long long)compiled.hits,
                   (long long)ref.hits);
      return 1;
    }
    std::printf("check: %zu Windows rules, %zu events, %lld hits (compiled == reference, hit for hit)\n",
                windows.rules().size(), distinct, (long long)compiled.hits);
  }

  // Repeat to the target size.
  size_t reps = std::max<size_t>(1, (mib << 20) / text.size());
  std::string big;
  big.reserve(reps * text.size() + simdjson::SIMDJSON_PADDING);
  for (size_t i = 0; i < reps; ++i) big += text;
  size_t n_events = reps * distinct;
  std::printf("input: %.1f MiB, %zu events\n", big.size() / 1048576.0, n_events);

  simdjson::dom::parser parser;
  Timer parse;
  size_t docs = 0;
  simdjson::dom::document_stream stream;
  if (parser.parse_many(big.data(), big.size(), 1 << 20).get(stream)) return 2;
  for (auto doc : stream) {
    if (doc.error()) return std::fprintf(stderr, "simdjson error\n"), 2;
    ++docs;
  }
  double parse_s = parse.Wall(), parse_cpu = parse.CpuSeconds();
  if (docs != n_events) std::fprintf(stderr, "note: simdjson saw %zu docs, expected %zu\n", docs, n_events);

  JsonFlattener flattener;
  IdSink none;
  Timer flat;
  size_t n1 = Run(big, flattener, nullptr, none, nullptr);
  double flat_s = flat.Wall(), flat_cpu = flat.CpuSeconds();

  auto scratch = (*matcher)->NewScratch();
  IdSink sink;
  Timer both;
  size_t n2 = Run(big, flattener, matcher->get(), sink, scratch.get());
  double both_s = both.Wall(), both_cpu = both.CpuSeconds();
  if (n1 != n_events || n2 != n_events) return std::fprintf(stderr, "event count mismatch\n"), 2;
  if (sink.hits % reps != 0) return std::fprintf(stderr, "hits not a multiple of the repetitions\n"), 1;

  double match_s = both_s - flat_s, match_cpu = both_cpu - flat_cpu;
  auto line = [&](const char* what, double s, double cpu) {
    std::printf("%-31s %8.3f s wall %8.3f s CPU  %7.0f MB/s  %9.0f events/s\n", what, s, cpu, big.size() / s / 1e6,
                n_events / s);
  };
  line("simdjson parse_many:", parse_s, parse_cpu);
  line("JsonFlattener:", flat_s, flat_cpu);
  line("JsonFlattener + match:", both_s, both_cpu);
  line("match alone (difference):", match_s, match_cpu);
  // The same rules without the required-literal prefilter (same hits).
  CompileOptions plain_options;
  plain_options.prefilter = false;
  auto plain = Matcher::Compile(windows, plain_options);
  if (!plain.ok()) return 2;
  auto plain_scratch = (*plain)->NewScratch();
  IdSink plain_sink;
  Timer p;
  Run(big, flattener, plain->get(), plain_sink, plain_scratch.get());
  double plain_cpu = p.CpuSeconds();
  line("flatten + match, no prefilter:", p.Wall(), plain_cpu);
  if (plain_sink.hits != sink.hits) return std::fprintf(stderr, "prefilter changed the hits\n"), 1;
  std::printf("prefilter speed-up of match alone: %.2fx CPU\n", (plain_cpu - flat_cpu) / match_cpu);
  std::printf("hits: %lld\n", (long long)sink.hits);
  std::printf("ratio match/parse: %.2f   ratio (parse+match)/parse: %.2f (target <= 2)   "
              "(flatten+match)/parse: %.2f\n",
              match_s / parse_s, (parse_s + match_s) / parse_s, both_s / parse_s);
  std::printf("CPU ratio (parse+match)/parse: %.2f\n", (parse_cpu + match_cpu) / parse_cpu);
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return 0;
}
