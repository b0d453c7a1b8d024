// Loading rule files and folders; filters.
#include "rampart/detect/rule_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace rampart::detect {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsRuleFile(const fs::path& p) {
  std::string ext = Lower(p.extension().string());
  return ext == ".yml" || ext == ".yaml";
}

// Every .yml/.yaml file of `paths` in order (folders sorted, recursive); a
// path that cannot be walked or does not exist is an error in `errors`.
std::vector<std::string> RuleFiles(const std::vector<std::string>& paths, std::vector<Status>* errors) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(path, ec)) {
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::follow_directory_symlink, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && IsRuleFile(it->path())) files.push_back(it->path().string());
      }
      if (ec) errors->push_back(IoError(fmt::format("cannot walk folder: {}", ec.message()), ErrorContext{path, 0, 0, -1, ""}));
      std::sort(files.begin(), files.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      errors->push_back(NotFound("no such file or folder", ErrorContext{path, 0, 0, -1, ""}));
      continue;
    }
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

// nullopt with errno set if the file cannot be opened.
std::optional<std::string> ReadAll(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

std::vector<std::string> ListRuleFiles(const std::vector<std::string>& paths) {
  std::vector<Status> ignored;
  return RuleFiles(paths, &ignored);
}

RuleSet RuleSet::Load(const std::vector<std::string>& paths, const ParseOptions& options) {
  return Load(paths, options, {});
}

RuleSet RuleSet::Load(const std::vector<std::string>& paths, const ParseOptions& options,
                      const std::vector<std::string>& filter_paths) {
  RuleSet set;
  for (const std::string& file : RuleFiles(paths, &set.errors_)) {
    auto text = ReadAll(file);
    if (!text) {
      set.errors_.push_back(
          IoError(fmt::format("cannot read file: {}", std::strerror(errno)), ErrorContext{file, 0, 0, -1, ""}));
      continue;
    }
    set.AddText(*text, file, options);
  }
  for (const std::string& file : RuleFiles(filter_paths, &set.errors_)) {
    auto text = ReadAll(file);
    if (!text) {
      set.errors_.push_back(
          IoError(fmt::format("cannot read file: {}", std::strerror(errno)), ErrorContext{file, 0, 0, -1, ""}));
      continue;
    }
    ++set.files_;
    ParsedFile parsed = ParseSigmaText(*text, file, options);
    auto not_filter = [&](const RuleInfo& info, std::string_view kind) {
      const auto& w = info.where;
      set.errors_.push_back(InvalidInput(
          fmt::format("'{}' is a {} rule: --filters takes filter documents only (give rules with --rules)",
                      info.title, kind),
          ErrorContext{w.file, w.line, w.column, -1, info.id}));
    };
    for (const auto& r : parsed.rules) not_filter(r.info, "detection");
    for (const auto& c : parsed.correlations) not_filter(c.info, "correlation");
    for (auto& f : parsed.filters) set.filters_.push_back(std::move(f));
    for (auto& e : parsed.errors) set.errors_.push_back(std::move(e));
    for (auto& e : parsed.skipped) set.skipped_.push_back(std::move(e));
  }
  set.ApplyFilters();
  return set;
}

void RuleSet::AddText(std::string_view text, std::string_view file, const ParseOptions& options) {
  ++files_;
  ParsedFile parsed = ParseSigmaText(text, file, options);
  for (auto& r : parsed.rules) rules_.push_back(std::move(r));
  for (auto& c : parsed.correlations) correlations_.push_back(std::move(c));
  for (auto& f : parsed.filters) filters_.push_back(std::move(f));
  for (auto& e : parsed.errors) errors_.push_back(std::move(e));
  for (auto& e : parsed.skipped) skipped_.push_back(std::move(e));
}

bool PassesFilter(const RuleInfo& rule, const RuleFilter& filter) {
  if (!filter.include_deprecated && (rule.status == "deprecated" || rule.status == "unsupported")) return false;
  if (filter.min_level && rule.level < *filter.min_level) return false;
  if (filter.level && rule.level != *filter.level) return false;
  if (!filter.tags.empty()) {
    bool any = false;
    for (const std::string& want : filter.tags) {
      std::string w = Lower(want);
      for (const std::string& tag : rule.tags) {
        std::string t = Lower(tag);
        if (t == w || (t.size() > w.size() && t.compare(0, w.size(), w) == 0 && t[w.size()] == '.')) any = true;
      }
    }
    if (!any) return false;
  }
  return true;
}

RuleSet RuleSet::Filter(const RuleFilter& filter) const {
  RuleSet out;
  out.errors_ = errors_;
  out.skipped_ = skipped_;
  out.files_ = files_;
  out.filters_ = filters_;
  out.filter_use_ = filter_use_;
  out.filters_applied_ = filters_applied_;
  out.warnings_ = warnings_;
  std::set<std::string> kept;
  for (const auto& r : rules_) {
    if (!PassesFilter(r.info, filter)) continue;
    out.rules_.push_back(r);
    kept.insert(r.info.id);
    kept.insert(r.info.name);
  }
  // Correlations: kept if they pass and every referenced rule is kept (in order,
  // so chains resolve).
  for (const auto& c : correlations_) {
    if (!PassesFilter(c.info, filter)) continue;
    bool ok = true;
    for (const auto& ref : c.rules) ok = ok && kept.count(ref);
    if (!ok) continue;
    out.correlations_.push_back(c);
    kept.insert(c.info.id);
    kept.insert(c.info.name);
  }
  kept.erase("");
  return out;
}

std::vector<Status> RuleSet::Validate() const {
  std::vector<Status> out;
  std::set<std::string> ids;
  auto add_id = [&](const RuleInfo& info) {
    if (info.id.empty()) return;
    if (!ids.insert(info.id).second) {
      out.push_back(InvalidInput("duplicate rule id",
                                 ErrorContext{info.where.file, info.where.line, info.where.column, -1, info.id}));
    }
  };
  std::set<std::string> known;
  for (const auto& r : rules_) add_id(r.info), known.insert(r.info.id), known.insert(r.info.name);
  for (const auto& c : correlations_) add_id(c.info), known.insert(c.info.id), known.insert(c.info.name);
  known.erase("");
  for (const auto& c : correlations_) {
    for (const auto& ref : c.rules) {
      if (!known.count(ref)) {
        out.push_back(InvalidInput(fmt::format("correlation names rule '{}', which is not loaded", ref),
                                   ErrorContext{c.info.where.file, c.info.where.line, c.info.where.column, -1, c.info.id}));
      }
    }
  }
  return out;
}

}  // namespace rampart::detect
