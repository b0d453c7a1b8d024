#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "fmt/format.h"
#include "rampart/ingest/source.h"

namespace rampart::ingest {
namespace {

namespace fs = std::filesystem;

bool IsGlob(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

void AddFolder(const std::string& root, InputList& out) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    out.issues.push_back(ReadIssue{root, 0, 0, fmt::format("cannot list folder: {}", ec.message())});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      out.issues.push_back(ReadIssue{root, 0, 0, fmt::format("cannot list folder: {}", ec.message())});
      break;
    }
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) found.push_back(p.string());
  }
  std::sort(found.begin(), found.end());
  out.paths.insert(out.paths.end(), found.begin(), found.end());
  out.walked.resize(out.paths.size(), true);
}

void AddPath(const std::string& path, InputList& out) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    out.issues.push_back(ReadIssue{path, 0, 0, "no such file or folder"});
  } else if (fs::is_directory(st)) {
    AddFolder(path, out);
  } else {
    out.paths.push_back(path);
    out.walked.push_back(false);
  }
}

}  // namespace

InputList ExpandInputs(const std::vector<std::string>& args) {
  InputList out;
  for (const std::string& arg : args) {
    if (arg == "-") {
      out.paths.push_back(arg);
      out.walked.push_back(false);
      continue;
    }
    std::error_code ec;
    if (IsGlob(arg) && !fs::exists(arg, ec)) {
      glob_t g{};
      int rc = ::glob(arg.c_str(), GLOB_NOSORT, nullptr, &g);
      if (rc == GLOB_NOMATCH) {
        out.issues.push_back(ReadIssue{arg, 0, 0, "no file matches this pattern"});
      } else if (rc != 0) {
        out.issues.push_back(ReadIssue{arg, 0, 0, "cannot expand this pattern"});
      } else {
        std::vector<std::string> matches(g.gl_pathv, g.gl_pathv + g.gl_pathc);
        std::sort(matches.begin(), matches.end());
        for (const auto& m : matches) AddPath(m, out);
      }
      globfree(&g);
      continue;
    }
    AddPath(arg, out);
  }
  return out;
}

}  // namespace rampart::ingest
