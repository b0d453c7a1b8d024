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

DeliveryOutcome Deliverer::OutcomeOf(const Delivery& d, const Status& sent, DeliverCounts& counts) {
  DeliveryOutcome outcome;
  outcome.id = d.id;
  if (sent.ok()) {
    ++counts.sent;
    outcome.sent = true;
    outcome.at = clock_.Now();
    return outcome;
  }
  int failures = d.attempts + 1;
  bool dead = IsPermanent(sent) || failures >= options_.max_attempts;
  outcome.error = fmt::format("attempt {}: {}", failures, std::string(sent.message()));
  outcome.dead = dead;
  // At least 1 us later: a retry is never due again within the same pass.
  outcome.next_attempt = clock_.Now() + (dead ? 0 : std::max<int64_t>(1, BackoffDelayUs(failures, options_, rng_())));
  if (dead) {
    ++counts.dead;
  } else {
    ++counts.failed;
  }
  return outcome;
}

Status Deliverer::SendGroup(const std::string& name, const std::vector<const Delivery*>& group,
                            DeliverCounts& counts) {
  Result<Channel*> channel = ChannelFor(name);
  std::vector<Status> sent = channel.ok() ? (*channel)->SendMany(group, std::max(1, options_.parallel))
                                          : std::vector<Status>(group.size(), channel.status());
  std::vector<DeliveryOutcome> outcomes;
  outcomes.reserve(group.size());
  for (size_t i = 0; i < group.size(); ++i) outcomes.push_back(OutcomeOf(*group[i], sent[i], counts));
  return outbox_.Record(outcomes);
}

Result<DeliverCounts> Deliverer::RunOnce() {
  DeliverCounts counts;
  // Deliveries retried in this pass get a later next_attempt, so each batch
  // read holds only deliveries not yet tried in this pass.
  TimestampUs pass_time = clock_.Now();
  const size_t group_size = static_cast<size_t>(4 * std::max(1, options_.parallel));
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(std::vector<Delivery> due, outbox_.Due(pass_time, options_.batch));
    if (due.empty()) break;
    // Consecutive deliveries of one channel go together, in the outbox's order.
    std::vector<const Delivery*> group;
    for (const Delivery& d : due) {
      if (!group.empty() && (group.front()->channel != d.channel || group.size() == group_size)) {
        RAMPART_RETURN_IF_ERROR(SendGroup(group.front()->channel, group, counts));
        group.clear();
      }
      group.push_back(&d);
    }
    RAMPART_RETURN_IF_ERROR(SendGroup(group.front()->channel, group, counts));
  }
  return counts;
}

}  // namespace rampart::respond
