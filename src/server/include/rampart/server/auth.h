// Who is calling: users, API tokens, browser sessions, and the rate limit on
// failed logins.
//
// Users and tokens are not STIX objects: they live in their own tables
// (server_users, server_tokens, server_audit) in the store's SQLite file, or
// in the file given by --auth-db. Passwords are argon2id hashes
// (libsodium crypto_pwhash_str, 2 passes over 19 MiB, OWASP's minimum); API
// tokens are 32 random bytes shown once as "rt_<id>_<secret>" and stored as
// BLAKE2b-256 of the secret (a fast hash suffices for 256 random bits, and
// every request checks one). No secret is ever logged or stored in clear.
//
// Thread-safety: UserDb, LoginLimiter and SessionStore are safe to share
// between threads (each serialises itself with a mutex).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/marking.h"

struct sqlite3;

namespace rampart::server {

enum class Role { kAdmin, kAnalyst, kConstituentReader };

// "admin", "analyst", "constituent-reader"; nullopt for anything else.
std::optional<Role> ParseRole(std::string_view text);
std::string_view RoleName(Role role);

// The caller of one request, after authentication.
struct Principal {
  int64_t user_id = 0;
  std::string name;
  Role role = Role::kConstituentReader;
  std::string organisation;                     // constituent name; "" = the centre itself
  stix::TlpLevel clearance = stix::TlpLevel::kClear;
  bool via_cookie = false;                      // browser session: writes need the CSRF token

  bool CanWrite() const { return role != Role::kConstituentReader; }
  bool IsAdmin() const { return role == Role::kAdmin; }
};

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kConstituentReader;
  std::string organisation;
  stix::TlpLevel clearance = stix::TlpLevel::kClear;
  std::string created;  // RFC 3339
};

struct TokenInfo {
  std::string id;       // public part ("3f9a0c1b7d2e"), safe to print and log
  std::string user;
  std::string created;
  bool revoked = false;
};

// argon2id string ("$argon2id$v=19$m=19456,t=2,p=1$...") of `password`.
Result<std::string> HashPassword(std::string_view password);
// True if `password` matches `hash` (constant time in the password).
bool VerifyPassword(std::string_view password, const std::string& hash);
// `bytes` random bytes as unpadded base64url.
std::string RandomToken(size_t bytes);
// Hex BLAKE2b-256 of `secret`.
std::string HashSecret(std::string_view secret);

class UserDb {
 public:
  // Opens (creating the tables in) the SQLite file `path` (":memory:" for a
  // private database). IoError naming the path on failure.
  static Result<std::unique_ptr<UserDb>> Open(const std::string& path);
  ~UserDb();

  // InvalidInput if `name` is empty or taken, or the password is shorter
  // than 12 characters. Returns the new user's id.
  Result<int64_t> AddUser(std::string_view name, Role role, std::string_view organisation,
                          stix::TlpLevel clearance, std::string_view password);
  Result<std::vector<User>> ListUsers();
  Result<int64_t> CountUsers();

  // A new token for `user`; the returned string is the only copy of the
  // secret. NotFound if there is no such user.
  Result<std::string> CreateToken(std::string_view user);
  // NotFound if no token has this id. Revoking twice is not an error.
  Status RevokeToken(std::string_view token_id);
  Result<std::vector<TokenInfo>> ListTokens();

  // The user behind a "rt_<id>_<secret>" token; nullopt if the token is
  // malformed, unknown, revoked or its secret does not match.
  Result<std::optional<User>> CheckToken(std::string_view token);
  // The user if `password` is theirs; nullopt otherwise (unknown users cost
  // as much time as wrong passwords).
  Result<std::optional<User>> CheckPassword(std::string_view name, std::string_view password);

  // The user with this id; nullopt if there is none.
  Result<std::optional<User>> UserById(int64_t id);

  // Appends to the audit log: `actor` (user name or "-"), `action`
  // ("login", "login-failed", "token-create", "put-objects" ...), `detail`
  // (never a secret).
  void Audit(std::string_view actor, std::string_view action, std::string_view detail);

 private:
  explicit UserDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Result<std::optional<User>> UserByName(std::string_view name, std::string* password_hash);

  std::mutex mutex_;
  sqlite3* db_;
  std::string path_;
};

// Failed logins per key (the remote address and the user name): after
// `max_failures` within `window`, Allowed() is false until the window since
// the first failure has passed. A success clears the key.
class LoginLimiter {
 public:
  LoginLimiter(int max_failures = 5, std::chrono::seconds window = std::chrono::seconds(60))
      : max_failures_(max_failures), window_(window) {}
  bool Allowed(const std::string& key);
  void Failed(const std::string& key);
  void Succeeded(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    std::chrono::steady_clock::time_point first;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  int max_failures_;
  std::chrono::seconds window_;
};

// Browser sessions, in memory (a restart logs everybody out). The cookie
// value is a random secret; the CSRF token is a second, independent secret
// the page must echo in X-CSRF-Token on every write.
class SessionStore {
 public:
  struct Created {
    std::string cookie;
    std::string csrf;
  };
  Created Create(int64_t user_id, std::chrono::seconds lifetime = std::chrono::hours(8));
  // The session's user id and CSRF token; nullopt if unknown or expired.
  std::optional<std::pair<int64_t, std::string>> Find(const std::string& cookie);
  void Remove(const std::string& cookie);

 private:
  struct Session {
    int64_t user_id;
    std::string csrf;
    std::chrono::steady_clock::time_point expires;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Session> sessions_;  // keyed by HashSecret(cookie)
};

}  // namespace rampart::server
