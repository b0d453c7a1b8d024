// rampart hunt --output csv --sort time: the timeline's columns from EVTX
// and JSON events, RFC 4180 quoting and defused formulas; time order; and
// an external sort forced to spill (a tiny --sort-memory) writing exactly
// what the in-memory sort writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

const char kColumns[] =
    "time,computer,channel,event_id,level,rule_title,rule_id,techniques,actors,source_file,source_record,matched";

// RFC 4180 records (quoted cells may hold commas, quotes, line breaks).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell.push_back('"'), ++i;
      else if (c == '"') quoted = false;
      else cell.push_back(c);
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(cell), cell.clear();
    } else if (c == '\n') {
      row.push_back(cell), cell.clear();
      rows.push_back(row), row.clear();
      any = false;
    } else {
      cell.push_back(c), any = true;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quote";
  EXPECT_TRUE(row.empty() && cell.empty() && !any) << "last record without a line break";
  return rows;
}

// The compiled rules are cached for the whole suite (each hunt would
// otherwise compile every Windows rule again).
TempDir* cache_dir = nullptr;

CommandResult Hunt(const TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {RampartBinary(), "-v", "--db", dir.File("none.db"), "hunt", "--rule-cache",
                                   cache_dir->path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

class HuntTimelineTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() { cache_dir = new TempDir(); }
  static void TearDownTestSuite() { delete cache_dir; }

 protected:
  TempDir dir_;
  const std::string rules_ = DataPath("sigma/rules/windows");
  const std::string evtx_ = DataPath("evtx/EVTX-ATTACK-SAMPLES/Credential Access");
};

TEST_F(HuntTimelineTest, CsvTimelineFromEvtxHasEveryColumnInTimeOrder) {
  CommandResult r = Hunt(dir_, {"--rules", rules_, "--output", "csv", "--sort", "time", evtx_});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto rows = ParseCsv(r.out);
  ASSERT_GT(rows.size(), 20u);
  std::string header;
  for (const auto& c : rows[0]) header += (header.empty() ? "" : ",") + c;
  EXPECT_EQ(header, kColumns);
  std::string last_time;
  size_t with_technique = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), 12u) << "row " << i;
    for (size_t c : {0, 1, 2, 3, 4, 5, 6, 9, 10}) EXPECT_FALSE(row[c].empty()) << "row " << i << " column " << c;
    EXPECT_GE(row[0], last_time) << "row " << i;  // RFC 3339 UTC sorts as text
    last_time = row[0];
    EXPECT_GT(std::stoll(row[10]), 0);
    EXPECT_NE(row[9].find(".evtx"), std::string::npos);
    with_technique += row[7].rfind("T1", 0) == 0;
  }
  EXPECT_GT(with_technique, 0u);
  // Every hit of the unsorted hunt, no more, no fewer.
  CommandResult plain = Hunt(dir_, {"--rules", rules_, "--output", "csv", evtx_});
  auto plain_rows = ParseCsv(plain.out);
  std::sort(plain_rows.begin() + 1, plain_rows.end());
  std::sort(rows.begin() + 1, rows.end());
  EXPECT_EQ(plain_rows, rows);
}

TEST_F(HuntTimelineTest, SpillingSortWritesWhatTheInMemorySortWrites) {
  for (const char* output : {"csv", "jsonl", "table"}) {
    SCOPED_TRACE(output);
    CommandResult memory = Hunt(dir_, {"--rules", rules_, "--output", output, "--sort", "time", evtx_});
    CommandResult spilled = Hunt(dir_, {"--rules", rules_, "--output", output, "--sort", "time",
                                        "--sort-memory", "0.004", evtx_});
    ASSERT_EQ(memory.exit_code, 1) << memory.err;
    EXPECT_EQ(spilled.exit_code, 1) << spilled.err;
    EXPECT_NE(memory.err.find("sort: 0 sorted runs"), std::string::npos) << memory.err;
    EXPECT_EQ(spilled.err.find("sort: 0 sorted runs"), std::string::npos) << spilled.err;
    EXPECT_NE(spilled.err.find("sorted runs spilled"), std::string::npos);
    EXPECT_EQ(spilled.out, memory.out);
  }
}

TEST_F(HuntTimelineTest, JsonEventsUntimedLastQuotedAndFormulasDefused) {
  WriteFile(dir_.File("rule.yml"), R"(title: Whoami, "quoted"
id: e28a5a99-da44-436d-b7a0-2afc20a5f413
level: low
tags: [attack.t1033]
logsource: {category: process_creation, product: windows}
detection:
  selection: {Image|endswith: '\whoami.exe'}
  condition: selection
)");
  auto event = [](const std::string& computer, const std::string& time, const std::string& cmd) {
    json j = {{"Channel", "Microsoft-Windows-Sysmon/Operational"}, {"EventID", 1}, {"Computer", computer},
              {"Image", "C:\\Windows\\System32\\whoami.exe"}, {"CommandLine", cmd}};
    if (!time.empty()) j["UtcTime"] = time;
    return j.dump() + "\n";
  };
  WriteFile(dir_.File("events.jsonl"), event("WS-2", "2024-05-02 10:00:00.000", "whoami /all") +
                                           event("=HYPERLINK(\"http://x\")", "", "whoami") +
                                           event("WS-1", "2024-05-01 10:00:00.000", "whoami, \"me\"\nnext"));
  CommandResult r = Hunt(dir_, {"--rules", dir_.File("rule.yml"), "--output", "csv", "--sort", "time",
                                "--sort-memory", "0.001", dir_.File("events.jsonl")});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto rows = ParseCsv(r.out);
  ASSERT_EQ(rows.size(), 4u) << r.out;
  EXPECT_EQ(rows[1][1], "WS-1");
  EXPECT_EQ(rows[2][1], "WS-2");
  EXPECT_EQ(rows[3][1], "'=HYPERLINK(\"http://x\")");  // untimed last, defused
  EXPECT_TRUE(rows[3][0].empty());
  EXPECT_EQ(rows[1][2], "Microsoft-Windows-Sysmon/Operational");
  EXPECT_EQ(rows[1][3], "1");
  EXPECT_EQ(rows[1][5], "Whoami, \"quoted\"");
  EXPECT_EQ(rows[1][7], "T1033");
  EXPECT_EQ(rows[1][10], "3");
  EXPECT_NE(rows[1][11].find("Image=C:\\Windows\\System32\\whoami.exe"), std::string::npos) << rows[1][11];
}

TEST_F(HuntTimelineTest, SortThatCannotSpillIsAnErrorNotASilentlyShortTimeline) {
  CommandResult r = rampart::testing::Run({"/usr/bin/env", "TMPDIR=" + dir_.File("no-such-folder"), RampartBinary(), "--db",
                         dir_.File("none.db"), "hunt", "--rule-cache", cache_dir->path(), "--rules", rules_, "--output",
                         "csv", "--sort", "time", "--sort-memory", "0.001", evtx_});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--sort: cannot create a temporary file"), std::string::npos) << r.err;
}

TEST_F(HuntTimelineTest, BadSortOptionsAreErrors) {
  WriteFile(dir_.File("events.jsonl"), "{\"EventID\": 1}\n");
  for (std::vector<std::string> bad : {std::vector<std::string>{"--sort", "size"},
                                       {"--sort", "time", "--output", "stix"},
                                       {"--sort", "time", "--sort-memory", "0"}}) {
    std::vector<std::string> args = {"--rules", rules_};
    args.insert(args.end(), bad.begin(), bad.end());
    args.push_back(dir_.File("events.jsonl"));
    CommandResult r = Hunt(dir_, args);
    EXPECT_EQ(r.exit_code, 2) << bad[1];
  }
}

}  // namespace
}  // namespace rampart::testing
