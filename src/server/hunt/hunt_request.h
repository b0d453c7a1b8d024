// The body of POST /api/v1/hunts naming a server path, and the hits
// cursor: parsers of outside input, kept apart so the fuzz target
// (fuzz/server/fuzz_hunt_request.cc) reaches them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::server {

struct HuntRequest {
  std::string path;
  std::vector<std::string> rules;
  bool store = false;
  std::string format = "auto";
  std::string constituent;
  std::string filename = "upload.log";
};

// {"path", "rules": [...], "store", "format", "constituent"}: InvalidInput
// for anything else (not an object, an unknown field, a wrong type, no path).
Result<HuntRequest> ParseHuntRequestJson(std::string_view body);

// A hits cursor: a byte offset in decimal digits. InvalidInput otherwise.
Result<uint64_t> ParseHitsCursor(std::string_view text);

}  // namespace rampart::server
