#include "render/names.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rampart/stix/vocab.h"

namespace rampart::cli {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string NearestName(std::string_view word, std::span<const std::string> names) {
  size_t limit = std::max<size_t>(2, word.size() / 4);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& name : names) {
    size_t d = EditDistance(word, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

Status CheckStixTypes(std::string_view option, std::vector<std::string>& types, store::Store* kb) {
  std::vector<std::string> known;
  bool listed_store = false;
  for (std::string& type : types) {
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (stix::IsSpecType(type) || (stix::IsCustomType(type) && stix::IsValidTypeName(type))) continue;
    if (!listed_store) {
      listed_store = true;
      for (std::string_view t : stix::SpecTypes()) known.emplace_back(t);
      if (kb != nullptr) {
        auto counts = kb->CountByType();
        if (!counts.ok()) return counts.status();
        for (const store::TypeCount& c : *counts) {
          if (std::find(known.begin(), known.end(), c.type) == known.end()) known.push_back(c.type);
        }
      }
    }
    if (std::find(known.begin(), known.end(), type) != known.end()) continue;
    std::string near = NearestName(type, known);
    return InvalidInput(fmt::format("{} '{}': not a STIX object type{}", option, type,
                                    near.empty() ? " (e.g. intrusion-set, malware, indicator, attack-pattern)"
                                                 : fmt::format(" (did you mean {}?)", near)));
  }
  return Status();
}

}  // namespace rampart::cli
