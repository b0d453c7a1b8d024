// Observed-data (2.0 and 2.1) to the evaluator's Observation.
#include <fmt/format.h>

#include <map>

#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

void Flatten(const nlohmann::json& content, std::vector<const nlohmann::json*>& out) {
  if (content.is_array()) {
    for (const auto& item : content) Flatten(item, out);
  } else if (content.is_object() && content.value("type", "") == "bundle" && content.contains("objects") &&
             content["objects"].is_array()) {
    for (const auto& item : content["objects"]) out.push_back(&item);
  } else {
    out.push_back(&content);
  }
}

// Adds `id` and the SCOs it references (transitively) to `objects`.
void AddWithRefs(const std::string& id, const std::map<std::string, const nlohmann::json*>& index,
                 nlohmann::json& objects, int depth) {
  if (depth > 32 || objects.contains(id)) return;
  auto it = index.find(id);
  if (it == index.end()) return;
  objects[id] = *it->second;
  for (const auto& [key, value] : it->second->items()) {
    if (key.ends_with("_ref") && value.is_string()) AddWithRefs(value.get<std::string>(), index, objects, depth + 1);
    if (key.ends_with("_refs") && value.is_array()) {
      for (const auto& ref : value) {
        if (ref.is_string()) AddWithRefs(ref.get<std::string>(), index, objects, depth + 1);
      }
    }
  }
}

}  // namespace

Result<std::vector<Observation>> ObservationsFromStix(const nlohmann::json& content) {
  std::vector<const nlohmann::json*> all;
  Flatten(content, all);
  std::map<std::string, const nlohmann::json*> index;
  for (const auto* obj : all) {
    if (obj->is_object() && obj->contains("id") && (*obj)["id"].is_string()) index[(*obj)["id"].get<std::string>()] = obj;
  }
  std::vector<Observation> out;
  for (size_t i = 0; i < all.size(); ++i) {
    const nlohmann::json& obj = *all[i];
    if (!obj.is_object() || obj.value("type", "") != "observed-data") continue;
    ErrorContext ctx;
    ctx.object_index = static_cast<int64_t>(i);
    ctx.object_id = obj.value("id", "");
    Observation o;
    auto time = [&](const char* name) -> Result<TimestampUs> {
      auto it = obj.find(name);
      if (it == obj.end() || !it->is_string()) return InvalidInput(fmt::format("observed-data needs '{}'", name), ctx);
      auto ts = ParseTimestamp(it->get<std::string>());
      if (!ts.ok()) return InvalidInput(fmt::format("'{}': {}", name, std::string(ts.status().message())), ctx);
      return *ts;
    };
    RAMPART_ASSIGN_OR_RETURN(o.first_observed, time("first_observed"));
    RAMPART_ASSIGN_OR_RETURN(o.last_observed, time("last_observed"));
    if (o.last_observed < o.first_observed) return InvalidInput("last_observed is before first_observed", ctx);
    if (auto n = obj.find("number_observed"); n != obj.end()) {
      if (!n->is_number_integer() || n->get<int64_t>() < 1) return InvalidInput("number_observed must be >= 1", ctx);
      o.number_observed = n->get<int64_t>();
    }
    if (auto objs = obj.find("objects"); objs != obj.end() && objs->is_object()) {
      o.objects = *objs;
    } else if (auto refs = obj.find("object_refs"); refs != obj.end() && refs->is_array()) {
      for (const auto& ref : *refs) {
        if (!ref.is_string() || !index.count(ref.get<std::string>())) {
          return InvalidInput(fmt::format("object_refs entry {} not found", ref.dump()), ctx);
        }
        AddWithRefs(ref.get<std::string>(), index, o.objects, 0);
      }
    } else {
      return InvalidInput("observed-data has neither 'objects' nor 'object_refs'", ctx);
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace rampart::stix
