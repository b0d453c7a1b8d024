// Private to rampart_stix: building an Object from an already parsed simdjson
// element, so the bundle reader parses each file only once.
#pragma once

#include <string>

#include <simdjson.h>

#include "rampart/core/status.h"
#include "rampart/stix/object.h"

namespace rampart::stix::internal {

// ErrorContext naming one object (designated initialisers warn on the rest).
inline ErrorContext ForObject(std::string_view id) {
  ErrorContext context;
  context.object_id = std::string(id);
  return context;
}

// Fills every indexed member from `root`; `json` becomes Object::json as is
// (the caller guarantees it is the minified text of `root`).
Result<Object> ObjectFromElement(simdjson::dom::element root, std::string json);

// A per-thread DOM parser, reused across calls (allocation is the cost).
simdjson::dom::parser& ThreadParser();

// Minified copy of `text` (whitespace outside strings removed; key order kept).
// REQUIRES: text is valid JSON.
std::string Minify(std::string_view text);

}  // namespace rampart::stix::internal
