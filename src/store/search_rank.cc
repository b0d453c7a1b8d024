#include "search_rank.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace rampart::store::internal {

Result<std::vector<SearchHit>> RankNamedFirst(Store& store, std::string_view text, std::string_view type,
                                              std::vector<SearchHit> full_text, int limit) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::vector<std::string> types;
  if (!type.empty()) types.emplace_back(type);
  std::vector<SearchHit> out;
  if (!text.empty()) {
    RAMPART_ASSIGN_OR_RETURN(std::vector<stix::Object> named, store.FindByName(text, types, LookupOptions{}));
    std::string norm = NormalizeName(text);
    for (const stix::Object& o : named) {
      std::string matched = o.name;
      for (const std::string& alias : o.aliases) {
        if (NormalizeName(o.name) != norm && NormalizeName(alias) == norm) matched = alias;
      }
      out.push_back(SearchHit{o.id, o.type, o.name, "[" + matched + "]", 0});
    }
  }
  const size_t named = out.size();
  double best = 0;
  for (SearchHit& hit : full_text) {
    best = std::min(best, hit.rank);
    auto seen = std::find_if(out.begin(), out.begin() + named, [&](const SearchHit& h) { return h.id == hit.id; });
    if (seen != out.begin() + named) {
      seen->snippet = std::move(hit.snippet);
      continue;
    }
    out.push_back(std::move(hit));
  }
  // Lower is better: the name matches stay ahead of the best full-text rank.
  for (size_t i = 0; i < named; ++i) out[i].rank = best - 1.0;
  if (limit > 0 && out.size() > static_cast<size_t>(limit)) out.resize(limit);
  return out;
}

}  // namespace rampart::store::internal
