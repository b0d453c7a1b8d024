// Private to rampart_stix: the pieces of the bundle reader that tests and the
// fuzzer reach directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/bundle.h"

namespace rampart::stix::internal {

struct Span {
  size_t offset = 0;
  size_t length = 0;
};

// Files larger than this many bytes are split instead of parsed whole.
size_t DomLimit();
void SetDomLimitForTesting(size_t bytes);

struct SplitResult {
  BundleShape shape = BundleShape::kBundle;
  std::vector<Span> elements;
  Span id, spec_version;    // raw JSON values of the bundle's id/spec_version
  size_t error_offset = 0;  // where the structure broke, on failure
};

// Splits a bundle, array or single object into the spans of its elements,
// checking the structure between them (strings, nesting, commas); the inside
// of each element is checked when it is parsed. InvalidInput on failure with
// `out->error_offset` set.
Status SplitTopLevel(std::string_view text, SplitResult* out);

// Finds where `text` stops being JSON (nlohmann's parser, no DOM built).
// False if nlohmann accepts it (simdjson's limits differ, e.g. depth).
bool LocateJsonError(std::string_view text, size_t* offset, std::string* why);

}  // namespace rampart::stix::internal
