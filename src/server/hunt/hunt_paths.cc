// The operator's rule sets and hunt roots: what a hunt over the API may use
// and read.
#include <fmt/format.h>

#include <filesystem>

#include "hunt/hunt_jobs.h"
#include "rampart/detect/rule_set.h"
#include "rampart/ingest/source.h"

namespace rampart::server {

namespace fs = std::filesystem;

namespace {

std::string SetName(const std::string& path) {
  fs::path p = fs::path(path).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();  // "rules/" names "rules"
  std::string ext = p.extension().string();
  return ext == ".yml" || ext == ".yaml" ? p.stem().string() : p.filename().string();
}

Status Denied(std::string_view message) { return MakeError(absl::StatusCode::kPermissionDenied, message); }

// The real path of `path` if it exists and lies under one of `roots`.
Result<fs::path> Inside(const std::vector<fs::path>& roots, const fs::path& path) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) return NotFound("no such file under the hunt roots");
  for (const fs::path& root : roots) {
    auto [r, p] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (r == root.end()) return real;
  }
  return Denied("the path is outside the folders allowed for hunting");
}

}  // namespace

RuleSets::RuleSets(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    std::string base = SetName(path), name = base;
    for (int n = 2; std::any_of(sets_.begin(), sets_.end(), [&](const Set& s) { return s.name == name; }); ++n) {
      name = fmt::format("{}-{}", base, n);
    }
    sets_.push_back({name, path, std::nullopt});
  }
}

Result<std::vector<std::string>> RuleSets::PathsOf(const std::vector<std::string>& names) const {
  std::vector<std::string> paths;
  for (const std::string& name : names) {
    auto it = std::find_if(sets_.begin(), sets_.end(), [&](const Set& s) { return s.name == name; });
    if (it == sets_.end()) return InvalidInput(fmt::format("unknown rule set '{}' (GET /api/v1/rules lists them)", name));
    paths.push_back(it->path);
  }
  return paths;
}

nlohmann::json RuleSets::Describe() {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json items = nlohmann::json::array();
  for (Set& set : sets_) {
    if (!set.counts) {
      detect::RuleSet loaded = detect::RuleSet::Load({set.path});
      set.counts = nlohmann::json{{"rules", loaded.rules().size()},
                                  {"correlations", loaded.correlations().size()},
                                  {"errors", loaded.errors().size()}};
    }
    nlohmann::json item = *set.counts;
    item["name"] = set.name;
    items.push_back(std::move(item));
  }
  return items;
}

Result<std::vector<std::string>> ResolveHuntPath(const std::vector<std::string>& roots, const std::string& path) {
  if (roots.empty()) return Denied("no folder is allowed for hunting (serve --hunt-root DIR)");
  fs::path given(path);
  if (path.empty() || !given.is_absolute()) return InvalidInput("the path must be absolute");
  for (const fs::path& part : given) {
    if (part == "..") return Denied("'..' is not allowed in a hunt path");
  }
  if (path.find_first_of("*?[") != std::string::npos) return InvalidInput("globs are not allowed in a hunt path");
  std::vector<fs::path> real_roots;
  for (const std::string& root : roots) {
    std::error_code ec;
    fs::path real = fs::canonical(root, ec);
    if (!ec) real_roots.push_back(real);
  }
  RAMPART_ASSIGN_OR_RETURN(fs::path real, Inside(real_roots, given));
  std::vector<std::string> files;
  // A folder is walked as `hunt` walks it; every file found is checked too
  // (a symlink inside the root may point out of it).
  for (const std::string& file : ingest::ExpandInputs({real.string()}).paths) {
    RAMPART_ASSIGN_OR_RETURN(fs::path inside, Inside(real_roots, file));
    files.push_back(inside.string());
  }
  if (files.empty()) return NotFound("no file to hunt in that folder");
  return files;
}

}  // namespace rampart::server
