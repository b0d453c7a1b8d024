// Differential: SplitSentences (plain ASCII lines decided by its own rules,
// the rest by ICU) must give exactly ICU's sentences, on any bytes --
// invalid UTF-8, controls, separators and all.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "rampart/extract/sentence.h"

using namespace rampart::extract;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<Sentence> fast = SplitSentences(text);
  std::vector<Sentence> icu = internal::SplitSentencesWithIcu(text);
  if (fast.size() != icu.size()) __builtin_trap();
  for (size_t i = 0; i < fast.size(); ++i) {
    if (fast[i].begin != icu[i].begin || fast[i].end != icu[i].end) __builtin_trap();
  }
  return 0;
}
