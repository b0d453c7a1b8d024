// The delivery outbox: every message x recipient waiting to leave, with its
// state, kept in its own SQLite file beside the knowledge base
// (`<db>.outbox`; docs/design/respond-delivery.md says why).
//
// States: pending (never tried) -> sent | failed (tried, will be retried at
// next_attempt) -> sent | dead (the last try failed, or a permanent error).
// `Retry` moves a failed or dead delivery back to pending. Every state change
// is one SQLite transaction (WAL, synchronous=NORMAL), so a process killed at
// any moment leaves each delivery in the state it had before or after the
// change, never in between. (A power loss may undo the last commits: a
// delivery falls back to pending and is sent again, and undone queuing is
// re-derived by the next `advise`, whose memory of what it saw is undone
// with it. At least once holds either way.) A delivery is marked sent only after its channel returned
// OK, which channels do only once the receiver acknowledged: a crash between
// the acknowledgement and MarkSent sends it again (at least once), with the
// same idempotency key (the delivery id) so the receiver can drop the repeat.
//
// Thread-safety: an Outbox is used by one thread. Several processes may open
// the same file (SQLite locking); only one `rampart deliver` works it at a
// time (DeliveryLock).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"

namespace rampart::respond {

enum class DeliveryState { kPending, kSent, kFailed, kDead };
std::string_view DeliveryStateName(DeliveryState state);  // "pending" ...
std::optional<DeliveryState> ParseDeliveryState(std::string_view text);

// One message to one recipient through one channel.
struct Delivery {
  std::string id;          // DeliveryId(message_id, channel, target); the idempotency key
  std::string message_id;  // e.g. the advisory's STIX report id
  std::string recipient;   // who it is for (constituent name, or a contact's name)
  std::string channel;     // "webhook", "email", "syslog", "file"
  std::string target;      // URL, e-mail address, tcp://host:port, file path
  std::string secret;      // webhook signing secret ("" for other channels)
  std::string tlp;         // the copy's marking, "clear" ... "red"
  std::string subject;     // title / e-mail subject
  std::string body_json;   // the copy as JSON (webhook, file, syslog extension)
  std::string body_text;   // Markdown/plain text rendering (e-mail text part)
  std::string body_html;   // HTML rendering (e-mail HTML part)
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  TimestampUs next_attempt = 0;
  std::string last_error;
  TimestampUs created = 0;
  TimestampUs sent = 0;    // 0 until sent
};

// The deterministic delivery id (UUIDv5 in rampart's namespace) for a message
// sent to `target` through `channel`: queuing it again is a no-op.
std::string DeliveryId(std::string_view message_id, std::string_view channel, std::string_view target);

// "<db>.outbox" for a store location as --db takes it ("sqlite:" prefix
// dropped); ":memory:" stays ":memory:".
std::string OutboxPathForStore(std::string_view store_location);

// What became of one attempt at a delivery (Outbox::Record).
struct DeliveryOutcome {
  std::string id;
  bool sent = false;          // acknowledged: state sent, sent_us = at
  TimestampUs at = 0;
  std::string error;          // not sent: the failure (last_error)
  bool dead = false;          // not sent: dead rather than failed
  TimestampUs next_attempt = 0;
};

class Outbox {
 public:
  // Opens or creates the outbox file (mode 0600: it holds webhook secrets).
  // IoError naming the path if it cannot be opened or is not an outbox.
  static Result<std::unique_ptr<Outbox>> Open(const std::string& path);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Queues `deliveries` (state pending, next_attempt = now) in one
  // transaction; an id already present is left as it is. Returns how many
  // were new. `meta` pairs are written in the same transaction (advise keeps
  // its last-run time there so queuing and remembering are one step).
  // `new_ids`, if given, receives the ids of the deliveries that were new.
  Result<int> Enqueue(const std::vector<Delivery>& deliveries, TimestampUs now,
                      const std::vector<std::pair<std::string, std::string>>& meta = {},
                      std::vector<std::string>* new_ids = nullptr);

  // Up to `limit` pending or failed deliveries with next_attempt <= now,
  // oldest next_attempt first.
  Result<std::vector<Delivery>> Due(TimestampUs now, int limit);

  // The earliest next_attempt among pending/failed deliveries; nullopt if none.
  Result<std::optional<TimestampUs>> NextDue();

  // State changes, each one transaction. NotFound for an unknown id.
  Status MarkSent(const std::string& id, TimestampUs now);
  // attempts += 1; failed with next_attempt, or dead if `dead`.
  Status MarkFailed(const std::string& id, const std::string& error, bool dead, TimestampUs next_attempt);
  // Several outcomes in one transaction, each as MarkSent / MarkFailed
  // would record it: all or none (a crash leaves every one unrecorded, and
  // each is then sent again with its idempotency key). NotFound naming the
  // first unknown (or, for a failure, already sent) id; nothing is recorded then.
  Status Record(const std::vector<DeliveryOutcome>& outcomes);
  // failed/dead -> pending, due now, attempts kept. NotFound for an unknown
  // id; FailedPrecondition for a sent one (it was acknowledged).
  Status Retry(const std::string& id, TimestampUs now);

  // Deliveries, by created then id; `state` narrows.
  Result<std::vector<Delivery>> List(std::optional<DeliveryState> state = std::nullopt);
  Result<Delivery> Get(const std::string& id);

  // Count per state (index = DeliveryState).
  Result<std::vector<int64_t>> CountByState();

  // Small key/value memory (e.g. "advise.last_run").
  Result<std::optional<std::string>> GetMeta(const std::string& key);

  const std::string& path() const { return path_; }

 private:
  struct Impl;
  Outbox(std::string path, std::unique_ptr<Impl> impl);
  std::string path_;
  std::unique_ptr<Impl> impl_;
};

// An exclusive advisory lock (flock) on "<outbox>.lock", held while a
// `rampart deliver` runs so two workers never send the same delivery at
// once. FailedPrecondition if another process holds it.
class DeliveryLock {
 public:
  static Result<std::unique_ptr<DeliveryLock>> Acquire(const std::string& outbox_path);
  ~DeliveryLock();

 private:
  explicit DeliveryLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace rampart::respond
