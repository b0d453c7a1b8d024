// The hunt pipeline: read inputs batch by batch, match batches on worker
// threads, and deliver hits to one sink in source order.
//
// Determinism (DESIGN.md decision 4): batches are matched in parallel but
// merged strictly in the order they were read, and within a batch in event
// order, then detector order, then rule order, so the output is byte-identical
// whatever the thread count. Correlations run in the merge step, on one
// thread, in that same order.
//
// Partial-failure policy: a file that cannot be opened or a bad record is
// reported (ReadIssue) and counted; the hunt goes on with the next record or
// file.
//
// Logging: at -v (info) each file opened with the reader chosen and the
// file's counts; at -vv (debug) each file's time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rampart/detect/event.h"
#include "rampart/detect/sink.h"
#include "rampart/ingest/reader.h"

namespace rampart::hunt {

// Something that matches events: Sigma rules, IOC sets, STIX patterns. Each
// worker thread gets its own Scratch (NewScratch); Match must be thread-safe
// given distinct scratches.
class Detector {
 public:
  struct Scratch {
    virtual ~Scratch() = default;
  };
  virtual ~Detector() = default;
  virtual std::unique_ptr<Scratch> NewScratch() const = 0;
  virtual void Match(const detect::Event& event, detect::Sink& sink, Scratch& scratch) const = 0;

  // Optional batch prefilter, run on the worker before Match. A detector that
  // can tell cheaply, for a whole batch at once, which events cannot give it
  // a hit sets `may_hit` (resized to batch.size() by the caller, all 1) to 0
  // for those events and returns true; Match is then called only on events
  // left at 1. It must never clear an event Match would hit on, so the
  // output is identical with and without it. Returns false (and leaves
  // `may_hit` alone) if it does not prefilter. Thread-safe as Match.
  virtual bool Prefilter(const ingest::EventBatch& batch, std::vector<uint8_t>& may_hit, Scratch& scratch) const {
    (void)batch, (void)may_hit, (void)scratch;
    return false;
  }
};

// A detector that keeps state across events (multi-observation STIX
// patterns): it sees every in-range event on the merging thread, in source
// order, after that event's stateless hits.
class StatefulDetector {
 public:
  virtual ~StatefulDetector() = default;
  virtual void Match(const detect::Event& event, detect::Sink& sink) = 0;
};

struct PipelineOptions {
  int threads = 1;                      // worker threads (>= 1)
  std::optional<int64_t> since_us;      // events before are skipped
  std::optional<int64_t> until_us;      // events after are skipped
  // With since/until, an event whose time cannot be read is out of range
  // (it cannot be shown to be in it) unless this is set.
  bool keep_untimed = false;
  // read.record_filter (set by the caller only when every detector can
  // do without the events it drops) is ignored without `prefilter`. A
  // dropped record is counted as read; without --since/--until also as in
  // range, with them in PipelineStats::unread (its time was never parsed).
  ingest::ReadOptions read;
  // Use Detector::Prefilter and read.record_filter (off only to check that
  // they change nothing).
  bool prefilter = true;
  // Asked on the calling thread between batches: true stops the hunt after
  // the batches already read (their hits are delivered); `stopped` is set.
  std::function<bool()> stop;
  // Called on the calling thread after each batch is read, with the records
  // and input bytes read so far (for progress reports).
  std::function<void(uint64_t records, uint64_t bytes)> progress;
};

struct PipelineStats {
  uint64_t files = 0;
  uint64_t events = 0;          // records read
  uint64_t events_in_range = 0; // after --since/--until
  // With --since/--until and a record filter: records dropped by the filter
  // unparsed, so not known to be in or out of the time range (they cannot
  // hit: the filter drops only records holding nothing hunted for).
  uint64_t unread = 0;
  uint64_t bytes = 0;
  uint64_t bad_records = 0;
  // With since/until: records parsed whose time could not be read (not
  // hunted unless keep_untimed). Without a time range times are not read: 0.
  uint64_t untimed = 0;
  double seconds = 0;           // wall time of RunPipeline
  bool stopped = false;         // PipelineOptions::stop ended it early
  // Files found by walking a folder whose format is not recognised (README,
  // LICENSE ...): skipped, not read, not errors; not counted in `files`.
  std::vector<std::string> skipped_files;
  std::vector<ingest::ReadIssue> issues;  // every problem, in input order
};

// Runs `detectors` over every input. Hits reach `sink` on the calling thread,
// in source order; the Hit's event is valid during OnHit only.
PipelineStats RunPipeline(const std::vector<std::string>& inputs,
                          const std::vector<const Detector*>& detectors,
                          const std::vector<StatefulDetector*>& stateful, detect::Sink& sink,
                          const PipelineOptions& options);

}  // namespace rampart::hunt
