// Splitting and decoding a request target: the path and its query
// parameters, with the checks that keep outside input harmless.
//
// Grammar (RFC 3986, origin-form only):  target = path [ "?" query ]
//   path  = "/" segments, each percent-decoded
//   query = param *( "&" param ),  param = name [ "=" value ]
// Refused (InvalidInput, answered 400): a target not starting with '/', a bad
// or truncated %XX escape, a decoded NUL or control byte, a "." or ".."
// segment (path traversal) and a decoded '/' inside a segment, a target over
// 8 KiB. Empty parameters ("a=1&&b=2") are skipped.
#pragma once

#include <string>
#include <string_view>

#include "rampart/core/status.h"
#include "rampart/server/http.h"

namespace rampart::server {

struct Target {
  std::string path;   // decoded, '/' separated; never contains "." or ".." segments
  QueryParams params;
};

Result<Target> ParseTarget(std::string_view target);

// Percent-decodes `text`; '+' becomes ' ' when `plus_is_space`.
// InvalidInput on a malformed escape or a decoded NUL.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// A positive integer parameter ("limit=100"): nullopt-like default when
// absent; InvalidInput when present but not an integer in [1, max].
Result<int> PositiveIntParam(const Request& request, std::string_view name, int default_value, int max);

}  // namespace rampart::server
