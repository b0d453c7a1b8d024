#include "rampart/respond/deliverer.h"

#include <fmt/format.h>

#include <algorithm>

namespace rampart::respond {

int64_t BackoffDelayUs(int failed_attempts, const DeliverOptions& options, uint64_t random) {
  int shift = std::clamp(failed_attempts - 1, 0, 40);
  int64_t d = options.backoff_base_us;
  // Doubling stops at the cap (no overflow for any attempt count).
  for (int i = 0; i < shift && d < options.backoff_cap_us; ++i) d *= 2;
  d = std::min(d, options.backoff_cap_us);
  int64_t half = d / 2;
  return half + static_cast<int64_t>(random % static_cast<uint64_t>(d - half + 1));
}

Deliverer::Deliverer(Outbox& outbox, const Clock& clock, ChannelConfig config, DeliverOptions options, uint64_t seed)
    : outbox_(outbox), clock_(clock), config_(std::move(config)), options_(options), rng_(seed) {}

Result<Channel*> Deliverer::ChannelFor(const std::string& name) {
  auto it = channels_.find(name);
  if (it != channels_.end()) return it->second.get();
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<Channel> channel, MakeChannel(name, config_));
  Channel* raw = channel.get();
  channels_.emplace(name, std::move(channel));
  return raw;
}

Status Deliverer::Record(const Delivery& d, const Status& sent, DeliverCounts& counts) {
  if (sent.ok()) {
    ++counts.sent;
    return outbox_.MarkSent(d.id, clock_.Now());
  }
  int failures = d.attempts + 1;
  bool dead = IsPermanent(sent) || failures >= options_.max_attempts;
  std::string error = fmt::format("attempt {}: {}", failures, std::string(sent.message()));
  // At least 1 us later: a retry is never due again within the same pass.
  TimestampUs next = clock_.Now() + (dead ? 0 : std::max<int64_t>(1, BackoffDelayUs(failures, options_, rng_())));
  if (dead) {
    ++counts.dead;
  } else {
    ++counts.failed;
  }
  return outbox_.MarkFailed(d.id, error, dead, next);
}

Result<DeliverCounts> Deliverer::RunOnce() {
  DeliverCounts counts;
  // Deliveries retried in this pass get a later next_attempt, so each batch
  // read holds only deliveries not yet tried in this pass.
  TimestampUs pass_time = clock_.Now();
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(std::vector<Delivery> due, outbox_.Due(pass_time, options_.batch));
    if (due.empty()) break;
    bool progressed = false;
    for (const Delivery& d : due) {
      Result<Channel*> channel = ChannelFor(d.channel);
      Status sent = channel.ok() ? (*channel)->Send(d) : channel.status();
      RAMPART_RETURN_IF_ERROR(Record(d, sent, counts));
      progressed = true;
    }
    if (!progressed) break;
  }
  return counts;
}

}  // namespace rampart::respond
