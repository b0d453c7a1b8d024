// Users, tokens and the audit log in SQLite, beside the knowledge base's own
// tables (never STIX objects). One connection, serialised by a mutex: every
// statement here is a primary-key lookup or a single-row write.
#include <sodium.h>
#include <sqlite3.h>

#include <fmt/format.h>

#include "rampart/core/time.h"
#include "rampart/server/auth.h"

namespace rampart::server {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS server_users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  organisation  TEXT NOT NULL,
  clearance     TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS server_tokens (
  id          TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES server_users (id),
  secret_hash TEXT NOT NULL,
  created     TEXT NOT NULL,
  revoked     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS server_audit (
  at     TEXT NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

std::string Now() {
  return FormatTimestamp(std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count());
}

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return stmt_ != nullptr; }
  Statement& Bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, int64_t value) {
    sqlite3_bind_int64(stmt_, i, value);
    return *this;
  }
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int i) {
    const unsigned char* text = sqlite3_column_text(stmt_, i);
    return text ? reinterpret_cast<const char*>(text) : "";
  }
  int64_t Int(int i) { return sqlite3_column_int64(stmt_, i); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Status DbError(sqlite3* db, const std::string& path) {
  return IoError(fmt::format("user database '{}': {}", path, sqlite3_errmsg(db)));
}

constexpr const char* kUserColumns = "SELECT id, name, role, organisation, clearance, created, password_hash ";

User ReadUser(Statement& stmt) {
  User user;
  user.id = stmt.Int(0);
  user.name = stmt.Text(1);
  user.role = ParseRole(stmt.Text(2)).value_or(Role::kConstituentReader);
  user.organisation = stmt.Text(3);
  user.clearance = stix::ParseTlpLevel(stmt.Text(4)).value_or(stix::TlpLevel::kClear);
  user.created = stmt.Text(5);
  return user;
}

}  // namespace

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "analyst") return Role::kAnalyst;
  if (text == "constituent-reader") return Role::kConstituentReader;
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kAnalyst: return "analyst";
    case Role::kConstituentReader: return "constituent-reader";
  }
  return "constituent-reader";
}

Result<std::unique_ptr<UserDb>> UserDb::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    Status error = IoError(fmt::format("cannot open user database '{}': {}", path, db ? sqlite3_errmsg(db) : "?"));
    sqlite3_close(db);
    return error;
  }
  sqlite3_busy_timeout(db, 5000);
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status error = DbError(db, path);
    sqlite3_close(db);
    return error;
  }
  return std::unique_ptr<UserDb>(new UserDb(db, path));
}

UserDb::~UserDb() { sqlite3_close(db_); }

Result<int64_t> UserDb::AddUser(std::string_view name, Role role, std::string_view organisation,
                                stix::TlpLevel clearance, std::string_view password) {
  if (name.empty() || name.size() > 128) return InvalidInput("a user name must have 1 to 128 characters");
  if (password.size() < 12) return InvalidInput("a password must have at least 12 characters");
  RAMPART_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  std::lock_guard lock(mutex_);
  Statement stmt(db_,
                 "INSERT INTO server_users (name, role, organisation, clearance, password_hash, created) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return DbError(db_, path_);
  stmt.Bind(1, name).Bind(2, RoleName(role)).Bind(3, organisation).Bind(4, stix::TlpName(clearance));
  stmt.Bind(5, hash).Bind(6, Now());
  int rc = stmt.Step();
  if (rc == SQLITE_CONSTRAINT) return InvalidInput(fmt::format("user '{}' already exists", name));
  if (rc != SQLITE_DONE) return DbError(db_, path_);
  return sqlite3_last_insert_rowid(db_);
}

Result<std::vector<User>> UserDb::ListUsers() {
  std::lock_guard lock(mutex_);
  Statement stmt(db_, (std::string(kUserColumns) + "FROM server_users ORDER BY name").c_str());
  if (!stmt.ok()) return DbError(db_, path_);
  std::vector<User> users;
  while (stmt.Step() == SQLITE_ROW) users.push_back(ReadUser(stmt));
  return users;
}

Result<int64_t> UserDb::CountUsers() {
  std::lock_guard lock(mutex_);
  Statement stmt(db_, "SELECT count(*) FROM server_users");
  if (!stmt.ok() || stmt.Step() != SQLITE_ROW) return DbError(db_, path_);
  return stmt.Int(0);
}

Result<std::optional<User>> UserDb::UserByName(std::string_view name, std::string* password_hash) {
  Statement stmt(db_, (std::string(kUserColumns) + "FROM server_users WHERE name = ?1").c_str());
  if (!stmt.ok()) return DbError(db_, path_);
  stmt.Bind(1, name);
  if (stmt.Step() != SQLITE_ROW) return std::optional<User>();
  if (password_hash) *password_hash = stmt.Text(6);
  return std::optional<User>(ReadUser(stmt));
}

Result<std::optional<User>> UserDb::UserById(int64_t id) {
  std::lock_guard lock(mutex_);
  Statement stmt(db_, (std::string(kUserColumns) + "FROM server_users WHERE id = ?1").c_str());
  if (!stmt.ok()) return DbError(db_, path_);
  stmt.Bind(1, id);
  if (stmt.Step() != SQLITE_ROW) return std::optional<User>();
  return std::optional<User>(ReadUser(stmt));
}

Result<std::string> UserDb::CreateToken(std::string_view user_name) {
  std::lock_guard lock(mutex_);
  RAMPART_ASSIGN_OR_RETURN(std::optional<User> user, UserByName(user_name, nullptr));
  if (!user) return NotFound(fmt::format("no user named '{}'", user_name));
  unsigned char id_bytes[6];
  randombytes_buf(id_bytes, sizeof id_bytes);
  char id_hex[13];
  sodium_bin2hex(id_hex, sizeof id_hex, id_bytes, sizeof id_bytes);
  std::string secret = RandomToken(32);
  Statement stmt(db_, "INSERT INTO server_tokens (id, user_id, secret_hash, created) VALUES (?1, ?2, ?3, ?4)");
  if (!stmt.ok()) return DbError(db_, path_);
  stmt.Bind(1, std::string_view(id_hex)).Bind(2, user->id).Bind(3, HashSecret(secret)).Bind(4, Now());
  if (stmt.Step() != SQLITE_DONE) return DbError(db_, path_);
  return fmt::format("rt_{}_{}", id_hex, secret);
}

Status UserDb::RevokeToken(std::string_view token_id) {
  std::lock_guard lock(mutex_);
  Statement stmt(db_, "UPDATE server_tokens SET revoked = 1 WHERE id = ?1");
  if (!stmt.ok()) return DbError(db_, path_);
  stmt.Bind(1, token_id);
  if (stmt.Step() != SQLITE_DONE) return DbError(db_, path_);
  if (sqlite3_changes(db_) == 0) return NotFound(fmt::format("no token with id '{}'", token_id));
  return absl::OkStatus();
}

Result<std::vector<TokenInfo>> UserDb::ListTokens() {
  std::lock_guard lock(mutex_);
  Statement stmt(db_,
                 "SELECT t.id, u.name, t.created, t.revoked FROM server_tokens t "
                 "JOIN server_users u ON u.id = t.user_id ORDER BY u.name, t.created");
  if (!stmt.ok()) return DbError(db_, path_);
  std::vector<TokenInfo> out;
  while (stmt.Step() == SQLITE_ROW) out.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Int(3) != 0});
  return out;
}

Result<std::optional<User>> UserDb::CheckToken(std::string_view token) {
  // rt_<12 hex>_<43 base64url>
  if (token.size() != 3 + 12 + 1 + 43 || token.substr(0, 3) != "rt_" || token[15] != '_') {
    return std::optional<User>();
  }
  std::string_view id = token.substr(3, 12);
  std::string_view secret = token.substr(16);
  std::string presented = HashSecret(secret);
  std::lock_guard lock(mutex_);
  Statement stmt(db_, "SELECT user_id, secret_hash, revoked FROM server_tokens WHERE id = ?1");
  if (!stmt.ok()) return DbError(db_, path_);
  stmt.Bind(1, id);
  if (stmt.Step() != SQLITE_ROW) return std::optional<User>();
  std::string stored = stmt.Text(1);
  if (stmt.Int(2) != 0 || stored.size() != presented.size() ||
      sodium_memcmp(stored.data(), presented.data(), stored.size()) != 0) {
    return std::optional<User>();
  }
  int64_t user_id = stmt.Int(0);
  Statement user(db_, (std::string(kUserColumns) + "FROM server_users WHERE id = ?1").c_str());
  user.Bind(1, user_id);
  if (user.Step() != SQLITE_ROW) return std::optional<User>();
  return std::optional<User>(ReadUser(user));
}

Result<std::optional<User>> UserDb::CheckPassword(std::string_view name, std::string_view password) {
  std::string hash;
  std::optional<User> user;
  {
    std::lock_guard lock(mutex_);
    RAMPART_ASSIGN_OR_RETURN(user, UserByName(name, &hash));
  }
  if (!user) {
    // Spend the same time as a real check so user names cannot be probed.
    static const std::string kDummy = HashPassword("rampart-dummy-password").value_or("");
    VerifyPassword(password, kDummy);
    return std::optional<User>();
  }
  if (!VerifyPassword(password, hash)) return std::optional<User>();
  return user;
}

void UserDb::Audit(std::string_view actor, std::string_view action, std::string_view detail) {
  std::lock_guard lock(mutex_);
  Statement stmt(db_, "INSERT INTO server_audit (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)");
  if (!stmt.ok()) return;
  stmt.Bind(1, Now()).Bind(2, actor).Bind(3, action).Bind(4, detail);
  stmt.Step();
}

}  // namespace rampart::server
