// GET /api/v1/objects/{ref}/view: the analyst's view of an object (the same
// JSON as `rampart intel get --json`: aliases, attribution claims with who
// claims them and how sure, targets, techniques, software), which the
// dashboard's actor page renders.
//
// Access: the object must be within the caller's clearance, and so must each
// relationship and the object at its far end; a relation the caller may not
// see is left out of the view (and counted in "withheld"), never shown.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

#include "app.h"
#include "rampart/store/object_view.h"
#include "rampart/store/resolve.h"

namespace rampart::server {
namespace {

void CollectIds(const std::vector<store::Relation>& relations, std::vector<std::string>& ids) {
  for (const store::Relation& r : relations) {
    for (const std::string* id : {&r.relationship_id, &r.other.id, &r.claimed_by_id}) {
      if (!id->empty()) ids.push_back(*id);
    }
    CollectIds(r.chain, ids);
  }
}

// Whether the caller may see the object `id`; cached per request (a view
// names the same identities and sectors many times).
class Visibility {
 public:
  Visibility(store::Store& store, const Principal& principal) : store_(store), principal_(principal) {}

  // Checks every object `relations` names in one batch (Store::Glances
  // reads markings without parsing JSON) rather than one Get each.
  Status Prefetch(const std::vector<store::Relation>& relations) {
    std::vector<std::string> ids;
    CollectIds(relations, ids);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    RAMPART_ASSIGN_OR_RETURN(std::vector<store::Glance> found, store_.Glances(ids));
    // A dangling reference carries nothing to hide.
    for (const std::string& id : ids) cache_.emplace(id, true);
    for (const store::Glance& glance : found) {
      stix::TlpLevel level = stix::HighestTlp(glance.marking_refs).value_or(stix::TlpLevel::kClear);
      cache_[glance.id] = static_cast<int>(level) <= static_cast<int>(principal_.clearance);
    }
    return absl::OkStatus();
  }

  bool Visible(const std::string& id) {
    if (id.empty()) return true;
    auto it = cache_.find(id);
    if (it != cache_.end()) return it->second;
    Result<stix::Object> object = store_.Get(id);
    // A dangling reference carries nothing to hide.
    bool visible = !object.ok() || CanSee(principal_, *object);
    cache_.emplace(id, visible);
    return visible;
  }

 private:
  store::Store& store_;
  const Principal& principal_;
  std::unordered_map<std::string, bool> cache_;
};

// Drops relations (and chain links) the caller may not see; returns how many.
int Withhold(std::vector<store::Relation>& relations, Visibility& visibility) {
  int withheld = 0;
  std::vector<store::Relation> kept;
  for (store::Relation& r : relations) {
    if (!visibility.Visible(r.relationship_id) || !visibility.Visible(r.other.id) ||
        !visibility.Visible(r.claimed_by_id)) {
      ++withheld;
      continue;
    }
    withheld += Withhold(r.chain, visibility);
    kept.push_back(std::move(r));
  }
  relations = std::move(kept);
  return withheld;
}

Response GetObjectView(Call& call) {
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  const std::string& ref = call.params.at("ref");
  Result<store::Resolution> resolution = store::ResolveObject(**store, ref);
  if (!resolution.ok() || !CanSee(call.principal, resolution->object)) {
    if (resolution.ok() || absl::IsNotFound(resolution.status()) || absl::IsInvalidArgument(resolution.status())) {
      return ApiError(404, fmt::format("nothing named '{}'", ref));
    }
    return ApiError(500, "store error");
  }
  Result<store::ObjectView> view = store::BuildObjectView(**store, resolution->object);
  if (!view.ok()) return ApiError(500, "store error");
  Visibility visibility(**store, call.principal);
  if (!visibility.Prefetch(view->relations).ok()) return ApiError(500, "store error");
  int withheld = Withhold(view->relations, visibility);
  // Parsed once into the sorted form the answer has always had (an ordered
  // parse, a dump and a second parse gave the same bytes at twice the cost).
  nlohmann::json body = nlohmann::json::parse(store::RenderObjectJson(*view), nullptr, false);
  if (body.is_discarded()) return ApiError(500, "could not render the view");
  body["withheld"] = withheld;
  return JsonResponse(200, body);
}

}  // namespace

void AddViewRoutes(Router<Handler>& router) {
  router.Add("GET", "/api/v1/objects/{ref}/view",
             "the analyst's view of an object (as `intel get --json`), relations within the caller's clearance",
             GetObjectView);
}

}  // namespace rampart::server
