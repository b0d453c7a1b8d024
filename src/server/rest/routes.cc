// REST /api/v1: the knowledge base as JSON, filtered by the caller's TLP
// clearance. Objects are looked up by STIX id, external id, name or alias.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "app.h"
#include "rampart/server/query.h"
#include "rampart/server/taxii_filter.h"
#include "rampart/store/resolve.h"

namespace rampart::server {

std::string_view OpenApiDocument();  // rest/openapi.cc

namespace {

Response Raw(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Result<store::Store*> StoreOf(Call& call) { return call.app.ThreadStore(); }

// The object `ref` names, resolved as the CLI does (rampart/store/resolve.h),
// if the caller may see it. An ambiguous name is 404 here too: the candidate
// list could name objects above the caller's clearance.
Result<std::optional<stix::Object>> Resolve(store::Store& store, const Principal& principal, const std::string& ref) {
  Result<store::Resolution> resolution = store::ResolveObject(store, ref);
  if (!resolution.ok()) {
    if (absl::IsNotFound(resolution.status()) || absl::IsInvalidArgument(resolution.status())) {
      return std::optional<stix::Object>();
    }
    return resolution.status();
  }
  if (!CanSee(principal, resolution->object)) return std::optional<stix::Object>();
  return std::optional<stix::Object>(std::move(resolution->object));
}

std::string ETagOf(const stix::Object& object) {
  return fmt::format("\"{}\"", HashSecret(object.json).substr(0, 32));
}

Response GetObject(Call& call) {
  Result<store::Store*> store = StoreOf(call);
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<std::optional<stix::Object>> object = Resolve(**store, call.principal, call.params.at("ref"));
  if (!object.ok()) return ApiError(500, "store error");
  if (!*object) return ApiError(404, fmt::format("nothing named '{}'", call.params.at("ref")));
  std::string etag = ETagOf(**object);
  if (call.request.Header("if-none-match") == etag) {
    Response response = Raw(304, "");
    response.SetHeader("ETag", etag);
    response.SetHeader("Cache-Control", "private, no-cache");
    return response;
  }
  Response response = Raw(200, (*object)->json);
  response.SetHeader("ETag", etag);
  response.SetHeader("Cache-Control", "private, no-cache");
  return response;
}

Response ListObjects(Call& call) {
  Result<store::Store*> store = StoreOf(call);
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<int> limit = PositiveIntParam(call.request, "limit", 50, 1000);
  if (!limit.ok()) return ApiError(400, std::string(limit.status().message()));
  const std::string* q = call.request.Param("q");
  const std::string* type = call.request.Param("type");
  if (type && (type->empty() || type->size() > 250)) return ApiError(400, "bad 'type'");
  if (q != nullptr) {
    if (call.request.Param("cursor")) return ApiError(400, "search results are not paged; raise 'limit'");
    Result<std::vector<store::SearchHit>> hits = (*store)->Search(*q, type ? *type : "", *limit);
    if (!hits.ok()) return ApiError(400, "search failed: " + std::string(hits.status().message()));
    nlohmann::json out = nlohmann::json::array();
    for (const store::SearchHit& hit : *hits) {
      Result<stix::Object> object = (*store)->Get(hit.id);
      if (!object.ok() || !CanSee(call.principal, *object)) continue;
      out.push_back({{"id", hit.id}, {"type", hit.type}, {"name", hit.name}, {"snippet", hit.snippet}});
    }
    return JsonResponse(200, {{"results", out}});
  }
  store::AddedQuery query;
  query.limit = *limit + 1;
  if (type) query.types = {*type};
  if (const std::string* cursor = call.request.Param("cursor")) {
    Result<std::pair<TimestampUs, int64_t>> position = ParseCursor(*cursor);
    if (!position.ok()) return ApiError(400, "bad cursor");
    query.after_position = *position;
  }
  std::string out;  // the objects' JSON texts, comma-separated
  int count = 0;
  std::string next;
  while (true) {
    Result<std::vector<store::AddedVersion>> batch = (*store)->ListAdded(query);
    if (!batch.ok()) return ApiError(500, "store error");
    for (const store::AddedVersion& version : *batch) {
      if (count == *limit) break;
      if (!CanSeeJson(call.principal, version.object.json)) continue;
      if (count++ > 0) out += ',';
      out += version.object.json;
      next = FormatCursor(version.added, version.seq);
    }
    if (count == *limit || static_cast<int>(batch->size()) < query.limit) {
      std::string body = "{\"objects\":[" + out + "]";
      if (count == *limit) body += ",\"next_cursor\":\"" + next + "\"";
      return Raw(200, body + "}");
    }
    query.after_position = std::make_pair(batch->back().added, batch->back().seq);
  }
}

Response Versions(Call& call) {
  Result<store::Store*> store = StoreOf(call);
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<std::optional<stix::Object>> object = Resolve(**store, call.principal, call.params.at("ref"));
  if (!object.ok()) return ApiError(500, "store error");
  if (!*object) return ApiError(404, "not found");
  Result<std::vector<stix::Object>> versions = (*store)->Versions((*object)->id);
  if (!versions.ok()) return ApiError(500, "store error");
  nlohmann::json out = nlohmann::json::array();
  for (const stix::Object& version : *versions) {
    if (CanSee(call.principal, version)) out.push_back(nlohmann::json::parse(version.json));
  }
  return JsonResponse(200, {{"id", (*object)->id}, {"versions", out}});
}

// What the graph needs of an object: its TLP level (from its marking refs,
// as CanSee reads them) and its name.
struct Glimpse {
  stix::TlpLevel tlp = stix::TlpLevel::kClear;
  std::string name;
};
// nullopt: looked up, not in the store (a dangling reference).
using Glimpses = std::unordered_map<std::string, std::optional<Glimpse>>;

// Adds to `known` the objects of `ids` not in it yet, in one batch
// (Store::Glances reads no JSON).
Status LookUp(store::Store& store, std::vector<std::string> ids, Glimpses& known) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::erase_if(ids, [&](const std::string& id) { return known.count(id) > 0; });
  RAMPART_ASSIGN_OR_RETURN(std::vector<store::Glance> found, store.Glances(ids));
  for (const std::string& id : ids) known.emplace(id, std::nullopt);
  for (store::Glance& glance : found) {
    known[glance.id] = Glimpse{stix::HighestTlp(glance.marking_refs).value_or(stix::TlpLevel::kClear),
                               std::move(glance.name)};
  }
  return absl::OkStatus();
}

// The glimpse of `id`, looked up now if the batch did not foresee it.
Result<const std::optional<Glimpse>*> GlimpseOf(store::Store& store, const std::string& id, Glimpses& known) {
  auto it = known.find(id);
  if (it == known.end()) {
    RAMPART_RETURN_IF_ERROR(LookUp(store, {id}, known));
    it = known.find(id);
  }
  return &it->second;
}

Response Graph(Call& call) {
  Result<store::Store*> store = StoreOf(call);
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<int> depth = PositiveIntParam(call.request, "depth", 1, 3);
  if (!depth.ok()) return ApiError(400, std::string(depth.status().message()));
  Result<std::optional<stix::Object>> root = Resolve(**store, call.principal, call.params.at("ref"));
  if (!root.ok()) return ApiError(500, "store error");
  if (!*root) return ApiError(404, "not found");
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  std::vector<std::string> frontier = {(*root)->id};
  std::set<std::string> seen = {(*root)->id}, seen_edges, hidden;
  nodes.push_back({{"id", (*root)->id}, {"type", (*root)->type}, {"name", (*root)->name}, {"depth", 0}});
  // Relationships and neighbours are read in batches per node, not one
  // Store::Get (a full parse) each: depth 2 around an actor looks at ~1,000.
  Glimpses known;
  auto visible = [&](const Glimpse& glimpse) {
    return static_cast<int>(glimpse.tlp) <= static_cast<int>(call.principal.clearance);
  };
  // At most kMaxNodes nodes: ATT&CK techniques link to hundreds of groups, so
  // depth 2 around an actor would otherwise reach most of the knowledge base.
  constexpr size_t kMaxNodes = 500;
  bool truncated = false;
  for (int level = 1; level <= *depth && !frontier.empty() && !truncated; ++level) {
    std::vector<std::string> next;
    for (const std::string& id : frontier) {
      if (nodes.size() >= kMaxNodes) {
        truncated = true;
        break;
      }
      Result<std::vector<store::Edge>> found = (*store)->Edges(id, store::Direction::kBoth);
      if (!found.ok()) return ApiError(500, "store error");
      // Foresee what the loop below reads: every edge to a node already in
      // the graph, and edges to new nodes while the graph has room for them.
      std::vector<std::string> wanted;
      std::set<std::string_view> newcomers;
      for (const store::Edge& edge : *found) {
        const std::string& other = edge.source_ref == id ? edge.target_ref : edge.source_ref;
        if (seen_edges.count(edge.relationship_id) || hidden.count(other)) continue;
        if (!seen.count(other)) {
          if (nodes.size() + newcomers.size() >= kMaxNodes && !newcomers.count(other)) continue;
          newcomers.insert(other);
          wanted.push_back(other);
        }
        wanted.push_back(edge.relationship_id);
      }
      if (!LookUp(**store, std::move(wanted), known).ok()) return ApiError(500, "store error");
      for (const store::Edge& edge : *found) {
        const std::string& other = edge.source_ref == id ? edge.target_ref : edge.source_ref;
        if (seen_edges.count(edge.relationship_id) || hidden.count(other)) continue;
        bool is_known = seen.count(other) > 0;
        if (!is_known && nodes.size() >= kMaxNodes) {
          truncated = true;
          continue;
        }
        Result<const std::optional<Glimpse>*> relationship = GlimpseOf(**store, edge.relationship_id, known);
        if (!relationship.ok()) return ApiError(500, "store error");
        if (!**relationship || !visible(***relationship)) continue;
        std::string name;
        if (!is_known) {
          Result<const std::optional<Glimpse>*> neighbour = GlimpseOf(**store, other, known);
          if (!neighbour.ok()) return ApiError(500, "store error");
          // A dangling reference carries nothing to hide.
          if (**neighbour && !visible(***neighbour)) {
            hidden.insert(other);
            continue;
          }
          if (**neighbour) name = (**neighbour)->name;
        }
        seen_edges.insert(edge.relationship_id);
        edges.push_back({{"id", edge.relationship_id}, {"relationship_type", edge.relationship_type},
                         {"source_ref", edge.source_ref}, {"target_ref", edge.target_ref}});
        if (!is_known) {
          seen.insert(other);
          nodes.push_back({{"id", other}, {"type", std::string(stix::TypeOfId(other))}, {"name", name},
                           {"depth", level}});
          next.push_back(other);
        }
      }
    }
    frontier = std::move(next);
  }
  nlohmann::json body = {{"root", (*root)->id}, {"depth", *depth}, {"truncated", truncated}};
  body["nodes"] = std::move(nodes);  // moved, not copied as an initializer list would
  body["edges"] = std::move(edges);
  return JsonResponse(200, body);
}

}  // namespace

void AddRestRoutes(Router<Handler>& router) {
  router.Add("GET", "/api/openapi.json", "this API's OpenAPI 3.1 document", [](Call&) {
    return Raw(200, std::string(OpenApiDocument()));
  });
  router.Add("GET", "/api/v1/me", "the caller: name, role, organisation, clearance", [](Call& call) {
    const Principal& p = call.principal;
    return JsonResponse(200, {{"user", p.name}, {"role", RoleName(p.role)}, {"organisation", p.organisation},
                              {"clearance", stix::TlpName(p.clearance)}});
  });
  router.Add("POST", "/api/v1/logout", "ends the browser session", [](Call& call) {
    Response response = JsonResponse(200, {{"logged_out", true}});
    response.SetHeader("Set-Cookie", "rampart_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return response;
  });
  router.Add("GET", "/api/v1/objects", "list (cursor-paged) or search (q=words) objects", ListObjects);
  router.Add("GET", "/api/v1/objects/{ref}", "one object by id, external id, name or alias (ETag)", GetObject);
  router.Add("GET", "/api/v1/objects/{ref}/versions", "every stored version of an object", Versions);
  router.Add("GET", "/api/v1/objects/{ref}/graph", "relationships around an object (depth 1-3)", Graph);
  router.Add("GET", "/api/v1/statistics", "object counts per type", [](Call& call) {
    Result<store::Store*> store = StoreOf(call);
    if (!store.ok()) return ApiError(500, "store unavailable");
    Result<std::vector<store::TypeCount>> counts = (*store)->CountByType();
    if (!counts.ok()) return ApiError(500, "store error");
    nlohmann::json out = nlohmann::json::object();
    for (const store::TypeCount& count : *counts) out[count.type] = count.objects;
    return JsonResponse(200, {{"objects_by_type", out}});
  });
  router.Add("GET", "/api/v1/users", "users (admin only)", [](Call& call) {
    if (!call.principal.IsAdmin()) return ApiError(403, "admin only");
    Result<std::vector<User>> users = call.app.users().ListUsers();
    if (!users.ok()) return ApiError(500, "user database error");
    nlohmann::json out = nlohmann::json::array();
    for (const User& user : *users) {
      out.push_back({{"name", user.name}, {"role", RoleName(user.role)}, {"organisation", user.organisation},
                     {"clearance", stix::TlpName(user.clearance)}, {"created", user.created}});
    }
    return JsonResponse(200, {{"users", out}});
  });
}

}  // namespace rampart::server
