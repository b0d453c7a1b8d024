// Reader throughput, checked first, timed second, against a peer in the same
// run (docs/benchmarks/ingest.md):
//   rampart_ingest_bench evtx              all EVTX attack samples: records/s, BinXML vs libevtx
//                                         (--no-reference: BinXML only, for profiling)
//   rampart_ingest_bench evtx-hunt TSV     every Windows rule over them (TSV: the e2e baseline)
//   rampart_ingest_bench w3c FILE          W3C reader MB/s vs read()+memchr line count
//   rampart_ingest_bench jsonl FILE        JSON-lines reader MB/s vs simdjson DOM parse_many
// All times are CPU seconds of the benchmarking thread.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/detect/sink.h"
#include "rampart/ingest/registry.h"
#include "simdjson.h"

namespace {

// CPU time of this thread: the machine is shared (2 cores, many builds), so
// wall time measures the neighbours; CPU time measures the code.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
  }
};

double Seconds(double a, double b) { return b - a; }

struct ReadResult {
  uint64_t events = 0, bytes = 0, issues = 0, touched = 0;
  double seconds = 0;
};

ReadResult ReadWithRampart(const std::string& path, const char* field, const char* evtx_reader = "") {
  ReadResult r;
  auto t0 = Clock::now();
  rampart::ingest::ReadOptions options;
  options.evtx_reader = evtx_reader;
  auto reader = rampart::ingest::OpenReader(path, options);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", std::string(reader.status().message()).c_str());
    std::exit(2);
  }
  rampart::ingest::EventBatch batch;
  while ((*reader)->Next(batch)) {
    for (const rampart::detect::Event& e : batch) {
      if (field) {
        if (auto v = e.Get(field)) r.touched += v->size();
      }
    }
  }
  r.seconds = Seconds(t0, Clock::now());
  r.events = (*reader)->stats().events;
  r.bytes = (*reader)->stats().bytes;
  r.issues = (*reader)->stats().bad_records + (*reader)->stats().issues.size();
  return r;
}

// The peer: read() in 4 MiB chunks and count data lines (non-'#') with memchr.
ReadResult PlainReadCountLines(const std::string& path) {
  ReadResult r;
  auto t0 = Clock::now();
  int fd = ::open(path.c_str(), O_RDONLY);
  std::vector<char> buf(4 << 20);
  bool at_line_start = true, comment = false;
  while (true) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n <= 0) break;
    r.bytes += n;
    const char* p = buf.data();
    const char* end = p + n;
    while (p < end) {
      if (at_line_start) comment = *p == '#';
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      if (!nl) {
        at_line_start = false;
        break;
      }
      if (!comment) ++r.events;
      at_line_start = true;
      p = nl + 1;
    }
  }
  ::close(fd);
  r.seconds = Seconds(t0, Clock::now());
  return r;
}

int BenchEvtx(bool with_reference) {
  std::string root = RAMPART_DATA_DIR "/evtx/";
  std::ifstream manifest(root + "manifest.jsonl");
  std::vector<std::pair<std::string, uint64_t>> files;
  std::string line;
  uint64_t expected = 0, bytes = 0;
  while (std::getline(manifest, line)) {
    auto m = nlohmann::json::parse(line);
    files.emplace_back(root + m["path"].get<std::string>(), m["records"].get<uint64_t>());
    expected += files.back().second;
    bytes += m["bytes"].get<uint64_t>();
  }
  // One pass over every file with `reader`, checked against the manifest;
  // returns CPU seconds, or -1 on a failed check.
  auto pass = [&](const char* reader) -> double {
    auto t0 = Clock::now();
    for (const auto& [path, count] : files) {
      ReadResult r = ReadWithRampart(path, "CommandLine", reader);
      if (r.events != count || r.issues != 0) {
        std::fprintf(stderr, "CHECK FAILED (%s): %s: %llu events (want %llu), %llu issues\n", reader, path.c_str(),
                     (unsigned long long)r.events, (unsigned long long)count, (unsigned long long)r.issues);
        return -1;
      }
    }
    return Seconds(t0, Clock::now());
  };
  double best = 1e9;
  for (int round = 0; round < 5; ++round) {
    double s = pass("binxml");
    if (s < 0) return 1;
    best = std::min(best, s);
  }
  if (!with_reference) {
    std::printf("evtx: BinXML reader, best of 5 %.3f s = %.0f records/s\n", best, expected / best);
    return 0;
  }
  double ref = pass("libevtx");  // one pass: libevtx is two orders of magnitude slower
  if (ref < 0) return 1;
  std::printf("evtx: %zu files, %llu records (manifest), %.1f MB, one thread\n", files.size(),
              (unsigned long long)expected, bytes / 1e6);
  std::printf("  rampart BinXML reader: best of 5 %.3f s = %.0f records/s, %.1f MB/s\n", best, expected / best,
              bytes / 1e6 / best);
  std::printf("  libevtx reader (XML):  1 pass    %.3f s = %.0f records/s, %.1f MB/s\n", ref, expected / ref,
              bytes / 1e6 / ref);
  std::printf("  ratio: BinXML reader %.1fx libevtx\n", ref / best);
  return 0;
}

// Every Windows SigmaHQ rule over the attack samples, one thread: compile
// (timed apart), then read with the BinXML reader and match every event.
// Checked first: the hits equal the reviewed e2e baseline's count.
int BenchEvtxHunt(const std::string& baseline) {
  const std::string data = RAMPART_DATA_DIR;
  std::ifstream base(baseline);
  size_t want = 0;
  for (std::string line; std::getline(base, line);) want += !line.empty() && line[0] != '#';
  if (want == 0) return std::fprintf(stderr, "no baseline at %s\n", baseline.c_str()), 2;
  using namespace rampart::detect;
  auto c0 = Clock::now();
  RuleSet all = RuleSet::Load({data + "/sigma/rules", data + "/sigma/rules-emerging-threats",
                               data + "/sigma/rules-threat-hunting"});
  RuleSet windows;
  for (const auto& r : all.rules()) {
    if (r.info.logsource.product == "windows") windows.AddRule(r);
  }
  auto matcher = Matcher::Compile(windows);
  if (!matcher.ok()) return std::fprintf(stderr, "compile failed\n"), 2;
  double compile = Seconds(c0, Clock::now());
  struct Count : Sink {
    void OnHit(const Hit&) override { ++hits; }
    size_t hits = 0;
  };
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(data + "/evtx/EVTX-ATTACK-SAMPLES")) {
    if (e.is_regular_file() && e.path().extension() == ".evtx") files.push_back(e.path().string());
  }
  auto scratch = (*matcher)->NewScratch();
  double best = 1e9;
  size_t records = 0, hits = 0;
  for (int round = 0; round < 3; ++round) {
    Count sink;
    records = 0;
    auto t0 = Clock::now();
    for (const std::string& path : files) {
      auto reader = rampart::ingest::OpenReader(path);
      if (!reader.ok()) return 2;
      rampart::ingest::EventBatch batch;
      while ((*reader)->Next(batch)) {
        for (const rampart::detect::Event& e : batch) (*matcher)->Match(e, sink, *scratch);
        records += batch.size();
      }
    }
    best = std::min(best, Seconds(t0, Clock::now()));
    hits = sink.hits;
  }
  if (hits != want) {
    std::fprintf(stderr, "CHECK FAILED: %zu hits, the e2e baseline has %zu\n", hits, want);
    return 1;
  }
  std::printf("evtx hunt: %zu Windows rules compiled in %.2f s CPU; %zu files, %zu records, %zu hits (= baseline)\n",
              windows.rules().size(), compile, files.size(), records, hits);
  std::printf("  read + match, one thread: best of 3 %.3f s = %.0f records/s\n", best, records / best);
  return 0;
}

int BenchText(const std::string& kind, const std::string& path) {
  ReadResult plain = PlainReadCountLines(path);  // also warms the page cache
  plain = PlainReadCountLines(path);
  const char* field = kind == "w3c" ? "cs-uri-stem" : "cs-uri-stem";
  ReadResult raw = ReadWithRampart(path, nullptr);
  ReadResult touched = ReadWithRampart(path, field);
  if (raw.events != plain.events || raw.issues != 0 || touched.events != plain.events) {
    std::fprintf(stderr, "CHECK FAILED: reader %llu events, %llu issues; file has %llu data lines\n",
                 (unsigned long long)raw.events, (unsigned long long)raw.issues, (unsigned long long)plain.events);
    return 1;
  }
  double mb = plain.bytes / 1e6;
  std::printf("%s: %s, %.1f MB, %llu events (checked against the line count)\n", kind.c_str(), path.c_str(), mb,
              (unsigned long long)plain.events);
  std::printf("  plain read()+memchr line count: %.3f s = %.0f MB/s\n", plain.seconds, mb / plain.seconds);
  std::printf("  rampart %s reader (split only):  %.3f s = %.0f MB/s  (%.2fx the plain read's time)\n", kind.c_str(),
              raw.seconds, mb / raw.seconds, raw.seconds / plain.seconds);
  std::printf("  rampart %s reader + Get(%s): %.3f s = %.0f MB/s, %.0f events/s\n", kind.c_str(), field,
              touched.seconds, mb / touched.seconds, touched.events / touched.seconds);
  if (kind == "jsonl") {
    // Peer: simdjson's own DOM parse_many over the whole file in memory.
    simdjson::padded_string text;
    if (simdjson::padded_string::load(path).get(text)) return 1;
    simdjson::dom::parser parser;
    auto t0 = Clock::now();
    simdjson::dom::document_stream docs;
    if (parser.parse_many(text, 4 << 20).get(docs)) return 1;
    uint64_t n = 0;
    for (auto doc : docs) {
      if (doc.error()) return 1;
      ++n;
    }
    double s = Seconds(t0, Clock::now());
    if (n != plain.events) {
      std::fprintf(stderr, "CHECK FAILED: simdjson saw %llu documents\n", (unsigned long long)n);
      return 1;
    }
    std::printf("  simdjson DOM parse_many (in memory): %.3f s = %.0f MB/s; rampart/simdjson time ratio %.2f\n", s,
                mb / s, touched.seconds / s);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "evtx") return BenchEvtx(argc < 3 || std::string(argv[2]) != "--no-reference");
  if (argc >= 3 && std::string(argv[1]) == "evtx-hunt") return BenchEvtxHunt(argv[2]);
  if (argc >= 3 && (std::string(argv[1]) == "w3c" || std::string(argv[1]) == "jsonl")) return BenchText(argv[1], argv[2]);
  std::fprintf(stderr, "usage: %s evtx [--no-reference] | evtx-hunt BASELINE.tsv | w3c FILE | jsonl FILE\n", argv[0]);
  return 2;
}
