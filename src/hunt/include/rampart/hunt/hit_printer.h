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
// every hit on one thread, in source order, and writes as it goes. STIX
// objects it makes can also be kept for `--store` (stored_objects()).
//
// STIX output (docs/design/sightings.md): each hit is a sighting of the
// indicator that was hunted (HuntedIndicators: the Sigma rule as a sigma
// indicator, an IOC-list entry as a STIX-pattern indicator, a bundle's or the
// knowledge base's indicator itself). Sightings are aggregated per
// (indicator, log file): `count`, `first_seen`/`last_seen` over its hits, one
// observed-data holding the SCOs of the matched values and of the event's
// addresses, domains, files and accounts, and `where_sighted_refs` naming the
// constituents respond's asset matching finds (SetWhereSighted). Indicators
// and SCOs stream as they are first met; sightings and observed data are
// written by Finish (memory: one entry per (indicator, file), plus one small
// record per hit for incidents).
//
// Determinism: a sighting's id is UUIDv5 over the indicator id and the log
// file's canonical path (however the path was typed), its observed data's
// over the sighting id, SCO ids are STIX's; times come from the events (and
// the rules), so the same hunt gives the same objects and re-storing them
// changes nothing. Only an indicator made for an IOC-list entry is dated
// when the list was read (once stored, the stored one is used).
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "rampart/hunt/annotations.h"
#include "rampart/hunt/hunted_indicators.h"
#include "rampart/hunt/pipeline.h"
#include "rampart/hunt/time_sorter.h"
#include "rampart/detect/sink.h"
#include "rampart/stix/object.h"

namespace rampart::hunt {

enum class HuntOutput { kTable, kJsonl, kCsv, kStix };

struct HitCount {
  std::string title;
  std::string level;
  int64_t hits = 0;
};

// One hit as the sighting that counts it (for incidents).
struct HitSighting {
  std::string sighting_id;
  std::string indicator_id;
  int64_t time_us = 0;  // event time; the indicator's valid_from when the event has none
};

class HitPrinter : public detect::Sink {
 public:
  // `out` must stay open while the printer lives. `keep_stix`: also keep the
  // STIX objects made for each hit (for --store), whatever the output format.
  // `indicators` (may be null: Sigma rules and IOC lists only, nothing
  // looked up in a knowledge base) must outlive the printer.
  HitPrinter(HuntOutput format, std::FILE* out, const Annotations& annotations, bool keep_stix,
             HuntedIndicators* indicators = nullptr);
  ~HitPrinter() override;

  void OnHit(const detect::Hit& hit) override;

  // Records go to `sorter` (owned by the caller, outliving the printer)
  // instead of straight out; not for kStix. Call before the first hit.
  void SortByTime(TimeSorter* sorter) { sorter_ = sorter; }
  // Writes the sorted records (before Finish). The first error of the
  // sorter, if any (then the output is incomplete).
  Status FlushSorted();

  // Constituent identity ids per sighting id (respond's asset matching), for
  // where_sighted_refs. Call before Finish.
  void SetWhereSighted(std::map<std::string, std::vector<std::string>> where) { where_ = std::move(where); }

  // Ends the output (writes the aggregated sightings and closes the STIX
  // bundle) and prints the summary: to `out` after a table, to stderr otherwise.
  void Finish(const PipelineStats& stats, const std::vector<std::string>& errors);

  // Writes the aggregated sightings (and their observed data) now, once:
  // for callers that store a hunt without Finish's summary. Finish calls it.
  void CompleteSightings();

  // The summary Finish prints, as one JSON object (hunt --summary-json):
  //   {"hits", "records", "in_time_range", "untimed", "unread", "files",
  //    "bytes", "bad_records", "seconds", "errors": [...],
  //    "levels": {"high": n, ...}, "rules": [{"id", "title", "level", "hits"}]}
  std::string SummaryJson(const PipelineStats& stats, const std::vector<std::string>& errors) const;

  int64_t hits() const { return hits_; }
  // STIX objects for --store, in creation order (only with keep_stix;
  // complete after Finish).
  std::vector<stix::Object>& stored_objects() { return kept_; }
  // One record per hit, in hit order (with STIX output or keep_stix).
  const std::vector<HitSighting>& hit_sightings() const { return hit_sightings_; }
  // Hits whose indicator could not be made (a Sigma rule file no longer readable).
  int64_t unsighted() const { return unsighted_; }

 private:
  void PrintTable(const detect::Hit& hit);
  void PrintJsonl(const detect::Hit& hit);
  void PrintCsv(const detect::Hit& hit);
  void Emit(const detect::Event& event, const std::string& text);
  void EmitStix(const detect::Hit& hit);
  void WriteStixObject(const stix::Object& object);
  void WriteSightings();
  const std::string& SourceKey(std::string_view file);

  struct PendingSighting {
    std::string id, indicator_id, file_name, fallback_time;
    int64_t count = 0;
    std::optional<int64_t> first_us, last_us;
    std::vector<std::string> sco_ids;  // sorted, unique
  };

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
  std::map<std::string, bool> emitted_;  // STIX ids already written (indicators, SCOs)
  std::unordered_map<const detect::RuleInfo*, std::string> rule_json_;  // jsonl: each rule's "rule" object
  std::vector<stix::Object> kept_;
  std::unique_ptr<HuntedIndicators> own_indicators_;
  HuntedIndicators* indicators_;
  std::vector<PendingSighting> pending_;
  std::map<std::string, size_t> pending_index_;  // sighting id -> index in pending_
  std::map<std::string, std::string, std::less<>> source_keys_;  // path as given -> canonical
  std::map<std::string, std::vector<std::string>> where_;
  std::vector<HitSighting> hit_sightings_;
  int64_t unsighted_ = 0;
  bool sightings_written_ = false;
};

}  // namespace rampart::hunt
