#include "common/candidate.h"

#include "rampart/core/json_error.h"
#include "rampart/core/status.h"

namespace rampart::intel::internal {

void Batch::Add(const nlohmann::json& object, const std::string& file, int64_t index,
                bool reference_only) {
  Result<stix::Object> parsed = InvalidInput("not an object");
  try {
    parsed = stix::FromJson(object);
  } catch (const nlohmann::json::exception& error) {  // e.g. invalid UTF-8 in a value
    parsed = InvalidInput(DescribeJsonError(error.what()));
  }
  if (!parsed.ok()) {
    std::string id = object.is_object() && object.contains("id") && object["id"].is_string()
                         ? object["id"].get<std::string>()
                         : std::string();
    Problem(file, index, id, std::string(parsed.status().message()));
    return;
  }
  objects.push_back(Candidate{std::move(*parsed), file, index, true, reference_only, /*validated=*/false});
}

}  // namespace rampart::intel::internal
