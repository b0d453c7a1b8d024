#include "rampart/hunt/pipeline.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <deque>
#include <future>

#include "rampart/ingest/registry.h"
#include "rampart/ingest/source.h"

namespace rampart::hunt {
namespace {

// A detection hit copied out of the worker, to be replayed in order.
struct PendingHit {
  uint32_t event_index;
  const detect::RuleInfo* rule;
  std::vector<std::pair<std::string, std::string>> matched;
};

class PendingSink final : public detect::Sink {
 public:
  explicit PendingSink(std::vector<PendingHit>& out) : out_(out) {}
  void set_event(uint32_t index) { index_ = index; }
  void OnHit(const detect::Hit& hit) override {
    PendingHit pending{index_, hit.rule, {}};
    pending.matched.reserve(hit.matched.size());
    for (const auto& m : hit.matched) pending.matched.emplace_back(std::string(m.field), std::string(m.value));
    out_.push_back(std::move(pending));
  }

 private:
  std::vector<PendingHit>& out_;
  uint32_t index_ = 0;
};

struct BatchResult {
  std::vector<PendingHit> hits;
  std::vector<uint8_t> in_range;  // per event
  uint64_t untimed = 0;
};

bool InRange(std::optional<int64_t> t, const PipelineOptions& options) {
  if (!t) return options.keep_untimed;
  if (options.since_us && *t < *options.since_us) return false;
  if (options.until_us && *t > *options.until_us) return false;
  return true;
}

// Worker-side: one batch through every detector.
BatchResult MatchBatch(const ingest::EventBatch& batch, const std::vector<const Detector*>& detectors,
                       const PipelineOptions& options) {
  BatchResult result;
  result.in_range.resize(batch.size());
  const bool time_range = options.since_us || options.until_us;
  std::vector<std::unique_ptr<Detector::Scratch>> scratches;
  for (const Detector* d : detectors) scratches.push_back(d->NewScratch());
  // Per detector, the events it may hit (empty: all). A prefilter that
  // clears an event only skips work, never a hit (pipeline.h).
  std::vector<std::vector<uint8_t>> may_hit(detectors.size());
  if (options.prefilter) {
    for (size_t d = 0; d < detectors.size(); ++d) {
      may_hit[d].assign(batch.size(), 1);
      if (!detectors[d]->Prefilter(batch, may_hit[d], *scratches[d])) may_hit[d].clear();
    }
  }
  PendingSink sink(result.hits);
  for (size_t i = 0; i < batch.size(); ++i) {
    const detect::Event& event = batch[i];
    if (time_range) {  // without one, the time is not needed (W3C parses it per call)
      std::optional<int64_t> t = event.TimeUs();
      if (!t) ++result.untimed;
      if (!InRange(t, options)) continue;
    }
    result.in_range[i] = 1;
    sink.set_event(static_cast<uint32_t>(i));
    for (size_t d = 0; d < detectors.size(); ++d) {
      if (!may_hit[d].empty() && !may_hit[d][i]) continue;
      detectors[d]->Match(event, sink, *scratches[d]);
    }
  }
  return result;
}

// Main-thread side: replay one batch's hits into the sink, in order.
void Replay(const ingest::EventBatch& batch, const PendingHit& pending, detect::Sink& sink) {
  std::vector<detect::MatchedField> matched;
  matched.reserve(pending.matched.size());
  for (const auto& [field, value] : pending.matched) matched.push_back({field, value});
  detect::Hit hit;
  hit.rule = pending.rule;
  hit.event = &batch[pending.event_index];
  hit.matched = std::move(matched);
  sink.OnHit(hit);
}

void Deliver(const ingest::EventBatch& batch, const BatchResult& result,
             const std::vector<StatefulDetector*>& stateful, detect::Sink& sink, PipelineStats& stats) {
  for (uint8_t in : result.in_range) stats.events_in_range += in;
  stats.untimed += result.untimed;
  if (stateful.empty()) {
    for (const PendingHit& pending : result.hits) Replay(batch, pending, sink);
    return;
  }
  // Interleave: each event's stateless hits, then the stateful detectors.
  size_t next = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    while (next < result.hits.size() && result.hits[next].event_index == i) Replay(batch, result.hits[next++], sink);
    if (!result.in_range[i]) continue;
    for (StatefulDetector* d : stateful) d->Match(batch[i], sink);
  }
}

struct InFlight {
  std::unique_ptr<ingest::EventBatch> batch;
  std::future<BatchResult> result;
  // Issues of the file this batch ended, reported after its hits.
  std::vector<ingest::ReadIssue> file_issues;
};

}  // namespace

PipelineStats RunPipeline(const std::vector<std::string>& inputs,
                          const std::vector<const Detector*>& detectors,
                          const std::vector<StatefulDetector*>& stateful, detect::Sink& sink,
                          const PipelineOptions& options) {
  PipelineStats stats;
  const auto started = std::chrono::steady_clock::now();
  ingest::ReadOptions read = options.read;
  // A filtered record is counted as read without being parsed; its time is
  // unknown, which matters only with a time range (PipelineStats::unread).
  if (!options.prefilter) read.record_filter.reset();
  read.threads = std::max(1, options.threads);
  const bool time_range = options.since_us || options.until_us;
  ingest::InputList expanded = ingest::ExpandInputs(inputs);
  stats.issues = expanded.issues;
  const size_t max_in_flight = static_cast<size_t>(std::max(1, options.threads)) + 1;
  std::deque<InFlight> in_flight;
  // Batches are reused: a fresh one per Next() faulted in its 4 MiB buffer
  // and event arrays every time (~3 s of system time per GiB on one thread).
  std::vector<std::unique_ptr<ingest::EventBatch>> spare;
  auto drain_one = [&] {
    InFlight& front = in_flight.front();
    Deliver(*front.batch, front.result.get(), stateful, sink, stats);
    stats.issues.insert(stats.issues.end(), front.file_issues.begin(), front.file_issues.end());
    spare.push_back(std::move(front.batch));
    in_flight.pop_front();
  };
  for (size_t input = 0; input < expanded.paths.size() && !stats.stopped; ++input) {
    const std::string& path = expanded.paths[input];
    const auto file_started = std::chrono::steady_clock::now();
    auto reader = ingest::OpenReader(path, read);
    if (!reader.ok()) {
      // A README or LICENSE beside the logs of a folder is not an error.
      if (input < expanded.walked.size() && expanded.walked[input] &&
          ingest::IsFormatNotRecognised(reader.status())) {
        spdlog::info("{}: skipped: format not recognised", path);
        stats.skipped_files.push_back(path);
        continue;
      }
      ++stats.files;
      spdlog::info("{}: not read: {}", path, std::string(reader.status().message()));
      stats.issues.push_back({path, 0, 0, std::string(reader.status().message())});
      continue;
    }
    ++stats.files;
    spdlog::info("{}: reading as {}", path, std::string((*reader)->format()));
    while (true) {
      if (options.stop && options.stop()) {
        stats.stopped = true;
        break;
      }
      std::unique_ptr<ingest::EventBatch> batch;
      if (spare.empty()) {
        batch = std::make_unique<ingest::EventBatch>();
      } else {
        batch = std::move(spare.back());
        spare.pop_back();
      }
      if (!(*reader)->Next(*batch)) {
        spare.push_back(std::move(batch));
        break;
      }
      stats.events += batch->size();
      if (options.progress) options.progress(stats.events, stats.bytes + (*reader)->stats().bytes);
      if (options.threads <= 1) {
        BatchResult result = MatchBatch(*batch, detectors, options);
        Deliver(*batch, result, stateful, sink, stats);
        spare.push_back(std::move(batch));
        continue;
      }
      if (in_flight.size() >= max_in_flight) drain_one();
      const ingest::EventBatch* raw = batch.get();
      in_flight.push_back({std::move(batch), std::async(std::launch::async, [raw, &detectors, &options] {
                             return MatchBatch(*raw, detectors, options);
                           })});
    }
    // Batches own their buffers (reader.h), so the reader may go now; its
    // issues ride on its last batch so they are reported in input order.
    const ingest::ReadStats& rs = (*reader)->stats();
    spdlog::info("{}: {} records, {} bad, {} bytes{}", path, rs.events + rs.filtered, rs.bad_records, rs.bytes,
                 (*reader)->stats().clean() ? "" : " (problems reported below)");
    spdlog::debug("{}: read in {:.3f} s", path,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - file_started).count());
    stats.bytes += rs.bytes;
    stats.bad_records += rs.bad_records;
    stats.events += rs.filtered;
    (time_range ? stats.unread : stats.events_in_range) += rs.filtered;
    if (in_flight.empty()) {
      stats.issues.insert(stats.issues.end(), rs.issues.begin(), rs.issues.end());
    } else {
      auto& tail = in_flight.back().file_issues;
      tail.insert(tail.end(), rs.issues.begin(), rs.issues.end());
    }
  }
  while (!in_flight.empty()) drain_one();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace rampart::hunt
