#include "rampart/store/resolve.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace rampart::store {

int TypePriority(std::string_view type) {
  static constexpr std::array<std::string_view, 9> kOrder = {
      "intrusion-set", "threat-actor", "campaign", "malware",  "tool",
      "attack-pattern", "vulnerability", "identity", "location"};
  auto at = std::find(kOrder.begin(), kOrder.end(), type);
  return static_cast<int>(at - kOrder.begin());
}

namespace {

// The sort key of a candidate: smaller wins.
struct Rank {
  int type_priority;
  int alias_only;  // 0 = the name itself matched
  int deprecated;
  auto operator<=>(const Rank&) const = default;
};

Rank RankOf(const stix::Object& object, std::string_view query) {
  bool name_match = store::NormalizeName(object.name) == store::NormalizeName(query);
  bool ext_match = std::any_of(object.external_ids.begin(), object.external_ids.end(),
                               [&](const stix::ExternalId& e) {
                                 return store::NormalizeName(e.external_id) == store::NormalizeName(query);
                               });
  return Rank{TypePriority(object.type), (name_match || ext_match) ? 0 : 1, object.deprecated ? 1 : 0};
}

Result<Resolution> PickBest(std::vector<stix::Object> candidates, std::string_view query,
                            std::string matched_by) {
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [](const stix::Object& o) { return o.revoked || o.type == "relationship"; }),
                   candidates.end());
  if (candidates.empty()) return NotFound(fmt::format("no object matches '{}'", query));
  std::stable_sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
    return RankOf(a, query) < RankOf(b, query);
  });
  if (candidates.size() > 1 && RankOf(candidates[0], query) == RankOf(candidates[1], query)) {
    std::string list;
    for (const auto& c : candidates) list += fmt::format("\n  {:<16} {:<32} {}", c.type, c.name, c.id);
    return InvalidInput(fmt::format("'{}' is ambiguous: {} objects match by {}; ask again by id:{}", query,
                                    candidates.size(), matched_by, list));
  }
  Resolution resolution;
  resolution.object = std::move(candidates[0]);
  resolution.matched_by = std::move(matched_by);
  resolution.others.assign(std::make_move_iterator(candidates.begin() + 1),
                           std::make_move_iterator(candidates.end()));
  return resolution;
}

}  // namespace

Result<Resolution> ResolveObject(store::Store& store, std::string_view query) {
  if (query.empty()) return InvalidInput("empty name");
  if (stix::IsValidId(query)) {
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, store.Get(query));
    if (object.revoked) return NotFound(fmt::format("{} is revoked", query));
    return Resolution{std::move(object), "id", {}};
  }
  RAMPART_ASSIGN_OR_RETURN(std::vector<stix::Object> by_external, store.FindByExternalId(query));
  if (!by_external.empty()) {
    auto best = PickBest(std::move(by_external), query, "external id");
    if (best.ok() || best.status().code() != absl::StatusCode::kNotFound) return best;
  }
  RAMPART_ASSIGN_OR_RETURN(std::vector<stix::Object> by_name, store.FindByName(query));
  return PickBest(std::move(by_name), query, "name");
}

}  // namespace rampart::store
