// Shared by the comparison benchmarks: wall and process-CPU time from one start,
// and the load average to print beside them (numbers taken on a busy machine are
// read by their CPU time; docs/BENCHMARKS.md).
#pragma once

#include <time.h>

#include <chrono>
#include <fstream>
#include <string>

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
