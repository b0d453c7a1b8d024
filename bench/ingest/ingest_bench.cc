// Reader throughput, checked first, timed second, against a peer in the same
// run (docs/benchmarks/ingest.md):
//   rampart_ingest_bench evtx              all EVTX attack samples: records/s
//   rampart_ingest_bench w3c FILE          W3C reader MB/s vs read()+memchr line count
//   rampart_ingest_bench jsonl FILE        JSON-lines reader MB/s vs simdjson DOM parse_many
// All times are CPU seconds of the benchmarking thread.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
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

ReadResult ReadWithRampart(const std::string& path, const char* field) {
  ReadResult r;
  auto t0 = Clock::now();
  auto reader = rampart::ingest::OpenReader(path);
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

int BenchEvtx() {
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
  double best = 1e9;
  uint64_t events = 0;
  for (int round = 0; round < 3; ++round) {
    events = 0;
    auto t0 = Clock::now();
    for (const auto& [path, count] : files) {
      ReadResult r = ReadWithRampart(path, "CommandLine");
      if (r.events != count || r.issues != 0) {
        std::fprintf(stderr, "CHECK FAILED: %s: %llu events (want %llu), %llu issues\n", path.c_str(),
                     (unsigned long long)r.events, (unsigned long long)count, (unsigned long long)r.issues);
        return 1;
      }
      events += r.events;
    }
    best = std::min(best, Seconds(t0, Clock::now()));
  }
  std::printf("evtx: %zu files, %llu records (manifest %llu), %.1f MB: best of 3 %.3f s = %.0f records/s, %.1f MB/s\n",
              files.size(), (unsigned long long)events, (unsigned long long)expected, bytes / 1e6, best,
              events / best, bytes / 1e6 / best);
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
  if (argc >= 2 && std::string(argv[1]) == "evtx") return BenchEvtx();
  if (argc >= 3 && (std::string(argv[1]) == "w3c" || std::string(argv[1]) == "jsonl")) return BenchText(argv[1], argv[2]);
  std::fprintf(stderr, "usage: %s evtx | w3c FILE | jsonl FILE\n", argv[0]);
  return 2;
}
