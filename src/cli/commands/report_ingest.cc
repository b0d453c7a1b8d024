// `rampart report ingest`: each document is read, extracted and stored in
// its own transaction; a bad document is reported and stores nothing.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands/intel_commands.h"
#include "commands/report_commands.h"
#include "rampart/core/clock.h"
#include "rampart/core/fs.h"
#include "rampart/extract/claim.h"
#include "rampart/extract/report_builder.h"
#include "rampart/store/open.h"
#include "rampart/store/store.h"

namespace rampart::cli {
namespace {

using nlohmann::json;
using namespace rampart::extract;

std::string ClaimantName(const Extraction& x, const Claim& c, const std::string& publication) {
  return c.claimant == kPublication ? publication : x.entities[c.claimant].name;
}

json ToJsonView(const Document& doc, const Extraction& x, const IngestSummary& s, const std::string& publication,
                bool dry_run) {
  json out;
  out["document"] = doc.name;
  out["format"] = FormatName(doc.format);
  out["encoding"] = doc.encoding;
  out["sha256"] = doc.sha256;
  out["report"] = s.built.report_id;
  out["title"] = s.built.title;
  out["publication"] = publication;
  out["stored"] = dry_run ? json(nullptr)
                          : json{{"inserted", s.inserted}, {"unchanged", s.unchanged},
                                 {"new_versions", s.new_versions}, {"referenced", s.referenced}};
  json entities = json::array();
  for (size_t i = 0; i < x.entities.size(); ++i) {
    const Entity& e = x.entities[i];
    entities.push_back({{"id", s.built.entity_ids[i]}, {"kind", EntityKindName(e.kind)}, {"name", e.name},
                        {"known", (e.flags & kFromStore) != 0}, {"extracted", e.extracted},
                        {"code", e.code}, {"mentions", e.aliases}});
  }
  out["entities"] = entities;
  json claims = json::array();
  for (size_t i = 0; i < x.claims.size(); ++i) {
    const Claim& c = x.claims[i];
    json j = {{"id", s.built.claim_ids[i]},
              {"kind", ClaimKindName(c.kind)},
              {"relationship_type", c.relationship_type},
              {"source", x.entities[c.source].name},
              {"target", x.entities[c.target].name},
              {"claimant", ClaimantName(x, c, publication)},
              {"confidence", c.confidence ? json(*c.confidence) : json(nullptr)},
              {"estimative", c.estimative},
              {"quote", c.quote},
              {"quote_start", c.quote_begin},
              {"quote_end", c.quote_end}};
    j["start_year"] = c.start_year ? json(*c.start_year) : json(nullptr);
    j["stop_year"] = c.stop_year ? json(*c.stop_year) : json(nullptr);
    claims.push_back(j);
  }
  out["claims"] = claims;
  json stats = json::array();
  for (const Statistic& st : x.statistics) {
    stats.push_back({{"number", st.number}, {"value", st.value}, {"what", st.what}, {"quote", st.quote}});
  }
  out["statistics"] = stats;
  json observables = json::array();
  for (const Observable& o : x.observables) {
    observables.push_back({{"type", ObservableTypeName(o.type)}, {"value", o.value}, {"defanged", o.defanged}});
  }
  out["observables"] = observables;
  return out;
}

void PrintText(const Document& doc, const Extraction& x, const IngestSummary& s, const std::string& publication,
               bool dry_run) {
  std::string out;
  out += fmt::format("{}: report {} \"{}\" ({}, {}, {})\n", doc.name, s.built.report_id, s.built.title, publication,
                     FormatName(doc.format), doc.encoding);
  if (dry_run) {
    out += "  dry run: nothing stored\n";
  } else {
    // Known entities are referenced by id, not re-stored, so count them from the extraction.
    size_t known = std::count_if(x.entities.begin(), x.entities.end(),
                                 [](const Entity& e) { return (e.flags & kFromStore) != 0; });
    out += fmt::format("  stored: {} new, {} new versions, {} unchanged; {} entities already in the knowledge base\n",
                       s.inserted, s.new_versions, s.unchanged, known);
  }
  out += fmt::format("entities ({}):\n", x.entities.size());
  for (const Entity& e : x.entities) {
    std::string as;
    for (const std::string& a : e.aliases) {
      if (a != e.name) as += (as.empty() ? "" : ", ") + a;
    }
    out += fmt::format("  {:<14} {}{}{}{}\n", EntityKindName(e.kind), e.name,
                       e.code.empty() ? "" : " [" + e.code + "]",
                       (e.flags & kFromStore) ? " (known)" : e.extracted ? " (new, extracted)" : "",
                       as.empty() ? "" : "  as: " + as);
  }
  out += fmt::format("claims ({}):\n", x.claims.size());
  for (const Claim& c : x.claims) {
    std::string when;
    if (c.start_year) when = fmt::format(" {}-{}", *c.start_year, c.stop_year ? std::to_string(*c.stop_year) : "");
    out += fmt::format("  {} --{}--> {}  [{}; claimant: {}; confidence: {}{}{}]\n", x.entities[c.source].name,
                       c.relationship_type, x.entities[c.target].name, ClaimKindName(c.kind),
                       ClaimantName(x, c, publication), c.confidence ? std::to_string(*c.confidence) : "-",
                       c.estimative.empty() ? "" : " (\"" + c.estimative + "\")", when);
    out += fmt::format("      \"{}\" (chars {}-{})\n", c.quote, c.quote_begin, c.quote_end);
  }
  out += fmt::format("statistics ({}):\n", x.statistics.size());
  for (const Statistic& st : x.statistics) out += fmt::format("  {} {}\n", st.number, st.what);
  out += fmt::format("observables ({}):\n", x.observables.size());
  for (const Observable& o : x.observables) {
    out += fmt::format("  {:<16} {}{}\n", ObservableTypeName(o.type), o.value, o.defanged ? " (defanged)" : "");
  }
  std::fputs(out.c_str(), stdout);
}

}  // namespace

int RunReportIngest(Context& context, const ReportIngestArgs& args) {
  auto format = ParseFormat(args.format);
  if (!format.ok()) return ReportError(format.status());
  auto encoding = ParseEncoding(args.encoding);
  if (!encoding.ok()) return ReportError(encoding.status());
  auto psl = PublicSuffixList::Default();
  if (!psl.ok()) return ReportError(psl.status());
  // A dry run writes nothing: the store is read if it exists, else an empty
  // one in memory stands in. A real run that stores nothing leaves no new file.
  std::string new_store = NewStorePath(context);
  Result<std::unique_ptr<store::Store>> store =
      !args.dry_run              ? OpenKnowledgeBase(context, /*must_exist=*/false)
      : new_store.empty()        ? OpenKnowledgeBase(context, /*must_exist=*/true)
                                 : store::OpenStore("sqlite::memory:");
  if (args.dry_run) new_store.clear();
  if (!store.ok()) return ReportError(store.status());
  size_t stored = 0;
  Gazetteer gazetteer;
  gazetteer.AddBuiltins();
  if (Status st = gazetteer.AddFromStore(**store); !st.ok()) return ReportError(st);
  Extractor extractor(&gazetteer, *psl);
  ReportOptions options{args.source, args.published, args.url, args.tlp};
  int exit_code = kExitOk;
  json all = json::array();
  for (const std::string& file : args.files) {
    auto bytes = ReadFile(file);
    if (!bytes.ok()) {
      exit_code = ReportError(WithContext(bytes.status(), ErrorContext{.file = file}));
      continue;
    }
    auto doc = LoadDocument(*bytes, file, *format, *encoding);
    if (!doc.ok()) {
      exit_code = ReportError(doc.status());
      continue;
    }
    if (!doc->warning.empty()) std::fprintf(stderr, "rampart: warning: %s\n", doc->warning.c_str());
    Extraction x = extractor.Run(*doc);
    auto summary = IngestReport(**store, *doc, x, options, SystemClock()->Now(), args.dry_run);
    if (!summary.ok()) {
      exit_code = ReportError(summary.status());
      continue;
    }
    ++stored;
    std::string publication = "the publication";
    for (const stix::Object& o : summary->built.objects) {
      if (o.id == summary->built.publication_id) publication = o.name;
    }
    if (args.json) {
      all.push_back(ToJsonView(*doc, x, *summary, publication, args.dry_run));
    } else {
      PrintText(*doc, x, *summary, publication, args.dry_run);
    }
  }
  if (args.json) std::fputs((all.dump(2, ' ', false, json::error_handler_t::replace) + "\n").c_str(), stdout);
  if (stored == 0) {
    store->reset();
    RemoveNewStore(new_store);
  }
  return exit_code;
}

}  // namespace rampart::cli
