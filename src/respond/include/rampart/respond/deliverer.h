// Works the outbox: sends due deliveries through their channels and records
// each outcome (outbox.h for the states and the crash argument).
//
// Backoff: after the n-th failed attempt (n >= 1) the next one is due after
// a delay drawn uniformly from [d/2, d], d = min(cap, base * 2^(n-1))
// ("equal jitter": retries of many deliveries spread out, none comes sooner
// than half the exponential step). After `max_attempts` failures, or on a
// permanent error, the delivery is dead (kept, listed, retryable by hand).
//
// Thread-safety: one Deliverer per thread; one worker per outbox (DeliveryLock).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "rampart/core/clock.h"
#include "rampart/core/status.h"
#include "rampart/respond/channel.h"
#include "rampart/respond/outbox.h"

namespace rampart::respond {

struct DeliverOptions {
  int max_attempts = 8;
  int64_t backoff_base_us = 30'000'000;   // 30 s
  int64_t backoff_cap_us = 3'600'000'000; // 1 h
  int batch = 256;                        // deliveries read per Due() call
  // Deliveries a channel may have in flight at once (the webhook channel
  // opens as many connections); outcomes are recorded in one transaction per
  // group of 4 x parallel, so a crash resends at most that many
  // acknowledged deliveries (each with its idempotency key).
  int parallel = 8;
};

// The delay before the attempt after `failed_attempts` failures; `random` is
// any 64-bit value (the jitter source). REQUIRES: failed_attempts >= 1.
int64_t BackoffDelayUs(int failed_attempts, const DeliverOptions& options, uint64_t random);

struct DeliverCounts {
  int64_t sent = 0;
  int64_t failed = 0;  // failed attempts that will be retried
  int64_t dead = 0;
};

class Deliverer {
 public:
  // Borrows `outbox` and `clock` (they outlive the Deliverer).
  Deliverer(Outbox& outbox, const Clock& clock, ChannelConfig config, DeliverOptions options, uint64_t seed);

  // Sends every delivery due now, once each. An error is an outbox (I/O)
  // error; a channel failure is recorded on the delivery, never returned.
  Result<DeliverCounts> RunOnce();

 private:
  Result<Channel*> ChannelFor(const std::string& name);
  DeliveryOutcome OutcomeOf(const Delivery& delivery, const Status& sent, DeliverCounts& counts);
  // Sends `group` (deliveries of one channel) and records their outcomes.
  Status SendGroup(const std::string& channel, const std::vector<const Delivery*>& group, DeliverCounts& counts);

  Outbox& outbox_;
  const Clock& clock_;
  ChannelConfig config_;
  DeliverOptions options_;
  std::mt19937_64 rng_;
  std::map<std::string, std::unique_ptr<Channel>> channels_;
};

}  // namespace rampart::respond
