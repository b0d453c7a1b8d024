// The observable extractor on arbitrary bytes: offsets must stay in range.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rampart/extract/observable.h"

using namespace rampart::extract;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const PublicSuffixList* psl = *PublicSuffixList::Default();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ObservableExtractor extractor(psl);
  for (const Observable& o : extractor.Extract(text)) {
    if (o.begin > o.end || o.end > size || o.value.empty()) __builtin_trap();
  }
  return 0;
}
