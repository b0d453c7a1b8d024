// Login rate limiting and browser sessions (in memory).
#include "rampart/server/auth.h"

namespace rampart::server {

bool LoginLimiter::Allowed(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return true;
  if (std::chrono::steady_clock::now() - it->second.first > window_) {
    entries_.erase(it);
    return true;
  }
  return it->second.failures < max_failures_;
}

void LoginLimiter::Failed(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  Entry& entry = entries_[key];
  if (entry.failures == 0 || now - entry.first > window_) entry = Entry{0, now};
  ++entry.failures;
  if (entries_.size() > 100000) entries_.clear();  // bounded memory under a spray of keys
}

void LoginLimiter::Succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

SessionStore::Created SessionStore::Create(int64_t user_id, std::chrono::seconds lifetime) {
  Created created{RandomToken(32), RandomToken(32)};
  std::lock_guard lock(mutex_);
  sessions_[HashSecret(created.cookie)] =
      Session{user_id, created.csrf, std::chrono::steady_clock::now() + lifetime};
  return created;
}

std::optional<std::pair<int64_t, std::string>> SessionStore::Find(const std::string& cookie) {
  std::string key = HashSecret(cookie);
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() > it->second.expires) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return std::make_pair(it->second.user_id, it->second.csrf);
}

void SessionStore::Remove(const std::string& cookie) {
  std::lock_guard lock(mutex_);
  sessions_.erase(HashSecret(cookie));
}

}  // namespace rampart::server
