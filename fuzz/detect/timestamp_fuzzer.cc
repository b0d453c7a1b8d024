// Fuzzes the timestamp reader behind the Sigma date-part modifiers (event
// values are outside input): no crash, and every part it returns is in range.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/value_match.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using rampart::detect::DatePart;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = rampart::detect::internal::ParseTimestampParts(text);
  if (!t) return 0;
  struct Range {
    DatePart part;
    int lo, hi;
  };
  for (Range r : {Range{DatePart::kMinute, 0, 59}, Range{DatePart::kHour, 0, 23}, Range{DatePart::kDay, 1, 31},
                  Range{DatePart::kWeek, 1, 53}, Range{DatePart::kMonth, 1, 12}, Range{DatePart::kYear, 0, 9999}}) {
    int v = rampart::detect::internal::TimestampPart(*t, r.part);
    if (v != -1 && (v < r.lo || v > r.hi)) __builtin_trap();
  }
  return 0;
}
