// The TAXII filter parser and Accept negotiation on an arbitrary query
// string: never crashes; an accepted filter has a limit in [1, 1000] and
// STIX ids that are valid.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rampart/server/query.h"
#include "rampart/server/taxii_filter.h"
#include "rampart/stix/object.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::server;
  std::string text(reinterpret_cast<const char*>(data), size);
  AcceptsMediaType(text, "application/taxii+json");
  auto target = ParseTarget("/x/?" + text);
  if (!target.ok()) return 0;
  for (auto endpoint : {TaxiiEndpoint::kObjects, TaxiiEndpoint::kManifest, TaxiiEndpoint::kObjectById,
                        TaxiiEndpoint::kVersions}) {
    auto filter = ParseTaxiiFilter(target->params, endpoint);
    if (!filter.ok()) continue;
    if (filter->query.limit < 1 || filter->query.limit > 1000) std::abort();
    for (const std::string& id : filter->query.ids) {
      if (!rampart::stix::IsValidId(id)) std::abort();
    }
  }
  return 0;
}
