// A vulnerability's x_rampart_affected (outside input: any imported bundle)
// read by AffectedOf, and every bound and the input itself tried as a
// version: must never crash, only return values.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rampart/respond/software_match.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  rampart::stix::Object v;
  v.id = "vulnerability--00000000-0000-4000-8000-000000000000";
  v.type = "vulnerability";
  v.json = text;
  auto affected = rampart::respond::AffectedOf(v);
  if (affected.ok()) {
    for (const auto& product : *affected) {
      rampart::respond::MatchVersion(product, "15.1.2176.2").IgnoreError();
      rampart::respond::MatchVersion(product, text.substr(0, 64)).IgnoreError();
    }
  }
  rampart::respond::ParseVersion(text).IgnoreError();
  return 0;
}
