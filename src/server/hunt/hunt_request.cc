// Why the hunt request is strict (unknown fields are errors): a typo in
// "store" must not silently hunt without storing.
#include "hunt/hunt_request.h"

#include <fmt/format.h>

#include <charconv>

#include <nlohmann/json.hpp>

namespace rampart::server {

using nlohmann::json;

Result<HuntRequest> ParseHuntRequestJson(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return InvalidInput("expected a JSON object {path, rules, store, format, constituent}");
  HuntRequest r;
  for (const auto& [key, value] : j.items()) {
    if (key == "rules") {
      if (!value.is_array()) return InvalidInput("'rules' must be an array of rule set names");
      for (const json& name : value) {
        if (!name.is_string()) return InvalidInput("'rules' must be an array of rule set names");
        r.rules.push_back(name.get<std::string>());
      }
    } else if (key == "store") {
      if (!value.is_boolean()) return InvalidInput("'store' must be true or false");
      r.store = value.get<bool>();
    } else if (key == "path" || key == "format" || key == "constituent") {
      if (!value.is_string()) return InvalidInput(fmt::format("'{}' must be a string", key));
      (key == "path" ? r.path : key == "format" ? r.format : r.constituent) = value.get<std::string>();
    } else {
      return InvalidInput(fmt::format("unknown field '{}' (path, rules, store, format, constituent)", key));
    }
  }
  if (r.path.empty()) return InvalidInput("'path' is required (or upload the log as the body)");
  return r;
}

Result<uint64_t> ParseHitsCursor(std::string_view text) {
  uint64_t cursor = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cursor);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return InvalidInput("bad cursor");
  return cursor;
}

}  // namespace rampart::server
