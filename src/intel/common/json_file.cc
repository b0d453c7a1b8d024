#include "common/json_file.h"

#include <fstream>
#include <cerrno>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "rampart/core/json_error.h"
#include "rampart/stix/bundle.h"

namespace rampart::intel::internal {

Result<nlohmann::json> ParseJsonText(std::string_view text, const std::string& name) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& error) {
    size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    stix::TextPosition position = stix::PositionOf(text, std::min(offset, text.size()));
    return InvalidInput(fmt::format("invalid JSON: {}", DescribeJsonError(error.what())),
                        ErrorContext{.file = name, .line = position.line, .column = position.column});
  } catch (const nlohmann::json::exception& error) {
    // Well-formed but unrepresentable, such as a number out of double's range
    // ("6e566": out_of_range 406); nlohmann gives no position for these.
    return InvalidInput(fmt::format("invalid JSON: {}", DescribeJsonError(error.what())), ErrorContext{.file = name});
  }
}

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(fmt::format("cannot open file: {}", std::strerror(errno)), ErrorContext{.file = path});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return IoError("cannot read file", ErrorContext{.file = path});
  return ParseJsonText(buffer.str(), path);
}

}  // namespace rampart::intel::internal
