// libFuzzer target: IOC list parsing (plain lines and STIX bundles), then
// the token scanner over the same bytes with the resulting set, and the
// prefiltered ScanText, which must find exactly what ScanValue finds.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "rampart/detect/ioc_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = rampart::detect::ParseIocList(text, "fuzz");
  if (!list.ok()) return 0;
  rampart::detect::IocSet set = rampart::detect::BuildIocSet(*list);
  std::vector<std::pair<const char*, std::string_view>> full, pre;
  set.ScanValue(text, [&](const rampart::detect::IocHit& hit) {
    if (hit.tag_count == 0 || hit.token.empty()) __builtin_trap();
    full.emplace_back(hit.token.data(), hit.ioc);
  });
  set.ScanText(text, [&](const rampart::detect::IocHit& hit) { pre.emplace_back(hit.token.data(), hit.ioc); });
  std::sort(full.begin(), full.end());
  std::sort(pre.begin(), pre.end());
  if (full != pre) __builtin_trap();
  for (const auto& e : list->entries) {
    // Every entry must be found again from its own canonical text.
    if (set.LookupValue(e.value.type, e.value.value, [](const rampart::detect::IocHit&) {}) == 0 &&
        e.value.type != rampart::detect::IocType::kCidr4 && e.value.type != rampart::detect::IocType::kCidr6) {
      __builtin_trap();
    }
  }
  return 0;
}
