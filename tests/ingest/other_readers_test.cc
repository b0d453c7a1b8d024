#include <string>
#include <vector>

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

std::vector<std::string> All(const detect::Event& e, std::string_view name) {
  std::vector<std::string> out;
  e.Values(name, [&](const detect::Value& v) { out.emplace_back(v.text); });
  return out;
}

TEST(ZeekReaderTest, TsvWithTypesSetsUnsetAndEmpty) {
  TempDir dir;
  WriteFile(dir.File("conn.log"),
            "#separator \\x09\n"
            "#set_separator\t,\n"
            "#empty_field\t(empty)\n"
            "#unset_field\t-\n"
            "#path\tconn\n"
            "#fields\tts\tuid\tid.orig_h\tid.resp_p\tservice\ttunnel_parents\n"
            "#types\ttime\tstring\taddr\tport\tstring\tset[string]\n"
            "1614556801.250000\tCx1\t10.0.0.1\t443\t-\ta,b\n"
            "1614556802.000000\tCx2\t10.0.0.2\t80\t(empty)\t(empty)\n"
            "1614556803.000000\tCx3\t10.0.0.3\n"
            "#close\t2021-03-01-00-00-05\n");
  std::vector<std::string> uids;
  Collected c = ReadAll(dir.File("conn.log"), {}, [&](const detect::Event& e) {
    uids.emplace_back(*e.Get("uid"));
    if (uids.size() == 1) {
      EXPECT_EQ(e.Get("id.orig_h"), "10.0.0.1");
      EXPECT_EQ(All(e, "tunnel_parents"), (std::vector<std::string>{"a", "b"}));
      int nulls = 0;
      EXPECT_TRUE(e.Values("service", [&](const detect::Value& v) { nulls += v.kind == detect::ValueKind::kNull; }));
      EXPECT_EQ(nulls, 1);
      EXPECT_EQ(e.TimeUs(), 1614556801250000);
      bool number = false;
      e.Values("id.resp_p", [&](const detect::Value& v) { number = v.kind == detect::ValueKind::kNumber; });
      EXPECT_TRUE(number);
      EXPECT_EQ(e.Format(), "zeek");
    } else {
      EXPECT_EQ(e.Get("service"), "");
    }
  });
  EXPECT_EQ(c.format, "zeek");
  EXPECT_EQ(uids, (std::vector<std::string>{"Cx1", "Cx2"}));
  ASSERT_EQ(c.stats.issues.size(), 1u);
  EXPECT_EQ(c.stats.issues[0].line, 10);
}

TEST(ZeekReaderTest, JsonLogsAreDetected) {
  TempDir dir;
  WriteFile(dir.File("dns.log"),
            "{\"ts\":1614556801.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"query\":\"evil.example\",\"answers\":[\"1.2.3.4\",\"5.6.7.8\"]}\n");
  Collected c = ReadAll(dir.File("dns.log"), {}, [&](const detect::Event& e) {
    EXPECT_EQ(e.Format(), "zeek");
    EXPECT_EQ(e.Get("id.orig_h"), "10.0.0.1");
    EXPECT_EQ(All(e, "answers"), (std::vector<std::string>{"1.2.3.4", "5.6.7.8"}));
    EXPECT_EQ(e.TimeUs(), 1614556801500000);
  });
  EXPECT_EQ(c.format, "zeek");
  EXPECT_EQ(c.json.size(), 1u);
}

TEST(SyslogReaderTest, Rfc5424AndRfc3164) {
  TempDir dir;
  WriteFile(dir.File("messages"),
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
            "[exampleSDID@32473 iut=\"3\" eventSource=\"Appli\\\"cation\"][meta x=\"y\"] An application event\n"
            "<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8\n"
            "Mar  2 01:02:03 ex01 sshd[99]: Accepted password for root\n"
            "<999>garbage\n"
            "2021-03-02T01:02:03.5+00:00 host2 cron: job done\n");
  std::vector<std::string> apps;
  Collected c = ReadAll(dir.File("messages"), {.format = "syslog"}, [&](const detect::Event& e) {
    apps.emplace_back(e.Get("appname").value_or(""));
  });
  ASSERT_EQ(c.json.size(), 4u) << testing::IssuesText(c.stats);
  EXPECT_EQ(apps, (std::vector<std::string>{"evntslog", "su", "sshd", "cron"}));
  ASSERT_EQ(c.stats.issues.size(), 1u);
  EXPECT_EQ(c.stats.issues[0].line, 4);

  std::vector<std::string> lines;
  ReadAll(dir.File("messages"), {}, [&](const detect::Event& e) {
    if (e.Source().line == 1) {
      EXPECT_EQ(e.Get("facility"), "20");
      EXPECT_EQ(e.Get("severity"), "5");
      EXPECT_EQ(e.Get("hostname"), "mymachine.example.com");
      EXPECT_EQ(e.Get("host"), "mymachine.example.com");
      EXPECT_EQ(e.Get("msgid"), "ID47");
      EXPECT_FALSE(e.Get("procid").has_value());
      EXPECT_EQ(e.Get("iut"), "3");
      EXPECT_EQ(e.Get("exampleSDID@32473.eventSource"), "Appli\"cation");
      EXPECT_EQ(e.Get("x"), "y");
      EXPECT_EQ(e.Get("message"), "An application event");
      EXPECT_EQ(e.TimeUs(), *detect::ParseEventTime("2003-10-11T22:14:15.003Z"));
    }
    if (e.Source().line == 2) {
      EXPECT_EQ(e.Get("pid"), "123");
      EXPECT_EQ(e.Get("facility"), "4");
      EXPECT_EQ(e.Get("message"), "'su root' failed for lonvick on /dev/pts/8");
      EXPECT_TRUE(e.TimeUs().has_value());
    }
    if (e.Source().line == 5) {
      EXPECT_EQ(e.TimeUs(), detect::CivilToUs(2021, 3, 2, 1, 2, 3) + 500000);
    }
  });
}

TEST(CsvReaderTest, HeaderQuotingAndMultilineRecords) {
  TempDir dir;
  WriteFile(dir.File("x.csv"),
            "timestamp,user,\"command line\",note\n"
            "2021-03-02T01:02:03Z,alice,\"cmd.exe /c \"\"whoami\"\"\",plain\n"
            "2021-03-02T01:02:04Z,bob,\"two\nlines\",x\n"
            "2021-03-02T01:02:05Z,carol,short\n"
            "2021-03-02T01:02:06Z,dave,,\n");
  std::vector<std::string> cmds;
  Collected c = ReadAll(dir.File("x.csv"), {}, [&](const detect::Event& e) {
    cmds.emplace_back(*e.Get("command line"));
    EXPECT_TRUE(e.TimeUs().has_value());
  });
  EXPECT_EQ(c.format, "csv");
  EXPECT_EQ(cmds, (std::vector<std::string>{"cmd.exe /c \"whoami\"", "two\nlines", ""}));
  EXPECT_EQ(c.where[1].line, 3);
  EXPECT_EQ(c.where[2].line, 6);
  ASSERT_EQ(c.stats.issues.size(), 1u);
  EXPECT_EQ(c.stats.issues[0].line, 5);
}

TEST(RegistryTest, DetectionAndNames) {
  EXPECT_EQ(DetectFormat(std::string_view("ElfFile\0\0\0", 11), "x"), "evtx");
  EXPECT_EQ(DetectFormat("#Software: Microsoft Internet Information Services 10.0\n", "x"), "w3c");
  EXPECT_EQ(DetectFormat("#Fields: date time\n", "x"), "w3c");
  EXPECT_EQ(DetectFormat("#separator \\x09\n", "x"), "zeek");
  EXPECT_EQ(DetectFormat("{\"ts\":1.0,\"uid\":\"C\"}\n", "x"), "zeek");
  EXPECT_EQ(DetectFormat("  {\"a\":1}\n", "x"), "jsonl");
  EXPECT_EQ(DetectFormat("<13>Oct 11 22:14:15 h a: m\n", "x"), "syslog");
  EXPECT_EQ(DetectFormat("Oct 11 22:14:15 h a: m\n", "x"), "syslog");
  EXPECT_EQ(DetectFormat("a,b,c\n1,2,3\n", "x"), "csv");
  EXPECT_EQ(DetectFormat("just words\n", "x"), "");
  EXPECT_TRUE(IsReaderName("w3c"));
  EXPECT_FALSE(IsReaderName("xml"));
  EXPECT_EQ(ReaderNames().size(), 6u);

  TempDir dir;
  WriteFile(dir.File("words.txt"), "just words\n");
  auto r = OpenReader(dir.File("words.txt"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(FormatError(r.status()).find("words.txt: log format not recognised"), std::string::npos);
  EXPECT_EQ(std::string(r.status().message()).find("words.txt"), std::string::npos);  // once, in the context
  auto bad = OpenReader(dir.File("words.txt"), {.format = "xml"});
  EXPECT_FALSE(bad.ok());
  auto missing = OpenReader(dir.File("nope.log"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rampart::ingest
