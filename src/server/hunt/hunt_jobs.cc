// The job table and its worker pool. Running one job is hunt_run.cc.
#include "hunt/hunt_jobs.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "hunt/hunt_job.h"
#include "rampart/core/id.h"

namespace rampart::server {

namespace fs = std::filesystem;

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "unknown";
}

namespace {

bool Ended(JobState state) { return state != JobState::kQueued && state != JobState::kRunning; }

// A name safe as a file name: the last path component, odd bytes replaced.
std::string SafeFileName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (char c : name.substr(0, 100)) out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_');
  if (out.empty() || out[0] == '.') out.insert(0, "upload");
  return out;
}

}  // namespace

HuntJobs::HuntJobs(const ServerConfig& config, std::mutex& write_mutex)
    : config_(config), write_mutex_(write_mutex), rule_sets_(config.rule_sets) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string pattern = (base / "rampart-hunts-XXXXXX").string();
  if (::mkdtemp(pattern.data()) != nullptr) work_dir_ = pattern;
  for (int i = 0; i < std::max(1, config_.hunt_workers); ++i) workers_.emplace_back([this] { Work(); });
}

HuntJobs::~HuntJobs() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (auto& [id, job] : jobs_) job->cancel = true;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
  std::error_code ec;
  if (!work_dir_.empty()) fs::remove_all(work_dir_, ec);
}

Result<std::pair<std::string, std::string>> HuntJobs::NewUpload(std::string_view filename) {
  if (work_dir_.empty()) return Internal("no folder for hunt files");
  std::string id = UuidV4();
  std::error_code ec;
  fs::path dir = fs::path(work_dir_) / id;
  fs::create_directory(dir, ec);
  if (ec) return Internal("cannot make a folder for the upload");
  return std::make_pair(id, (dir / SafeFileName(filename)).string());
}

Result<std::string> HuntJobs::Submit(HuntSpec spec, std::string id) {
  if (work_dir_.empty()) return Internal("no folder for hunt files");
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  if (queue_.size() >= config_.max_hunt_queue) {
    std::error_code ec;
    if (!id.empty()) fs::remove_all(fs::path(work_dir_) / id, ec);  // the refused upload
    return MakeError(absl::StatusCode::kResourceExhausted, "too many hunts waiting; try again later");
  }
  if (id.empty()) id = UuidV4();
  std::error_code ec;
  fs::path dir = fs::path(work_dir_) / id;
  fs::create_directories(dir, ec);
  if (ec) return Internal("cannot make a folder for the hunt");
  auto job = std::make_shared<Job>();
  job->id = id;
  job->spec = std::move(spec);
  job->dir = dir.string();
  job->hits_path = (dir / "hits.jsonl").string();
  job->created = std::chrono::system_clock::now();
  std::ofstream(job->hits_path).flush();  // exists (empty) from the start: hits can be paged at once
  jobs_[id] = job;
  queue_.push_back(job);
  cv_.notify_one();
  return id;
}

void HuntJobs::Work() {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      if (job->cancel) continue;  // cancelled while queued: already marked
      std::lock_guard<std::mutex> job_lock(job->mu);
      job->state = JobState::kRunning;
      job->started = std::chrono::system_clock::now();
    }
    Run(*job);
  }
}

void HuntJobs::PruneLocked() {
  const auto now = std::chrono::system_clock::now();
  std::vector<std::pair<std::chrono::system_clock::time_point, std::string>> ended;
  for (auto& [id, job] : jobs_) {
    std::lock_guard<std::mutex> job_lock(job->mu);
    if (Ended(job->state)) ended.emplace_back(job->finished, id);
  }
  std::sort(ended.begin(), ended.end());
  size_t excess = ended.size() > config_.max_hunt_jobs ? ended.size() - config_.max_hunt_jobs : 0;
  for (size_t i = 0; i < ended.size(); ++i) {
    if (i >= excess && now - ended[i].first < config_.hunt_retention) continue;
    std::error_code ec;
    fs::remove_all(jobs_[ended[i].second]->dir, ec);
    jobs_.erase(ended[i].second);
  }
}

std::optional<nlohmann::json> HuntJobs::Describe(const std::string& id, std::string* owner) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return std::nullopt;
    job = it->second;
  }
  if (owner != nullptr) *owner = job->spec.owner;
  return job->ToJson();
}

nlohmann::json HuntJobs::List(const std::string& user, bool all) {
  std::vector<std::shared_ptr<Job>> visible;
  {
    std::lock_guard<std::mutex> lock(mu_);
    PruneLocked();
    for (auto& [id, job] : jobs_) {
      if (all || job->spec.owner == user) visible.push_back(job);
    }
  }
  std::sort(visible.begin(), visible.end(), [](const auto& a, const auto& b) { return a->created > b->created; });
  nlohmann::json items = nlohmann::json::array();
  for (const auto& job : visible) items.push_back(job->ToJson());
  return items;
}

HuntJobs::CancelOutcome HuntJobs::Cancel(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return CancelOutcome::kNotFound;
  Job& job = *it->second;
  std::lock_guard<std::mutex> job_lock(job.mu);
  if (Ended(job.state)) return CancelOutcome::kEnded;
  job.cancel = true;
  if (job.state == JobState::kQueued) {  // never started: ends now
    job.state = JobState::kCancelled;
    job.finished = std::chrono::system_clock::now();
  }
  return CancelOutcome::kCancelled;
}

bool HuntJobs::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return false;
  {
    std::lock_guard<std::mutex> job_lock(it->second->mu);
    if (!Ended(it->second->state)) return false;
  }
  std::error_code ec;
  fs::remove_all(it->second->dir, ec);
  jobs_.erase(it);
  return true;
}

Result<HuntJobs::HitsPage> HuntJobs::Hits(const std::string& id, uint64_t cursor, size_t limit) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return NotFound("no such hunt");
    job = it->second;
  }
  bool ended;
  {
    std::lock_guard<std::mutex> job_lock(job->mu);
    ended = Ended(job->state);  // read before the file: a line written after is picked up next time
  }
  std::ifstream in(job->hits_path, std::ios::binary);
  if (!in) return NotFound("no such hunt");
  in.seekg(0, std::ios::end);
  const uint64_t size = static_cast<uint64_t>(in.tellg());
  if (cursor > size) return InvalidInput("cursor beyond the hits");
  if (cursor > 0) {
    in.seekg(static_cast<std::streamoff>(cursor - 1));
    if (in.get() != '\n') return InvalidInput("cursor is not the start of a hit");
  }
  in.seekg(static_cast<std::streamoff>(cursor));
  HitsPage page;
  uint64_t at = cursor;
  std::string line;
  while (page.lines.size() < limit && std::getline(in, line)) {
    if (in.eof()) break;  // a line still being written (no '\n' yet)
    at += line.size() + 1;
    page.lines.push_back(std::move(line));
  }
  if (!ended || at < size) page.next = at;
  return page;
}

}  // namespace rampart::server
