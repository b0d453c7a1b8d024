// Hunts as asynchronous jobs: POST /api/v1/hunts queues one, a bounded pool
// of worker threads (separate from the HTTP threads) runs it through the
// hunt engine `rampart hunt` uses (rampart/hunt), and its hits are written as
// JSON lines to a file the hits routes page through.
//
// Jobs. queued -> running -> done | failed | cancelled (queued -> cancelled
// too). A job belongs to the user who started it; the routes show it to that
// user and to admins. Ended jobs are kept for `hunt_retention` and at most
// `max_hunt_jobs` of them (the oldest ended go first); at most
// `max_hunt_queue` jobs wait, beyond that Submit answers ResourceExhausted.
//
// Files. Every job has a folder under one work folder made at construction
// (in $TMPDIR): its uploaded log, if any, and hits.jsonl. Removing a job
// removes its folder; destruction removes the work folder.
//
// Thread-safety: every member function may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "rampart/core/status.h"
#include "rampart/server/server.h"

namespace rampart::server {

enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };
std::string_view JobStateName(JobState state);

struct HuntSpec {
  std::vector<std::string> rule_sets;  // names of configured rule sets (RuleSets)
  std::vector<std::string> inputs;     // log files to read (checked by the caller)
  std::string source;                  // what the caller gave: the path, or "upload: NAME"
  std::string format = "auto";         // ingest reader name
  bool store = false;                  // record sightings and incidents (hunt --store)
  std::string constituent;             // with store: the logs come from its sensor
  std::string owner;                   // user name
};

// The operator's rule sets (serve --rules PATH): named after the file or
// folder (without .yml/.yaml; a repeated name gets -2, -3 ...). Loaded on
// first use to count their rules.
class RuleSets {
 public:
  explicit RuleSets(const std::vector<std::string>& paths);
  // The paths of `names`; InvalidInput naming the first unknown one.
  Result<std::vector<std::string>> PathsOf(const std::vector<std::string>& names) const;
  // [{name, rules, correlations, errors}] in configuration order.
  nlohmann::json Describe();
  bool empty() const { return sets_.empty(); }

 private:
  struct Set {
    std::string name;
    std::string path;
    std::optional<nlohmann::json> counts;
  };
  std::mutex mu_;
  std::vector<Set> sets_;
};

// Whether `path` may be hunted: its real path (symlinks resolved) lies
// under one of `roots` (also resolved). Returns the real paths of the files
// it names (a folder: every file in it, each checked the same way).
// PermissionDenied for `..`, a path outside every root, a symlink out or no
// root configured; NotFound if it does not exist.
Result<std::vector<std::string>> ResolveHuntPath(const std::vector<std::string>& roots, const std::string& path);

class HuntJobs {
 public:
  // `config` and `write_mutex` must outlive the HuntJobs. Starts the workers.
  HuntJobs(const ServerConfig& config, std::mutex& write_mutex);
  ~HuntJobs();  // cancels every job, joins the workers, removes the files
  HuntJobs(const HuntJobs&) = delete;
  HuntJobs& operator=(const HuntJobs&) = delete;

  RuleSets& rule_sets() { return rule_sets_; }

  // A fresh job folder for an upload; the file to write the log to is
  // returned with the id Submit must then be given. Internal on I/O errors.
  Result<std::pair<std::string, std::string>> NewUpload(std::string_view filename);
  // Queues `spec` (under `id` from NewUpload, or a new id if empty) and
  // returns the id. ResourceExhausted when the queue is full.
  Result<std::string> Submit(HuntSpec spec, std::string id = "");

  // The job as the API shows it; nullopt if unknown. `owner` receives its owner.
  std::optional<nlohmann::json> Describe(const std::string& id, std::string* owner);
  // Every job `user` may see (all of them with `all`), newest first.
  nlohmann::json List(const std::string& user, bool all);

  enum class CancelOutcome { kCancelled, kEnded, kNotFound };
  CancelOutcome Cancel(const std::string& id);
  // Removes an ended job and its files; false if unknown or not ended.
  bool Remove(const std::string& id);

  struct HitsPage {
    std::vector<std::string> lines;  // JSON lines, without '\n'
    std::optional<uint64_t> next;    // cursor of the next page; none once ended and read
  };
  // Hits from byte offset `cursor` (a line start; 0 = first), at most
  // `limit` lines. InvalidInput for a cursor that is not a line start
  // within the hits; NotFound for an unknown job.
  Result<HitsPage> Hits(const std::string& id, uint64_t cursor, size_t limit);

 private:
  struct Job;
  void Work();
  void Run(Job& job);
  void PruneLocked();

  const ServerConfig& config_;
  std::mutex& write_mutex_;
  RuleSets rule_sets_;
  std::string work_dir_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::vector<std::thread> workers_;
};

}  // namespace rampart::server
