// Notification channels: how a delivery leaves. Registered by name, one
// folder each under src/respond/channels/ (webhook, email, syslog, file).
//
// Send() is the public, non-virtual entry: it checks what every channel needs
// (a target; a webhook's secret) and calls the channel's DoSend. A channel
// returns OK only once the receiver acknowledged the message (HTTP 2xx, SMTP
// 250 after DATA, the syslog TCP write completed / UDP datagram handed to the
// kernel, the file line written and fsync'ed). Errors:
//   Unavailable       - transient (connection refused, timeout, HTTP 5xx/429):
//                       the worker retries with backoff;
//   InvalidArgument / FailedPrecondition - permanent (bad target, missing
//                       secret, HTTP 4xx): the delivery is dead at once.
//
// Thread-safety: a Channel is used by one thread (it may keep a connection).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/respond/outbox.h"

namespace rampart::respond {

// What channels need beyond the delivery itself (from `rampart deliver` flags).
struct ChannelConfig {
  std::string smtp_url;       // smtp://host:port (STARTTLS when the server offers it) or smtps://
  std::string smtp_user;      // optional AUTH
  std::string smtp_password;
  std::string mail_from = "rampart@localhost";
  bool smtp_require_tls = false;  // refuse to send in clear if STARTTLS is not offered
  long timeout_ms = 10000;
};

class Channel {
 public:
  virtual ~Channel() = default;
  // Sends `delivery` (see the contract above).
  Status Send(const Delivery& delivery);

  // Sends several deliveries; result i is what Send(*deliveries[i]) would
  // return. A channel may keep up to `parallel` of them in flight at once
  // (the webhook channel does, over as many kept-alive connections); the
  // others send them one by one. REQUIRES: parallel >= 1.
  std::vector<Status> SendMany(const std::vector<const Delivery*>& deliveries, int parallel);

  virtual std::string_view name() const = 0;

 protected:
  virtual Status DoSend(const Delivery& delivery) = 0;
  // Deliveries that passed Send's checks; the default calls DoSend in turn.
  virtual std::vector<Status> DoSendMany(const std::vector<const Delivery*>& deliveries, int parallel);
};

// Builds the channel registered as `name`; InvalidArgument for an unknown name.
Result<std::unique_ptr<Channel>> MakeChannel(std::string_view name, const ChannelConfig& config);
std::vector<std::string> ChannelNames();  // sorted

// True for errors a retry cannot fix (the delivery goes dead at once).
bool IsPermanent(const Status& status);

// "sha256=<64 hex digits>": HMAC-SHA256 of `body` keyed with `secret`
// (libsodium), the value of the X-Rampart-Signature header.
std::string SignatureHeaderValue(std::string_view secret, std::string_view body);

}  // namespace rampart::respond
