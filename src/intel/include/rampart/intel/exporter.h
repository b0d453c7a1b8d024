// Exporting the knowledge base as a STIX 2.1 bundle.
//
// The bundle holds the current version of every object store::Scan yields
// for the filter (ordered by type then id), plus the marking-definitions
// those objects reference when the filter's types leave them out, so that a
// consumer can resolve every object_marking_refs entry.
//
// TLP limit (filter.max_tlp): objects whose most restrictive TLP marking is
// above it are withheld (unmarked objects count as TLP:CLEAR), and so is
// every relationship or sighting that points at a withheld object, so the
// bundle never names what it withholds. An unknown level is InvalidInput.
//
// Revoked objects are left out unless filter.include_revoked, and so is
// every relationship or sighting that points at one (counted in
// revoked_refs), so every reference of the bundle resolves within it.
//
// One report (filter.report_id): the bundle is that report and every object
// it references, directly or through the referenced objects' own `*_ref(s)`
// (export/report_closure.h); types and since are then ignored, the TLP limit
// still applies. NotFound if the store holds no such report.
//
// Objects are written
// as stored (canonical minified JSON); x_rampart_* properties are kept (valid
// STIX custom properties).
//
// Deterministic: the same store contents and filter give byte-identical
// output. The bundle id is "bundle--" + UUIDv5 (rampart namespace) over the
// ids and modified stamps written, so it too is reproducible.
//
// Memory stays proportional to the largest object: objects are streamed to
// the output (the store is scanned twice: ids first, then content).
// Thread-safety: as the Store (one thread at a time).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "rampart/core/status.h"
#include "rampart/store/store.h"

namespace rampart::intel {

// The store's filter plus what only the exporter reads. Converts from a
// store::ExportFilter (no report: a store scan).
struct ExportFilter : store::ExportFilter {
  ExportFilter() = default;
  ExportFilter(const store::ExportFilter& filter) : store::ExportFilter(filter) {}  // NOLINT: implicit on purpose
  std::string report_id;  // set: this report and everything it references
};

struct ExportSummary {
  int64_t objects = 0;    // objects written
  std::string bundle_id;
  int64_t withheld = 0;   // objects left out by the TLP limit (and the claims pointing at them)
  int64_t revoked_refs = 0;  // relationships and sightings left out: they point at a revoked object
};

// Writes the bundle to `out` (borrowed; not closed). IoError if writing fails.
Result<ExportSummary> ExportBundle(store::Store& store, const ExportFilter& filter,
                                   std::FILE* out);

// Writes to the file at `path` (created or truncated; written to a temporary
// sibling and renamed, so a failed export leaves no half file), or to stdout
// when `path` is "-" or empty.
Result<ExportSummary> ExportBundleToPath(store::Store& store, const ExportFilter& filter,
                                         const std::string& path);

// The bundle as a string (tests, small exports).
Result<std::string> ExportBundleString(store::Store& store, const ExportFilter& filter,
                                       ExportSummary* summary = nullptr);

}  // namespace rampart::intel
