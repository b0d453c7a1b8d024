// REST routes for reports: list, show (the entities and the claims with their
// claimant, estimative language, confidence and quote), and upload, which
// reads the document exactly as `rampart report ingest` does and stores it in
// one transaction.
//
// Access: a report, and each object it names, is shown only within the
// caller's clearance; uploading is for analysts and admins (readers cannot
// write). Advisories are reports too but are listed under /api/v1/advisories.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app.h"
#include "rampart/core/clock.h"
#include "rampart/extract/claim.h"
#include "rampart/extract/document.h"
#include "rampart/extract/entity.h"
#include "rampart/extract/observable.h"
#include "rampart/extract/report_builder.h"

namespace rampart::server {
namespace {

using nlohmann::json;

std::string NameOf(store::Store& store, const std::string& id) {
  if (id.empty()) return "";
  Result<stix::Object> object = store.Get(id);
  if (!object.ok()) return id;
  return object->name.empty() ? id : object->name;
}

bool IsAdvisory(const json& report) { return report.contains("x_rampart_advisory"); }

Response ListReports(Call& call) {
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  store::ExportFilter filter;
  filter.types = {"report"};
  std::vector<json> items;
  Status scanned = (*store)->Scan(filter, [&](const stix::Object& o) -> Status {
    if (!CanSee(call.principal, o)) return absl::OkStatus();
    json j = json::parse(o.json, nullptr, false);
    if (!j.is_object() || IsAdvisory(j)) return absl::OkStatus();
    items.push_back({{"id", o.id},
                     {"name", o.name},
                     {"published", j.value("published", "")},
                     {"source", NameOf(**store, o.created_by_ref)},
                     {"object_marking_refs", j.value("object_marking_refs", json::array())},
                     {"objects", j.contains("object_refs") ? j["object_refs"].size() : 0}});
    return absl::OkStatus();
  });
  if (!scanned.ok()) return ApiError(500, "store error");
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) {
    return a["published"].get<std::string>() > b["published"].get<std::string>();
  });
  return JsonResponse(200, {{"items", items}});
}

Response GetReport(Call& call) {
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  Result<stix::Object> report = (*store)->Get(call.params.at("id"));
  if (!report.ok() || report->type != "report" || !CanSee(call.principal, *report)) {
    return ApiError(404, "no such report");
  }
  json rj = json::parse(report->json, nullptr, false);
  json entities = json::array(), claims = json::array(), observables = json::array();
  int withheld = 0;
  for (const json& ref : rj.value("object_refs", json::array())) {
    Result<stix::Object> o = (*store)->Get(ref.get<std::string>());
    if (!o.ok() || o->id == report->created_by_ref) continue;
    if (!CanSee(call.principal, *o)) {
      ++withheld;
      continue;
    }
    json j = json::parse(o->json, nullptr, false);
    if (o->type == "relationship") {
      claims.push_back({{"id", o->id},
                        {"subject", NameOf(**store, o->source_ref)},
                        {"subject_id", o->source_ref},
                        {"relationship_type", o->relationship_type},
                        {"object", NameOf(**store, o->target_ref)},
                        {"object_id", o->target_ref},
                        {"claimant", NameOf(**store, o->created_by_ref)},
                        {"confidence", o->confidence ? json(*o->confidence) : json(nullptr)},
                        {"estimative", j.value("x_rampart_estimative", "")},
                        {"quote", j.value("x_rampart_quote", o->description)}});
    } else if (j.contains("value")) {
      observables.push_back({{"type", o->type}, {"value", j.value("value", "")}});
    } else {
      entities.push_back({{"id", o->id}, {"type", o->type}, {"name", o->name}});
    }
  }
  return JsonResponse(200, {{"id", report->id},
                            {"name", report->name},
                            {"published", rj.value("published", "")},
                            {"source", NameOf(**store, report->created_by_ref)},
                            {"document", rj.value("x_rampart_document", "")},
                            {"object_marking_refs", rj.value("object_marking_refs", json::array())},
                            {"entities", entities},
                            {"claims", claims},
                            {"observables", observables},
                            {"withheld", withheld}});
}

// The body is the document's bytes; ?filename= names it (its extension picks
// the reader), ?source=, ?published=, ?url= and ?tlp= are `report ingest`'s
// options.
Response UploadReport(Call& call) {
  if (!call.principal.CanWrite()) return ApiError(403, "constituent readers cannot add reports");
  const std::string* filename = call.request.Param("filename");
  if (filename == nullptr || filename->empty() || filename->size() > 255 ||
      filename->find('/') != std::string::npos) {
    return ApiError(400, "give ?filename=NAME.txt|.md|.html|.pdf (a name, not a path)");
  }
  if (call.request.body.empty()) return ApiError(400, "the body is empty: send the document's bytes");
  auto param = [&](const char* name) {
    const std::string* value = call.request.Param(name);
    return value ? *value : std::string();
  };
  Result<extract::Document> document = extract::LoadDocument(call.request.body, *filename);
  if (!document.ok()) return ApiError(400, std::string(document.status().message()));
  Result<const extract::PublicSuffixList*> psl = extract::PublicSuffixList::Default();
  if (!psl.ok()) return ApiError(500, "public suffix list unavailable");
  std::lock_guard<std::mutex> lock(call.app.write_mutex());
  Result<store::Store*> store = call.app.ThreadStore();
  if (!store.ok()) return ApiError(500, "store unavailable");
  extract::Gazetteer gazetteer;
  gazetteer.AddBuiltins();
  if (Status st = gazetteer.AddFromStore(**store); !st.ok()) return ApiError(500, "store error");
  extract::Extractor extractor(&gazetteer, *psl);
  extract::Extraction extraction = extractor.Run(*document);
  extract::ReportOptions options{param("source"), param("published"), param("url"), param("tlp")};
  Result<extract::IngestSummary> summary =
      extract::IngestReport(**store, *document, extraction, options, SystemClock()->Now(), /*dry_run=*/false);
  if (!summary.ok()) return ApiError(400, std::string(summary.status().message()));
  return JsonResponse(201, {{"id", extract::ReportIdFor(*document)},
                            {"name", summary->built.title},
                            {"inserted", summary->inserted},
                            {"unchanged", summary->unchanged},
                            {"new_versions", summary->new_versions},
                            {"claims", extraction.claims.size()},
                            {"entities", extraction.entities.size()},
                            {"observables", extraction.observables.size()}});
}

}  // namespace

void AddReportRoutes(Router<Handler>& router) {
  router.Add("GET", "/api/v1/reports", "reports within the caller's clearance, newest first", ListReports);
  router.Add("GET", "/api/v1/reports/{id}", "one report: entities, claims with claimant and confidence, observables",
             GetReport);
  router.Add("POST", "/api/v1/reports", "read a document (body; ?filename=) and store its report (analysts)",
             UploadReport);
}

}  // namespace rampart::server
