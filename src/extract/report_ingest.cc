// IngestReport: one transaction per document; re-ingesting the same document
// with the same options changes nothing (compared with the current versions).
#include <fmt/format.h>

#include <algorithm>

#include "rampart/extract/report_builder.h"
#include "rampart/store/store.h"

namespace rampart::extract {
namespace {

// Objects that belong to this document alone; everything else (entities,
// identities, observables) may be shared with other reports.
bool IsReportSpecific(const stix::Object& o) {
  return o.type == "report" || o.type == "relationship" || o.type == "note";
}

// True if the two versions differ at most in `modified` and in the order of
// `object_refs` (entities already in the knowledge base are listed in
// another order than newly extracted ones).
bool SameApartFromModified(const stix::Object& stored, const stix::Object& built) {
  nlohmann::json a = stix::ToJson(stored), b = stix::ToJson(built);
  for (nlohmann::json* j : {&a, &b}) {
    j->erase("modified");
    if (auto refs = j->find("object_refs"); refs != j->end() && refs->is_array()) {
      std::sort(refs->begin(), refs->end());
    }
  }
  return a == b;
}

}  // namespace

Result<IngestSummary> IngestReport(store::Store& store, const Document& document, const Extraction& extraction,
                                   const ReportOptions& options, TimestampUs now, bool dry_run) {
  TimestampUs stamp = now;
  auto existing = store.Get(ReportIdFor(document));
  if (existing.ok()) {
    auto created = ParseTimestamp(existing->created);
    if (created.ok()) stamp = *created;
  } else if (existing.status().code() != absl::StatusCode::kNotFound) {
    return existing.status();
  }
  IngestSummary summary;
  RAMPART_ASSIGN_OR_RETURN(summary.built, BuildReport(document, extraction, options, stamp));
  if (dry_run) return summary;
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> txn, store.Begin());
  for (const stix::Object& object : summary.built.objects) {
    auto stored = store.Get(object.id);
    if (!stored.ok() && stored.status().code() != absl::StatusCode::kNotFound) return stored.status();
    if (stored.ok() && (!IsReportSpecific(object) || SameApartFromModified(*stored, object))) {
      // Shared objects are never rewritten; the document's own are rewritten
      // only when something but the time stamp changed.
      ++(IsReportSpecific(object) ? summary.unchanged : summary.referenced);
      continue;
    }
    Result<store::PutOutcome> outcome = absl::UnknownError("unset");
    if (stored.ok()) {
      // The same document read again with other options or another
      // knowledge base: a new version, after the current one.
      nlohmann::json j = stix::ToJson(object);
      auto current = ParseTimestamp(stored->modified);
      TimestampUs modified = std::max(now, (current.ok() ? *current : stamp) + 1000);
      j["modified"] = FormatTimestamp(modified);
      RAMPART_ASSIGN_OR_RETURN(stix::Object revised, stix::FromJson(j));
      outcome = txn->Put(revised);
    } else {
      outcome = txn->Put(object);
    }
    if (!outcome.ok()) {
      return WithContext(outcome.status(), ErrorContext{.file = document.name, .object_id = object.id});
    }
    switch (*outcome) {
      case store::PutOutcome::kInserted: ++summary.inserted; break;
      case store::PutOutcome::kNewVersion: ++summary.new_versions; break;
      case store::PutOutcome::kHistory:
      case store::PutOutcome::kUnchanged: ++summary.unchanged; break;
    }
  }
  RAMPART_RETURN_IF_ERROR(txn->Commit());
  return summary;
}

}  // namespace rampart::extract
