// STIX 2.0 -> 2.1. Two routes with one meaning: the JSON route (any change,
// via nlohmann) and the text route used on bulk import, which only inserts
// keys into simdjson-minified text: the ATT&CK objects need nothing more and a
// round trip through nlohmann would dominate the import time.
#include "rampart/stix/upgrade.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "object_internal.h"
#include "rampart/core/time.h"
#include "rampart/stix/vocab.h"
#include "upgrade_internal.h"

namespace rampart::stix {
namespace {

// 2.0 labels vocabulary owner -> 2.1 property.
std::string_view TypesPropertyFor(std::string_view type) {
  if (type == "indicator") return "indicator_types";
  if (type == "malware") return "malware_types";
  if (type == "report") return "report_types";
  if (type == "threat-actor") return "threat_actor_types";
  if (type == "tool") return "tool_types";
  return {};
}

// TLP 1.0 marking-definition ids and their 2.1 names.
std::string_view Tlp1Name(std::string_view id) {
  if (id == "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9") return "TLP:WHITE";
  if (id == "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da") return "TLP:GREEN";
  if (id == "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82") return "TLP:AMBER";
  if (id == "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed") return "TLP:RED";
  return {};
}

bool HasMillis(std::string_view ts) {
  size_t dot = ts.rfind('.');
  return dot != std::string_view::npos && ts.size() >= dot + 5 && ts.back() == 'Z';
}

// "2017-01-01T00:00:00Z" -> "2017-01-01T00:00:00.000Z"; pads short fractions.
std::string PadMillis(std::string_view ts) {
  if (HasMillis(ts) || ts.empty() || ts.back() != 'Z') return std::string(ts);
  std::string body(ts.substr(0, ts.size() - 1));
  size_t dot = body.rfind('.');
  size_t digits = dot == std::string::npos ? 0 : body.size() - dot - 1;
  if (dot == std::string::npos) body += '.';
  body.append(3 - std::min<size_t>(digits, 3), '0');
  return body + "Z";
}

template <typename Json>
void NormalizeHashes(Json& value) {
  if (value.is_array()) {
    for (auto& item : value) NormalizeHashes(item);
    return;
  }
  if (!value.is_object()) return;
  for (auto& [key, child] : value.items()) {
    if (key == "hashes" && child.is_object()) {
      Json renamed = Json::object();
      for (auto& [name, hash] : child.items()) renamed[NormalizeHashName(name)] = hash;
      child = std::move(renamed);
    } else {
      NormalizeHashes(child);
    }
  }
}

template <typename Json>
bool IsStix20(const Json& object) {
  if (!object.is_object()) return false;
  auto it = object.find("spec_version");
  if (it != object.end()) return it->is_string() && it->template get<std::string>() == "2.0";
  auto type = object.find("type");
  return !(type != object.end() && type->is_string() &&
           IsScoType(type->template get<std::string>()));
}

template <typename Json>
Status Upgrade(Json& object) {
  if (!object.is_object()) return InvalidInput("a STIX object must be a JSON object");
  auto version = object.find("spec_version");
  if (version != object.end()) {
    if (!version->is_string()) return InvalidInput("property 'spec_version' must be a string");
    std::string v = version->template get<std::string>();
    if (v == "2.1") return Status();
    if (v != "2.0") {
      return InvalidInput(fmt::format("property 'spec_version' must be \"2.0\" or \"2.1\", got \"{}\"", v));
    }
  }
  std::string type = object.value("type", std::string());
  object["spec_version"] = "2.1";
  std::string_view types_property = TypesPropertyFor(type);
  if (!types_property.empty() && object.contains("labels") &&
      !object.contains(std::string(types_property))) {
    object[std::string(types_property)] = object["labels"];
  }
  if (type == "malware" && !object.contains("is_family")) object["is_family"] = true;
  if (type == "indicator") {
    if (!object.contains("pattern_type")) object["pattern_type"] = "stix";
    auto pattern = object.find("pattern");
    if (pattern != object.end() && pattern->is_string()) {
      *pattern = UpgradePatternQualifiers(pattern->template get<std::string>());
    }
  }
  for (const char* key : {"created", "modified"}) {
    auto ts = object.find(key);
    if (ts != object.end() && ts->is_string()) *ts = PadMillis(ts->template get<std::string>());
  }
  if (type == "marking-definition" && !object.contains("name")) {
    std::string_view name = Tlp1Name(object.value("id", std::string()));
    if (!name.empty()) object["name"] = std::string(name);
  }
  NormalizeHashes(object);
  return Status();
}

}  // namespace

std::string NormalizeHashName(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c != '-' && c != '_') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kNames = {{
      {"md5", "MD5"},           {"md6", "MD6"},           {"sha1", "SHA-1"},
      {"sha224", "SHA-224"},    {"sha256", "SHA-256"},    {"sha384", "SHA-384"},
      {"sha512", "SHA-512"},    {"sha3224", "SHA3-224"},  {"sha3256", "SHA3-256"},
      {"sha3384", "SHA3-384"},  {"sha3512", "SHA3-512"},  {"ssdeep", "SSDEEP"},
      {"tlsh", "TLSH"},         {"ripemd160", "RIPEMD-160"}}};
  for (const auto& [lower, canonical] : kNames) {
    if (key == lower) return std::string(canonical);
  }
  return std::string(name);
}

std::string UpgradePatternQualifiers(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 4);
  bool in_string = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < pattern.size()) out += pattern[++i];
      else if (c == '\'') in_string = false;
      continue;
    }
    if (c == '\'') {
      // A string right after START/STOP (and whitespace) is a 2.0 timestamp.
      size_t k = out.size();
      while (k > 0 && std::isspace(static_cast<unsigned char>(out[k - 1]))) --k;
      std::string_view before(out.data(), k);
      bool qualifier = (before.size() >= 5 &&
                        (before.substr(before.size() - 5) == "START" ||
                         before.substr(before.size() - 4) == "STOP")) ||
                       (before.size() == 4 && before == "STOP");
      if (qualifier && k < out.size()) out += 't';
      in_string = true;
    }
    out += c;
  }
  return out;
}

bool IsStix20Object(const nlohmann::json& object) { return IsStix20(object); }
Status UpgradeToV21(nlohmann::json& object) { return Upgrade(object); }
Status UpgradeToV21(nlohmann::ordered_json& object) { return Upgrade(object); }

namespace internal {

bool NeedsUpgrade(simdjson::dom::object object, bool bundle_is_20) {
  std::string_view version;
  if (object["spec_version"].get_string().get(version) == simdjson::SUCCESS) {
    return version != "2.1";
  }
  std::string_view type;
  if (object["type"].get_string().get(type) != simdjson::SUCCESS) return true;
  return bundle_is_20 || !IsScoType(type);
}

Result<std::string> UpgradeElement(simdjson::dom::object object, std::string minified,
                                   bool* reparse) {
  *reparse = false;
  std::string_view type, text;
  bool slow = object["type"].get_string().get(type) != simdjson::SUCCESS ||
              object["spec_version"].error() == simdjson::SUCCESS ||
              minified.find("\"hashes\"") != std::string::npos;
  for (const char* key : {"created", "modified"}) {
    if (object[key].get_string().get(text) == simdjson::SUCCESS && !HasMillis(text)) slow = true;
  }
  if (type == "indicator" && object["pattern"].get_string().get(text) == simdjson::SUCCESS &&
      (text.find("START") != std::string_view::npos || text.find("STOP") != std::string_view::npos)) {
    slow = true;
  }
  if (slow) {
    *reparse = true;
    nlohmann::ordered_json value = nlohmann::ordered_json::parse(minified, nullptr, false);
    if (value.is_discarded()) return InvalidInput("object is not valid JSON");
    RAMPART_RETURN_IF_ERROR(Upgrade(value));
    return value.dump();
  }
  // Text route: every change is an insertion after `"type":"…"` or before '}'.
  std::string tail;
  std::string_view types_property = TypesPropertyFor(type);
  simdjson::dom::element labels;
  if (!types_property.empty() && object["labels"].get(labels) == simdjson::SUCCESS &&
      object[types_property].error() != simdjson::SUCCESS) {
    tail += fmt::format(",\"{}\":{}", types_property, simdjson::to_string(labels));
  }
  if (type == "malware" && object["is_family"].error() != simdjson::SUCCESS) {
    tail += ",\"is_family\":true";
  }
  if (type == "indicator" && object["pattern_type"].error() != simdjson::SUCCESS) {
    tail += ",\"pattern_type\":\"stix\"";
  }
  if (type == "marking-definition" && object["name"].error() != simdjson::SUCCESS &&
      object["id"].get_string().get(text) == simdjson::SUCCESS && !Tlp1Name(text).empty()) {
    tail += fmt::format(",\"name\":\"{}\"", Tlp1Name(text));
  }
  std::string head = fmt::format("{{\"type\":\"{}\",", type);
  std::string out;
  out.reserve(minified.size() + tail.size() + 24);
  if (minified.compare(0, head.size(), head) == 0) {
    out.append(head).append("\"spec_version\":\"2.1\",").append(minified, head.size());
  } else {
    out.append("{\"spec_version\":\"2.1\"");
    if (minified.size() > 2) out += ',';
    out.append(minified, 1);
  }
  out.insert(out.size() - 1, tail);
  return out;
}

}  // namespace internal

Result<std::string> UpgradeObjectText(std::string_view object_json) {
  simdjson::dom::element root;
  auto error = internal::ThreadParser().parse(object_json.data(), object_json.size()).get(root);
  if (error != simdjson::SUCCESS) {
    return InvalidInput(fmt::format("not valid JSON: {}", simdjson::error_message(error)));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return InvalidInput("a STIX object must be a JSON object");
  }
  std::string minified = simdjson::to_string(root);
  if (!internal::NeedsUpgrade(object, /*bundle_is_20=*/false)) return minified;
  bool reparse = false;
  return internal::UpgradeElement(object, std::move(minified), &reparse);
}

}  // namespace rampart::stix
