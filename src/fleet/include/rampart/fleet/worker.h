// `rampart worker`: pull batches from the events stream, hunt them with the
// compiled detection set, publish every hit to the alerts stream, then ack.
//
// Ordering of effects for one batch (at-least-once, exactly-once in effect):
//   1. parse the batch with the ingest reader it names (batch.h);
//   2. match every event with the detection set's Matcher -- the engine
//      `rampart hunt` runs, not a second one;
//   3. publish each hit (alert.h) with Nats-Msg-Id "<batch id>#<index>"
//      and wait for JetStream's acknowledgement of every one;
//   4. only then ack the batch (synchronously).
// A worker that dies between 3 and 4 leaves the batch unacked; JetStream
// redelivers it after the ack wait to another worker, whose alerts carry
// the same ids and are dropped as duplicates. A batch that is not a rampart
// batch is terminated (never redelivered) and reported.
//
// Rules: with `rules_from_nats`, the worker checks the RAMPART_RULES bucket
// between batches (at most once a second) and switches to a new version
// before the next batch; hits carry the version they were found with.
// Correlation rules are not evaluated by workers (they need every event of
// a window in one place): they are counted and reported at start.
//
// Thread-safety: RunWorker runs on the calling thread; run several workers
// as several processes (or threads with their own Connection).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "rampart/core/status.h"
#include "rampart/fleet/nats.h"
#include "rampart/fleet/rules.h"
#include "rampart/fleet/streams.h"

namespace rampart::fleet {

struct WorkerOptions {
  StreamLimits events = EventStreamDefaults();
  StreamLimits alerts = AlertStreamDefaults();
  int fetch = 4;                 // batches per pull request
  int64_t ack_wait_s = 30;       // before an unacked batch is redelivered
  double exit_when_idle_s = 0;   // stop after this long with nothing to do (0: never)
  bool rules_from_nats = false;  // follow the RAMPART_RULES bucket
};

struct WorkerStats {
  uint64_t batches = 0;
  uint64_t events = 0;
  uint64_t hits = 0;
  uint64_t duplicate_alerts = 0;  // alerts JetStream already held (redelivered batch)
  uint64_t bad_records = 0;
  uint64_t bad_batches = 0;       // terminated: not rampart batches
  uint64_t rule_reloads = 0;
  uint64_t retries = 0;           // alert publishes retried
  double seconds = 0;             // wall time
  double busy_seconds = 0;        // parsing + matching + publishing + acking
  double active_seconds = 0;      // from the first batch fetched to the last one acked
  double cpu_seconds = 0;         // process CPU time (all threads, libnats' too) while running
  std::string version;            // rule-set version at the end
};

// Runs until idle for exit_when_idle_s, or an error that stops the worker
// (streams unavailable, an alert refused for good). `rules` may be null
// only with rules_from_nats (the worker then waits for a published set).
// Progress and problems are written to `log`.
Result<WorkerStats> RunWorker(Connection& conn, std::unique_ptr<DetectionSet> rules, const WorkerOptions& options,
                              std::FILE* log);

}  // namespace rampart::fleet
