#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "ingest_test_util.h"
#include "rampart/ingest/source.h"
#include "support/test_support.h"

namespace rampart::ingest {
namespace {

using rampart::testing::TempDir;
using rampart::testing::WriteFile;

TEST(SourceTest, FoldersRecursiveSortedGlobsAndMissing) {
  TempDir dir;
  std::filesystem::create_directories(dir.File("logs/b/c"));
  std::filesystem::create_directories(dir.File("logs/.hidden"));
  WriteFile(dir.File("logs/z.log"), "x");
  WriteFile(dir.File("logs/a.log"), "x");
  WriteFile(dir.File("logs/b/c/m.log"), "x");
  WriteFile(dir.File("logs/.hidden/h.log"), "x");
  WriteFile(dir.File("logs/.dot"), "x");
  InputList in = ExpandInputs({dir.File("logs"), dir.File("logs/*.log"), "-", dir.File("missing"),
                               dir.File("nomatch*.x")});
  EXPECT_EQ(in.paths, (std::vector<std::string>{dir.File("logs/a.log"), dir.File("logs/b/c/m.log"),
                                                dir.File("logs/z.log"), dir.File("logs/a.log"),
                                                dir.File("logs/z.log"), "-"}));
  ASSERT_EQ(in.issues.size(), 2u);
  EXPECT_EQ(in.issues[0].file, dir.File("missing"));
  EXPECT_EQ(in.issues[1].file, dir.File("nomatch*.x"));
}

TEST(SourceTest, ReadsAFolderOfMixedFormats) {
  TempDir dir;
  std::filesystem::create_directories(dir.File("mix"));
  WriteFile(dir.File("mix/1.jsonl"), "{\"a\":1}\n{\"a\":2}\n");
  WriteFile(dir.File("mix/2.log"), "#Fields: date time c-ip\n2021-03-02 01:02:03 1.2.3.4\n");
  InputList in = ExpandInputs({dir.File("mix")});
  ASSERT_EQ(in.paths.size(), 2u);
  size_t events = 0;
  std::vector<std::string> formats;
  for (const auto& p : in.paths) {
    auto c = testing::ReadAll(p);
    events += c.json.size();
    formats.push_back(c.format);
  }
  EXPECT_EQ(events, 3u);
  EXPECT_EQ(formats, (std::vector<std::string>{"jsonl", "w3c"}));
}

}  // namespace
}  // namespace rampart::ingest
