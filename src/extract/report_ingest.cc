// IngestReport: one transaction per document; re-ingesting changes nothing.
#include <fmt/format.h>

#include "rampart/extract/report_builder.h"
#include "rampart/store/store.h"

namespace rampart::extract {
namespace {

// Objects that belong to this document alone; everything else (entities,
// identities, observables) may be shared with other reports.
bool IsReportSpecific(const stix::Object& o) {
  return o.type == "report" || o.type == "relationship" || o.type == "note";
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
    if (!IsReportSpecific(object)) {
      auto stored = store.Get(object.id);
      if (stored.ok()) {
        ++summary.referenced;
        continue;
      }
    }
    auto outcome = txn->Put(object);
    if (!outcome.ok() && outcome.status().code() == absl::StatusCode::kAlreadyExists && IsReportSpecific(object)) {
      // The same document read with a different knowledge base: a new version.
      nlohmann::json j = stix::ToJson(object);
      TimestampUs modified = std::max(now, stamp + 1000);
      j["modified"] = FormatTimestamp(modified);
      RAMPART_ASSIGN_OR_RETURN(stix::Object revised, stix::FromJson(j));
      outcome = txn->Put(revised);
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
