// A connection to a NATS server with JetStream, and libnats errors as values.
//
//   auto conn = fleet::Connect("nats://127.0.0.1:4222");
//   if (!conn.ok()) report conn.status();
//   jsCtx* js = (*conn)->js();      // borrowed; valid while the Connection lives
//
// The Connection owns the natsConnection and its JetStream context and
// destroys both; every raw pointer it hands out is borrowed. Reconnection is
// libnats's own (it retries the servers of the URL list, comma-separated,
// for up to kReconnectSeconds); calls made while disconnected fail with a
// status the callers retry (publish) or give back (everything else).
//
// Thread-safety: libnats connections are thread-safe; rampart uses each
// Connection from one thread.
#pragma once

#include <nats/nats.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "rampart/core/status.h"

namespace rampart::fleet {

// How long libnats keeps trying to reconnect after losing its server.
inline constexpr int kReconnectSeconds = 120;

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  natsConnection* nc() const { return nc_; }
  jsCtx* js() const { return js_; }
  // The URL as given (for messages).
  const std::string& url() const { return url_; }

 private:
  friend Result<std::unique_ptr<Connection>> Connect(const std::string& url);
  Connection(std::string url, natsConnection* nc, jsCtx* js) : url_(std::move(url)), nc_(nc), js_(js) {}
  std::string url_;
  natsConnection* nc_;
  jsCtx* js_;
};

// Connects to `url` (one or several comma-separated nats:// URLs: a
// cluster). Unavailable (with the URL in the context) if no server answers.
Result<std::unique_ptr<Connection>> Connect(const std::string& url);

// Initialises libnats once (idempotent). Connect does it; code that builds
// messages without a connection (tests, tools) calls it first.
void InitNatsLibrary();

// A libnats failure as a Status: `what` ("publish to rampart.events.x"),
// libnats's text and last error, and the JetStream error code when one came
// back. NATS_TIMEOUT and NATS_NO_SERVER become Unavailable (worth a retry);
// NATS_NOT_FOUND becomes NotFound; the rest Internal.
Status NatsError(natsStatus s, std::string_view what, jsErrCode js_code = static_cast<jsErrCode>(0));

// True if `status` came from NatsError for a condition that passes by itself
// (timeout, no server, a stream at its limits): callers wait and retry.
bool IsRetryable(const Status& status);

// Publishes `msg` (not taken: the caller destroys it) to JetStream and waits
// for the stream's acknowledgement. A retryable refusal (IsRetryable: stream
// full, timeout, no server) is retried after a pause doubling from 50 ms to
// 2 s, for as long as it takes; `retries` counts them. `duplicate` (may be
// null) is set when JetStream already held the message id. Other refusals
// come back as NatsError.
Status PublishRetrying(Connection& conn, natsMsg* msg, bool* duplicate, uint64_t* retries);

}  // namespace rampart::fleet
