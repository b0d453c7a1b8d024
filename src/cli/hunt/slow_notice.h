// "rampart: compiling 3,752 rules…" on standard error when a step takes
// more than a second, so a long silent pause does not look like a hang.
//
// Only on a terminal (stderr isatty): scripts and CI logs stay clean. The
// notice is printed once, from a helper thread, if the SlowNotice still lives
// a second after it was made; destroying it earlier prints nothing. The line
// stays (it is the answer to "what was it doing?").
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace rampart::cli {

class SlowNotice {
 public:
  explicit SlowNotice(std::string message);
  ~SlowNotice();  // joins the helper thread
  SlowNotice(const SlowNotice&) = delete;
  SlowNotice& operator=(const SlowNotice&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;
};

// "3752" -> "3,752".
std::string WithThousands(uint64_t n);

}  // namespace rampart::cli
