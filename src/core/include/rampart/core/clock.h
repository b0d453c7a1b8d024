// The clock seam: code that asks "what time is it" takes a Clock so tests can
// pin it (follow mode, retention, "--since 30d", created/modified stamps).
#pragma once

#include "rampart/core/time.h"

namespace rampart {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimestampUs Now() const = 0;
};

// Wall-clock time (UTC). Thread-safe; never null.
Clock* SystemClock();

// A clock that returns what it was set to. For tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimestampUs now) : now_(now) {}
  TimestampUs Now() const override { return now_; }
  void Set(TimestampUs now) { now_ = now; }

 private:
  TimestampUs now_;
};

}  // namespace rampart
