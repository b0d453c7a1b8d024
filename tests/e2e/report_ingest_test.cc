// `rampart report ingest|list|show` through the real binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

class ReportE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = dir_->File("kb.db");
    auto r = rampart::testing::Run({RampartBinary(), "--db", db_, "intel", "import", DataPath("attack/enterprise-attack.json"),
                  DataPath("galaxy/threat-actor.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static CommandResult Rampart(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {RampartBinary(), "--db", db_});
    return rampart::testing::Run(args, input);
  }
  static TempDir* dir_;
  static std::string db_;
};
TempDir* ReportE2eTest::dir_ = nullptr;
std::string ReportE2eTest::db_;

TEST_F(ReportE2eTest, FoundingArticleIngestListShowAndReingest) {
  std::string article = DataPath("seed/national-post-china-cyber-attack.txt");
  auto first = Rampart({"report", "ingest", article, "--source", "National Post", "--published", "2021-07-20",
                        "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto j = nlohmann::json::parse(first.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["title"], "China behind massive cyber attack");
  EXPECT_GT(j[0]["stored"]["inserted"].get<int>(), 20);
  bool hafnium = false, apt40_likely = false;
  for (const auto& c : j[0]["claims"]) {
    if (c["target"] == "HAFNIUM" && c["claimant"] == "Microsoft") hafnium = true;
    if (c["target"] == "Leviathan" && c["claimant"] == "Global Affairs Canada" && c["confidence"] == 70) {
      apt40_likely = true;
    }
  }
  EXPECT_TRUE(hafnium) << first.out;
  EXPECT_TRUE(apt40_likely) << first.out;

  auto again = Rampart({"report", "ingest", article, "--source", "National Post", "--published", "2021-07-20",
                        "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto j2 = nlohmann::json::parse(again.out);
  EXPECT_EQ(j2[0]["stored"]["inserted"], 0);
  EXPECT_EQ(j2[0]["stored"]["new_versions"], 0);

  auto list = Rampart({"report", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("China behind massive cyber attack"), std::string::npos);

  auto show = Rampart({"report", "show", "China behind massive cyber attack"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("almost certainly consists of elements"), std::string::npos);
  EXPECT_NE(show.out.find("2,206 times"), std::string::npos);

  // The claims sit beside the imported knowledge about APT40.
  auto get = Rampart({"intel", "get", "APT40"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find("Hainan State Security Department"), std::string::npos) << get.out;
}

// Issue 3's bad input, each through the real binary: a clear message naming
// the file and what is wrong, exit code 2, and nothing stored (the store's
// report list is the same before and after; a document is stored in one
// transaction with its report, so no report means nothing).
TEST_F(ReportE2eTest, BadInputIsRefusedAndNothingIsStored) {
  auto before_list = Rampart({"report", "list", "--json"});
  ASSERT_EQ(before_list.exit_code, 0) << before_list.err;
  TempDir tmp;
  struct Bad {
    std::string name;
    std::string bytes;
    std::string says;  // part of the message
  };
  std::vector<Bad> cases = {
      {"empty.txt", "", "empty document"},
      {"binary.bin", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0", 12), "binary data"},
      {"controls.txt", std::string(4000, '\x01') + "text", "binary data"},
      {"scripts.html", "<html><script>alert(1)</script><style>p{}</style></html>", "no text"},
      {"mixed.txt", "caf\xC3\xA9 and \xFF\xFE broken", "invalid UTF-8"},
      {"undefined.txt", "Windows-1252 has no byte \x81 or \x8D here", "invalid UTF-8"},
      {"long.txt", std::string(3u << 20, 'x'), "longer than"},
      // 100 MB on one line: over the document limit before any line is read.
      {"huge.txt", std::string(100u << 20, 'a'), "exceeds the limit"},
  };
  for (const Bad& bad : cases) {
    WriteFile(tmp.File(bad.name), bad.bytes);
    auto r = Rampart({"report", "ingest", tmp.File(bad.name)});
    EXPECT_EQ(r.exit_code, 2) << bad.name << ": " << r.out;
    EXPECT_NE(r.err.find(bad.name), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(bad.says), std::string::npos) << bad.name << ": " << r.err;
    EXPECT_EQ(r.err.find('\0'), std::string::npos) << bad.name;
    std::filesystem::remove(tmp.File(bad.name));
  }
  auto after_list = Rampart({"report", "list", "--json"});
  ASSERT_EQ(after_list.exit_code, 0) << after_list.err;
  EXPECT_EQ(nlohmann::json::parse(after_list.out), nlohmann::json::parse(before_list.out));
}

TEST_F(ReportE2eTest, StdinAndDryRun) {
  auto r = Rampart({"report", "ingest", "-", "--dry-run", "--source", "Example Blog"},
                   "The intrusion was carried out by UNC2452, which used hxxps://evil[.]example[.]com/x.\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("UNC2452"), std::string::npos);
  EXPECT_NE(r.out.find("https://evil.example.com/x"), std::string::npos);
  EXPECT_NE(r.out.find("dry run"), std::string::npos);
}

// The same document ingested again -- from another folder, with --url, twice
// -- changes nothing after the first time, and the report names the file, not
// the folder it was read from.
TEST_F(ReportE2eTest, ReingestFromAnotherFolderWithAUrlChangesNothing) {
  TempDir local;
  std::string text = "Acme Threat Research\nAPT99 returns\nAPT40 used China Chopper against a port operator.\n";
  std::filesystem::create_directories(local.File("a"));
  std::filesystem::create_directories(local.File("b"));
  for (const char* folder : {"a", "b"}) {
    std::ofstream(local.File(std::string(folder) + "/apt99.txt")) << text;
  }
  auto ingest = [&](const std::string& path) {
    auto r = Rampart({"report", "ingest", path, "--source", "Acme", "--url", "https://acme.example/apt99",
                      "--published", "2024-02-01", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)[0]["stored"];
  };
  auto first = ingest(local.File("a/apt99.txt"));
  EXPECT_GT(first["inserted"].get<int>(), 0);
  for (const char* path : {"a/apt99.txt", "b/apt99.txt", "a/apt99.txt"}) {
    auto again = ingest(local.File(path));
    EXPECT_EQ(again["inserted"], 0) << path;
    EXPECT_EQ(again["new_versions"], 0) << path;
  }
  auto exported = Rampart({"intel", "export", "--type", "report"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("\"x_rampart_document\":\"apt99.txt\""), std::string::npos) << exported.out;
  EXPECT_EQ(exported.out.find(local.File("a")), std::string::npos) << "a local path in the export";
}

}  // namespace
}  // namespace rampart::testing
