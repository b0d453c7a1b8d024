// From an Extraction to STIX 2.1, and into the knowledge base in one
// transaction.
//
// BuildReport() turns one document's extraction into STIX objects:
//   * the publication: an identity (identity_class organization) that is the
//     report's and every unattributed claim's created_by_ref;
//   * a report (report_types threat-report) whose object_refs list every
//     entity, observable and claim; external_references name the file or URL
//     with its SHA-256;
//   * entities the store lacks: intrusion sets and threat actors marked
//     x_rampart_extracted, campaigns (incidents, charged activity, with
//     first_seen/last_seen), identities (organisations; sectors as
//     identity_class class with `sectors`), locations (country ISO alpha-2),
//     software SCOs (products), vulnerabilities (CVE external references);
//   * observables as SCOs with deterministic ids (STIX 2.1 §2.9);
//   * claims as relationships: created_by_ref the claimant, `confidence`,
//     start_time/stop_time from the years named, description and
//     x_rampart_quote (+ character offsets) for the evidence, and an
//     external reference to the report;
//   * statistics as notes whose object_refs point at the report.
// Ids are deterministic: UUIDv5 over the document's SHA-256 and the claim
// (or note) for report-specific objects, over the name for entities; so
// ingesting the same document again produces the same objects.
//
// IngestReport() additionally writes them into a store in ONE transaction:
// all or nothing. Objects that already exist with the same content are left
// alone (PutOutcome kUnchanged); entities the store already has (an
// identity another report created, ATT&CK's intrusion sets) are referenced,
// never rewritten.
//
// Thread-safety: BuildReport is stateless; IngestReport uses the store, which
// is single-threaded (store.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/extract/claim.h"
#include "rampart/extract/document.h"
#include "rampart/stix/object.h"

namespace rampart::store {
class Store;
}

namespace rampart::extract {

struct ReportOptions {
  std::string source;     // the publication ("National Post"); "" = the URL's host, else "Unknown publication"
  std::string published;  // RFC 3339 time or date; "" = the time of first ingest
  std::string url;        // where the document came from
  std::string tlp;        // "clear", "green", "amber", "amber+strict", "red"; "" = unmarked
};

struct BuiltReport {
  std::string report_id;
  std::string publication_id;
  std::string title;
  std::vector<stix::Object> objects;  // everything, the report last
  // Per Extraction::entities: the STIX id used for it.
  std::vector<std::string> entity_ids;
  // Per Extraction::claims: the relationship id.
  std::vector<std::string> claim_ids;
};

// Builds the STIX objects. `timestamp` is created/modified for new objects
// (and `published` if options.published is empty). InvalidInput for a bad
// --published or --tlp value; Internal if an object fails to parse back.
Result<BuiltReport> BuildReport(const Document& document, const Extraction& extraction,
                                const ReportOptions& options, TimestampUs timestamp);

struct IngestSummary {
  BuiltReport built;
  int64_t inserted = 0;
  int64_t unchanged = 0;
  int64_t new_versions = 0;
  int64_t referenced = 0;  // entities that already existed and were only referenced
};

// Builds (reusing the stored report's timestamp when the same document was
// ingested before, else `now`) and stores everything in one transaction.
// With `dry_run` nothing is written. Errors (invalid objects, database) mean
// nothing was stored; the message names the object id.
Result<IngestSummary> IngestReport(store::Store& store, const Document& document,
                                   const Extraction& extraction, const ReportOptions& options,
                                   TimestampUs now, bool dry_run);

// The id a document's report gets: "report--" + UUIDv5(sha256).
std::string ReportIdFor(const Document& document);

}  // namespace rampart::extract
