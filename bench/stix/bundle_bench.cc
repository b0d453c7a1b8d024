// Reading ATT&CK Enterprise (45 MB, STIX 2.0) into 2.1 Objects, against
// simdjson's raw DOM parse of the same file in the same run.
//
//   rampart_bench_stix_bundle [path] [runs]
//
// Checks first (24,771 objects, all parsed, all 2.1, all valid), then times
// best-of-N: (a) simdjson load+parse, (b) BundleReader open + upgrade +
// ParseObject of every element, (c) the same plus Validate(). Prints ratios.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include <simdjson.h>

#include "rampart/core/status.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/validate.h"

namespace {

using Clock = std::chrono::steady_clock;

template <typename F>
double BestSeconds(int runs, F&& f) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : std::string(RAMPART_DATA_DIR) + "/attack/enterprise-attack.json";
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  using rampart::stix::BundleReader;
  using rampart::stix::Object;

  // Check.
  auto reader = BundleReader::Open(path);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", rampart::FormatError(reader.status()).c_str());
    return 1;
  }
  size_t objects = 0, bad = 0, invalid = 0;
  reader->ForEach([&](size_t, rampart::Result<Object> o) {
    ++objects;
    if (!o.ok() || o->spec_version != "2.1") ++bad;
    else if (!rampart::stix::Validate(*o).ok()) ++invalid;
    return true;
  });
  std::printf("check: %zu objects, %zu unreadable, %zu invalid\n", objects, bad, invalid);
  if (bad || invalid || (path.find("enterprise-attack.json") != std::string::npos && objects != 24771)) {
    std::fprintf(stderr, "check failed\n");
    return 1;
  }

  // Time.
  size_t bytes = 0;
  double raw = BestSeconds(runs, [&] {
    simdjson::dom::parser parser;
    simdjson::padded_string text;
    if (simdjson::padded_string::load(path).get(text) != simdjson::SUCCESS) std::abort();
    simdjson::dom::element root;
    if (parser.parse(text).get(root) != simdjson::SUCCESS) std::abort();
    bytes = text.size();
  });
  size_t sink = 0;
  double read = BestSeconds(runs, [&] {
    auto r = BundleReader::Open(path);
    r->ForEach([&](size_t, rampart::Result<Object> o) {
      sink += o->json.size();
      return true;
    });
  });
  double validated = BestSeconds(runs, [&] {
    auto r = BundleReader::Open(path);
    r->ForEach([&](size_t, rampart::Result<Object> o) {
      sink += rampart::stix::Validate(*o).ok();
      return true;
    });
  });
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double mb = bytes / 1e6;
  std::printf("file: %s (%.1f MB), best of %d runs, simdjson kernel %s\n", path.c_str(), mb, runs,
              simdjson::get_active_implementation()->name().c_str());
  std::printf("simdjson load+parse:            %7.3f s  %7.1f MB/s\n", raw, mb / raw);
  std::printf("read+upgrade+ParseObject:       %7.3f s  %7.1f MB/s  ratio %.2fx simdjson\n", read, mb / read, read / raw);
  std::printf("read+upgrade+Parse+Validate:    %7.3f s  %7.1f MB/s  ratio %.2fx simdjson\n", validated,
              mb / validated, validated / raw);
  std::printf("peak RSS: %.0f MB (sink %zu)\n", usage.ru_maxrss / 1024.0, sink % 10);
  return 0;
}
