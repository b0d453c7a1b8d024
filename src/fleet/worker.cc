#include "rampart/fleet/worker.h"

#include <fmt/format.h>

#include <time.h>

#include <chrono>
#include <optional>
#include <thread>

#include "rampart/fleet/alert.h"
#include "rampart/fleet/batch.h"

namespace rampart::fleet {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Turns hits into alerts for one batch, in hit order.
class AlertSink final : public detect::Sink {
 public:
  AlertSink(const BatchMessage& batch, const std::string& version, std::vector<Alert>& out)
      : batch_(batch), version_(version), out_(out) {}
  void set_shift(int64_t shift) { shift_ = shift; }
  void OnHit(const detect::Hit& hit) override {
    const detect::EventSource where = hit.event->Source();
    Alert a;
    a.version = version_;
    a.rule = hit.rule->id.empty() ? hit.rule->title : hit.rule->id;
    a.title = hit.rule->title;
    a.file = batch_.file;
    a.line = where.line;
    a.record = where.record;
    a.format = batch_.format;
    const int64_t local = where.line - shift_;  // the line within the batch text
    int64_t count = 0;
    a.layout = LayoutBefore(batch_.format, batch_.text, local, count);
    a.text = std::string(LineOf(batch_.text, local));
    for (const detect::MatchedField& m : hit.matched) a.matched.emplace_back(std::string(m.field), std::string(m.value));
    a.source = batch_.source;
    a.constituent = batch_.constituent;
    a.batch = batch_.id;
    a.index = static_cast<int64_t>(out_.size());
    out_.push_back(std::move(a));
  }

 private:
  const BatchMessage& batch_;
  const std::string& version_;
  std::vector<Alert>& out_;
  int64_t shift_ = 0;
};

class Worker {
 public:
  Worker(Connection& conn, std::unique_ptr<DetectionSet> rules, const WorkerOptions& options, std::FILE* log)
      : conn_(conn), rules_(std::move(rules)), options_(options), log_(log) {}
  ~Worker() { natsSubscription_Destroy(sub_); }

  Status Start() {
    RAMPART_RETURN_IF_ERROR(EnsureStream(conn_, options_.events));
    RAMPART_RETURN_IF_ERROR(EnsureStream(conn_, options_.alerts));
    RAMPART_RETURN_IF_ERROR(EnsureConsumer(conn_, options_.events.name, kWorkerConsumer, options_.ack_wait_s, 1000));
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = options_.events.name.c_str();
    so.Consumer = kWorkerConsumer;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_PullSubscribe(&sub_, conn_.js(), options_.events.subjects.c_str(), kWorkerConsumer, nullptr, &so, &code);
    if (s != NATS_OK) return NatsError(s, "pull subscribe " + options_.events.name, code);
    if (rules_ != nullptr) Announce();
    return Status();
  }

  Result<WorkerStats> Run() {
    const auto started = Clock::now();
    const double cpu_started = ProcessCpuSeconds();
    auto last_work = Clock::now();
    auto last_rules_check = Clock::now() - std::chrono::seconds(10);
    for (;;) {
      if (options_.rules_from_nats && Since(last_rules_check) >= 1.0) {
        last_rules_check = Clock::now();
        RAMPART_RETURN_IF_ERROR(FollowRules());
      }
      if (rules_ == nullptr) {  // nothing published yet
        if (options_.exit_when_idle_s > 0 && Since(last_work) > options_.exit_when_idle_s) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        continue;
      }
      natsMsgList list{};
      jsErrCode code = static_cast<jsErrCode>(0);
      natsStatus s = natsSubscription_Fetch(&list, sub_, options_.fetch, 1000, &code);
      if (s == NATS_TIMEOUT || (s == NATS_OK && list.Count == 0)) {
        natsMsgList_Destroy(&list);
        if (options_.exit_when_idle_s > 0 && Since(last_work) > options_.exit_when_idle_s) break;
        continue;
      }
      if (s != NATS_OK) {
        // Disconnected or a cluster electing a leader: wait, do not die.
        Status st = NatsError(s, "fetch from " + options_.events.name, code);
        if (!IsRetryable(st) && s != NATS_ERR) return st;
        std::fprintf(log_, "rampart: worker: %s (retrying)\n", FormatError(st).c_str());
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        continue;
      }
      if (!first_batch_) first_batch_ = Clock::now();
      for (int i = 0; i < list.Count; ++i) {
        const auto t = Clock::now();
        RAMPART_RETURN_IF_ERROR(Process(list.Msgs[i]));
        stats_.busy_seconds += Since(t);
      }
      natsMsgList_Destroy(&list);
      last_work = Clock::now();
      stats_.active_seconds = std::chrono::duration<double>(last_work - *first_batch_).count();
    }
    stats_.seconds = Since(started);
    stats_.cpu_seconds = ProcessCpuSeconds() - cpu_started;
    if (rules_ != nullptr) stats_.version = rules_->version;
    return stats_;
  }

 private:
  void Announce() {
    std::fprintf(log_, "rampart: worker: rule set %s: %zu rules compiled", rules_->version.c_str(),
                 rules_->rules.rules().size() - rules_->matcher->rule_errors().size());
    if (!rules_->rules.correlations().empty()) {
      std::fprintf(log_, " (%zu correlation rules are not evaluated by workers)", rules_->rules.correlations().size());
    }
    std::fprintf(log_, "\n");
  }

  Status FollowRules() {
    auto version = CurrentRulesVersion(conn_);
    if (!version.ok()) {
      if (version.status().code() == absl::StatusCode::kNotFound) return Status();
      std::fprintf(log_, "rampart: worker: %s\n", FormatError(version.status()).c_str());
      return Status();  // keep hunting with what we have
    }
    if (rules_ != nullptr && *version == rules_->version) return Status();
    auto bundle = FetchRules(conn_, *version);
    if (!bundle.ok()) {
      std::fprintf(log_, "rampart: worker: %s\n", FormatError(bundle.status()).c_str());
      return Status();
    }
    auto compiled = CompileBundle(*bundle);
    if (!compiled.ok()) {
      std::fprintf(log_, "rampart: worker: rule set %s not used: %s\n", version->c_str(),
                   FormatError(compiled.status()).c_str());
      return Status();
    }
    scratch_.reset();  // belongs to the old matcher
    scratch_version_.clear();
    rules_ = std::move(*compiled);
    ++stats_.rule_reloads;
    Announce();
    return Status();
  }

  Status Process(natsMsg* msg) {
    auto batch = DecodeBatch(msg);
    if (!batch.ok()) {
      ++stats_.bad_batches;
      std::fprintf(log_, "rampart: worker: batch dropped: %s\n", FormatError(batch.status()).c_str());
      natsMsg_Term(msg, nullptr);
      return Status();
    }
    std::vector<Alert> alerts;
    AlertSink sink(*batch, rules_->version, alerts);
    sink.set_shift(batch->first_line - batch->header_lines - 1);
    if (scratch_version_ != rules_->version) {
      scratch_ = rules_->matcher->NewScratch();
      scratch_version_ = rules_->version;
    }
    std::vector<ingest::ReadIssue> issues;
    uint64_t events = 0;
    Status read = ForEachEvent(*batch, [&](const detect::Event& event) {
      ++events;
      rules_->matcher->Match(event, sink, *scratch_);
    }, issues);
    if (!read.ok()) {
      ++stats_.bad_batches;
      std::fprintf(log_, "rampart: worker: batch dropped: %s\n", FormatError(read).c_str());
      natsMsg_Term(msg, nullptr);
      return Status();
    }
    for (const ingest::ReadIssue& issue : issues) std::fprintf(log_, "rampart: %s\n", issue.ToString().c_str());
    stats_.bad_records += issues.size();
    const std::string subject = SubjectFor(options_.alerts.prefix, batch->source);
    for (const Alert& alert : alerts) {
      RAMPART_ASSIGN_OR_RETURN(natsMsg * out, EncodeAlert(alert, subject));
      bool duplicate = false;
      Status st = PublishRetrying(conn_, out, &duplicate, &stats_.retries);
      natsMsg_Destroy(out);
      RAMPART_RETURN_IF_ERROR(st);
      if (duplicate) ++stats_.duplicate_alerts;
    }
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = natsMsg_AckSync(msg, nullptr, &code);
    if (s != NATS_OK) {
      // Redelivered meanwhile (ack wait passed): the other delivery's alerts are duplicates.
      std::fprintf(log_, "rampart: worker: ack of %s failed: %s\n", batch->id.c_str(),
                   FormatError(NatsError(s, "ack", code)).c_str());
    }
    ++stats_.batches;
    stats_.events += events;
    stats_.hits += alerts.size();
    return Status();
  }

  Connection& conn_;
  std::unique_ptr<DetectionSet> rules_;
  const WorkerOptions& options_;
  std::FILE* log_;
  natsSubscription* sub_ = nullptr;
  std::unique_ptr<detect::MatchScratch> scratch_;
  std::string scratch_version_;
  WorkerStats stats_;
  std::optional<Clock::time_point> first_batch_;
};

}  // namespace

Result<WorkerStats> RunWorker(Connection& conn, std::unique_ptr<DetectionSet> rules, const WorkerOptions& options,
                              std::FILE* log) {
  if (rules == nullptr && !options.rules_from_nats) return InvalidInput("worker: no rules (give --rules or --rules-from-nats)");
  Worker worker(conn, std::move(rules), options, log);
  RAMPART_RETURN_IF_ERROR(worker.Start());
  return worker.Run();
}

}  // namespace rampart::fleet
