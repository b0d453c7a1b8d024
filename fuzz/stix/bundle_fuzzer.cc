// Fuzzes the bundle reader (both the DOM and the splitter path), the upgrade,
// Validate() and the writer on arbitrary bytes. Any crash, sanitizer report
// or a re-read that differs from the first read is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bundle_internal.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/upgrade.h"
#include "rampart/stix/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::stix;
  std::string text(reinterpret_cast<const char*>(data), size);
  // The first byte's low bit picks the splitter for small inputs too.
  internal::SetDomLimitForTesting(size > 0 && (data[0] & 1) ? 0 : size_t{512} << 20);
  auto reader = BundleReader::FromString(text, "fuzz.json");
  internal::SetDomLimitForTesting(size_t{512} << 20);
  if (!reader.ok()) return 0;
  std::vector<Object> objects;
  reader->ForEach([&](size_t, rampart::Result<Object> object) {
    if (!object.ok()) return true;
    (void)Validate(*object);
    (void)UpgradeObjectText(object->json);
    objects.push_back(std::move(object).value());
    return true;
  });
  std::string written = WriteBundle(objects, MakeBundleId(objects));
  auto again = BundleReader::FromString(written);
  if (!again.ok() || again->size() != objects.size()) __builtin_trap();
  size_t i = 0;
  again->ForEach([&](size_t, rampart::Result<Object> object) {
    if (!object.ok() || object->id != objects[i].id) __builtin_trap();
    ++i;
    return true;
  });
  return 0;
}
