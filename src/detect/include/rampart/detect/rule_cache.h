// A cache of loaded and compiled Sigma rule sets, so that a hunt with the
// same rules starts without parsing YAML or compiling Vectorscan databases.
//
// One file per rule set in the cache folder, named by its key: the hash of
// every rule and filter file (path and bytes, in load order), the
// placeholder values and the options that change compilation. A file holds
// the loaded RuleSet (plain data) and the Vectorscan databases of the
// compile (DatabaseCache: each database serialised under the hash of its
// patterns, flags and ids; also Vectorscan's verdicts on single regexes).
// Its header names the environment it was built in (rampart's version and
// executable, Vectorscan's version, the scan runtime and compile platform
// of rampart/core/vectorscan.h): a file from another environment, or one
// whose checksum or structure is wrong, is ignored and rewritten.
//
// Writes go to a temporary file in the cache folder, then rename(2): runs at
// the same time each see a whole file or none, and the last writer wins
// (both wrote the same content). After a write the folder is trimmed to its
// size limit, oldest files (by modification time) first.
//
// Thread-safety: RuleCache is immutable after construction; DatabaseCache
// locks internally (Find/Put from any thread).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/rule_set.h"

namespace rampart::detect {

// Compile results by the hash of their inputs (see the header comment).
class DatabaseCache {
 public:
  DatabaseCache() = default;
  DatabaseCache(DatabaseCache&& other) noexcept : entries_(std::move(other.entries_)), added_(other.added_) {}
  DatabaseCache& operator=(DatabaseCache&& other) noexcept {
    entries_ = std::move(other.entries_);
    added_ = other.added_;
    return *this;
  }

  // The bytes stored under `key`, or nullopt (copied: the map may grow).
  std::optional<std::string> Find(const std::string& key) const;
  void Put(const std::string& key, std::string bytes);
  size_t size() const;
  std::vector<std::string> Keys() const;  // sorted
  // Entries added by Put since construction or decoding.
  size_t added() const;

  std::string Encode() const;
  // Fails on any inconsistency (outside input).
  static Result<DatabaseCache> Decode(std::string_view bytes);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> entries_;
  size_t added_ = 0;
};

// RuleSet <-> bytes, every field kept. Decode fails (InvalidInput) on
// damaged input and never builds a partial set.
class RuleSetCodec {
 public:
  static std::string Encode(const RuleSet& set);
  static Result<RuleSet> Decode(std::string_view bytes);
};

// What a cache file holds.
struct CachedRules {
  RuleSet rules;
  DatabaseCache databases;
};

// The environment string written in every cache file's header (see above).
std::string RuleCacheEnvironment();

// A cache file's bytes for `key`; and back (fails when the bytes are not a
// whole, undamaged file of `key` written in `environment`).
std::string EncodeRuleCacheFile(std::string_view key, std::string_view environment, const RuleSet& rules,
                                const DatabaseCache& databases);
Result<CachedRules> DecodeRuleCacheFile(std::string_view bytes, std::string_view key, std::string_view environment);

class RuleCache {
 public:
  static constexpr uint64_t kDefaultMaxBytes = 256ull << 20;

  // `dir` is created on first write.
  explicit RuleCache(std::string dir, uint64_t max_bytes = kDefaultMaxBytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}

  // $XDG_CACHE_HOME/rampart, else $HOME/.cache/rampart; "" if neither is set.
  static std::string DefaultDir();

  // The key of loading `rule_paths` and `filter_paths` (as RuleSet::Load)
  // with `options`; `extra` holds whatever else changes the compiled form
  // (CLI options). Reads every rule file; unreadable files and missing
  // paths go into the key as such (the load reports them).
  static std::string Key(const std::vector<std::string>& rule_paths, const std::vector<std::string>& filter_paths,
                         const ParseOptions& options, std::string_view extra);

  // The cached rule set of `key`; nullopt if there is none or it cannot be
  // used (`why` says which, for logs).
  std::optional<CachedRules> Read(const std::string& key, std::string* why = nullptr) const;
  // Writes (atomically) and trims the folder to the size limit.
  Status Write(const std::string& key, const RuleSet& rules, const DatabaseCache& databases) const;

  std::string PathOf(const std::string& key) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  uint64_t max_bytes_;
};

}  // namespace rampart::detect
