// libFuzzer target: bytes -> constituents YAML loader. Any input must give a
// value (constituents or an error naming file and line), never a crash or an
// exception; what loads must survive the STIX round trip unchanged and build
// an asset index.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rampart/respond/asset_index.h"
#include "rampart/respond/constituent.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = rampart::respond::ParseConstituentsYaml(text, "fuzz.yaml");
  if (!loaded.ok()) return 0;
  for (const rampart::respond::Constituent& c : loaded->constituents) {
    auto back = rampart::respond::FromStix(rampart::respond::ToStix(c, 0));
    if (!back.ok() || !back->SameContent(c)) __builtin_trap();
  }
  rampart::respond::AssetIndex index(loaded->constituents);
  for (const rampart::respond::Constituent& c : loaded->constituents) {
    for (const std::string& domain : c.domains) {
      if (index.ByDomain(domain).empty()) __builtin_trap();
    }
  }
  return 0;
}
