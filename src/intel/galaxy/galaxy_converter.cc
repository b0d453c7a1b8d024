#include "galaxy/galaxy_converter.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "common/builders.h"
#include "galaxy/places.h"
#include "rampart/core/time.h"

namespace rampart::intel::internal {

bool LooksLikeGalaxy(const nlohmann::json& document) {
  if (!document.is_object()) return false;
  auto values = document.find("values");
  auto type = document.find("type");
  return values != document.end() && values->is_array() && type != document.end() &&
         type->is_string() && !document.contains("objects") && !document.contains("Event");
}

std::vector<std::string> MetaStrings(const nlohmann::json& entry, const char* key) {
  std::vector<std::string> out;
  auto meta = entry.find("meta");
  if (meta == entry.end() || !meta->is_object()) return out;
  auto it = meta->find(key);
  if (it == meta->end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& item : *it) {
      if (item.is_string() && !item.get_ref<const std::string&>().empty()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
  return out;
}

Status ConvertGalaxy(const nlohmann::json& document, const std::string& file, Batch& batch) {
  if (!LooksLikeGalaxy(document)) {
    return InvalidInput("not a MISP galaxy cluster file (expected 'type' and 'values')",
                        ErrorContext{.file = file});
  }
  GalaxyContext context;
  context.file = file;
  context.galaxy_type = document["type"].get<std::string>();
  static const char* const kSupported[] = {"threat-actor", "mitre-intrusion-set", "tool",
                                           "malpedia", "sector", "country"};
  if (std::find(std::begin(kSupported), std::end(kSupported), context.galaxy_type) ==
      std::end(kSupported)) {
    return InvalidInput(fmt::format("galaxy type '{}' is not supported (threat-actor, "
                                    "mitre-intrusion-set, tool, malpedia, sector, country)",
                                    context.galaxy_type),
                        ErrorContext{.file = file});
  }
  context.source = "misp-galaxy:" + context.galaxy_type;
  context.batch = &batch;
  int64_t version = 0;
  if (auto it = document.find("version"); it != document.end() && it->is_number_integer()) {
    version = std::max<int64_t>(0, it->get<int64_t>());
  }
  // The clusters carry no dates; a newer cluster file version is a newer
  // STIX version of what it changes.
  TimestampUs epoch = *ParseTimestamp(kGalaxyEpoch);
  context.modified = FormatTimestamp(epoch + version * 1'000'000);

  batch.Add(GalaxyIdentity(), file, -1);
  const auto& values = document["values"];
  for (size_t i = 0; i < values.size(); ++i) {
    const nlohmann::json& entry = values[i];
    ++batch.objects_read;
    auto index = static_cast<int64_t>(i);
    if (!entry.is_object() || !entry.contains("value") || !entry["value"].is_string() ||
        entry["value"].get_ref<const std::string&>().empty()) {
      batch.Problem(file, index, "", "galaxy entry without a string 'value'");
      continue;
    }
    const std::string& type = context.galaxy_type;
    if (type == "threat-actor") {
      ConvertThreatActor(entry, index, context);
    } else if (type == "mitre-intrusion-set") {
      ConvertMitreIntrusionSet(entry, index, context);
    } else if (type == "tool" || type == "malpedia") {
      ConvertSoftware(entry, index, context);
    } else if (type == "sector") {
      batch.Add(SectorIdentity(SectorValue(entry["value"].get<std::string>())), file, index);
    } else if (type == "country") {
      auto iso = MetaStrings(entry, "ISO");
      auto country = FindCountry(iso.empty() ? entry["value"].get<std::string>() : iso[0]);
      if (!country) {
        batch.Problem(file, index, "", fmt::format("unknown country '{}'",
                                                   entry["value"].get<std::string>()));
        continue;
      }
      batch.Add(CountryLocation(*country), file, index);
    } else {
      return InvalidInput(fmt::format("galaxy type '{}' is not supported (threat-actor, "
                                      "mitre-intrusion-set, tool, malpedia, sector, country)",
                                      type),
                          ErrorContext{.file = file});
    }
  }
  return absl::OkStatus();
}

}  // namespace rampart::intel::internal
