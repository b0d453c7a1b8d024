// Shared by the comparison benchmarks: wall and process-CPU time from one start,
// and the load average to print beside them (numbers taken on a busy machine are
// read by their CPU time; docs/BENCHMARKS.md).
#pragma once

#include <time.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

namespace rampart::bench {

class Timer {
 public:
  static double CpuNow() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
  }
  double Wall() const { return std::chrono::duration<double>(Clock::now() - wall_).count(); }
  double CpuSeconds() const { return CpuNow() - cpu_; }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point wall_ = Clock::now();
  double cpu_ = CpuNow();
};

// "/proc/loadavg"'s 1, 5 and 15 minute averages, or "" where there is none.
inline std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return in ? a + " " + b + " " + c : "";
}

}  // namespace rampart::bench

namespace rampart::bench {

// Wall and CPU seconds of N timed repetitions of one row, for judging a
// change through the machine's run-to-run noise: report the median (what a
// change must move) and the best (the least disturbed run).
struct Samples {
  std::vector<double> wall, cpu;

  void Add(const Timer& t) {
    wall.push_back(t.Wall());
    cpu.push_back(t.CpuSeconds());
  }
  static double Median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
  static double Best(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }
  double MedianWall() const { return Median(wall); }
  double MedianCpu() const { return Median(cpu); }
  double BestWall() const { return Best(wall); }
  double BestCpu() const { return Best(cpu); }
};

// Runs `fn` `n` times (n >= 1), timing each run.
template <class Fn>
Samples Repeat(int n, Fn&& fn) {
  Samples s;
  for (int i = 0; i < std::max(n, 1); ++i) {
    Timer t;
    fn();
    s.Add(t);
  }
  return s;
}

}  // namespace rampart::bench
