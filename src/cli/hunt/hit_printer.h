// Printing hunt hits: a human table, JSON lines, a CSV timeline, or a STIX
// 2.1 bundle of sightings; plus the summary (hits per rule and level,
// records, errors).
//
// The CSV timeline (RFC 4180, one header line) has the columns time,
// computer, channel, event_id, level, rule_title, rule_id, techniques,
// actors, source_file, source_record, matched; lists inside a cell are
// joined with "; ". A cell that a spreadsheet would read as a formula
// (starting with = + - @, tab or CR) is prefixed with a single quote.
//
// With a TimeSorter (SortByTime) the table, JSON lines and CSV records go
// through it and come out by event time at FlushSorted().
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
#include <unordered_map>
#include <vector>

#include "hunt/annotations.h"
#include "hunt/pipeline.h"
#include "hunt/time_sorter.h"
#include "rampart/detect/sink.h"
#include "rampart/stix/object.h"

namespace rampart::cli {

enum class HuntOutput { kTable, kJsonl, kCsv, kStix };

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

  // Records go to `sorter` (owned by the caller, outliving the printer)
  // instead of straight out; not for kStix. Call before the first hit.
  void SortByTime(TimeSorter* sorter) { sorter_ = sorter; }
  // Writes the sorted records (before Finish). The first error of the
  // sorter, if any (then the output is incomplete).
  Status FlushSorted();

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
  void PrintCsv(const detect::Hit& hit);
  void Emit(const detect::Event& event, const std::string& text);
  void EmitStix(const detect::Hit& hit);
  void WriteStixObject(const stix::Object& object);

  HuntOutput format_;
  std::FILE* out_;
  const Annotations& annotations_;
  bool keep_stix_;
  TimeSorter* sorter_ = nullptr;
  Status sort_status_;
  int64_t hits_ = 0;
  bool bundle_open_ = false;
  bool first_object_ = true;
  std::map<std::string, HitCount> per_rule_;  // rule id -> counts
  std::map<std::string, int64_t> per_level_;
  std::map<std::string, bool> emitted_;
  std::unordered_map<const detect::RuleInfo*, std::string> rule_json_;  // jsonl: each rule's "rule" object  // STIX ids already written (indicators, SCOs)
  std::vector<stix::Object> kept_;
};

}  // namespace rampart::cli
