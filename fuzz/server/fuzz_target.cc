// ParseTarget + Router::Find on arbitrary request targets: never crashes, and
// an accepted path never holds a "." or ".." segment.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rampart/server/query.h"
#include "rampart/server/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::server;
  static Router<int>* router = [] {
    auto* r = new Router<int>();
    r->Add("GET", "/api/v1/objects/{ref}", "", 1);
    r->Add("GET", "/api/v1/objects/{ref}/graph", "", 2);
    r->Add("GET", "/taxii2/{root}/collections/{collection}/objects/{object}/", "", 3);
    r->Add("POST", "/taxii2/{root}/collections/{collection}/objects/", "", 4);
    return r;
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto target = ParseTarget(text);
  if (!target.ok()) return 0;
  for (const std::string& segment : Router<int>::Split(target->path)) {
    if (segment == "." || segment == "..") std::abort();
  }
  auto match = router->Find("GET", target->path);
  if (match.handler != nullptr && match.params.empty() && *match.handler != 0) {
    if (match.info == nullptr) std::abort();
  }
  return 0;
}
