#include "rampart/hunt/hunted_indicators.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "rampart/core/fs.h"
#include "rampart/core/id.h"
#include "rampart/stix/upgrade.h"

namespace rampart::hunt {
namespace {

using nlohmann::json;

// STIX pattern string literal: backslash and quote escaped (spec 9.3).
std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

// The first token of line `line` (1-based) of `text`, refanged.
std::string LineToken(std::string_view text, int64_t line) {
  size_t pos = 0;
  for (int64_t n = 1; n < line && pos != std::string_view::npos; ++n) {
    pos = text.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos || pos >= text.size()) return {};
  std::string_view rest = text.substr(pos, text.find('\n', pos) - pos);
  size_t begin = rest.find_first_not_of(" \t\r\xEF\xBB\xBF");
  if (begin == std::string_view::npos) return {};
  rest = rest.substr(begin);
  return detect::Refang(rest.substr(0, rest.find_first_of(" \t\r")));
}

std::string RuleTime(const std::string& text) {
  auto parsed = ParseTimestamp(text);
  return parsed.ok() ? FormatTimestamp(*parsed) : std::string();
}

// Modification time of `path`, for a rule without `date`; 0 if unknown.
TimestampUs FileTime(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<TimestampUs>(st.st_mtim.tv_sec) * 1000000;
}

}  // namespace

std::string IocPattern(const detect::IocValue& value, std::string_view text) {
  using detect::IocType;
  const std::string& v = value.value;
  switch (value.type) {
    case IocType::kIpv4: return fmt::format("[ipv4-addr:value = {}]", Quoted(v));
    case IocType::kCidr4: return fmt::format("[ipv4-addr:value ISSUBSET {}]", Quoted(v));
    case IocType::kIpv6: return fmt::format("[ipv6-addr:value = {}]", Quoted(v));
    case IocType::kCidr6: return fmt::format("[ipv6-addr:value ISSUBSET {}]", Quoted(v));
    case IocType::kDomain: return fmt::format("[domain-name:value = {}]", Quoted(v));
    case IocType::kEmail: return fmt::format("[email-addr:value = {}]", Quoted(v));
    case IocType::kMd5: return fmt::format("[file:hashes.MD5 = {}]", Quoted(v));
    case IocType::kSha1: return fmt::format("[file:hashes.'SHA-1' = {}]", Quoted(v));
    case IocType::kSha256: return fmt::format("[file:hashes.'SHA-256' = {}]", Quoted(v));
    case IocType::kSha512: return fmt::format("[file:hashes.'SHA-512' = {}]", Quoted(v));
    case IocType::kUrl: {
      // The list's canonical form drops the scheme; keep the one written.
      std::string url = text.find("://") != std::string_view::npos ? std::string(text) : "http://" + v;
      return fmt::format("[url:value = {}]", Quoted(url));
    }
  }
  return {};
}

void HuntedIndicators::AddIocList(const detect::IocList& list, const std::string& path, TimestampUs read_time) {
  std::string text;
  if (path != "-") {
    if (auto read = ReadFile(path); read.ok()) text = std::move(*read);
  }
  bool bundle = !list.indicators.empty() && list.indicators.front().id.starts_with("indicator--");
  if (bundle) {
    json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
    const json* objects = parsed.is_object() && parsed.contains("objects") ? &parsed["objects"] : &parsed;
    if (objects->is_array()) {
      for (json object : *objects) {
        if (!object.is_object() || object.value("type", "") != "indicator") continue;
        if (!stix::UpgradeToV21(object).ok()) continue;
        if (auto parsed_object = stix::FromJson(object); parsed_object.ok()) {
          known_.emplace(parsed_object->id, std::move(*parsed_object));
        }
      }
    }
  }
  for (const detect::IocEntry& entry : list.entries) {
    const detect::IndicatorSpec& spec = list.indicators[entry.indicator];
    if (spec.id.starts_with("indicator--")) continue;
    IocSource source{entry.value, entry.line > 0 ? LineToken(text, entry.line) : std::string(), spec.name, read_time};
    ioc_entries_.emplace(spec.id, std::move(source));
  }
}

void HuntedIndicators::AddStored(const stix::Object& indicator) { known_.emplace(indicator.id, indicator); }

const stix::Object* HuntedIndicators::For(const detect::RuleInfo& rule) {
  if (auto it = known_.find(rule.id); it != known_.end()) return &it->second;
  // A Sigma indicator of the knowledge base is loaded with its id as "file".
  if (auto it = known_.find(rule.where.file); it != known_.end()) return &it->second;
  const std::string key = ioc_entries_.count(rule.id) ? "ioc:" + rule.id : "sigma:" + rule.where.file + "#" + rule.id + "#" + rule.title;
  if (auto it = built_.find(key); it != built_.end()) return &it->second;
  std::optional<stix::Object> made = ioc_entries_.count(rule.id) ? BuildIoc(rule.id) : BuildSigma(rule);
  if (!made) return nullptr;
  return &built_.emplace(key, std::move(*made)).first->second;
}

std::optional<stix::Object> HuntedIndicators::BuildIoc(const std::string& spec_id) const {
  const IocSource& source = ioc_entries_.at(spec_id);
  std::string id = "indicator--" + UuidV5(kRampartNamespace, fmt::format("ioc:{}:{}", detect::IocTypeName(source.value.type),
                                                                          source.value.value));
  if (kb_ != nullptr) {
    if (auto stored = kb_->Get(id); stored.ok()) return std::move(*stored);
  }
  std::string when = FormatTimestamp(source.read_time);
  json indicator = {{"type", "indicator"},
                    {"spec_version", "2.1"},
                    {"id", id},
                    {"created", when},
                    {"modified", when},
                    {"name", source.name.empty() ? source.value.value : source.name},
                    {"description", fmt::format("{} from an IOC list", detect::IocTypeName(source.value.type))},
                    {"pattern_type", "stix"},
                    {"pattern_version", "2.1"},
                    {"pattern", IocPattern(source.value, source.text)},
                    {"valid_from", when}};
  auto object = stix::FromJson(indicator);
  if (!object.ok()) return std::nullopt;
  return std::move(*object);
}

std::optional<stix::Object> HuntedIndicators::BuildSigma(const detect::RuleInfo& rule) const {
  const std::string rule_key = rule.id.empty() ? rule.title : rule.id;
  std::string created = RuleTime(rule.date);
  if (created.empty()) created = FormatTimestamp(FileTime(rule.where.file));
  std::string modified = RuleTime(rule.modified);
  if (modified.empty() || modified < created) modified = created;
  std::string pattern;
  if (auto given = rule_texts_.find(rule.where.file); given != rule_texts_.end()) {
    pattern = given->second;
  } else if (auto text = ReadFile(rule.where.file); text.ok()) {
    pattern = std::move(*text);
  }
  if (pattern.empty()) return std::nullopt;  // the rule's YAML is the pattern: nothing else will do
  json refs = json::array();
  refs.push_back({{"source_name", "sigma"}, {"external_id", rule_key}});
  for (const std::string& url : rule.references) refs.push_back({{"source_name", "reference"}, {"url", url}});
  json indicator = {{"type", "indicator"},   {"spec_version", "2.1"},
                    {"id", "indicator--" + UuidV5(kRampartNamespace, "sigma-rule:" + rule_key)},
                    {"created", created},    {"modified", modified},
                    {"name", rule.title},    {"indicator_types", {"malicious-activity"}},
                    {"pattern_type", "sigma"}, {"pattern", pattern},
                    {"valid_from", created}, {"external_references", refs}};
  if (!rule.description.empty()) indicator["description"] = rule.description;
  auto object = stix::FromJson(indicator);
  if (!object.ok()) return std::nullopt;
  return std::move(*object);
}

}  // namespace rampart::hunt
