// The report documents every extract test reads: the founding article
// (shared/data/seed) and the advisories of tests/cases/extract (.txt, .html,
// .md), founding article first, the others sorted by name.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace rampart::testing {

inline std::vector<std::string> ReportInputPaths() {
  std::vector<std::string> cases;
  for (const auto& entry : std::filesystem::directory_iterator(RAMPART_EXTRACT_CASES_DIR)) {
    std::string ext = entry.path().extension().string();
    if (ext == ".txt" || ext == ".html" || ext == ".md") cases.push_back(entry.path().string());
  }
  std::sort(cases.begin(), cases.end());
  std::vector<std::string> paths = {DataPath("seed/national-post-china-cyber-attack.txt")};
  paths.insert(paths.end(), cases.begin(), cases.end());
  return paths;
}

}  // namespace rampart::testing
