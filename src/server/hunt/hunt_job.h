// One hunt job's state, shared by the job table (hunt_jobs.cc) and the
// worker running it (hunt_run.cc). Counters the worker updates while the
// hunt runs are atomics; the rest is under `mu`.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "hunt/hunt_jobs.h"

namespace rampart::server {

struct HuntJobs::Job {
  std::string id;
  HuntSpec spec;
  std::string dir;        // the job's folder
  std::string hits_path;  // hits.jsonl in it
  std::atomic<bool> cancel{false};
  std::atomic<uint64_t> records{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> total_bytes{0};  // of the inputs, for the progress fraction
  std::atomic<uint64_t> hits{0};

  std::mutex mu;
  JobState state = JobState::kQueued;
  std::chrono::system_clock::time_point created, started, finished;
  std::string message;        // why it failed
  nlohmann::json summary;     // the hunt summary (HitPrinter::SummaryJson) once ended
  nlohmann::json incidents;   // with store: {opened, updated, unchanged, ids}

  // The job as GET /api/v1/hunts/{id} answers it.
  nlohmann::json ToJson();
};

}  // namespace rampart::server
