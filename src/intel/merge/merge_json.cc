#include "merge/merge_json.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "common/builders.h"
#include "merge/merger.h"
#include "rampart/store/store.h"

namespace rampart::intel::internal {
namespace {

using Json = nlohmann::json;

std::string Get(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void Names(const Json& object, std::vector<std::string>& out) {
  if (std::string name = Get(object, "name"); !name.empty()) out.push_back(name);
  for (const char* key : {"aliases", "x_mitre_aliases"}) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_array()) continue;
    for (const auto& alias : *it) {
      if (alias.is_string()) out.push_back(alias.get<std::string>());
    }
  }
}

// One spelling per normalised key: the base's first, then the other's.
Json MergedAliases(const Json& base, const Json& other) {
  std::vector<std::string> names;
  Names(base, names);
  Names(other, names);
  std::string name = Get(base, "name");
  std::string name_key = store::NormalizeName(name);
  std::map<std::string, std::string> by_key;
  for (const auto& alias : names) {
    std::string key = store::NormalizeName(alias);
    if (key.empty() || key == name_key) continue;
    by_key.emplace(key, alias);  // first spelling (the base's) wins
  }
  Json aliases = Json::array({name});
  for (const auto& [key, alias] : by_key) aliases.push_back(alias);
  return aliases;
}

std::string RefKey(const Json& ref) {
  std::string source = Get(ref, "source_name");
  std::string id = Get(ref, "external_id");
  if (!id.empty()) return "id:" + store::NormalizeName(source) + "|" + id;
  std::string url = Get(ref, "url");
  if (!url.empty()) return "url:" + url;
  return "text:" + source + "|" + Get(ref, "description");
}

Json MergedReferences(const Json& base, const Json& other) {
  std::vector<Json> refs;
  std::set<std::string> keys, urls;
  auto add = [&](const Json& object, bool dedupe_urls) {
    auto it = object.find("external_references");
    if (it == object.end() || !it->is_array()) return;
    for (const auto& ref : *it) {
      if (!ref.is_object()) continue;
      std::string url = Get(ref, "url");
      std::string key = RefKey(ref);
      if (keys.count(key) || (dedupe_urls && !url.empty() && urls.count(url))) continue;
      keys.insert(key);
      if (!url.empty()) urls.insert(url);
      refs.push_back(ref);
    }
  };
  add(base, false);
  add(other, true);
  std::stable_sort(refs.begin(), refs.end(), [](const Json& a, const Json& b) {
    auto key = [](const Json& r) {
      return std::make_tuple(Get(r, "source_name") != "mitre-attack", Get(r, "external_id").empty(),
                             Get(r, "source_name"), Get(r, "external_id"), Get(r, "url"));
    };
    return key(a) < key(b);
  });
  return Json(refs);
}

Json SortedUnion(const Json& a, const Json& b, const char* key, std::vector<std::string> extra) {
  std::set<std::string> values(extra.begin(), extra.end());
  for (const Json* object : {&a, &b}) {
    auto it = object->find(key);
    if (it == object->end() || !it->is_array()) continue;
    for (const auto& value : *it) {
      if (value.is_string()) values.insert(value.get<std::string>());
    }
  }
  return Json(std::vector<std::string>(values.begin(), values.end()));
}

}  // namespace

int Precedence(const nlohmann::json& object) {
  std::string creator = Get(object, "created_by_ref");
  if (creator == kAttackIdentityId) return 0;
  if (creator == GalaxyIdentityId()) return 3;
  return creator.empty() ? 2 : 1;
}

nlohmann::json MergeJson(const nlohmann::json& existing, const nlohmann::json& incoming,
                         std::string_view canonical_id) {
  int rank_e = Precedence(existing), rank_i = Precedence(incoming);
  std::string mod_e = Get(existing, "modified"), mod_i = Get(incoming, "modified");
  bool incoming_wins = rank_i < rank_e || (rank_i == rank_e && mod_i > mod_e) ||
                       (rank_i == rank_e && mod_i == mod_e && Get(incoming, "id") == canonical_id &&
                        Get(existing, "id") != canonical_id);
  const Json& base = incoming_wins ? incoming : existing;
  const Json& other = incoming_wins ? existing : incoming;
  Json result = base;
  result["id"] = canonical_id;
  std::string type = Get(base, "type");
  if (type == "intrusion-set" || type == "threat-actor" || type == "malware" || type == "tool") {
    result["aliases"] = MergedAliases(base, other);
  }
  Json refs = MergedReferences(base, other);
  if (refs.empty()) {
    result.erase("external_references");
  } else {
    result["external_references"] = std::move(refs);
  }
  std::vector<std::string> sources;
  for (const Json* object : {&base, &other}) {
    for (auto& source : SourcesOf(*object)) sources.push_back(std::move(source));
  }
  result["x_rampart_sources"] = SortedUnion(base, other, "x_rampart_sources", sources);
  std::vector<std::string> merged_ids;
  for (const Json* object : {&base, &other}) {
    if (std::string id = Get(*object, "id"); id != canonical_id) merged_ids.push_back(id);
  }
  Json merged_from = SortedUnion(base, other, "x_rampart_merged_from", merged_ids);
  if (merged_from.empty()) {
    result.erase("x_rampart_merged_from");
  } else {
    result["x_rampart_merged_from"] = std::move(merged_from);
  }
  return result;
}

bool EqualExceptModified(const nlohmann::json& a, const nlohmann::json& b) {
  Json x = a, y = b;
  x.erase("modified");
  y.erase("modified");
  return x == y;
}

}  // namespace rampart::intel::internal
