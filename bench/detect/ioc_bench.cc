// IOC sweep benchmark: an IIS W3C log hunted with IOC lists of several sizes,
// side by side with `rg -F -c -f LIST LOG` and `grep -F -c -f LIST LOG`.
//
// Check first: the number of matching lines must be the same for rampart,
// ripgrep, grep and gen-iocs' own expectation from the --truth file; then
// time (best of --repeat runs for rampart; one run for the peers) and print
// the ratios. rampart does real per-field matching: every line is split into
// its #Fields, every field value goes through IocSet::ScanValue (the same
// code `hunt --ioc` runs), one thread.
//
//   rampart_ioc_bench --log /tmp/ex1g.log --truth /tmp/ex1g.truth.jsonl
//       --lists 100,100000 [--workdir /tmp/ioc-bench] [--repeat 3] [--no-grep]
//       [--threads N] [--mode field|line|text]
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <algorithm>
#include <thread>
#include <vector>

#include "rampart/detect/ioc_list.h"
#include "w3c_line_event.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// CPU seconds (user + system) of this process, or of its waited-for children.
double CpuSeconds(int who) {
  rusage ru;
  getrusage(who, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

std::string RunCapture(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

struct Sweep {
  int64_t lines = 0;  // lines with at least one hit
  int64_t hits = 0;
  int64_t field_hits[32] = {};  // hits per #Fields position (attribution check)
};

// mode "field": W3cLineEvent + IocSet::ScanEvent, i.e. Event::Fields() and
// one ScanValue per field value, as `hunt` runs it on any Event.
// mode "line": one ScanValue over the whole line (whitespace ends every
// token, so the tokens are the same) and each hit attributed to its field
// by its offset.
// mode "text": IocSet::ScanText over the whole chunk at once (the literal
// prefilter finds candidate places, only their whitespace-delimited runs are
// tokenised); each hit attributed to its line and field by its offset.
Sweep RunText(const char* p, const char* end, const rampart::detect::IocSet& set) {
  Sweep s;
  const char* last_line = nullptr;
  s.hits = static_cast<int64_t>(set.ScanText(std::string_view(p, end - p), [&](const rampart::detect::IocHit& hit) {
    const char* at = hit.token.data();
    const char* nl = static_cast<const char*>(memrchr(p, '\n', at - p));
    const char* line = nl ? nl + 1 : p;
    if (*line == '#') return;  // directives are not log lines
    if (line != last_line) ++s.lines, last_line = line;
    size_t field = static_cast<size_t>(std::count(line, at, ' '));
    ++s.field_hits[std::min<size_t>(field, 31)];
  }));
  return s;
}

Sweep RunChunk(const char* data, const char* p, const char* end, const rampart::detect::IocSet& set, bool per_field) {
  Sweep s;
  rampart::testing::W3cLineEvent event;
  // The #Fields header in force at `p`: the last "\n#Fields:" before it.
  for (const char* h = p; h > data;) {
    const char* hash = static_cast<const char*>(memrchr(data, '#', h - data));
    if (!hash) break;
    if ((hash == data || hash[-1] == '\n') && std::string_view(hash, std::min<size_t>(8, end - hash)) == "#Fields:") {
      const char* le = static_cast<const char*>(memchr(hash, '\n', end - hash));
      event.SetFields(std::string_view(hash, (le ? le : end) - hash));
      break;
    }
    h = hash;
  }
  while (p < end) {
    const char* nl = static_cast<const char*>(memchr(p, '\n', end - p));
    if (!nl) nl = end;
    std::string_view line(p, nl - p);
    p = nl + 1;
    if (!line.empty() && line[0] == '#') {
      if (line.starts_with("#Fields:")) event.SetFields(line);
      continue;
    }
    size_t n = 0;
    if (per_field) {
      event.Reset(line, 0);
      n = set.ScanEvent(event, [&](std::string_view, const rampart::detect::IocHit&) {});
    } else {
      n = set.ScanValue(line, [&](const rampart::detect::IocHit& hit) {
        size_t field = static_cast<size_t>(std::count(line.data(), hit.token.data(), ' '));
        ++s.field_hits[std::min<size_t>(field, 31)];
      });
    }
    s.hits += static_cast<int64_t>(n);
    s.lines += n > 0;
  }
  return s;
}

Sweep Run(const char* data, size_t size, const rampart::detect::IocSet& set, bool per_field, bool text, int threads) {
  std::vector<const char*> cuts = {data};
  for (int t = 1; t < threads; ++t) {
    const char* c = data + size * t / threads;
    const char* nl = static_cast<const char*>(memchr(c, '\n', data + size - c));
    cuts.push_back(nl ? nl + 1 : data + size);
  }
  cuts.push_back(data + size);
  std::vector<Sweep> parts(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      if (text) {
        // 64 MiB slices: the scan needs no per-line work, only the hits do.
        for (const char* a = cuts[t]; a < cuts[t + 1];) {
          const char* b = std::min(cuts[t + 1], a + (64 << 20));
          if (b < cuts[t + 1]) {
            const char* nl = static_cast<const char*>(memchr(b, '\n', cuts[t + 1] - b));
            b = nl ? nl + 1 : cuts[t + 1];
          }
          Sweep part = RunText(a, b, set);
          parts[t].lines += part.lines;
          parts[t].hits += part.hits;
          for (int i = 0; i < 32; ++i) parts[t].field_hits[i] += part.field_hits[i];
          a = b;
        }
      } else {
        parts[t] = RunChunk(data, cuts[t], cuts[t + 1], set, per_field);
      }
    });
  }
  for (auto& th : pool) th.join();
  Sweep total;
  for (const Sweep& p : parts) {
    total.lines += p.lines;
    total.hits += p.hits;
    for (int i = 0; i < 32; ++i) total.field_hits[i] += p.field_hits[i];
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  std::string log = "/tmp/ioc-bench/ex1g.log", truth = "/tmp/ioc-bench/ex1g.truth.jsonl";
  std::string workdir = "/tmp/ioc-bench", lists = "100,100000";
  int repeat = 3, threads = 1;
  bool with_grep = true, per_field = true, text = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--log") log = next();
    else if (a == "--truth") truth = next();
    else if (a == "--workdir") workdir = next();
    else if (a == "--lists") lists = next();
    else if (a == "--repeat") repeat = std::atoi(next().c_str());
    else if (a == "--no-grep") with_grep = false;
    else if (a == "--threads") threads = std::max(1, std::atoi(next().c_str()));
    else if (a == "--mode") {
      std::string mode = next();
      per_field = mode == "field";
      text = mode == "text";
    }
    else {
      std::fprintf(stderr, "usage: %s [--log F] [--truth F] [--workdir D] [--lists 100,100000] [--repeat N] [--no-grep] [--threads N] [--mode field|line|text]\n", argv[0]);
      return 2;
    }
  }
  int fd = open(log.c_str(), O_RDONLY);
  if (fd < 0) {
    std::fprintf(stderr, "cannot open %s (generate it: %s/gen-exchange-logs --size 1G --seed 7 --out %s --truth %s)\n",
                 log.c_str(), RAMPART_TOOLS_DIR, log.c_str(), truth.c_str());
    return 2;
  }
  struct stat st;
  fstat(fd, &st);
  const size_t size = static_cast<size_t>(st.st_size);
  auto* data = static_cast<const char*>(mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0));
  if (data == MAP_FAILED) {
    std::perror("mmap");
    return 2;
  }
  madvise(const_cast<char*>(data), size, MADV_SEQUENTIAL);
  std::printf("log %s: %.1f MiB; rampart mode %s, %d thread(s); peers single-threaded on one file\n\n", log.c_str(),
              size / 1048576.0,
              text        ? "text (ScanText: literal prefilter over 64 MiB slices, hits attributed to lines)"
              : per_field ? "field (Event::Fields + ScanValue per field)"
                          : "line (one scan, hits attributed to fields)",
              threads);
  std::printf("%8s %10s | %9s %9s | %9s %9s | %9s %9s | %s\n", "iocs", "lines hit", "rampart s", "MB/s", "rg s",
              "rg/ramp", "grep s", "grep/ramp", "check");

  bool all_ok = true;
  size_t start = 0;
  while (start <= lists.size()) {
    size_t comma = lists.find(',', start);
    std::string n = lists.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? lists.size() + 1 : comma + 1;
    if (n.empty()) continue;
    const std::string list = workdir + "/iocs" + n + ".txt";
    // Generate the list once (gen-iocs is slow for large N); reuse it after.
    int status = 0;
    std::string gen_cmd = std::string(RAMPART_TOOLS_DIR) + "/gen-iocs";
    gen_cmd += access(list.c_str(), R_OK) == 0 ? " --from-list " + list : " -n " + n + " --seed 1 --out " + list;
    std::string gen = RunCapture(gen_cmd + " --expect " + truth + " 2>&1", &status);
    size_t at = gen.find("expected_matching_lines");
    if (status != 0 || at == std::string::npos) {
      std::fprintf(stderr, "gen-iocs failed: %s\n", gen.c_str());
      return 2;
    }
    at = gen.find_first_of("0123456789", at);
    const int64_t expected = std::atoll(gen.c_str() + at);

    auto t0 = Clock::now();
    auto parsed = rampart::detect::ReadIocList(list);
    if (!parsed.ok() || !parsed->rejected.empty()) {
      std::fprintf(stderr, "IOC list %s did not parse cleanly\n", list.c_str());
      return 2;
    }
    rampart::detect::IocSet set = rampart::detect::BuildIocSet(*parsed);
    const double build_s = Seconds(t0, Clock::now());

    double best = 1e30, best_cpu = 1e30;
    Sweep sweep;
    for (int r = 0; r < repeat; ++r) {
      auto a = Clock::now();
      double c = CpuSeconds(RUSAGE_SELF);
      sweep = Run(data, size, set, per_field, text, threads);
      best = std::min(best, Seconds(a, Clock::now()));
      best_cpu = std::min(best_cpu, CpuSeconds(RUSAGE_SELF) - c);
    }

    auto peer = [&](const std::string& tool, int64_t* count, double* cpu) {
      int peer_status = 0;
      auto a = Clock::now();
      double c = CpuSeconds(RUSAGE_CHILDREN);
      std::string out = RunCapture(tool + " -F -c -f " + list + " " + log, &peer_status);
      double s = Seconds(a, Clock::now());
      *cpu = CpuSeconds(RUSAGE_CHILDREN) - c;
      *count = std::atoll(out.c_str());
      return s;
    };
    int64_t rg_count = -1, grep_count = -1;
    double rg_cpu = 0, grep_cpu = 0;
    double rg_s = peer("rg --no-config --mmap", &rg_count, &rg_cpu);
    double grep_s = with_grep ? peer("LC_ALL=C grep", &grep_count, &grep_cpu) : 0;

    bool ok = sweep.lines == expected && rg_count == expected && (!with_grep || grep_count == expected);
    all_ok &= ok;
    std::printf("%8s %10lld | %9.3f %9.0f | %9.3f %8.1fx | %9.3f %8.1fx | %s (expected %lld, rg %lld, grep %lld; "
                "list build %.3f s, %lld hits)\n",
                n.c_str(), static_cast<long long>(sweep.lines), best, size / 1e6 / best, rg_s, rg_s / best, grep_s,
                with_grep ? grep_s / best : 0.0, ok ? "OK" : "MISMATCH", static_cast<long long>(expected),
                static_cast<long long>(rg_count), static_cast<long long>(grep_count), build_s,
                static_cast<long long>(sweep.hits));
    std::printf("%8s %10s | cpu %5.3f %9s | cpu %5.3f %8.1fx | cpu %5.3f %8.1fx | CPU seconds (user+sys): robust on a busy machine\n",
                "", "", best_cpu, "", rg_cpu, rg_cpu / best_cpu, grep_cpu, with_grep ? grep_cpu / best_cpu : 0.0);
    std::fflush(stdout);
  }
  munmap(const_cast<char*>(data), size);
  close(fd);
  return all_ok ? 0 : 1;
}
