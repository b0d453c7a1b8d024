// Input crafted or damaged by someone else: a reader reports it and goes on,
// keeps every record it can, and never echoes raw bytes.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "ingest_test_util.h"
#include "rampart/detect/flat_event.h"
#include "rampart/detect/string_arena.h"
#include "rampart/ingest/registry.h"
#include "readers/evtx/evtx_xml.h"
#include "support/test_support.h"

namespace rampart::ingest {
namespace {

using rampart::testing::TempDir;
using rampart::testing::WriteFile;
using testing::Collected;
using testing::IssuesText;
using testing::ReadAll;
using testing::Shell;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(HostileInputTest, DeeplyNestedJsonIsOneBadRecord) {
  TempDir dir;
  std::string deep = "{\"a\":";
  for (int i = 0; i < 50'000; ++i) deep += "{\"a\":";
  deep += "1";
  deep += std::string(50'001, '}');
  WriteFile(dir.File("x.jsonl"), "{\"n\":1}\n" + deep + "\n{\"n\":3}\n");
  Collected c = ReadAll(dir.File("x.jsonl"));
  ASSERT_EQ(c.json.size(), 2u) << IssuesText(c.stats);
  EXPECT_EQ(c.where[1].line, 3);
  EXPECT_EQ(c.stats.bad_records, 1u);
  ASSERT_EQ(c.stats.issues.size(), 1u);
  EXPECT_EQ(c.stats.issues[0].line, 2);
  EXPECT_NE(c.stats.issues[0].message.find("nested deeper than 512"), std::string::npos) << IssuesText(c.stats);
}

TEST(HostileInputTest, DeeplyNestedEvtxXmlIsAnError) {
  std::string xml = "<Event><UserData>";
  for (int i = 0; i < 100'000; ++i) xml += "<a>";
  for (int i = 0; i < 100'000; ++i) xml += "</a>";
  xml += "</UserData></Event>";
  detect::StringArena arena;
  detect::FlatEvent event;
  Status st = internal::AppendEvtxXmlFields(xml, arena, event);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(std::string(st.message()).find("nested deeper than 256"), std::string::npos) << st;
}

TEST(HostileInputTest, TruncatedGzipKeepsWhatZcatRecoversThenReportsIt) {
  TempDir dir;
  std::string text;
  for (int i = 1; i <= 20'000; ++i) {
    text += "{\"n\":" + std::to_string(i) + ",\"msg\":\"record number " + std::to_string(i * 7919) + "\"}\n";
  }
  WriteFile(dir.File("x.jsonl"), text);
  ASSERT_EQ(Shell("gzip -c " + dir.File("x.jsonl") + " > " + dir.File("x.gz")), 0);
  std::filesystem::resize_file(dir.File("x.gz"), std::filesystem::file_size(dir.File("x.gz")) / 2);
  ASSERT_NE(Shell("zcat " + dir.File("x.gz") + " > " + dir.File("zcat.out") + " 2>/dev/null"), 0);
  std::string recovered = Slurp(dir.File("zcat.out"));
  const size_t whole_lines = static_cast<size_t>(std::count(recovered.begin(), recovered.end(), '\n'));
  ASSERT_GT(whole_lines, 1000u);

  Collected c = ReadAll(dir.File("x.gz"));
  EXPECT_EQ(c.json.size(), whole_lines) << IssuesText(c.stats);
  // The truncation, then the cut last line (no newline: an unfinished object).
  ASSERT_FALSE(c.stats.issues.empty());
  const ReadIssue* gzip = nullptr;
  for (const ReadIssue& issue : c.stats.issues) {
    if (issue.message.find("gzip stream truncated") != std::string::npos) gzip = &issue;
  }
  ASSERT_NE(gzip, nullptr) << IssuesText(c.stats);
  // The path is said once, by the issue, not again inside the message.
  EXPECT_EQ(gzip->message.find(dir.File("x.gz")), std::string::npos) << IssuesText(c.stats);
}

TEST(HostileInputTest, BinaryGarbageIsNotCsv) {
  TempDir dir;
  std::mt19937 rng(7);
  std::string bytes;
  for (int i = 0; i < 20'000; ++i) bytes.push_back(static_cast<char>(rng() & 0xFF));
  WriteFile(dir.File("blob.bin"), bytes);
  Collected c = ReadAll(dir.File("blob.bin"));
  EXPECT_TRUE(c.json.empty());
  EXPECT_NE(c.open_error.find("binary data"), std::string::npos) << c.open_error;
  EXPECT_EQ(DetectFormat(bytes, "blob.bin"), "");
  EXPECT_EQ(DetectFormat("a,b,c\n1,2,3\n", "x.txt"), "csv");
}

TEST(HostileInputTest, IssuesNeverEchoControlBytes) {
  ReadIssue issue{"x.csv", 4, 0, "bad field '\x1b[2J\x07'"};
  EXPECT_EQ(issue.ToString(), "x.csv:4: bad field '\\x1b[2J\\x07'");
}

TEST(HostileInputTest, W3cLogWithByteOrderMarkReadsCleanly) {
  TempDir dir;
  WriteFile(dir.File("u_ex.log"),
            "\xEF\xBB\xBF#Software: Microsoft Internet Information Services 10.0\n#Fields: date time c-ip cs-uri-stem\n"
            "2021-03-01 10:00:00 10.0.0.1 /owa/\n");
  Collected c = ReadAll(dir.File("u_ex.log"));
  EXPECT_EQ(c.format, "w3c");
  ASSERT_EQ(c.json.size(), 1u) << IssuesText(c.stats);
  EXPECT_TRUE(c.stats.clean()) << IssuesText(c.stats);
}

TEST(HostileInputTest, ANonEvtxFileSaysSoWithoutLibraryInternals) {
  TempDir dir;
  WriteFile(dir.File("fake.evtx"), "this is not an event log at all\n");
  ReadOptions options;
  options.format = "evtx";
  Collected c = ReadAll(dir.File("fake.evtx"), options);
  EXPECT_NE(c.open_error.find("not an EVTX file"), std::string::npos) << c.open_error;
  EXPECT_EQ(c.open_error.find("unable to"), std::string::npos) << c.open_error;
}

TEST(HostileInputTest, AMissingFileSaysWhyOnce) {
  auto reader = OpenReader("/nonexistent/x.log", {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(FormatError(reader.status()), "/nonexistent/x.log: cannot open file: No such file or directory");
}

}  // namespace
}  // namespace rampart::ingest
