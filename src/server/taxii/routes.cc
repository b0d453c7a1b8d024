// TAXII 2.1 server side: one API root ("rampart") with one collection per
// TLP level, each holding the objects marked at or below that level, and one
// per constituent (taxii/collections.h). A caller sees only the collections
// within their rights.
#include <fmt/format.h>

#include <map>

#include "app.h"
#include "taxii/collections.h"
#include "rampart/core/id.h"
#include "rampart/server/taxii_filter.h"
#include "rampart/stix/marking.h"

namespace rampart::server {
namespace {

constexpr std::string_view kTaxii = "application/taxii+json;version=2.1";
constexpr std::string_view kStix = "application/stix+json;version=2.1";
constexpr std::string_view kRoot = "rampart";

struct TlpCollection {
  const char* id;
  const char* alias;
  stix::TlpLevel level;
};

constexpr TlpCollection kCollections[] = {
    {"2934458c-d711-5b29-a2e6-9a092d54e1b5", "tlp-clear", stix::TlpLevel::kClear},
    {"926222df-f5ff-5c42-a39d-7d03febac055", "tlp-green", stix::TlpLevel::kGreen},
    {"ebd96f60-8d7a-55fd-9929-408d65fe30ec", "tlp-amber", stix::TlpLevel::kAmber},
    {"bbc1f08c-ac62-5735-93e4-4a16573f2211", "tlp-amber-strict", stix::TlpLevel::kAmberStrict},
    {"37085040-cc0a-532f-a9de-afd63e476c5d", "tlp-red", stix::TlpLevel::kRed},
};

Response Taxii(int status, const nlohmann::json& body) {
  Response response = JsonResponse(status, body);
  response.content_type = std::string(kTaxii);
  return response;
}

Response TaxiiError(int status, std::string_view message) { return App::ErrorFor("/taxii2/", status, message); }

// Every collection the caller may see: the TLP ones, then the constituents'.
Result<std::vector<Collection>> VisibleCollections(Call& call) {
  std::vector<Collection> out;
  for (const TlpCollection& tlp : kCollections) {
    Collection c{tlp.id, tlp.alias,
                 fmt::format("Objects marked TLP:{} or lower", stix::TlpDisplayName(tlp.level)), tlp.level, "", ""};
    if (MaySeeCollection(call.principal, c)) out.push_back(std::move(c));
  }
  RAMPART_ASSIGN_OR_RETURN(store::Store * store, call.app.ThreadStore());
  RAMPART_ASSIGN_OR_RETURN(std::vector<Collection> constituents, ConstituentCollections(*store));
  for (Collection& c : constituents) {
    if (MaySeeCollection(call.principal, c)) out.push_back(std::move(c));
  }
  return out;
}

// The collection named by {collection} (id or alias) that the caller may
// see; nullopt otherwise (404: existence is not revealed).
std::optional<Collection> FindCollection(Call& call) {
  if (call.params.at("root") != kRoot) return std::nullopt;
  auto it = call.params.find("collection");
  if (it == call.params.end()) return std::nullopt;
  for (const TlpCollection& tlp : kCollections) {  // no store read for the common case
    if (it->second == tlp.id || it->second == tlp.alias) {
      Collection c{tlp.id, tlp.alias, "", tlp.level, "", ""};
      if (!MaySeeCollection(call.principal, c)) return std::nullopt;
      return c;
    }
  }
  Result<std::vector<Collection>> all = VisibleCollections(call);
  if (!all.ok()) return std::nullopt;
  for (Collection& c : *all) {
    if (it->second == c.id || it->second == c.alias) return std::move(c);
  }
  return std::nullopt;
}

nlohmann::json CollectionJson(const Collection& collection, const Principal& principal) {
  std::string title = collection.title.empty() ? fmt::format("Objects marked TLP:{} or lower",
                                                             stix::TlpDisplayName(collection.level))
                                               : collection.title;
  return {{"id", collection.id},
          {"title", title},
          {"alias", collection.alias},
          {"can_read", true},
          {"can_write", principal.CanWrite() && collection.constituent_ref.empty()},
          {"media_types", {kStix}}};
}

// One TLP scan per object: this runs for every version a page reads.
bool InCollection(std::string_view json, const Collection& collection, const Principal& principal) {
  const int at = static_cast<int>(TlpOfJson(json));
  if (at > static_cast<int>(collection.level) || at > static_cast<int>(principal.clearance)) return false;
  return ObjectAboutConstituent(json, collection);
}

struct Page {
  std::vector<store::AddedVersion> items;
  bool more = false;
};

// Fills a page with versions the caller may see, reading the store in
// batches past the ones filtered out.
Result<Page> ReadPage(store::Store& store, TaxiiFilter filter, const Collection& collection,
                      const Principal& principal) {
  Page page;
  bool spec_ok = filter.spec_versions.empty() ||
                 std::find(filter.spec_versions.begin(), filter.spec_versions.end(), "2.1") != filter.spec_versions.end();
  if (!spec_ok) return page;
  const int limit = filter.query.limit;
  store::AddedQuery query = filter.query;
  query.limit = limit + 1;
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(std::vector<store::AddedVersion> batch, store.ListAdded(query));
    for (store::AddedVersion& version : batch) {
      if (!InCollection(version.object.json, collection, principal)) continue;
      if (static_cast<int>(page.items.size()) == limit) {
        page.more = true;
        return page;
      }
      page.items.push_back(std::move(version));
    }
    if (static_cast<int>(batch.size()) < query.limit) return page;
    query.after_position = std::make_pair(batch.back().added, batch.back().seq);
  }
}

void PageHeaders(Response& response, const Page& page) {
  if (page.items.empty()) return;
  response.SetHeader("X-TAXII-Date-Added-First", FormatDateAdded(page.items.front().added));
  response.SetHeader("X-TAXII-Date-Added-Last", FormatDateAdded(page.items.back().added));
}

std::string NextCursor(const Page& page) {
  return page.more ? FormatCursor(page.items.back().added, page.items.back().seq) : "";
}

Response Envelope(const Page& page) {
  std::string body = fmt::format("{{\"more\":{}", page.more ? "true" : "false");
  if (page.more) body += fmt::format(",\"next\":\"{}\"", NextCursor(page));
  size_t total = body.size() + 16;
  for (const store::AddedVersion& item : page.items) total += item.object.json.size() + 1;
  body.reserve(total);  // one allocation for a page of ~340 KB, not a doubling series of copies
  body += ",\"objects\":[";
  for (size_t i = 0; i < page.items.size(); ++i) {
    if (i) body += ',';
    body += page.items[i].object.json;
  }
  body += "]}";
  Response response;
  response.body = std::move(body);
  response.content_type = std::string(kTaxii);
  PageHeaders(response, page);
  return response;
}

std::string VersionOf(const std::string& modified, const std::string& created, TimestampUs added) {
  if (!modified.empty()) return modified;
  if (!created.empty()) return created;
  return FormatDateAdded(added);
}

// Everything a paginated read shares: negotiation, collection, filter, page.
Response PagedRead(Call& call, TaxiiEndpoint endpoint, const std::function<Response(const Page&)>& render) {
  std::optional<Collection> collection = FindCollection(call);
  if (!collection) return TaxiiError(404, "no such API root or collection");
  Result<TaxiiFilter> filter = ParseTaxiiFilter(call.request.query, endpoint);
  if (!filter.ok()) return TaxiiError(400, std::string(filter.status().message()));
  auto object = call.params.find("object");
  if (object != call.params.end()) {
    if (!stix::IsValidId(object->second)) return TaxiiError(404, "no such object");
    filter->query.ids = {object->second};
  }
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return TaxiiError(500, "store unavailable");
  Result<Page> page = ReadPage(**store, *filter, *collection, call.principal);
  if (!page.ok()) return TaxiiError(500, "store error");
  if (object != call.params.end() && page->items.empty()) return TaxiiError(404, "no such object");
  return render(*page);
}

std::map<std::string, nlohmann::json>& Statuses() {
  static std::map<std::string, nlohmann::json> statuses;
  return statuses;
}
std::mutex& StatusMutex() {
  static std::mutex mutex;
  return mutex;
}

Response PostObjects(Call& call) {
  std::optional<Collection> collection = FindCollection(call);
  if (!collection) return TaxiiError(404, "no such API root or collection");
  if (!call.principal.CanWrite()) return TaxiiError(403, "this account may not write");
  if (!collection->constituent_ref.empty()) return TaxiiError(403, "a constituent's collection is read-only");
  std::string_view content_type = call.request.Header("content-type");
  if (!AcceptsMediaType(content_type, "application/taxii+json") || content_type.empty() ||
      content_type.find('*') != std::string_view::npos) {
    return TaxiiError(415, "Content-Type must be application/taxii+json;version=2.1");
  }
  nlohmann::json envelope = nlohmann::json::parse(call.request.body, nullptr, false);
  if (!envelope.is_object() || (envelope.contains("objects") && !envelope["objects"].is_array())) {
    return TaxiiError(400, "the body must be a TAXII envelope {\"objects\": [...]}");
  }
  nlohmann::json successes = nlohmann::json::array(), failures = nlohmann::json::array();
  std::vector<stix::Object> accepted;
  for (const nlohmann::json& value : envelope.value("objects", nlohmann::json::array())) {
    Result<stix::Object> object = stix::FromJson(value);
    std::string id = value.is_object() && value.contains("id") && value["id"].is_string() ? value["id"].get<std::string>() : "";
    std::string version = value.is_object() ? value.value("modified", value.value("created", "")) : "";
    if (!object.ok()) {
      failures.push_back({{"id", id}, {"version", version}, {"message", std::string(object.status().message())}});
      continue;
    }
    if (!InCollection(object->json, *collection, call.principal)) {
      failures.push_back({{"id", id}, {"version", version}, {"message", "marked above this collection's TLP level"}});
      continue;
    }
    accepted.push_back(std::move(*object));
  }
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return TaxiiError(500, "store unavailable");
  {
    std::lock_guard lock(call.app.write_mutex());
    Result<std::unique_ptr<store::Transaction>> tx = (*store)->Begin();
    if (!tx.ok()) return TaxiiError(500, "store busy");
    nlohmann::json stored = nlohmann::json::array();
    for (const stix::Object& object : accepted) {
      Result<store::PutOutcome> outcome = (*tx)->Put(object);
      if (outcome.ok()) {
        stored.push_back({{"id", object.id}, {"version", VersionOf(object.modified, object.created, 0)}});
      } else {
        failures.push_back({{"id", object.id}, {"version", object.modified}, {"message", std::string(outcome.status().message())}});
      }
    }
    Status committed = (*tx)->Commit();
    if (!committed.ok()) return TaxiiError(500, "commit failed");
    successes = std::move(stored);
  }
  call.app.users().Audit(call.principal.name, "taxii-add-objects",
                         fmt::format("collection {}: {} stored, {} refused", collection->alias, successes.size(),
                                     failures.size()));
  std::string status_id = UuidV4();
  nlohmann::json status = {{"id", status_id},
                           {"status", "complete"},
                           {"request_timestamp", FormatDateAdded(std::chrono::duration_cast<std::chrono::microseconds>(
                                                     std::chrono::system_clock::now().time_since_epoch()).count())},
                           {"total_count", successes.size() + failures.size()},
                           {"success_count", successes.size()},
                           {"successes", successes},
                           {"failure_count", failures.size()},
                           {"failures", failures},
                           {"pending_count", 0},
                           {"pendings", nlohmann::json::array()},
                           {"x_rampart_owner", call.principal.user_id}};
  {
    std::lock_guard lock(StatusMutex());
    if (Statuses().size() > 10000) Statuses().erase(Statuses().begin());
    Statuses()[status_id] = status;
  }
  status.erase("x_rampart_owner");
  return Taxii(202, status);
}

Response GetStatus(Call& call) {
  if (call.params.at("root") != kRoot) return TaxiiError(404, "no such API root");
  std::lock_guard lock(StatusMutex());
  auto it = Statuses().find(call.params.at("status"));
  if (it == Statuses().end() ||
      (it->second["x_rampart_owner"] != call.principal.user_id && !call.principal.IsAdmin())) {
    return TaxiiError(404, "no such status");
  }
  nlohmann::json status = it->second;
  status.erase("x_rampart_owner");
  return Taxii(200, status);
}

// Wraps a handler with TAXII content negotiation (406).
Handler Negotiated(Handler handler) {
  return [handler = std::move(handler)](Call& call) {
    if (!AcceptsMediaType(call.request.Header("accept"), "application/taxii+json")) {
      return TaxiiError(406, "this server speaks application/taxii+json;version=2.1");
    }
    return handler(call);
  };
}

std::string BaseUrl(const Call& call) {
  std::string_view host = call.request.Header("host");
  return fmt::format("{}://{}", call.app.config().tls_cert.empty() ? "http" : "https",
                     host.empty() ? "localhost" : host);
}

}  // namespace

void AddTaxiiRoutes(Router<Handler>& router) {
  auto add = [&](const char* method, const char* pattern, const char* summary, Handler handler) {
    router.Add(method, pattern, summary, Negotiated(std::move(handler)));
  };
  add("GET", "/taxii2/", "TAXII server discovery (no authentication)", [](Call& call) {
    std::string root = fmt::format("{}/taxii2/{}/", BaseUrl(call), kRoot);
    return Taxii(200, {{"title", "rampart TAXII 2.1 server"},
                       {"description", "Threat intelligence shared by TLP level"},
                       {"default", root},
                       {"api_roots", {root}}});
  });
  add("GET", "/taxii2/{root}/", "TAXII API root", [](Call& call) {
    if (call.params.at("root") != kRoot) return TaxiiError(404, "no such API root");
    return Taxii(200, {{"title", "rampart"},
                       {"versions", {kTaxii}},
                       {"max_content_length", call.app.config().max_body_bytes}});
  });
  add("GET", "/taxii2/{root}/status/{status}/", "status of an add-objects request", GetStatus);
  add("GET", "/taxii2/{root}/collections/", "collections the caller may read", [](Call& call) {
    if (call.params.at("root") != kRoot) return TaxiiError(404, "no such API root");
    Result<std::vector<Collection>> visible = VisibleCollections(call);
    if (!visible.ok()) return TaxiiError(500, "store unavailable");
    nlohmann::json list = nlohmann::json::array();
    for (const Collection& collection : *visible) list.push_back(CollectionJson(collection, call.principal));
    return Taxii(200, {{"collections", list}});
  });
  add("GET", "/taxii2/{root}/collections/{collection}/", "one collection", [](Call& call) {
    std::optional<Collection> collection = FindCollection(call);
    if (!collection) return TaxiiError(404, "no such API root or collection");
    return Taxii(200, CollectionJson(*collection, call.principal));
  });
  add("GET", "/taxii2/{root}/collections/{collection}/objects/", "objects of a collection, paged", [](Call& call) {
    return PagedRead(call, TaxiiEndpoint::kObjects, Envelope);
  });
  add("POST", "/taxii2/{root}/collections/{collection}/objects/", "add objects (answers a status)", PostObjects);
  add("GET", "/taxii2/{root}/collections/{collection}/manifest/", "manifest of a collection, paged", [](Call& call) {
    return PagedRead(call, TaxiiEndpoint::kManifest, [](const Page& page) {
      nlohmann::json objects = nlohmann::json::array();
      for (const store::AddedVersion& v : page.items) {
        objects.push_back({{"id", v.object.id},
                           {"date_added", FormatDateAdded(v.added)},
                           {"version", VersionOf(v.object.modified, v.object.created, v.added)},
                           {"media_type", kStix}});
      }
      nlohmann::json body = {{"more", page.more}, {"objects", objects}};
      if (page.more) body["next"] = NextCursor(page);
      Response response = Taxii(200, body);
      PageHeaders(response, page);
      return response;
    });
  });
  add("GET", "/taxii2/{root}/collections/{collection}/objects/{object}/", "one object's versions, paged",
      [](Call& call) { return PagedRead(call, TaxiiEndpoint::kObjectById, Envelope); });
  add("DELETE", "/taxii2/{root}/collections/{collection}/objects/{object}/",
      "refused: the knowledge base keeps every version", [](Call& call) {
        if (!FindCollection(call)) return TaxiiError(404, "no such API root or collection");
        return TaxiiError(403, "objects are never deleted; publish a revoked version instead");
      });
  add("GET", "/taxii2/{root}/collections/{collection}/objects/{object}/versions/", "version list, paged",
      [](Call& call) {
        return PagedRead(call, TaxiiEndpoint::kVersions, [](const Page& page) {
          nlohmann::json versions = nlohmann::json::array();
          for (const store::AddedVersion& v : page.items) versions.push_back(VersionOf(v.object.modified, v.object.created, v.added));
          nlohmann::json body = {{"more", page.more}, {"versions", versions}};
          if (page.more) body["next"] = NextCursor(page);
          Response response = Taxii(200, body);
          PageHeaders(response, page);
          return response;
        });
      });
}

}  // namespace rampart::server
