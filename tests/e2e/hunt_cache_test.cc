// rampart hunt with the compiled rule cache: the second run reads the cache
// and prints the same hits; a damaged cache file is ignored and rewritten; a
// changed rule misses the cache; runs at the same time share one cache
// folder; --no-rule-cache neither reads nor writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <vector>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

namespace fs = std::filesystem;

class HuntCacheTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    log_ = dir_->File("u_ex210301.log");
    CommandResult gen = rampart::testing::Run({"/usr/bin/python3", ToolsDir() + "/gen-exchange-logs", "--events", "3000", "--seed", "7",
                             "--attack-rate", "1e-2", "--out", log_, "--quiet"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  CommandResult Hunt(const std::string& rules, std::vector<std::string> extra) {
    std::vector<std::string> argv = {RampartBinary(), "-v", "--db", local_.File("none.db"), "hunt", "--output", "jsonl",
                                     "--threads", "1", "--rules", rules};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(log_);
    return rampart::testing::Run(argv);
  }
  std::vector<fs::path> CacheFiles(const std::string& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      out.push_back(it->path());
    }
    return out;
  }
  static bool Hit(const CommandResult& r) { return r.err.find("rule cache: hit") != std::string::npos; }

  static TempDir* dir_;
  static std::string log_;
  TempDir local_;
};
TempDir* HuntCacheTest::dir_ = nullptr;
std::string HuntCacheTest::log_;

TEST_F(HuntCacheTest, SecondRunReadsTheCacheAndHitsAlike) {
  const std::string cache = local_.File("cache");
  const std::string rules = DataPath("sigma/rules-emerging-threats");
  CommandResult first = Hunt(rules, {"--rule-cache", cache});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_FALSE(Hit(first));
  ASSERT_EQ(CacheFiles(cache).size(), 1u);
  CommandResult second = Hunt(rules, {"--rule-cache", cache});
  EXPECT_TRUE(Hit(second)) << second.err;
  EXPECT_EQ(second.exit_code, first.exit_code);
  EXPECT_EQ(second.out, first.out);
  EXPECT_FALSE(first.out.empty());
  // Without the cache: the same hits again.
  CommandResult uncached = Hunt(rules, {"--no-rule-cache"});
  EXPECT_EQ(uncached.out, first.out);
}

TEST_F(HuntCacheTest, DamagedCacheFileIsIgnoredAndRewritten) {
  const std::string cache = local_.File("cache");
  const std::string rules = DataPath("sigma/rules-emerging-threats");
  CommandResult first = Hunt(rules, {"--rule-cache", cache});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  auto files = CacheFiles(cache);
  ASSERT_EQ(files.size(), 1u);
  const auto size = fs::file_size(files[0]);
  fs::resize_file(files[0], size / 2);
  CommandResult damaged = Hunt(rules, {"--rule-cache", cache});
  EXPECT_FALSE(Hit(damaged));
  EXPECT_NE(damaged.err.find("truncated or damaged"), std::string::npos) << damaged.err;
  EXPECT_EQ(damaged.exit_code, first.exit_code);
  EXPECT_EQ(damaged.out, first.out);
  EXPECT_EQ(fs::file_size(files[0]), size);
  CommandResult again = Hunt(rules, {"--rule-cache", cache});
  EXPECT_TRUE(Hit(again)) << again.err;
  EXPECT_EQ(again.out, first.out);
}

TEST_F(HuntCacheTest, ChangedRuleMissesTheCache) {
  const std::string cache = local_.File("cache");
  fs::create_directories(local_.File("rules"));
  const std::string rule = local_.File("rules/hafnium.yml");
  fs::copy_file(DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml"), rule);
  CommandResult first = Hunt(local_.File("rules"), {"--rule-cache", cache});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_NE(first.out.find("\"high\""), std::string::npos);
  std::ifstream in(rule);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  in.close();
  auto at = text.find("level: high");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "level: low");
  WriteFile(rule, text);
  CommandResult changed = Hunt(local_.File("rules"), {"--rule-cache", cache});
  EXPECT_FALSE(Hit(changed)) << changed.err;
  EXPECT_EQ(changed.out.find("\"high\""), std::string::npos);
  EXPECT_NE(changed.out.find("\"low\""), std::string::npos);
  EXPECT_EQ(CacheFiles(cache).size(), 2u);
}

TEST_F(HuntCacheTest, ConcurrentRunsShareOneCacheSafely) {
  const std::string cache = local_.File("cache");
  const std::string rules = DataPath("sigma/rules-emerging-threats");
  std::vector<std::future<CommandResult>> runs;
  for (int i = 0; i < 4; ++i) {
    runs.push_back(std::async(std::launch::async, [&] { return Hunt(rules, {"--rule-cache", cache}); }));
  }
  std::vector<CommandResult> results;
  for (auto& r : runs) results.push_back(r.get());
  for (const CommandResult& r : results) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out, results[0].out);
    EXPECT_EQ(r.err.find("warning: rule cache"), std::string::npos) << r.err;
  }
  // One whole file, no temporary left, and it is read by the next run.
  auto files = CacheFiles(cache);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".rules");
  CommandResult after = Hunt(rules, {"--rule-cache", cache});
  EXPECT_TRUE(Hit(after)) << after.err;
  EXPECT_EQ(after.out, results[0].out);
}

TEST_F(HuntCacheTest, NoRuleCacheNeitherReadsNorWrites) {
  const std::string cache = local_.File("cache");
  CommandResult r = Hunt(DataPath("sigma/rules-emerging-threats"), {"--rule-cache", cache, "--no-rule-cache"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_FALSE(fs::exists(cache));
  EXPECT_EQ(r.err.find("rule cache"), std::string::npos);
}

}  // namespace
}  // namespace rampart::testing
