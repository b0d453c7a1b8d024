// libFuzzer target: the STIX pattern parser (both grammars), the canonical
// text round trip, and evaluation over a fixed observation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rampart/stix/pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto version : {rampart::stix::PatternVersion::k21, rampart::stix::PatternVersion::k20}) {
    auto pattern = rampart::stix::ParsePattern(text, version);
    if (!pattern.ok()) continue;
    // The canonical text must parse again (2.1 only: it prints t'..' times).
    if (version == rampart::stix::PatternVersion::k21) {
      auto again = rampart::stix::ParsePattern(pattern->root.ToString());
      if (!again.ok()) __builtin_trap();
    }
    static const std::vector<rampart::stix::Observation> kObservations = [] {
      rampart::stix::Observation o;
      o.objects = nlohmann::json::parse(R"({"0": {"type": "ipv4-addr", "value": "198.51.100.7"},
        "1": {"type": "file", "name": "a.exe", "size": 10, "hashes": {"SHA-256": "aa"}},
        "2": {"type": "network-traffic", "src_ref": "0", "dst_port": 443, "protocols": ["tcp"]}})");
      o.number_observed = 2;
      return std::vector<rampart::stix::Observation>{o, o};
    }();
    rampart::stix::Evaluate(*pattern, kObservations, 64);
  }
  return 0;
}
