// The hunt request parsers on arbitrary input: never crash; an accepted
// request has a path; an accepted cursor prints back as the digits given
// (leading zeros aside); a path ResolveHuntPath accepts lies under the root.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "hunt/hunt_jobs.h"
#include "hunt/hunt_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::server;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto request = ParseHuntRequestJson(text);
  if (request.ok() && request->path.empty()) std::abort();
  auto cursor = ParseHitsCursor(text);
  if (cursor.ok() && text.find_first_not_of("0123456789") != std::string::npos) std::abort();
  // Paths: a root that exists everywhere; nothing accepted may leave it.
  auto files = ResolveHuntPath({"/usr/share/zoneinfo"}, "/usr/share/zoneinfo/" + text);
  if (files.ok()) {
    for (const std::string& f : *files) {
      if (f.rfind("/usr/share/zoneinfo/", 0) != 0) std::abort();
    }
  }
  return 0;
}
