#include "rampart/core/output_file.h"
#include "rampart/core/escape.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "support/test_support.h"

namespace rampart {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t EntriesIn(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(SameFileTest, SpellingsSymlinksAndHardLinksAreTheSameFile) {
  TempDir dir;
  WriteFile(dir.File("a.log"), "x");
  WriteFile(dir.File("b.log"), "x");
  std::filesystem::create_directories(dir.File("sub"));
  std::filesystem::create_symlink(dir.File("a.log"), dir.File("link.log"));
  std::filesystem::create_hard_link(dir.File("a.log"), dir.File("hard.log"));
  EXPECT_TRUE(SameFile(dir.File("a.log"), dir.File("sub/../a.log")));
  EXPECT_TRUE(SameFile(dir.File("a.log"), dir.File("./link.log")));
  EXPECT_TRUE(SameFile(dir.File("hard.log"), dir.File("a.log")));
  EXPECT_FALSE(SameFile(dir.File("a.log"), dir.File("b.log")));
  EXPECT_FALSE(SameFile(dir.File("a.log"), dir.File("missing.log")));
}

TEST(CheckOutputPathTest, RefusesAnInputAndNamesIt) {
  TempDir dir;
  WriteFile(dir.File("in.log"), "x");
  std::filesystem::create_symlink(dir.File("in.log"), dir.File("out.txt"));
  Status st = CheckOutputPath("--out", dir.File("out.txt"), {"-", dir.File("in.log")});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(st.message()).find("--out " + dir.File("out.txt") + " is also an input"), std::string::npos)
      << st;
  EXPECT_TRUE(CheckOutputPath("--out", dir.File("new.txt"), {dir.File("in.log")}).ok());
  EXPECT_TRUE(CheckOutputPath("--out", "-", {dir.File("in.log")}).ok());
  Status kb = CheckOutputPath("--out", dir.File("in.log"), {dir.File("in.log")}, "the knowledge base");
  EXPECT_NE(std::string(kb.message()).find("is also the knowledge base"), std::string::npos) << kb;
}

TEST(OutputFileTest, UncommittedLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  WriteFile(dir.File("out.txt"), "old");
  {
    auto file = OutputFile::Create(dir.File("out.txt"));
    ASSERT_TRUE(file.ok()) << file.status();
    std::fputs("half of the new", file->file());
    std::fflush(file->file());
    EXPECT_EQ(Slurp(dir.File("out.txt")), "old");
    EXPECT_EQ(EntriesIn(dir.path()), 2u);  // the hidden temporary beside it
  }
  EXPECT_EQ(Slurp(dir.File("out.txt")), "old");
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(OutputFileTest, CommitReplacesWholeAndKeepsTheMode) {
  TempDir dir;
  WriteFile(dir.File("out.txt"), "old");
  std::filesystem::permissions(dir.File("out.txt"), std::filesystem::perms(0640));
  auto file = OutputFile::Create(dir.File("out.txt"));
  ASSERT_TRUE(file.ok()) << file.status();
  std::fputs("new", file->file());
  ASSERT_TRUE(file->Commit().ok());
  EXPECT_EQ(Slurp(dir.File("out.txt")), "new");
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
  EXPECT_EQ(std::filesystem::status(dir.File("out.txt")).permissions() & std::filesystem::perms::all,
            std::filesystem::perms(0640));
}

TEST(OutputFileTest, AnUnwritableFolderSaysWhy) {
  auto file = OutputFile::Create("/nonexistent-folder/out.txt");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(FormatError(file.status()).find("/nonexistent-folder/out.txt: cannot create file: No such file"),
            std::string::npos)
      << file.status();
}

TEST(EscapeControlBytesTest, ControlBytesAndBrokenUtf8AreEscaped) {
  EXPECT_EQ(EscapeControlBytes("plain text, caf\xC3\xA9 \xE2\x80\xA6"), "plain text, caf\xC3\xA9 \xE2\x80\xA6");
  EXPECT_EQ(EscapeControlBytes("a\x1b[31mred\x07\n\r\x7f\tb"), "a\\x1b[31mred\\x07\\n\\r\\x7f\tb");
  EXPECT_EQ(EscapeControlBytes(std::string("nul\0here", 8)), "nul\\x00here");
  EXPECT_EQ(EscapeControlBytes("\xff\xfe\xC3"), "\\xff\\xfe\\xc3");
  EXPECT_EQ(EscapeControlBytes("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // a surrogate is not UTF-8
}

TEST(EscapeControlBytesTest, FormatErrorNeverEchoesRawBytes) {
  ErrorContext where;
  where.file = "x.csv";
  where.line = 3;
  Status st = InvalidInput("bad value '\x1b]0;owned\x07'", where);
  EXPECT_EQ(FormatError(st), "x.csv:3: bad value '\\x1b]0;owned\\x07'");
}

}  // namespace
}  // namespace rampart
