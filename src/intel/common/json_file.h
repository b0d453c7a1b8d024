// Reading a whole (small or mid-sized) JSON file with nlohmann, errors as
// values with file:line:column.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rampart/core/status.h"

namespace rampart::intel::internal {

// IoError if unreadable; InvalidInput "file:line:col: invalid JSON: ..." if
// the text is not one JSON document.
Result<nlohmann::json> ReadJsonFile(const std::string& path);
Result<nlohmann::json> ParseJsonText(std::string_view text, const std::string& name);

}  // namespace rampart::intel::internal
