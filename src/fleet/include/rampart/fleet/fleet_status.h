// `rampart fleet status`: what the fleet's streams hold and how far their
// consumers are.
//
// For each rampart stream (events, alerts): messages and bytes held, first
// and last sequence, and per durable consumer the messages not yet
// delivered (pending), delivered but not acked (ack pending), redelivered,
// and pull requests waiting (a rough count of idle workers). Also the
// current rule-set version in the RAMPART_RULES bucket.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/fleet/nats.h"

namespace rampart::fleet {

struct ConsumerState {
  std::string name;
  uint64_t pending = 0;
  int64_t ack_pending = 0;
  int64_t redelivered = 0;
  int64_t waiting = 0;
};

struct StreamState {
  std::string name;
  bool exists = false;
  uint64_t messages = 0;
  uint64_t bytes = 0;
  uint64_t first_seq = 0, last_seq = 0;
  int64_t max_bytes = 0, max_msgs = 0;
  int64_t replicas = 0;
  std::vector<ConsumerState> consumers;
};

struct FleetState {
  std::vector<StreamState> streams;
  std::string rules_version;  // "" if none published
};

// Reads the state of `stream_names`; a stream that does not exist is listed
// with exists = false. Errors as NatsError (server unreachable ...).
Result<FleetState> ReadFleetState(Connection& conn, const std::vector<std::string>& stream_names);

std::string FleetStateJson(const FleetState& state);
std::string FleetStateText(const FleetState& state);

}  // namespace rampart::fleet
