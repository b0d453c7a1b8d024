// libFuzzer target: the rule cache's readers (cache files are outside
// input). The whole file (header, checksum), the rule-set codec and the
// database table are each fed the bytes; a decoded rule set must survive a
// second encode/decode unchanged (the first may normalise: unused optional
// values, duplicate alias keys).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rampart/detect/rule_cache.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::detect;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)DecodeRuleCacheFile(bytes, "key", "environment");
  if (auto set = RuleSetCodec::Decode(bytes); set.ok()) {
    std::string once = RuleSetCodec::Encode(*set);
    auto again = RuleSetCodec::Decode(once);
    if (!again.ok() || RuleSetCodec::Encode(*again) != once) __builtin_trap();
  }
  if (auto table = DatabaseCache::Decode(bytes); table.ok()) {
    auto again = DatabaseCache::Decode(table->Encode());
    if (!again.ok() || again->Encode() != table->Encode()) __builtin_trap();
  }
  return 0;
}
