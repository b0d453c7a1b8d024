// libFuzzer target: bytes -> JSON -> MISP galaxy cluster converter (threat
// actors, intrusion sets, tools, malpedia, sectors, countries). Any input must
// give a value (objects, problems or an error), never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_file.h"
#include "galaxy/galaxy_converter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto document = rampart::intel::internal::ParseJsonText(text, "fuzz.json");
  if (!document.ok()) return 0;
  (void)rampart::intel::internal::LooksLikeGalaxy(*document);
  rampart::intel::internal::Batch batch;
  try {
    (void)rampart::intel::internal::ConvertGalaxy(*document, "fuzz.json", batch);
  } catch (const nlohmann::json::exception&) {
    // The importer catches these at its boundary (importer.cc); reaching here
    // is still a converter bug worth knowing about.
    __builtin_trap();
  }
  return 0;
}
