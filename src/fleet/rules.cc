#include "rampart/fleet/rules.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace rampart::fleet {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr size_t kChunkBytes = 512 << 10;

bool IsRuleFile(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".yml" || ext == ".yaml";
}

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read rule file", {.file = path});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<kvStore*> OpenBucket(Connection& conn, bool create) {
  kvStore* kv = nullptr;
  natsStatus s = js_KeyValue(&kv, conn.js(), kRulesBucket);
  if (s == NATS_OK) return kv;
  if (!create) return NatsError(s, std::string("key-value bucket ") + kRulesBucket);
  kvConfig cfg;
  kvConfig_Init(&cfg);
  cfg.Bucket = kRulesBucket;
  cfg.History = 1;
  s = js_CreateKeyValue(&kv, conn.js(), &cfg);
  if (s != NATS_OK) return NatsError(s, std::string("create key-value bucket ") + kRulesBucket);
  return kv;
}

Result<std::string> Get(kvStore* kv, const std::string& key) {
  kvEntry* e = nullptr;
  natsStatus s = kvStore_Get(&e, kv, key.c_str());
  if (s != NATS_OK) return NatsError(s, "get " + key);
  std::string value(static_cast<const char*>(kvEntry_Value(e)), static_cast<size_t>(kvEntry_ValueLen(e)));
  kvEntry_Destroy(e);
  return value;
}

}  // namespace

Result<RuleBundle> ReadRuleBundle(const std::vector<std::string>& paths) {
  RuleBundle bundle;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::follow_directory_symlink, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && IsRuleFile(it->path())) files.push_back(it->path().string());
      }
      if (ec) return IoError("cannot walk folder: " + ec.message(), {.file = path});
      std::sort(files.begin(), files.end());
      for (const std::string& file : files) {
        RAMPART_ASSIGN_OR_RETURN(std::string text, ReadAll(file));
        bundle.files.push_back({fs::relative(file, path).string(), std::move(text)});
      }
    } else if (fs::exists(path, ec)) {
      RAMPART_ASSIGN_OR_RETURN(std::string text, ReadAll(path));
      bundle.files.push_back({fs::path(path).filename().string(), std::move(text)});
    } else {
      return IoError("no such file or folder", {.file = path});
    }
  }
  bundle.version = RuleBundleVersion(bundle.files);
  return bundle;
}

std::string RuleBundleVersion(const std::vector<RuleFile>& files) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const RuleFile& f : files) {
    EVP_DigestUpdate(ctx, f.path.data(), f.path.size() + 1);  // with its NUL: a separator
    std::string size = std::to_string(f.text.size()) + ":";
    EVP_DigestUpdate(ctx, size.data(), size.size());
    EVP_DigestUpdate(ctx, f.text.data(), f.text.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  std::string out;
  for (unsigned int i = 0; i < 8 && i < len; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

Status PublishRules(Connection& conn, const RuleBundle& bundle) {
  RAMPART_ASSIGN_OR_RETURN(kvStore * kv, OpenBucket(conn, true));
  int chunks = 0;
  json chunk = json::array();
  size_t bytes = 0;
  auto flush = [&]() -> Status {
    std::string value = chunk.dump();
    std::string key = fmt::format("set.{}.{}", bundle.version, chunks);
    uint64_t rev = 0;
    natsStatus s = kvStore_Put(&rev, kv, key.c_str(), value.data(), static_cast<int>(value.size()));
    if (s != NATS_OK) return NatsError(s, "put " + key);
    ++chunks;
    chunk = json::array();
    bytes = 0;
    return Status();
  };
  Status st;
  for (const RuleFile& f : bundle.files) {
    if (bytes > 0 && bytes + f.text.size() + f.path.size() > kChunkBytes) {
      if (st = flush(); !st.ok()) break;
    }
    chunk.push_back({{"path", f.path}, {"text", f.text}});
    bytes += f.text.size() + f.path.size() + 32;
  }
  if (st.ok() && bytes > 0) st = flush();
  if (st.ok()) {
    std::string current = json{{"version", bundle.version}, {"chunks", chunks}}.dump();
    uint64_t rev = 0;
    natsStatus s = kvStore_PutString(&rev, kv, "current", current.c_str());
    if (s != NATS_OK) st = NatsError(s, "put current");
  }
  kvStore_Destroy(kv);
  return st;
}

Result<std::string> CurrentRulesVersion(Connection& conn) {
  auto kv = OpenBucket(conn, false);
  if (!kv.ok()) return NotFound("no rules published (rampart fleet rules publish)");
  auto current = Get(*kv, "current");
  kvStore_Destroy(*kv);
  if (!current.ok()) return NotFound("no rules published (rampart fleet rules publish)");
  json j = json::parse(*current, nullptr, false);
  if (j.is_discarded() || !j.contains("version")) return InvalidInput("bad 'current' entry in " + std::string(kRulesBucket));
  return j["version"].get<std::string>();
}

Result<RuleBundle> FetchRules(Connection& conn, const std::string& version) {
  RAMPART_ASSIGN_OR_RETURN(kvStore * kv, OpenBucket(conn, false));
  RuleBundle bundle;
  bundle.version = version;
  Status st;
  for (int n = 0;; ++n) {
    auto value = Get(kv, fmt::format("set.{}.{}", version, n));
    if (!value.ok()) {
      if (n == 0) st = NotFound("rule set version " + version + " is not in " + kRulesBucket);
      break;
    }
    json chunk = json::parse(*value, nullptr, false);
    if (chunk.is_discarded() || !chunk.is_array()) {
      st = InvalidInput(fmt::format("bad rule chunk set.{}.{}", version, n));
      break;
    }
    for (const json& f : chunk) bundle.files.push_back({f.value("path", ""), f.value("text", "")});
  }
  kvStore_Destroy(kv);
  if (!st.ok()) return st;
  if (RuleBundleVersion(bundle.files) != version) {
    return InvalidInput("rule set " + version + " in " + kRulesBucket + " does not match its version (incomplete?)");
  }
  return bundle;
}

Result<std::unique_ptr<DetectionSet>> CompileBundle(const RuleBundle& bundle) {
  auto set = std::make_unique<DetectionSet>();
  set->version = bundle.version;
  for (const RuleFile& f : bundle.files) set->rules.AddText(f.text, f.path);
  set->rules.ApplyFilters();
  if (set->rules.rules().empty()) return InvalidInput("no usable rule in the rule set " + bundle.version);
  auto compiled = detect::Matcher::Compile(set->rules);
  if (!compiled.ok()) return compiled.status();
  set->matcher = std::move(*compiled);
  return set;
}

}  // namespace rampart::fleet
