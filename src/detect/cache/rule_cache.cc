// The rule cache's files, keys and folder (rule_cache.h).
#include "rampart/detect/rule_cache.h"

#include <fmt/format.h>
#include <hs/hs.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "cache/codec.h"
#include "rampart/core/fs.h"
#include "rampart/core/vectorscan.h"

namespace rampart::detect {

using internal::ByteReader;
using internal::ByteWriter;
using internal::Hasher;

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "rampart-rule-cache\n";
constexpr uint32_t kFormat = 1;
constexpr std::string_view kVersion = "0.1.0";
constexpr std::string_view kSuffix = ".rules";

std::string Checksum(std::string_view bytes) {
  Hasher h;
  h.Add(bytes);
  return h.Raw();
}

// The whole file into `out` (reused: thousands of small rule files are read
// with three system calls each and no allocation).
bool ReadInto(const std::string& path, std::string& out) {
  out.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = true;
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    out.append(chunk, static_cast<size_t>(n));
  }
  ::close(fd);
  return ok;
}

}  // namespace

std::optional<std::string> DatabaseCache::Find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void DatabaseCache::Put(const std::string& key, std::string bytes) {
  std::lock_guard lock(mutex_);
  if (entries_.insert_or_assign(key, std::move(bytes)).second) ++added_;
}

size_t DatabaseCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::vector<std::string> DatabaseCache::Keys() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> keys;
  for (const auto& e : entries_) keys.push_back(e.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}

size_t DatabaseCache::added() const {
  std::lock_guard lock(mutex_);
  return added_;
}

std::string DatabaseCache::Encode() const {
  std::lock_guard lock(mutex_);
  // Sorted, so the same cache always encodes to the same bytes.
  std::vector<const std::pair<const std::string, std::string>*> sorted;
  for (const auto& e : entries_) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  ByteWriter w;
  w.U64(sorted.size());
  for (const auto* e : sorted) {
    w.Str(e->first);
    w.Str(e->second);
  }
  return std::move(w.bytes());
}

Result<DatabaseCache> DatabaseCache::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  DatabaseCache cache;
  size_t n = r.Count(16);
  for (size_t i = 0; i < n && r.ok(); ++i) {
    std::string key = r.Str();
    cache.entries_[key] = r.Str();
  }
  if (!r.done()) return InvalidInput("damaged database table");
  return cache;
}

std::string RuleCacheEnvironment() {
  // The executable's size and time stand for its build: a rebuilt rampart
  // (a changed compiler) does not reuse what an older build cached.
  std::string exe = "?";
  struct stat st {};
  if (::stat("/proc/self/exe", &st) == 0) {
    exe = fmt::format("{}:{}.{}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  }
  std::string platform = "host";
  if (const hs_platform_info_t* p = CompilePlatform()) {
    platform = fmt::format("{}:{}", p->tune, p->cpu_features);
  } else if (hs_platform_info_t host{}; hs_populate_platform(&host) == HS_SUCCESS) {
    platform = fmt::format("host:{}:{}", host.tune, host.cpu_features);
  }
  return fmt::format("rampart {} exe {} vectorscan {} runtime {} platform {}", kVersion, exe, hs_version(),
                     ScanRuntimeName(), platform);
}

std::string EncodeRuleCacheFile(std::string_view key, std::string_view environment, const RuleSet& rules,
                                const DatabaseCache& databases) {
  ByteWriter payload;
  payload.Str(RuleSetCodec::Encode(rules));
  payload.Str(databases.Encode());
  ByteWriter w;
  w.bytes().append(kMagic);
  w.U32(kFormat);
  w.Str(environment);
  w.Str(key);
  w.Str(payload.bytes());
  w.bytes().append(Checksum(payload.bytes()));
  return std::move(w.bytes());
}

Result<CachedRules> DecodeRuleCacheFile(std::string_view bytes, std::string_view key, std::string_view environment) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return InvalidInput("not a rule cache file");
  ByteReader r(bytes.substr(kMagic.size()));
  if (r.U32() != kFormat) return InvalidInput("another format version");
  if (r.View() != environment) return InvalidInput("written by another rampart build or platform");
  if (r.View() != key) return InvalidInput("written for other rules");
  std::string_view payload = r.View();
  std::string_view sum = r.ok() ? bytes.substr(bytes.size() - std::min<size_t>(bytes.size(), 16)) : "";
  if (!r.ok() || kMagic.size() + 4 + 8 + environment.size() + 8 + key.size() + 8 + payload.size() + 16 != bytes.size() ||
      sum != Checksum(payload)) {
    return InvalidInput("truncated or damaged");
  }
  ByteReader p(payload);
  std::string_view rule_bytes = p.View(), database_bytes = p.View();
  if (!p.done()) return InvalidInput("damaged payload");
  RAMPART_ASSIGN_OR_RETURN(RuleSet rules, RuleSetCodec::Decode(rule_bytes));
  RAMPART_ASSIGN_OR_RETURN(DatabaseCache databases, DatabaseCache::Decode(database_bytes));
  return CachedRules{std::move(rules), std::move(databases)};
}

std::string RuleCache::DefaultDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/') return std::string(xdg) + "/rampart";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.cache/rampart";
  return "";
}

std::string RuleCache::Key(const std::vector<std::string>& rule_paths, const std::vector<std::string>& filter_paths,
                           const ParseOptions& options, std::string_view extra) {
  Hasher h;
  h.AddStr(kVersion);
  std::string buffer;
  for (const auto* paths : {&rule_paths, &filter_paths}) {
    h.AddStr("paths");
    for (const std::string& path : *paths) h.AddStr(path);
    h.AddStr("files");
    for (const std::string& file : ListRuleFiles(*paths)) {
      h.AddStr(file);
      bool ok = ReadInto(file, buffer);
      h.AddStr(ok ? "ok" : "unreadable");
      h.AddStr(ok ? std::string_view(buffer) : std::string_view());
    }
  }
  h.AddStr("placeholders");
  for (const auto& [name, values] : options.placeholders) {
    h.AddStr(name);
    for (const auto& v : values) h.AddStr(v);
    h.AddStr("");
  }
  h.AddStr(extra);
  return h.Hex();
}

std::string RuleCache::PathOf(const std::string& key) const { return dir_ + "/" + key + std::string(kSuffix); }

std::optional<CachedRules> RuleCache::Read(const std::string& key, std::string* why) const {
  auto bytes = MappedFile::Open(PathOf(key));
  if (!bytes.ok()) {
    if (why) *why = "no cached rules";
    return std::nullopt;
  }
  auto decoded = DecodeRuleCacheFile(bytes->view(), key, RuleCacheEnvironment());
  if (!decoded.ok()) {
    if (why) *why = std::string(decoded.status().message());
    return std::nullopt;
  }
  // Touched, so that trimming removes the least recently used files first.
  std::error_code ec;
  fs::last_write_time(PathOf(key), fs::file_time_type::clock::now(), ec);
  return std::move(*decoded);
}

Status RuleCache::Write(const std::string& key, const RuleSet& rules, const DatabaseCache& databases) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return IoError(fmt::format("cannot create the rule cache folder: {}", ec.message()), ErrorContext{.file = dir_});
  RAMPART_RETURN_IF_ERROR(WriteFileAtomic(PathOf(key), EncodeRuleCacheFile(key, RuleCacheEnvironment(), rules, databases)));
  // Trim: newest first, keep while under the limit (the file just written
  // is the newest and always stays).
  struct Entry {
    fs::file_time_type time;
    uint64_t size;
    fs::path path;
  };
  std::vector<Entry> entries;
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().extension() != kSuffix) continue;
    std::error_code e1, e2;
    auto size = it->file_size(e1);
    auto time = it->last_write_time(e2);
    if (!e1 && !e2) entries.push_back({time, size, it->path()});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.time > b.time; });
  uint64_t total = 0;
  const std::string mine = PathOf(key);
  for (const Entry& e : entries) {
    total += e.size;
    if (total > max_bytes_ && e.path.string() != mine) fs::remove(e.path, ec);
  }
  return Status();
}

}  // namespace rampart::detect
