// Printing hunt hits: a human table, JSON lines, or a STIX 2.1 bundle of
// sightings; plus the summary (hits per rule and level, records, errors).
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
#include <vector>

#include "hunt/annotations.h"
#include "hunt/hunted_indicators.h"
#include "hunt/pipeline.h"
#include "rampart/detect/sink.h"
#include "rampart/stix/object.h"

namespace rampart::cli {

enum class HuntOutput { kTable, kJsonl, kStix };

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

  // Constituent identity ids per sighting id (respond's asset matching), for
  // where_sighted_refs. Call before Finish.
  void SetWhereSighted(std::map<std::string, std::vector<std::string>> where) { where_ = std::move(where); }

  // Ends the output (writes the aggregated sightings and closes the STIX
  // bundle) and prints the summary: to `out` after a table, to stderr otherwise.
  void Finish(const PipelineStats& stats, const std::vector<std::string>& errors);

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
  int64_t hits_ = 0;
  bool bundle_open_ = false;
  bool first_object_ = true;
  std::map<std::string, HitCount> per_rule_;  // rule id -> counts
  std::map<std::string, int64_t> per_level_;
  std::map<std::string, bool> emitted_;  // STIX ids already written (indicators, SCOs)
  std::vector<stix::Object> kept_;
  std::unique_ptr<HuntedIndicators> own_indicators_;
  HuntedIndicators* indicators_;
  std::vector<PendingSighting> pending_;
  std::map<std::string, size_t> pending_index_;  // sighting id -> index in pending_
  std::map<std::string, std::string, std::less<>> source_keys_;  // path as given -> canonical
  std::map<std::string, std::vector<std::string>> where_;
  std::vector<HitSighting> hit_sightings_;
  int64_t unsighted_ = 0;
};

}  // namespace rampart::cli
