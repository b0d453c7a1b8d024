// Runs every tests/cases/stix_pattern/*.json file (see README.md there).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

std::vector<std::filesystem::path> CaseFiles() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(RAMPART_STIX_PATTERN_CASES)) {
    if (entry.path().extension() == ".json") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(StixPatternCases, AllFiles) {
  auto files = CaseFiles();
  ASSERT_GE(files.size(), 3u) << "no case files in " << RAMPART_STIX_PATTERN_CASES;
  int run = 0;
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << "invalid JSON";
    ASSERT_TRUE(doc.contains("name") && doc.contains("description")) << "needs name and description";
    auto observations = ObservationsFromStix(doc["observations"]);
    ASSERT_TRUE(observations.ok()) << observations.status().message();
    for (const auto& c : doc["cases"]) {
      const std::string text_pattern = c.at("pattern").get<std::string>();
      auto pattern = ParsePattern(text_pattern);
      if (c.value("error", false)) {
        EXPECT_FALSE(pattern.ok()) << text_pattern << " should be rejected";
        ++run;
        continue;
      }
      ASSERT_TRUE(pattern.ok()) << text_pattern << ": " << pattern.status().message();
      EXPECT_EQ(Matches(*pattern, *observations), c.at("match").get<bool>()) << text_pattern;
      ++run;
    }
  }
  EXPECT_GT(run, 50);
}

}  // namespace
}  // namespace rampart::stix
