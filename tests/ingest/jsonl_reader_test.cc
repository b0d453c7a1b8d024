#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "ingest_test_util.h"
#include "rampart/detect/event_time.h"
#include "rampart/ingest/registry.h"
#include "support/test_support.h"

namespace rampart::ingest {
namespace {

using rampart::testing::TempDir;
using rampart::testing::WriteFile;
using testing::Collected;
using testing::ReadAll;

TEST(JsonlReaderTest, LinesFieldsAndLocations) {
  TempDir dir;
  WriteFile(dir.File("a.jsonl"),
            "{\"@timestamp\":\"2021-03-02T10:00:00Z\",\"host\":{\"name\":\"ex01\"},\"tags\":[\"a\",\"b\"]}\n"
            "\n"
            "{\"n\":null,\"x\":1}\r\n"
            "{\"last\":true}");  // no final newline
  std::vector<std::string> hosts;
  std::vector<int64_t> times;
  Collected c = ReadAll(dir.File("a.jsonl"), {}, [&](const detect::Event& e) {
    if (auto h = e.Get("name")) hosts.emplace_back(*h);
    if (auto t = e.TimeUs()) times.push_back(*t);
  });
  ASSERT_EQ(c.open_error, "");
  EXPECT_EQ(c.format, "jsonl");
  ASSERT_EQ(c.json.size(), 3u) << testing::IssuesText(c.stats);
  EXPECT_TRUE(c.stats.clean());
  EXPECT_EQ(c.where[0].line, 1);
  EXPECT_EQ(c.where[1].line, 3);
  EXPECT_EQ(c.where[2].line, 4);
  EXPECT_EQ(c.files[0], dir.File("a.jsonl"));
  EXPECT_EQ(hosts, std::vector<std::string>{"ex01"});
  EXPECT_EQ(times, std::vector<int64_t>{*detect::ParseEventTime("2021-03-02T10:00:00Z")});
  EXPECT_EQ(c.json[1], R"({"n":null,"x":1})");
  EXPECT_EQ(c.stats.events, 3u);
}

// A Security 4688 event exported as JSON (evtx_dump's layout) gets the same Sysmon-name
// aliases as one read from EVTX, so process_creation rules see it either way.
TEST(JsonlReaderTest, Security4688GetsProcessCreationAliases) {
  TempDir dir;
  WriteFile(dir.File("sec.jsonl"),
            R"({"Event":{"System":{"EventID":4688,"Channel":"Security"},)"
            R"("EventData":{"NewProcessName":"C:\\Windows\\System32\\cmd.exe",)"
            R"("ParentProcessName":"C:\\Windows\\explorer.exe","SubjectUserName":"alice",)"
            R"("SubjectDomainName":"CORP","TargetUserName":"-"}}})"
            "\n"
            R"({"Event":{"System":{"EventID":4689,"Channel":"Security"},"EventData":{"NewProcessName":"x"}}})"
            "\n");
  std::vector<std::string> images, parents, users;
  Collected c = ReadAll(dir.File("sec.jsonl"), {}, [&](const detect::Event& e) {
    images.emplace_back(e.Get("Image").value_or("-"));
    parents.emplace_back(e.Get("ParentImage").value_or("-"));
    users.emplace_back(e.Get("User").value_or("-"));
  });
  ASSERT_EQ(c.open_error, "");
  EXPECT_TRUE(c.stats.clean()) << testing::IssuesText(c.stats);
  EXPECT_EQ(images, (std::vector<std::string>{"C:\\Windows\\System32\\cmd.exe", "-"}));
  EXPECT_EQ(parents, (std::vector<std::string>{"C:\\Windows\\explorer.exe", "-"}));
  EXPECT_EQ(users, (std::vector<std::string>{"CORP\\alice", "-"}));
}

TEST(JsonlReaderTest, BadLinesAreReportedAndSkipped) {
  TempDir dir;
  std::string junk = "\x01\x02\xff\xfe binary junk \x00 here";
  junk.push_back('\0');
  WriteFile(dir.File("bad.jsonl"), "{\"i\":1}\n"
                                   "{\"i\":2,\"oops\":}\n"
                                   "[1,2]\n" +
                                       junk + "\n" +
                                       "{\"i\":3}\n"
                                       "{\"i\":4, \"truncated\": \"abc\n"
                                       "{\"i\":5}\n");
  std::vector<std::string> ids;
  Collected c = ReadAll(dir.File("bad.jsonl"), {.format = "jsonl"},
                        [&](const detect::Event& e) { ids.emplace_back(*e.Get("i")); });
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "3", "5"}));
  EXPECT_EQ(c.stats.bad_records, 4u) << testing::IssuesText(c.stats);
  ASSERT_EQ(c.stats.issues.size(), 4u);
  EXPECT_EQ(c.stats.issues[0].line, 2);
  EXPECT_EQ(c.stats.issues[1].line, 3);
  EXPECT_EQ(c.stats.issues[2].line, 4);
  EXPECT_EQ(c.stats.issues[3].line, 6);
  EXPECT_NE(c.stats.issues[3].message.find("truncated"), std::string::npos);
  EXPECT_EQ(c.stats.issues[0].ToString().rfind(dir.File("bad.jsonl") + ":2: ", 0), 0u);
}

TEST(JsonlReaderTest, TruncatedAtEndOfFile) {
  TempDir dir;
  WriteFile(dir.File("t.json"), "{\"i\":1}\n{\"i\":2,\n  \"x\": [1,");
  Collected c = ReadAll(dir.File("t.json"));
  EXPECT_EQ(c.json.size(), 1u);
  ASSERT_EQ(c.stats.issues.size(), 1u);
  EXPECT_EQ(c.stats.issues[0].line, 2);
}

TEST(JsonlReaderTest, ConcatenatedPrettyObjectsFromRegressionTwins) {
  // The regression .json files are concatenated, pretty-printed objects.
  std::string path = rampart::testing::DataPath(
      "sigma/regression/rules/windows/process_creation/proc_creation_win_autologger_session_registry_modification/"
      "d7b81144-b866-48a4-9bcc-275dc69d870e.json");
  std::vector<std::string> images;
  Collected c = ReadAll(path, {}, [&](const detect::Event& e) {
    EXPECT_EQ(e.Get("EventID"), "1");
    EXPECT_EQ(e.Get("Provider_Name"), "Microsoft-Windows-Sysmon");
    images.emplace_back(*e.Get("Image"));
    EXPECT_TRUE(e.TimeUs().has_value());
  });
  ASSERT_EQ(c.open_error, "");
  EXPECT_TRUE(c.stats.clean()) << testing::IssuesText(c.stats);
  EXPECT_EQ(images, std::vector<std::string>{"C:\\Windows\\System32\\reg.exe"});
  EXPECT_EQ(c.where[0].line, 1);
}

TEST(JsonlReaderTest, GzipEmptyAndHugeLine) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(100, 'x') + "\"}\n";
  gzFile gz = gzopen(dir.File("big.jsonl.gz").c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  ReadOptions small;
  small.chunk_bytes = 4096;  // many batches, lines across chunk borders
  Collected c = ReadAll(dir.File("big.jsonl.gz"), small);
  EXPECT_EQ(c.json.size(), 5000u) << testing::IssuesText(c.stats);
  EXPECT_EQ(c.where.back().line, 5000);
  EXPECT_EQ(c.stats.bytes, text.size());

  WriteFile(dir.File("empty.jsonl"), "");
  Collected e = ReadAll(dir.File("empty.jsonl"));
  EXPECT_EQ(e.open_error, "");
  EXPECT_TRUE(e.json.empty());
  EXPECT_TRUE(e.stats.clean());

  // A 100 MB line between good ones: reported with its line, neighbours read.
  {
    std::ofstream out(dir.File("huge.jsonl"), std::ios::binary);
    out << "{\"i\":1}\n{\"big\":\"";
    std::string block(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) out << block;
    out << "\"}\n{\"i\":3}\n";
  }
  std::vector<std::string> ids;
  Collected h = ReadAll(dir.File("huge.jsonl"), {}, [&](const detect::Event& ev) { ids.emplace_back(*ev.Get("i")); });
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "3"}));
  ASSERT_EQ(h.stats.issues.size(), 1u);
  EXPECT_EQ(h.stats.issues[0].line, 2);
  EXPECT_NE(h.stats.issues[0].message.find("longer than"), std::string::npos);
}

TEST(JsonlReaderTest, CorruptGzipIsReported) {
  TempDir dir;
  std::string text(100000, 'x');
  text = "{\"a\":\"" + text + "\"}\n";
  gzFile gz = gzopen(dir.File("c.gz").c_str(), "wb");
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  // Truncate the compressed file.
  ASSERT_EQ(truncate(dir.File("c.gz").c_str(), 60), 0);
  Collected c = ReadAll(dir.File("c.gz"), {.format = "jsonl"});
  // Reported either when the reader opens (the first 64 KiB are sniffed) or while reading.
  std::string all = c.open_error + testing::IssuesText(c.stats);
  EXPECT_NE(all.find("gzip"), std::string::npos) << all;
  EXPECT_NE(all.find("c.gz"), std::string::npos) << all;
}

TEST(JsonlReaderTest, ReadsStandardInput) {
  TempDir dir;
  WriteFile(dir.File("in.jsonl"), "{\"i\":1}\n{\"i\":2}\n");
  int saved = dup(0);
  int fd = open(dir.File("in.jsonl").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  dup2(fd, 0);
  close(fd);
  Collected c = ReadAll("-");
  dup2(saved, 0);
  close(saved);
  EXPECT_EQ(c.json.size(), 2u);
  ASSERT_FALSE(c.files.empty());
  EXPECT_EQ(c.files[0], "-");
}

}  // namespace
}  // namespace rampart::ingest
