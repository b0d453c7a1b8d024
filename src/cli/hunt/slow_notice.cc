#include "hunt/slow_notice.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace rampart::cli {

SlowNotice::SlowNotice(std::string message) {
  if (::isatty(STDERR_FILENO) != 1) return;
  thread_ = std::thread([this, message = std::move(message)] {
    std::unique_lock lock(mu_);
    if (done_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return done_; })) return;
    std::fprintf(stderr, "rampart: %s\n", message.c_str());
    std::fflush(stderr);
  });
}

SlowNotice::~SlowNotice() {
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  done_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string WithThousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace rampart::cli
