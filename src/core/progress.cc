#include "rampart/core/progress.h"

#include <unistd.h>

#include <cstdio>

namespace rampart {

Progress::Progress(std::string what, std::string unit, uint64_t total)
    : what_(std::move(what)), unit_(std::move(unit)), total_(total),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  if (total_ > 0) {
    std::fprintf(stderr, "\r\033[K%s: %llu / %llu %s (%llu%%)", what_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 unit_.c_str(), static_cast<unsigned long long>(done * 100 / total_));
  } else {
    std::fprintf(stderr, "\r\033[K%s: %llu %s", what_.c_str(), static_cast<unsigned long long>(done),
                 unit_.c_str());
  }
  std::fflush(stderr);
}

}  // namespace rampart
