// Printing hunt hits: a human table, JSON lines, or a STIX 2.1 bundle of
// sightings; plus the summary (hits per rule and level, records, errors).
//
// A HitPrinter is the in-order sink at the end of the pipeline: it receives
// every hit on one thread, in source order, and writes as it goes (the STIX
// bundle streams too), so memory stays flat however many hits there are.
// STIX objects it makes can also be kept for `--store` (stored_objects()).
//
// Determinism: ids of sightings, indicators and observed data are UUIDv5 over
// their content (rule id, file, line/record); timestamps come from the event,
// so the same hunt gives byte-identical output and re-storing it changes
// nothing.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rampart/hunt/annotations.h"
#include "rampart/hunt/pipeline.h"
#include "rampart/detect/sink.h"
#include "rampart/stix/object.h"

namespace rampart::hunt {

enum class HuntOutput { kTable, kJsonl, kStix };

struct HitCount {
  std::string title;
  std::string level;
  int64_t hits = 0;
};

class HitPrinter : public detect::Sink {
 public:
  // `out` must stay open while the printer lives. `keep_stix`: also keep the
  // STIX objects made for each hit (for --store), whatever the output format.
  HitPrinter(HuntOutput format, std::FILE* out, const Annotations& annotations, bool keep_stix);
  ~HitPrinter() override;

  void OnHit(const detect::Hit& hit) override;

  // Ends the output (closes the STIX bundle) and prints the summary: to `out`
  // after a table, to stderr otherwise.
  void Finish(const PipelineStats& stats, const std::vector<std::string>& errors);

  // The summary Finish prints, as one JSON object (hunt --summary-json):
  //   {"hits", "records", "in_time_range", "untimed", "unread", "files",
  //    "bytes", "bad_records", "seconds", "errors": [...],
  //    "levels": {"high": n, ...}, "rules": [{"id", "title", "level", "hits"}]}
  std::string SummaryJson(const PipelineStats& stats, const std::vector<std::string>& errors) const;

  int64_t hits() const { return hits_; }
  // STIX objects for --store, in creation order (only with keep_stix).
  std::vector<stix::Object>& stored_objects() { return kept_; }

 private:
  void PrintTable(const detect::Hit& hit);
  void PrintJsonl(const detect::Hit& hit);
  void EmitStix(const detect::Hit& hit);
  void WriteStixObject(const stix::Object& object);

  HuntOutput format_;
  std::FILE* out_;
  const Annotations& annotations_;
  bool keep_stix_;
  int64_t hits_ = 0;
  bool bundle_open_ = false;
  bool first_object_ = true;
  std::map<std::string, HitCount> per_rule_;  // rule id -> counts
  std::map<std::string, int64_t> per_level_;
  std::map<std::string, bool> emitted_;  // STIX ids already written (indicators, SCOs)
  std::vector<stix::Object> kept_;
};

}  // namespace rampart::hunt
