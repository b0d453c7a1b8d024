// Running one hunt job with the engine `rampart hunt` uses: the rule sets
// are loaded and compiled per job (a job is seconds to minutes of work; the
// compile is part of it), hits go to hits.jsonl through the HitPrinter's JSON
// lines (the same objects `hunt --output jsonl` prints), and with `store`
// the sightings and incidents are written as `hunt --store` writes them,
// under the server's write mutex.
#include <fmt/format.h>

#include <filesystem>

#include "hunt/hunt_job.h"
#include "rampart/core/time.h"
#include "rampart/detect/correlation.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/hunt/annotations.h"
#include "rampart/hunt/detectors.h"
#include "rampart/hunt/hit_printer.h"
#include "rampart/hunt/incidents.h"
#include "rampart/hunt/pipeline.h"
#include "rampart/hunt/source_coverage.h"
#include "rampart/ingest/source.h"
#include "rampart/store/open.h"

namespace rampart::server {
namespace {

std::string Iso(std::chrono::system_clock::time_point t) {
  if (t.time_since_epoch().count() == 0) return "";
  return FormatTimestamp(std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

// Counts hits as they pass, for progress reports.
class CountingSink final : public detect::Sink {
 public:
  CountingSink(detect::Sink& next, std::atomic<uint64_t>& count) : next_(next), count_(count) {}
  void OnHit(const detect::Hit& hit) override {
    next_.OnHit(hit);
    ++count_;
  }

 private:
  detect::Sink& next_;
  std::atomic<uint64_t>& count_;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

nlohmann::json HuntJobs::Job::ToJson() {
  std::lock_guard<std::mutex> lock(mu);
  const uint64_t total = total_bytes, read = bytes;
  double progress = state == JobState::kDone ? 1.0 : total > 0 ? std::min(1.0, double(read) / double(total)) : 0.0;
  nlohmann::json j = {{"id", id},
                      {"state", JobStateName(state)},
                      {"owner", spec.owner},
                      {"source", spec.source},
                      {"rule_sets", spec.rule_sets},
                      {"store", spec.store},
                      {"created", Iso(created)},
                      {"started", Iso(started)},
                      {"finished", Iso(finished)},
                      {"records", records.load()},
                      {"bytes", read},
                      {"total_bytes", total},
                      {"progress", progress},
                      {"hits", hits.load()}};
  if (!message.empty()) j["message"] = message;
  if (!summary.is_null()) j["summary"] = summary;
  if (!incidents.is_null()) j["incidents"] = incidents;
  return j;
}

void HuntJobs::Run(Job& job) {
  auto finish = [&job](JobState state, std::string message) {
    std::lock_guard<std::mutex> lock(job.mu);
    job.state = state;
    job.message = std::move(message);
    job.finished = std::chrono::system_clock::now();
  };
  Result<std::vector<std::string>> paths = rule_sets_.PathsOf(job.spec.rule_sets);
  if (!paths.ok()) return finish(JobState::kFailed, std::string(paths.status().message()));
  detect::RuleSet rules = detect::RuleSet::Load(*paths);
  if (rules.rules().empty()) return finish(JobState::kFailed, "no usable rule in the chosen rule sets");
  auto matcher = detect::Matcher::Compile(rules);
  if (!matcher.ok()) return finish(JobState::kFailed, std::string(matcher.status().message()));
  // The knowledge base names techniques and actors; with `store` it is written.
  auto kb = store::OpenStore(config_.store_location);
  if (!kb.ok() && job.spec.store) return finish(JobState::kFailed, "the knowledge base cannot be opened");
  store::Store* kb_ptr = kb.ok() ? kb->get() : nullptr;
  hunt::Annotations annotations = hunt::Annotations::Build(rules, kb_ptr);

  std::unique_ptr<std::FILE, FileCloser> out(std::fopen(job.hits_path.c_str(), "w"));
  if (out == nullptr) return finish(JobState::kFailed, "cannot write the hits");
  uint64_t total = 0;
  for (const std::string& path : ingest::ExpandInputs(job.spec.inputs).paths) {
    std::error_code ec;
    uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec) total += size;
  }
  job.total_bytes = total;

  hunt::SigmaDetector sigma(**matcher);
  hunt::SourceCoverage coverage;
  hunt::HitPrinter printer(hunt::HuntOutput::kJsonl, out.get(), annotations, job.spec.store);
  CountingSink counter(printer, job.hits);
  hunt::IncidentCollector collector(counter, annotations);
  detect::Sink* sink = job.spec.store ? static_cast<detect::Sink*>(&collector) : &counter;
  std::unique_ptr<detect::Correlator> correlator;
  if (!rules.correlations().empty()) {
    auto created = detect::Correlator::Create(rules, *sink);
    if (!created.ok()) return finish(JobState::kFailed, std::string(created.status().message()));
    correlator = std::move(*created);
    sink = correlator.get();
  }
  hunt::PipelineOptions options;
  options.threads = std::max(1, config_.hunt_threads);
  options.read.format = job.spec.format;
  options.stop = [&job] { return job.cancel.load(); };
  options.progress = [&job, &out](uint64_t records, uint64_t bytes) {
    job.records = records;
    job.bytes = bytes;
    std::fflush(out.get());  // hits so far become readable
  };
  hunt::PipelineStats stats = hunt::RunPipeline(job.spec.inputs, {&sigma, &coverage}, {}, *sink, options);
  std::fflush(out.get());
  job.records = stats.events;
  job.bytes = stats.bytes;
  std::vector<std::string> errors;
  for (const ingest::ReadIssue& issue : stats.issues) errors.push_back(issue.ToString());
  nlohmann::json summary = nlohmann::json::parse(printer.SummaryJson(stats, errors), nullptr, false);
  {
    std::lock_guard<std::mutex> lock(job.mu);
    job.summary = std::move(summary);
  }
  if (stats.stopped || job.cancel) return finish(JobState::kCancelled, "");  // nothing stored
  hunt::IncidentFlags flags;
  flags.constituent = job.spec.constituent;
  if (job.spec.store) {
    if (Status st = hunt::NameWhereSighted(printer, collector, **kb, flags); !st.ok()) {
      return finish(JobState::kFailed, std::string(st.message()));
    }
    printer.CompleteSightings();
  }
  if (job.spec.store && !printer.stored_objects().empty()) {
    std::lock_guard<std::mutex> write(write_mutex_);
    if (job.cancel) return finish(JobState::kCancelled, "");  // cancelled while waiting to write: nothing stored
    auto stored = hunt::StoreHuntResults(**kb, printer.stored_objects(), collector, flags, nullptr);
    if (!stored.ok()) return finish(JobState::kFailed, std::string(stored.status().message()));
    std::lock_guard<std::mutex> lock(job.mu);
    job.incidents = {{"opened", stored->opened},
                     {"updated", stored->updated},
                     {"unchanged", stored->unchanged},
                     {"unassigned", stored->unassigned},
                     {"ids", stored->ids},
                     {"stored_objects", printer.stored_objects().size()}};
  }
  finish(JobState::kDone, "");
}

}  // namespace rampart::server
