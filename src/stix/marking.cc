// TLP markings. The TLP 2.0 objects are embedded as the exact text OASIS
// publishes (shared/data/tlp/*.json, property for property), so an export of
// a built-in marking is byte-for-byte what other tools expect.
#include "rampart/stix/marking.h"

#include <absl/strings/ascii.h>

#include <array>

#include "rampart/core/strings.h"

namespace rampart::stix {
namespace {

constexpr std::array<std::string_view, 5> kNames = {"clear", "green", "amber", "amber+strict", "red"};
constexpr std::array<std::string_view, 5> kTlp2Ids = {
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"};
// TLP 1.0: white, green, amber, (no amber+strict), red.
constexpr std::array<std::string_view, 5> kTlp1Ids = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"};

constexpr const char* kTlp2Objects[] = {
    R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487","created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"clear"}}})",
    R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb","created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"green"}}})",
    R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber"}}})",
    R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber+strict"}}})",
    R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1","created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"red"}}})",
    R"({"id":"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d","type":"extension-definition","spec_version":"2.1","name":"TLP 2.0","description":"This defines TLP 2.0 as a STIX extension","created":"2022-10-01T00:00:00.000Z","modified":"2022-10-01T00:00:00.000Z","created_by_ref":"identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01","schema":"https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0","version":"1.0.0","extension_types":["property-extension"]})",
};

std::vector<Object> ParseAll(const std::vector<std::string>& texts) {
  std::vector<Object> objects;
  for (const std::string& text : texts) {
    Result<Object> object = ParseObject(text);
    if (object.ok()) objects.push_back(std::move(object).value());  // always: fixed, tested text
  }
  return objects;
}

}  // namespace

std::optional<TlpLevel> TlpLevelOfMarking(std::string_view id) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (id == kTlp2Ids[i] || (!kTlp1Ids[i].empty() && id == kTlp1Ids[i])) {
      return static_cast<TlpLevel>(i);
    }
  }
  return std::nullopt;
}

std::optional<TlpLevel> ParseTlpLevel(std::string_view text) {
  std::string s = absl::AsciiStrToLower(absl::StripAsciiWhitespace(ToAbsl(text)));
  if (s.rfind("tlp:", 0) == 0 || s.rfind("tlp ", 0) == 0) s.erase(0, 4);
  if (s == "white") return TlpLevel::kClear;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (s == kNames[i]) return static_cast<TlpLevel>(i);
  }
  return std::nullopt;
}

std::string_view TlpName(TlpLevel level) { return kNames[static_cast<size_t>(level)]; }
std::string_view TlpMarkingId(TlpLevel level) { return kTlp2Ids[static_cast<size_t>(level)]; }

std::optional<std::string_view> Tlp1MarkingId(TlpLevel level) {
  std::string_view id = kTlp1Ids[static_cast<size_t>(level)];
  if (id.empty()) return std::nullopt;
  return id;
}

const std::vector<Object>& BuiltinMarkingDefinitions() {
  static const std::vector<Object> objects =
      ParseAll(std::vector<std::string>(std::begin(kTlp2Objects), std::end(kTlp2Objects)));
  return objects;
}

const std::vector<Object>& Tlp1MarkingDefinitions() {
  static const std::vector<Object> objects = [] {
    std::vector<std::string> texts;
    for (std::string_view colour : {"white", "green", "amber", "red"}) {
      TlpLevel level = *ParseTlpLevel(colour);
      std::string upper = absl::AsciiStrToUpper(ToAbsl(colour));
      texts.push_back(R"({"type":"marking-definition","spec_version":"2.1","id":")" +
                      std::string(*Tlp1MarkingId(level)) +
                      R"(","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:)" +
                      upper + R"(","definition":{"tlp":")" + std::string(colour) + R"("}})");
    }
    return ParseAll(texts);
  }();
  return objects;
}

std::optional<TlpLevel> HighestTlp(const std::vector<std::string>& marking_refs) {
  std::optional<TlpLevel> highest;
  for (const std::string& ref : marking_refs) {
    std::optional<TlpLevel> level = TlpLevelOfMarking(ref);
    if (level && (!highest || *level > *highest)) highest = level;
  }
  return highest;
}

std::optional<TlpLevel> ParseMispTlpTag(std::string_view tag) {
  std::string s = absl::AsciiStrToLower(absl::StripAsciiWhitespace(ToAbsl(tag)));
  if (s.rfind("tlp:", 0) != 0) return std::nullopt;
  std::string_view value = std::string_view(s).substr(4);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);  // tlp:"amber" (quoted machine-tag value)
  }
  if (value == "white") return TlpLevel::kClear;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (value == kNames[i]) return static_cast<TlpLevel>(i);
  }
  return std::nullopt;
}

std::string MispTlpTag(TlpLevel level) { return "tlp:" + std::string(TlpName(level)); }

std::string TlpDisplayName(TlpLevel level) {
  return "TLP:" + absl::AsciiStrToUpper(ToAbsl(TlpName(level)));
}

}  // namespace rampart::stix
