// The JetStream layout of a rampart fleet: two streams, their subjects and
// limits, and the durable consumers on them (docs/design/fleet.md).
//
//   stream RAMPART_EVENTS  subjects rampart.events.<source>   work queue
//     batches of raw log records; each is removed once a worker acked it.
//     durable pull consumer "workers" (explicit ack) shared by every worker.
//   stream RAMPART_ALERTS  subjects rampart.alerts.<source>   work queue
//     one message per hit; durable pull consumer "alerts" (explicit ack).
//
// Both streams discard *new* messages at their limits, so a full stream
// rejects a publish (the publisher waits and retries) and never drops what
// it holds. The duplicate window makes a re-published message id a no-op.
//
// Thread-safety: the functions are as thread-safe as the Connection.
#pragma once

#include <cstdint>
#include <string>

#include "rampart/core/status.h"
#include "rampart/fleet/nats.h"

namespace rampart::fleet {

struct StreamLimits {
  std::string name;            // stream name
  std::string prefix;          // subjects are <prefix>.<source> ("rampart.events")
  std::string subjects;        // subject filter ("rampart.events.>")
  int64_t max_bytes = 0;       // bytes held at most (then publishes are refused)
  int64_t max_msgs = 0;        // messages held at most
  int64_t duplicate_window_s = 0;  // seconds a Nats-Msg-Id is remembered
  int replicas = 1;            // 1, or 3 on a cluster
};

// Defaults: events 1 GiB / 100,000 batches, duplicate window 2 h;
// alerts 256 MiB / 1,000,000 hits, duplicate window 2 h. The default
// names take subjects rampart.events.<source> / rampart.alerts.<source>;
// another name N (a partition: one stream per region, each led by its own
// node) takes rampart.p.N.events.<source> / rampart.p.N.alerts.<source>.
StreamLimits EventStreamDefaults(const std::string& name = "RAMPART_EVENTS");
StreamLimits AlertStreamDefaults(const std::string& name = "RAMPART_ALERTS");

// Durable consumer names.
inline constexpr char kWorkerConsumer[] = "workers";
inline constexpr char kAlertConsumer[] = "alerts";

// The subject for `source` under `prefix` ("rampart.events"): characters
// other than letters, digits, '-' and '_' in `source` become '_' (a subject
// token cannot hold '.', ' ', '*' or '>'); an empty source is "default".
std::string SubjectFor(const std::string& prefix, const std::string& source);

// Creates the stream with `limits` as a work-queue stream if it does not
// exist; an existing stream is left as it is (its limits may have been
// tuned). Errors as NatsError.
Status EnsureStream(Connection& conn, const StreamLimits& limits);

// Creates the durable pull consumer `durable` on `stream` if missing:
// explicit acks, `ack_wait_s` before an unacknowledged message is
// redelivered, at most `max_ack_pending` messages out at once.
Status EnsureConsumer(Connection& conn, const std::string& stream, const std::string& durable, int64_t ack_wait_s,
                      int64_t max_ack_pending);

}  // namespace rampart::fleet
