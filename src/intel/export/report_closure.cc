// A breadth-first walk over the references of a report's objects.
#include "report_closure.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <set>

#include <nlohmann/json.hpp>

namespace rampart::intel {
namespace {

bool EndsWith(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

void CollectRefs(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_array()) {
    for (const auto& item : value) CollectRefs(item, out);
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [key, item] : value.items()) {
    if (EndsWith(key, "_ref") && item.is_string()) {
      out.push_back(item.get<std::string>());
    } else if (EndsWith(key, "_refs") && item.is_array()) {
      for (const auto& ref : item) {
        if (ref.is_string()) out.push_back(ref.get<std::string>());
      }
    } else {
      CollectRefs(item, out);
    }
  }
}

}  // namespace

Result<std::vector<stix::Object>> ReportClosure(store::Store& store, const std::string& report_id) {
  if (stix::TypeOfId(report_id) != "report") {
    return InvalidInput(fmt::format("--report '{}': not a report id (report--<uuid>)", report_id));
  }
  std::vector<stix::Object> out;
  std::set<std::string> seen{report_id};
  std::deque<std::string> queue{report_id};
  while (!queue.empty()) {
    std::string id = std::move(queue.front());
    queue.pop_front();
    auto object = store.Get(id);
    if (!object.ok()) {
      if (object.status().code() != absl::StatusCode::kNotFound) return object.status();
      if (id == report_id) return NotFound(fmt::format("no report {} in the knowledge base", report_id));
      continue;
    }
    std::vector<std::string> refs;
    CollectRefs(stix::ToJson(*object), refs);
    for (std::string& ref : refs) {
      if (seen.insert(ref).second) queue.push_back(std::move(ref));
    }
    out.push_back(*std::move(object));
  }
  std::sort(out.begin(), out.end(), [](const stix::Object& a, const stix::Object& b) {
    return std::tie(a.type, a.id) < std::tie(b.type, b.id);
  });
  return out;
}

}  // namespace rampart::intel
