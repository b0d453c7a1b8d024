// REST routes for hunts and rules (hunt/hunt_jobs.h runs the jobs).
//
// Access. Hunting, and checking rules, are for analysts and admins; a
// constituent reader gets 403 on every route here. A job is seen, paged and
// cancelled by the user who started it and by admins; another user gets 404
// (ids are not probed).
//
// POST /api/v1/hunts takes either a JSON object {"path", "rules", "store",
// "format", "constituent"} (Content-Type application/json; the path must lie
// under a --hunt-root) or the log itself as the body (any other type), with
// rules, store, format, constituent and filename as query parameters. The
// upload is bounded by --max-hunt-upload (413 beyond) and written to the
// job's folder before the job is queued.
#include <fmt/format.h>

#include <charconv>
#include <fstream>

#include "app.h"
#include "hunt/hunt_jobs.h"
#include "hunt/hunt_request.h"
#include "rampart/detect/rule_set.h"
#include "rampart/hunt/rules_check.h"
#include "rampart/ingest/registry.h"

namespace rampart::server {
namespace {

using nlohmann::json;

constexpr size_t kDefaultHitsPage = 100;
constexpr size_t kMaxHitsPage = 1000;

int HttpStatusOf(const Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument: return 400;
    case absl::StatusCode::kPermissionDenied: return 403;
    case absl::StatusCode::kNotFound: return 404;
    case absl::StatusCode::kResourceExhausted: return 429;
    default: return 500;
  }
}

Response Refuse(const Status& status) {
  int code = HttpStatusOf(status);
  return ApiError(code, code == 500 ? "internal error" : std::string(status.message()));
}

bool TrueText(const std::string& text) { return text == "true" || text == "1" || text == "yes"; }

HuntRequest FromQuery(const Request& request) {
  HuntRequest r;
  for (const auto& [name, value] : request.query) {
    if (name == "rules") r.rules.push_back(value);
    if (name == "store") r.store = TrueText(value);
    if (name == "format") r.format = value;
    if (name == "constituent") r.constituent = value;
    if (name == "filename") r.filename = value;
  }
  return r;
}

Response StartHunt(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot hunt");
  HuntJobs& jobs = call.app.hunts();
  bool by_path = call.request.Header("content-type").substr(0, 16) == "application/json";
  Result<HuntRequest> parsed = by_path ? ParseHuntRequestJson(call.request.body) : Result<HuntRequest>(FromQuery(call.request));
  if (!parsed.ok()) return Refuse(parsed.status());
  HuntRequest& r = *parsed;
  if (r.rules.empty()) return ApiError(400, "choose at least one rule set ('rules'; GET /api/v1/rules lists them)");
  if (Result<std::vector<std::string>> known = jobs.rule_sets().PathsOf(r.rules); !known.ok()) return Refuse(known.status());
  if (!ingest::IsReaderName(r.format)) return ApiError(400, fmt::format("unknown log format '{}'", r.format));
  HuntSpec spec;
  spec.rule_sets = r.rules;
  spec.store = r.store;
  spec.format = r.format;
  spec.constituent = r.constituent;
  spec.owner = call.principal.name;
  std::string id;
  if (by_path) {
    Result<std::vector<std::string>> files = ResolveHuntPath(call.app.config().hunt_roots, r.path);
    if (!files.ok()) return Refuse(files.status());
    spec.inputs = std::move(*files);
    spec.source = r.path;
  } else {
    if (call.request.body.size() > call.app.config().max_hunt_upload_bytes) {
      return ApiError(413, fmt::format("the log is larger than {} bytes (serve --max-hunt-upload)",
                                       call.app.config().max_hunt_upload_bytes));
    }
    if (call.request.body.empty()) return ApiError(400, "empty body: upload a log, or send {\"path\": ...} as JSON");
    auto upload = jobs.NewUpload(r.filename);
    if (!upload.ok()) return Refuse(upload.status());
    std::ofstream file(upload->second, std::ios::binary);
    file.write(call.request.body.data(), static_cast<std::streamsize>(call.request.body.size()));
    file.close();
    if (!file) return ApiError(500, "could not keep the upload");
    id = upload->first;
    spec.inputs = {upload->second};
    spec.source = "upload: " + r.filename;
  }
  Result<std::string> started = jobs.Submit(std::move(spec), id);
  if (!started.ok()) return Refuse(started.status());
  std::optional<json> job = jobs.Describe(*started, nullptr);
  Response response = JsonResponse(202, job.value_or(json::object()));
  response.SetHeader("Location", "/api/v1/hunts/" + *started);
  return response;
}

// The job if the caller may see it (its owner, or an admin).
std::optional<json> VisibleJob(Call& call) {
  std::string owner;
  std::optional<json> job = call.app.hunts().Describe(call.params.at("id"), &owner);
  if (!job || (owner != call.principal.name && !call.principal.IsAdmin())) return std::nullopt;
  return job;
}

Response ListHunts(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot hunt");
  return JsonResponse(200, {{"items", call.app.hunts().List(call.principal.name, call.principal.IsAdmin())}});
}

Response GetHunt(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot hunt");
  std::optional<json> job = VisibleJob(call);
  if (!job) return ApiError(404, "no such hunt");
  return JsonResponse(200, *job);
}

Response CancelHunt(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot hunt");
  if (!VisibleJob(call)) return ApiError(404, "no such hunt");
  const std::string& id = call.params.at("id");
  switch (call.app.hunts().Cancel(id)) {
    case HuntJobs::CancelOutcome::kNotFound: return ApiError(404, "no such hunt");
    case HuntJobs::CancelOutcome::kEnded: return ApiError(409, "the hunt has already ended");
    case HuntJobs::CancelOutcome::kCancelled: break;
  }
  return JsonResponse(202, call.app.hunts().Describe(id, nullptr).value_or(json::object()));
}

// DELETE: cancels a job still queued or running, removes an ended one.
Response DeleteHunt(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot hunt");
  if (!VisibleJob(call)) return ApiError(404, "no such hunt");
  const std::string& id = call.params.at("id");
  if (call.app.hunts().Remove(id)) {
    Response response;
    response.status = 204;
    return response;
  }
  return CancelHunt(call);
}

Response GetHits(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot hunt");
  if (!VisibleJob(call)) return ApiError(404, "no such hunt");
  const std::string* format = call.request.Param("format");
  bool ndjson = (format && *format == "ndjson") ||
                (!format && call.request.Header("accept").find("application/x-ndjson") != std::string_view::npos);
  if (format && *format != "ndjson" && *format != "json") return ApiError(400, "'format' is json or ndjson");
  uint64_t cursor = 0;
  if (const std::string* text = call.request.Param("cursor")) {
    Result<uint64_t> parsed = ParseHitsCursor(*text);
    if (!parsed.ok()) return ApiError(400, std::string(parsed.status().message()));
    cursor = *parsed;
  }
  size_t limit = ndjson ? SIZE_MAX : kDefaultHitsPage;
  if (const std::string* text = call.request.Param("limit")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || end != text->data() + text->size() || limit < 1 || limit > kMaxHitsPage) {
      return ApiError(400, fmt::format("'limit' is 1 to {}", kMaxHitsPage));
    }
  }
  Result<HuntJobs::HitsPage> page = call.app.hunts().Hits(call.params.at("id"), cursor, limit);
  if (!page.ok()) return Refuse(page.status());
  std::string next = page->next ? std::to_string(*page->next) : "";
  if (ndjson) {
    Response response;
    response.content_type = "application/x-ndjson";
    for (const std::string& line : page->lines) response.body += line + "\n";
    if (!next.empty()) response.SetHeader("X-Next-Cursor", next);
    return response;
  }
  json items = json::array();
  for (const std::string& line : page->lines) items.push_back(json::parse(line, nullptr, false));
  return JsonResponse(200, {{"items", items}, {"next_cursor", page->next ? json(next) : json(nullptr)}});
}

Response ListRules(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "rule sets are for analysts");
  return JsonResponse(200, {{"items", call.app.hunts().rule_sets().Describe()}});
}

// Checks one uploaded Sigma document (or several in one YAML stream); the
// answer is the JSON of `rampart rules check --json`.
Response CheckRule(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "rule checks are for analysts");
  if (call.request.body.empty()) return ApiError(400, "upload a Sigma rule (YAML) as the body");
  if (call.request.body.size() > 1024 * 1024) return ApiError(413, "a rule upload is at most 1 MiB");
  detect::RuleSet set;
  set.AddText(call.request.body, "upload.yml");
  set.ApplyFilters();
  Result<hunt::RulesCheckReport> report = hunt::CheckRules(set, false);
  if (!report.ok()) return ApiError(400, std::string(report.status().message()));
  Response response;
  response.body = report->json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

}  // namespace

void AddHuntRoutes(Router<Handler>& router) {
  router.Add("POST", "/api/v1/hunts", "start a hunt over an uploaded log or a server path", StartHunt);
  router.Add("GET", "/api/v1/hunts", "the caller's hunts", ListHunts);
  router.Add("GET", "/api/v1/hunts/{id}", "a hunt's state and progress", GetHunt);
  router.Add("DELETE", "/api/v1/hunts/{id}", "cancel a hunt, or remove an ended one", DeleteHunt);
  router.Add("POST", "/api/v1/hunts/{id}/cancel", "cancel a queued or running hunt", CancelHunt);
  router.Add("GET", "/api/v1/hunts/{id}/hits", "a hunt's hits (JSON paged by cursor, or JSON lines)", GetHits);
  router.Add("GET", "/api/v1/rules", "the configured rule sets with their counts", ListRules);
  router.Add("POST", "/api/v1/rules/check", "check an uploaded Sigma rule", CheckRule);
}

}  // namespace rampart::server
