// The outbox over the SQLite C API. Every public write is one transaction;
// readers see committed rows only.
#include "rampart/respond/outbox.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "rampart/core/id.h"

namespace rampart::respond {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS delivery (
  id TEXT PRIMARY KEY, message_id TEXT NOT NULL, recipient TEXT NOT NULL,
  channel TEXT NOT NULL, target TEXT NOT NULL, secret TEXT NOT NULL, tlp TEXT NOT NULL,
  subject TEXT NOT NULL, body_json TEXT NOT NULL, body_text TEXT NOT NULL, body_html TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','sent','failed','dead')),
  attempts INTEGER NOT NULL, next_attempt_us INTEGER NOT NULL, last_error TEXT NOT NULL,
  created_us INTEGER NOT NULL, sent_us INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS delivery_due ON delivery(state, next_attempt_us);
CREATE TABLE IF NOT EXISTS outbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

constexpr const char* kColumns =
    "id, message_id, recipient, channel, target, secret, tlp, subject, body_json, body_text, body_html, "
    "state, attempts, next_attempt_us, last_error, created_us, sent_us";

// One prepared statement, finalized on scope exit.
class Query {
 public:
  Query(sqlite3* db, const std::string& path, const char* sql) : db_(db), path_(path) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Query() { sqlite3_finalize(stmt_); }
  Query& Text(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Query& Int(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // true: a row; false: done.
  Result<bool> Step() {
    if (rc_ != SQLITE_OK) return Error();
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return Error();
  }
  Status Run() { return Step().status(); }
  // Ready to bind and run again.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Col(int i) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, i)) : std::string();
  }
  int64_t ColInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  int Changes() const { return sqlite3_changes(db_); }

 private:
  Status Error() const { return IoError(fmt::format("outbox {}: {}", path_, sqlite3_errmsg(db_))); }
  sqlite3* db_;
  const std::string& path_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Delivery ReadRow(const Query& q) {
  Delivery d;
  d.id = q.Col(0);
  d.message_id = q.Col(1);
  d.recipient = q.Col(2);
  d.channel = q.Col(3);
  d.target = q.Col(4);
  d.secret = q.Col(5);
  d.tlp = q.Col(6);
  d.subject = q.Col(7);
  d.body_json = q.Col(8);
  d.body_text = q.Col(9);
  d.body_html = q.Col(10);
  d.state = ParseDeliveryState(q.Col(11)).value_or(DeliveryState::kPending);
  d.attempts = static_cast<int>(q.ColInt(12));
  d.next_attempt = q.ColInt(13);
  d.last_error = q.Col(14);
  d.created = q.ColInt(15);
  d.sent = q.ColInt(16);
  return d;
}

}  // namespace

struct Outbox::Impl {
  sqlite3* db = nullptr;
  ~Impl() { sqlite3_close(db); }
  Status Exec(const std::string& path, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return Status();
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return IoError(fmt::format("outbox {}: {}", path, message));
  }
};

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kSent: return "sent";
    case DeliveryState::kFailed: return "failed";
    case DeliveryState::kDead: return "dead";
  }
  return "pending";
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view text) {
  for (DeliveryState s : {DeliveryState::kPending, DeliveryState::kSent, DeliveryState::kFailed, DeliveryState::kDead}) {
    if (DeliveryStateName(s) == text) return s;
  }
  return std::nullopt;
}

std::string DeliveryId(std::string_view message_id, std::string_view channel, std::string_view target) {
  return UuidV5(kRampartNamespace, fmt::format("delivery\x1f{}\x1f{}\x1f{}", message_id, channel, target));
}

std::string OutboxPathForStore(std::string_view location) {
  if (location.starts_with("sqlite:")) location.remove_prefix(7);
  if (location == ":memory:") return ":memory:";
  return std::string(location) + ".outbox";
}

Outbox::Outbox(std::string path, std::unique_ptr<Impl> impl) : path_(std::move(path)), impl_(std::move(impl)) {}
Outbox::~Outbox() = default;

Result<std::unique_ptr<Outbox>> Outbox::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  if (path != ":memory:") {
    int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) return IoError(fmt::format("cannot open outbox {}", path));
    ::close(fd);
  }
  if (sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    return IoError(fmt::format("cannot open outbox {}: {}", path, sqlite3_errmsg(impl->db)));
  }
  sqlite3_busy_timeout(impl->db, 10000);
  RAMPART_RETURN_IF_ERROR(impl->Exec(path, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
  RAMPART_RETURN_IF_ERROR(impl->Exec(path, kSchema));
  return std::unique_ptr<Outbox>(new Outbox(path, std::move(impl)));
}

Result<int> Outbox::Enqueue(const std::vector<Delivery>& deliveries, TimestampUs now,
                            const std::vector<std::pair<std::string, std::string>>& meta,
                            std::vector<std::string>* new_ids) {
  std::vector<std::string> inserted;
  RAMPART_RETURN_IF_ERROR(impl_->Exec(path_, "BEGIN IMMEDIATE"));
  int added = 0;
  auto body = [&]() -> Status {
    for (const Delivery& d : deliveries) {
      Query q(impl_->db, path_,
              "INSERT OR IGNORE INTO delivery VALUES (?,?,?,?,?,?,?,?,?,?,?,'pending',0,?,'',?,0)");
      q.Text(1, d.id).Text(2, d.message_id).Text(3, d.recipient).Text(4, d.channel).Text(5, d.target);
      q.Text(6, d.secret).Text(7, d.tlp).Text(8, d.subject).Text(9, d.body_json).Text(10, d.body_text);
      q.Text(11, d.body_html).Int(12, now).Int(13, now);
      RAMPART_RETURN_IF_ERROR(q.Run());
      if (q.Changes() > 0) {
        ++added;
        inserted.push_back(d.id);
      }
    }
    for (const auto& [key, value] : meta) {
      Query q(impl_->db, path_, "INSERT OR REPLACE INTO outbox_meta VALUES (?,?)");
      RAMPART_RETURN_IF_ERROR(q.Text(1, key).Text(2, value).Run());
    }
    return Status();
  };
  Status st = body();
  if (!st.ok()) {
    impl_->Exec(path_, "ROLLBACK").IgnoreError();
    return st;
  }
  RAMPART_RETURN_IF_ERROR(impl_->Exec(path_, "COMMIT"));
  if (new_ids != nullptr) *new_ids = std::move(inserted);
  return added;
}

Result<std::vector<Delivery>> Outbox::Due(TimestampUs now, int limit) {
  std::string sql = fmt::format(
      "SELECT {} FROM delivery WHERE state IN ('pending','failed') AND next_attempt_us <= ? "
      "ORDER BY next_attempt_us, created_us, id LIMIT ?", kColumns);
  Query q(impl_->db, path_, sql.c_str());
  q.Int(1, now).Int(2, limit);
  std::vector<Delivery> out;
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadRow(q));
  }
  return out;
}

Result<std::optional<TimestampUs>> Outbox::NextDue() {
  Query q(impl_->db, path_, "SELECT MIN(next_attempt_us), COUNT(*) FROM delivery WHERE state IN ('pending','failed')");
  RAMPART_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row || q.ColInt(1) == 0) return std::optional<TimestampUs>();
  return std::optional<TimestampUs>(q.ColInt(0));
}

Status Outbox::MarkSent(const std::string& id, TimestampUs now) {
  Query q(impl_->db, path_, "UPDATE delivery SET state='sent', sent_us=?, last_error='', attempts=attempts+1 WHERE id=?");
  RAMPART_RETURN_IF_ERROR(q.Int(1, now).Text(2, id).Run());
  if (q.Changes() == 0) return NotFound(fmt::format("no delivery {}", id));
  return Status();
}

Status Outbox::MarkFailed(const std::string& id, const std::string& error, bool dead, TimestampUs next_attempt) {
  Query q(impl_->db, path_,
          "UPDATE delivery SET state=?, attempts=attempts+1, last_error=?, next_attempt_us=? WHERE id=? AND state!='sent'");
  RAMPART_RETURN_IF_ERROR(q.Text(1, dead ? "dead" : "failed").Text(2, error).Int(3, next_attempt).Text(4, id).Run());
  if (q.Changes() == 0) return NotFound(fmt::format("no unsent delivery {}", id));
  return Status();
}

Status Outbox::Record(const std::vector<DeliveryOutcome>& outcomes) {
  if (outcomes.empty()) return Status();
  RAMPART_RETURN_IF_ERROR(impl_->Exec(path_, "BEGIN IMMEDIATE"));
  auto body = [&]() -> Status {
    // Prepared once for the batch: preparing costs more than the update.
    Query sent(impl_->db, path_,
               "UPDATE delivery SET state='sent', sent_us=?, last_error='', attempts=attempts+1 WHERE id=?");
    Query failed(impl_->db, path_,
                 "UPDATE delivery SET state=?, attempts=attempts+1, last_error=?, next_attempt_us=? "
                 "WHERE id=? AND state!='sent'");
    for (const DeliveryOutcome& o : outcomes) {
      Query& q = o.sent ? sent : failed;
      q.Reset();
      if (o.sent) {
        q.Int(1, o.at).Text(2, o.id);
      } else {
        q.Text(1, o.dead ? "dead" : "failed").Text(2, o.error).Int(3, o.next_attempt).Text(4, o.id);
      }
      RAMPART_RETURN_IF_ERROR(q.Run());
      if (q.Changes() == 0) return NotFound(fmt::format("no {}delivery {}", o.sent ? "" : "unsent ", o.id));
    }
    return Status();
  };
  Status st = body();
  if (!st.ok()) {
    impl_->Exec(path_, "ROLLBACK").IgnoreError();
    return st;
  }
  return impl_->Exec(path_, "COMMIT");
}

Status Outbox::Retry(const std::string& id, TimestampUs now) {
  RAMPART_ASSIGN_OR_RETURN(Delivery d, Get(id));
  if (d.state == DeliveryState::kSent) {
    return absl::FailedPreconditionError(fmt::format("delivery {} was acknowledged by its receiver; not sent again", id));
  }
  Query q(impl_->db, path_, "UPDATE delivery SET state='pending', next_attempt_us=? WHERE id=? AND state!='sent'");
  return q.Int(1, now).Text(2, id).Run();
}

Result<std::vector<Delivery>> Outbox::List(std::optional<DeliveryState> state) {
  std::string sql = fmt::format("SELECT {} FROM delivery {} ORDER BY created_us, id", kColumns,
                                state ? "WHERE state = ?" : "");
  Query q(impl_->db, path_, sql.c_str());
  if (state) q.Text(1, DeliveryStateName(*state));
  std::vector<Delivery> out;
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadRow(q));
  }
  return out;
}

Result<Delivery> Outbox::Get(const std::string& id) {
  std::string sql = fmt::format("SELECT {} FROM delivery WHERE id = ?", kColumns);
  Query q(impl_->db, path_, sql.c_str());
  q.Text(1, id);
  RAMPART_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NotFound(fmt::format("no delivery {}", id));
  return ReadRow(q);
}

Result<std::vector<int64_t>> Outbox::CountByState() {
  std::vector<int64_t> counts(4, 0);
  Query q(impl_->db, path_, "SELECT state, COUNT(*) FROM delivery GROUP BY state");
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    if (auto s = ParseDeliveryState(q.Col(0))) counts[static_cast<int>(*s)] = q.ColInt(1);
  }
  return counts;
}

Result<std::optional<std::string>> Outbox::GetMeta(const std::string& key) {
  Query q(impl_->db, path_, "SELECT value FROM outbox_meta WHERE key = ?");
  q.Text(1, key);
  RAMPART_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(q.Col(0));
}

Result<std::unique_ptr<DeliveryLock>> DeliveryLock::Acquire(const std::string& outbox_path) {
  std::string path = outbox_path + ".lock";
  int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return IoError(fmt::format("cannot open {}", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(fmt::format("another `rampart deliver` is working {}", outbox_path));
  }
  return std::unique_ptr<DeliveryLock>(new DeliveryLock(fd));
}

DeliveryLock::~DeliveryLock() { ::close(fd_); }

}  // namespace rampart::respond
