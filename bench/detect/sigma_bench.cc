// Sigma over JSON: all Windows rules over the regression events repeated to a
// large size. Checks first (every regression case fires; compiled agrees with
// the reference evaluator on the distinct events), then times:
//   * loading + compiling all 3,754 rules;
//   * simdjson parsing the repeated bytes (the peer);
//   * matching the same number of events (pre-flattened, so only rule
//     evaluation is timed) -> events/s per core and the ratio
//     (parse + match) / parse, target <= 2.
// Usage: detect_sigma_bench [MiB=256]
#include <absl/container/flat_hash_map.h>
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rampart/core/strings.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"

namespace {

using namespace rampart::detect;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

std::string Lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

// A flattened JSON event with hashed lookups (dotted path, last component,
// then case-insensitive), as a reader would build it.
class BenchEvent : public Event {
 public:
  explicit BenchEvent(const nlohmann::json& j) {
    Flatten(j, "", "");
    for (size_t i = 0; i < fields_.size(); ++i) {
      by_path_[fields_[i].path].push_back(i);
      by_name_[fields_[i].name].push_back(i);
      by_lower_[Lower(fields_[i].name)].push_back(i);
    }
  }
  bool Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const override {
    for (const auto* map : {&by_path_, &by_name_}) {
      auto it = map->find(rampart::ToAbsl(name));
      if (it != map->end()) {
        for (size_t i : it->second) fn(Value{fields_[i].text, fields_[i].kind});
        return true;
      }
    }
    auto it = by_lower_.find(Lower(name));
    if (it == by_lower_.end()) return false;
    for (size_t i : it->second) fn(Value{fields_[i].text, fields_[i].kind});
    return true;
  }
  void Fields(absl::FunctionRef<void(std::string_view, const Value&)> fn) const override {
    for (const auto& f : fields_) fn(f.name, Value{f.text, f.kind});
  }
  std::string_view Format() const override { return "jsonl"; }
  std::optional<int64_t> TimeUs() const override { return std::nullopt; }
  std::string ToJson() const override { return "{}"; }
  EventSource Source() const override { return {}; }

 private:
  struct F {
    std::string path, name, text;
    ValueKind kind;
  };
  void Flatten(const nlohmann::json& j, const std::string& path, const std::string& name) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        std::string p = path.empty() ? k : path + "." + k;
        if (k == "#attributes") {
          for (const auto& [ak, av] : v.items()) Flatten(av, p + "." + ak, ak);
        } else if (k == "#text") {
          Flatten(v, p, name);
        } else {
          Flatten(v, p, k);
        }
      }
      return;
    }
    F f{path, name, "", ValueKind::kString};
    if (j.is_string()) f.text = j.get<std::string>();
    else if (j.is_null()) f.kind = ValueKind::kNull;
    else f.text = j.dump(), f.kind = j.is_boolean() ? ValueKind::kBool : ValueKind::kNumber;
    fields_.push_back(std::move(f));
  }
  std::vector<F> fields_;
  absl::flat_hash_map<std::string, std::vector<size_t>> by_path_, by_name_, by_lower_;
};

class CountingSink : public Sink {
 public:
  void OnHit(const Hit&) override { ++hits; }
  int64_t hits = 0;
};

}  // namespace

int main(int argc, char** argv) {
  size_t mib = argc > 1 ? std::stoul(argv[1]) : 256;
  std::string data = RAMPART_DATA_DIR;
  // Rules.
  auto t0 = Clock::now();
  RuleSet all = RuleSet::Load({data + "/sigma/rules", data + "/sigma/rules-emerging-threats",
                               data + "/sigma/rules-threat-hunting"});
  auto t1 = Clock::now();
  auto all_matcher = Matcher::Compile(all);
  auto t2 = Clock::now();
  if (!all_matcher.ok()) return std::fprintf(stderr, "compile failed\n"), 2;
  std::printf("rules: %zu loaded (%zu unsupported) in %.2f s, compiled in %.2f s\n", all.rules().size(),
              all.errors().size(), Seconds(t0, t1), Seconds(t1, t2));
  RuleSet windows;
  for (const auto& r : all.rules()) {
    if (r.info.logsource.product == "windows") windows.AddRule(r);
  }
  auto matcher = Matcher::Compile(windows);
  if (!matcher.ok()) return 2;
  ReferenceEvaluator reference(windows);

  // Events: the regression JSON twins.
  std::string text;
  std::vector<BenchEvent> events;
  for (const auto& e : std::filesystem::recursive_directory_iterator(data + "/sigma/regression")) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string body = ss.str();
    text += body;
    text += '\n';
    std::istringstream is(body);
    while (is >> std::ws && is.peek() != EOF) {
      nlohmann::json j;
      is >> j;
      events.emplace_back(j);
    }
  }
  // Check: compiled == reference on every distinct event.
  CountingSink compiled_hits, reference_hits;
  auto scratch = (*matcher)->NewScratch();
  for (const auto& e : events) {
    (*matcher)->Match(e, compiled_hits, *scratch);
    reference.Match(e, reference_hits);
  }
  if (compiled_hits.hits != reference_hits.hits || compiled_hits.hits < 136) {
    std::fprintf(stderr, "CHECK FAILED: compiled %lld hits, reference %lld\n", (long long)compiled_hits.hits,
                 (long long)reference_hits.hits);
    return 1;
  }
  std::printf("check: %zu Windows rules, %zu events, %lld hits (compiled == reference)\n", windows.rules().size(),
              events.size(), (long long)compiled_hits.hits);

  // Repeat to the target size.
  size_t reps = std::max<size_t>(1, (mib << 20) / text.size());
  std::string big;
  big.reserve(reps * text.size() + simdjson::SIMDJSON_PADDING);
  for (size_t i = 0; i < reps; ++i) big += text;
  size_t n_events = reps * events.size();

  simdjson::dom::parser parser;
  auto p0 = Clock::now();
  size_t docs = 0;
  simdjson::dom::document_stream stream;
  if (parser.parse_many(big.data(), big.size(), 1 << 20).get(stream)) return 2;
  for (auto doc : stream) {
    if (doc.error()) return std::fprintf(stderr, "simdjson error\n"), 2;
    ++docs;
  }
  auto p1 = Clock::now();
  if (docs != n_events) std::fprintf(stderr, "note: simdjson saw %zu docs, expected %zu\n", docs, n_events);

  CountingSink sink;
  auto m0 = Clock::now();
  for (size_t i = 0; i < n_events; ++i) (*matcher)->Match(events[i % events.size()], sink, *scratch);
  auto m1 = Clock::now();
  double parse_s = Seconds(p0, p1), match_s = Seconds(m0, m1);
  std::printf("input: %.1f MiB, %zu events\n", big.size() / 1048576.0, n_events);
  std::printf("simdjson parse_many: %.3f s  (%.0f MB/s, %.0f events/s)\n", parse_s, big.size() / parse_s / 1e6,
              n_events / parse_s);
  std::printf("sigma match (1 core): %.3f s  (%.0f events/s, %.0f MB/s of JSON), %lld hits\n", match_s,
              n_events / match_s, big.size() / match_s / 1e6, (long long)sink.hits);
  std::printf("ratio match/parse: %.2f   ratio (parse+match)/parse: %.2f (target <= 2)\n", match_s / parse_s,
              (parse_s + match_s) / parse_s);
  return 0;
}
