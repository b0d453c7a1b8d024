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
// Then the floor of DESIGN decision 2 (FloorScanner below): two LOWER
// BOUNDS of any such matcher's work -- (a) one scan of each event's joined
// values against the union of all Windows rules' literals, (b) per-field
// scans with per-(logsource, field) databases as the matcher builds them --
// next to the parse and JsonFlattener alone, as ratios to the parse.
// Usage: detect_sigma_bench [MiB=256]
#include <hs/hs.h>
#include <simdjson.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "rampart/detect/json_event.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/matcher.h"
#include "support/bench_clock.h"
#include "rampart/detect/rule_set.h"

namespace {

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

// Every line of `text` through the flattener (and the matcher if given), in
// batches of 1024 events as the reader does. Returns the number of events.
template <class Fn>
size_t RunEach(const std::string& text, JsonFlattener& flattener, Fn&& fn) {
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
      fn(event);
      ++n;
    }
    p = nl + 1;
  }
  return n;
}

size_t Run(const std::string& text, JsonFlattener& flattener, const Matcher* matcher, Sink& sink,
           MatchScratch* scratch) {
  return RunEach(text, flattener, [&](const FlatEvent& event) {
    if (matcher) matcher->Match(event, sink, *scratch);
  });
}


// ---- The floor of DESIGN decision 2 (lower bounds of the matcher's work) ----
//
// Whatever a matcher of decision 2 does, it must at least look for every
// rule's literals in the event's values. Two lower bounds of that, built
// from the parsed rules (not from the matcher's internals):
//  (a) one caseless Vectorscan scan of the event's values joined by '\n'
//      against the union of every literal of every Windows rule (each
//      reported once: SINGLEMATCH); the callback only counts;
//  (b) per (logsource, field) one database of that field's literals, as the
//      matcher builds them (contains reported once, startswith/endswith at
//      every occurrence, whole values in a hash set), each value of the
//      field scanned once for each logsource the event's class selects;
//      keywords over the joined values. The callback only counts.
// A string with interior wildcards contributes its longest literal piece;
// regexes, cidr, numbers, null/exists and field references contribute
// nothing (so these are under the real work). No conditions are evaluated.
struct FloorLit {
  std::string text;  // ASCII-lower-cased, leading NULs dropped
  int mode = 0;      // 0 contains, 1 startswith, 2 endswith, 3 equals
};

std::string FoldLower(std::string s) {
  for (char& c : s) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  return s;
}

// The literal a string matcher needs, or nothing.
std::optional<FloorLit> LiteralOf(const ValueMatcher& vm) {
  if (vm.kind != MatchKind::kString) return std::nullopt;
  const auto& p = vm.string.pieces;
  FloorLit out;
  if (!p.empty()) {
    bool lead = p.front().kind == SigmaString::Kind::kAnyRun, trail = p.back().kind == SigmaString::Kind::kAnyRun;
    size_t lits = 0;
    for (const auto& x : p) lits += x.kind == SigmaString::Kind::kLiteral;
    bool pure = lits == 1 && p.size() == static_cast<size_t>(1 + lead + trail);
    const std::string* best = nullptr;
    for (const auto& x : p) {
      if (x.kind == SigmaString::Kind::kLiteral && (!best || x.text.size() > best->size())) best = &x.text;
    }
    if (!best) return std::nullopt;
    out.text = FoldLower(*best);
    out.mode = !pure ? 0 : lead && trail ? 0 : trail ? 1 : lead ? 2 : 3;
  }
  out.text.erase(0, out.text.find_first_not_of('\0'));
  if (out.text.empty()) return std::nullopt;
  return out;
}

hs_database_t* CompileLiterals(const std::vector<FloorLit>& lits, bool all_single) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < lits.size(); ++i) {
    ptrs.push_back(lits[i].text.data());
    lens.push_back(lits[i].text.size());
    flags.push_back(HS_FLAG_CASELESS | (all_single || lits[i].mode == 0 ? HS_FLAG_SINGLEMATCH : 0));
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(ptrs.data(), flags.data(), ids.data(), lens.data(), static_cast<unsigned>(ptrs.size()),
                           HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    std::fprintf(stderr, "floor: Vectorscan: %s\n", err ? err->message : "?");
    std::exit(2);
  }
  return db;
}

int CountMatch(unsigned int, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  ++*static_cast<uint64_t*>(ctx);
  return 0;
}

class FloorScanner {
 public:
  struct Plan {
    hs_database_t* db = nullptr;  // contains/startswith/endswith
    absl::flat_hash_set<std::string> equals;
    size_t max_equals = 0;
  };
  struct Source {
    LogSource logsource;
    absl::flat_hash_map<std::string, Plan> fields;
    Plan keywords;
  };

  // `all_single`: every literal reported once per scan, startswith and
  // endswith too (not a correct matcher: shows what their callbacks cost).
  explicit FloorScanner(const RuleSet& rules, bool all_single = false) {
    // Deduplicated per (logsource, field), as the matcher's plans are.
    std::map<std::tuple<std::string, std::string, std::string>, size_t> index;
    std::vector<std::map<std::string, std::map<std::pair<std::string, int>, bool>>> lits;
    std::map<std::string, bool> all;
    for (const auto& r : rules.rules()) {
      const LogSource& ls = r.info.logsource;
      auto [it, added] = index.emplace(std::make_tuple(ls.product, ls.category, ls.service), sources_.size());
      if (added) {
        sources_.push_back(std::make_unique<Source>());
        sources_.back()->logsource = ls;
        lits.emplace_back();
      }
      for (const auto& id : r.identifiers) {
        for (const auto& alt : id.alternatives) {
          for (const auto& item : alt) {
            for (const auto& vm : item.values) {
              auto lit = LiteralOf(vm);
              if (!lit) continue;
              lits[it->second][item.field][{lit->text, lit->mode}] = true;
              all[lit->text] = true;
            }
          }
        }
      }
    }
    for (size_t i = 0; i < sources_.size(); ++i) {
      for (const auto& [field, set] : lits[i]) {
        Plan& plan = field.empty() ? sources_[i]->keywords : sources_[i]->fields[field];
        std::vector<FloorLit> scanned;
        for (const auto& [key, unused] : set) {
          if (key.second == 3 && !field.empty()) {
            plan.equals.insert(key.first);
            plan.max_equals = std::max(plan.max_equals, key.first.size());
          } else {
            scanned.push_back(FloorLit{key.first, field.empty() ? 0 : key.second});
          }
        }
        if (!scanned.empty()) plan.db = CompileLiterals(scanned, all_single);
        if (plan.db) ++databases_;
        literals_ += set.size();
      }
    }
    std::vector<FloorLit> union_lits;
    for (const auto& [text, unused] : all) union_lits.push_back(FloorLit{text, 0});
    union_literals_ = union_lits.size();
    union_db_ = CompileLiterals(union_lits, true);
    hs_alloc_scratch(union_db_, &scratch_);
    for (const auto& src : sources_) {
      for (const auto& [name, plan] : src->fields) {
        if (plan.db) hs_alloc_scratch(plan.db, &scratch_);
      }
      if (src->keywords.db) hs_alloc_scratch(src->keywords.db, &scratch_);
    }
  }
  ~FloorScanner() {
    hs_free_scratch(scratch_);
    hs_free_database(union_db_);
    for (auto& src : sources_) {
      for (auto& [name, plan] : src->fields) hs_free_database(plan.db);
      hs_free_database(src->keywords.db);
    }
  }

  // (a): the event's values joined, one scan of the union.
  void ScanUnion(const FlatEvent& event) {
    Join(event);
    hs_scan(union_db_, joined_.data(), static_cast<unsigned>(joined_.size()), 0, scratch_, CountMatch, &callbacks_);
  }

  // (b): each value once per selected logsource that reads its field.
  void ScanPerField(const FlatEvent& event) {
    const std::vector<const Source*>& selected = Select(event);
    bool joined = false;
    for (const Source* src : selected) {
      if (src->keywords.db) {
        if (!joined) Join(event), joined = true;
        hs_scan(src->keywords.db, joined_.data(), static_cast<unsigned>(joined_.size()), 0, scratch_, CountMatch,
                &callbacks_);
      }
      for (const FlatField& f : event.fields()) {
        if (f.value.kind == ValueKind::kNull) continue;
        auto it = src->fields.find(absl::string_view(f.name.data(), f.name.size()));
        if (it == src->fields.end()) continue;
        const Plan& plan = it->second;
        std::string_view v = f.value.text;
        if (plan.db && !v.empty()) {
          hs_scan(plan.db, v.data(), static_cast<unsigned>(v.size()), 0, scratch_, CountMatch, &callbacks_);
        }
        if (!plan.equals.empty() && v.size() <= plan.max_equals) {
          fold_.assign(v);
          for (char& c : fold_) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
          callbacks_ += plan.equals.contains(fold_);
        }
      }
    }
  }

  uint64_t callbacks() const { return callbacks_; }
  void ResetCount() { callbacks_ = 0; }
  size_t union_literals() const { return union_literals_; }
  size_t literals() const { return literals_; }
  size_t databases() const { return databases_; }

 private:
  void Join(const FlatEvent& event) {
    joined_.clear();
    for (const FlatField& f : event.fields()) {
      if (f.alias || f.value.kind == ValueKind::kNull) continue;
      joined_.append(f.value.text);
      joined_.push_back('\n');
    }
  }
  // The logsources whose rules see the event, cached by Channel and EventID
  // as the matcher caches its classes.
  const std::vector<const Source*>& Select(const FlatEvent& event) {
    key_.clear();
    if (auto c = event.Get("Channel")) key_.append(*c);
    key_.push_back('\0');
    if (auto e = event.Get("EventID")) key_.append(*e);
    auto it = classes_.find(key_);
    if (it != classes_.end()) return it->second;
    EventClass ec = ClassifyEvent(event);
    auto& out = classes_[key_];
    for (const auto& src : sources_) {
      if (LogSourceApplies(src->logsource, ec)) out.push_back(src.get());
    }
    return out;
  }

  std::vector<std::unique_ptr<Source>> sources_;
  hs_database_t* union_db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
  size_t union_literals_ = 0, literals_ = 0, databases_ = 0;
  uint64_t callbacks_ = 0;
  std::string joined_, fold_, key_;
  absl::flat_hash_map<std::string, std::vector<const Source*>> classes_;
};

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

  // The floor (see FloorScanner): lower bounds of the matcher's work, each
  // timed `reps` times beside the parse and the flattener (medians of CPU).
  {
    Timer build;
    FloorScanner floor(windows);
    std::printf("floor databases: (a) %zu distinct literals in one; (b) %zu (logsource, field) databases, "
                "%zu literals; built in %.2f s\n",
                floor.union_literals(), floor.databases(), floor.literals(), build.CpuSeconds());
    const int reps = 5;
    simdjson::dom::parser p2;
    Samples parse_x = Repeat(reps, [&] {
      simdjson::dom::document_stream st;
      if (p2.parse_many(big.data(), big.size(), 1 << 20).get(st)) std::exit(2);
      for (auto doc : st) {
        if (doc.error()) std::exit(2);
      }
    });
    Samples flat_x = Repeat(reps, [&] { RunEach(big, flattener, [](const FlatEvent&) {}); });
    floor.ResetCount();
    Samples union_x = Repeat(reps, [&] { RunEach(big, flattener, [&](const FlatEvent& e) { floor.ScanUnion(e); }); });
    uint64_t union_cb = floor.callbacks() / reps;
    floor.ResetCount();
    Samples field_x = Repeat(reps, [&] { RunEach(big, flattener, [&](const FlatEvent& e) { floor.ScanPerField(e); }); });
    uint64_t field_cb = floor.callbacks() / reps;
    FloorScanner single(windows, true);
    single.ResetCount();
    Samples single_x = Repeat(reps, [&] { RunEach(big, flattener, [&](const FlatEvent& e) { single.ScanPerField(e); }); });
    uint64_t single_cb = single.callbacks() / reps;
    Samples match_x = Repeat(reps, [&] { Run(big, flattener, matcher->get(), none, scratch.get()); });
    double pc = parse_x.MedianCpu(), fc = flat_x.MedianCpu();
    auto row = [&](const char* what, const Samples& x, bool minus_flatten) {
      double own = x.MedianCpu() - (minus_flatten ? fc : 0);
      std::printf("%-44s %7.3f s CPU (best %.3f)  own %7.3f s  own/parse %6.2f  (parse+own)/parse %6.2f\n", what,
                  x.MedianCpu(), x.BestCpu(), own, own / pc, (pc + own) / pc);
    };
    std::printf("medians of %d runs, CPU; 'own' = the row minus JsonFlattener where it includes it\n", reps);
    row("simdjson parse_many (the peer):", parse_x, false);
    row("(c) JsonFlattener alone:", flat_x, false);
    row("(a) LOWER BOUND union scan (flatten+join+scan):", union_x, true);
    row("(b) LOWER BOUND per-field scans (flatten+scans):", field_x, true);
    row("(b') as (b), every literal reported once:", single_x, true);
    row("the matcher (flatten + Matcher::Match):", match_x, true);
    std::printf("callbacks per event: (a) %.1f  (b) %.1f  (b') %.1f\n", double(union_cb) / n_events,
                double(field_cb) / n_events, double(single_cb) / n_events);
  }
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return 0;
}
