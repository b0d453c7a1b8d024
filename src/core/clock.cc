#include "rampart/core/clock.h"

#include <chrono>

namespace rampart {
namespace {
class WallClock final : public Clock {
 public:
  TimestampUs Now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  }
};
}  // namespace

Clock* SystemClock() {
  static WallClock clock;
  return &clock;
}

}  // namespace rampart
