// `rampart report list` and `rampart report show`.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands/intel_commands.h"
#include "commands/report_commands.h"
#include "rampart/store/open.h"
#include "rampart/store/store.h"

namespace rampart::cli {
namespace {

using nlohmann::json;

Result<std::unique_ptr<store::Store>> Open(const Context& context) {
  return OpenKnowledgeBase(context, /*must_exist=*/true);
}

std::string NameOf(store::Store& store, const std::string& id) {
  auto o = store.Get(id);
  if (!o.ok()) return id;
  return o->name.empty() ? id : o->name;
}

}  // namespace

int RunReportList(Context& context, const ReportListArgs& args) {
  auto store = Open(context);
  if (!store.ok()) return ReportError(store.status());
  std::vector<json> reports;
  store::ExportFilter filter;
  filter.types = {"report"};
  Status st = (*store)->Scan(filter, [&](const stix::Object& o) -> Status {
    json j = stix::ToJson(o);
    reports.push_back({{"id", o.id},
                       {"name", o.name},
                       {"published", j.value("published", "")},
                       {"created_by", o.created_by_ref.empty() ? "" : NameOf(**store, o.created_by_ref)},
                       {"objects", j.contains("object_refs") ? j["object_refs"].size() : 0}});
    return Status();
  });
  if (!st.ok()) return ReportError(st);
  std::stable_sort(reports.begin(), reports.end(), [](const json& a, const json& b) {
    return a["published"].get<std::string>() > b["published"].get<std::string>();
  });
  if (args.json) {
    std::fputs((json(reports).dump(2, ' ', false, json::error_handler_t::replace) + "\n").c_str(), stdout);
    return kExitOk;
  }
  if (args.jsonl) {
    for (const json& r : reports) std::fputs((r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n").c_str(), stdout);
    return kExitOk;
  }
  std::string out;
  for (const json& r : reports) {
    out += fmt::format("{}  {}  {} ({}; {} objects)\n", r["published"].get<std::string>().substr(0, 10),
                       r["id"].get<std::string>(), r["name"].get<std::string>(),
                       r["created_by"].get<std::string>(), r["objects"].get<size_t>());
  }
  if (reports.empty()) out = "no reports (ingest one: rampart report ingest FILE)\n";
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

int RunReportShow(Context& context, const ReportShowArgs& args) {
  auto store = Open(context);
  if (!store.ok()) return ReportError(store.status());
  Result<stix::Object> report = NotFound("");
  if (args.query.starts_with("report--")) {
    report = (*store)->Get(args.query);
  } else {
    auto found = (*store)->FindByName(args.query, {"report"});
    if (!found.ok()) return ReportError(found.status());
    if (found->empty()) {
      report = NotFound(fmt::format("no report named '{}' (see: rampart report list)", args.query));
    } else {
      report = found->front();
    }
  }
  if (!report.ok()) return ReportError(report.status());
  json rj = stix::ToJson(*report);
  std::vector<stix::Object> objects;
  if (rj.contains("object_refs")) {
    for (const json& ref : rj["object_refs"]) {
      auto o = (*store)->Get(ref.get<std::string>());
      if (o.ok()) objects.push_back(std::move(*o));
    }
  }
  // Notes point at the report, not the other way round.
  std::vector<stix::Object> notes;
  store::ExportFilter filter;
  filter.types = {"note"};
  Status st = (*store)->Scan(filter, [&](const stix::Object& o) -> Status {
    json j = stix::ToJson(o);
    if (j.contains("object_refs") && std::find(j["object_refs"].begin(), j["object_refs"].end(), report->id) !=
                                         j["object_refs"].end()) {
      notes.push_back(o);
    }
    return Status();
  });
  if (!st.ok()) return ReportError(st);
  if (args.json) {
    json out = {{"report", rj}, {"objects", json::array()}, {"notes", json::array()}};
    for (const auto& o : objects) out["objects"].push_back(stix::ToJson(o));
    for (const auto& o : notes) out["notes"].push_back(stix::ToJson(o));
    std::fputs((out.dump(2) + "\n").c_str(), stdout);
    return kExitOk;
  }
  std::string out = fmt::format("{}\n  {}\n  published {} by {}\n", report->name, report->id,
                                rj.value("published", ""), NameOf(**store, report->created_by_ref));
  std::string entities, claims;
  size_t entity_count = 0, claim_count = 0;
  for (const stix::Object& o : objects) {
    if (o.type == "relationship") {
      json j = stix::ToJson(o);
      ++claim_count;
      claims += fmt::format("  {} --{}--> {}  [claimant: {}; confidence: {}]\n", NameOf(**store, o.source_ref),
                            o.relationship_type, NameOf(**store, o.target_ref), NameOf(**store, o.created_by_ref),
                            o.confidence ? std::to_string(*o.confidence) : "-");
      claims += fmt::format("      \"{}\"\n", j.value("x_rampart_quote", o.description));
    } else if (o.id != report->created_by_ref) {
      ++entity_count;
      entities += fmt::format("  {:<16} {}\n", o.type, o.name.empty() ? o.id : o.name);
    }
  }
  out += fmt::format("objects ({}):\n{}claims ({}):\n{}", entity_count, entities, claim_count, claims);
  out += fmt::format("notes ({}):\n", notes.size());
  for (const stix::Object& n : notes) {
    json j = stix::ToJson(n);
    out += fmt::format("  {}\n", j.value("abstract", j.value("content", "")));
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace rampart::cli
