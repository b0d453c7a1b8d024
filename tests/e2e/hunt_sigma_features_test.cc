// `rampart hunt` / `rules check` / `rules list` end to end on the Sigma 2.1
// features: filter (meta-filter) documents, from the rule
// paths and from --filters; date-part modifiers on Sysmon JSON exports and
// IIS W3C logs; value_sum / value_avg correlations over IIS byte counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

CommandResult Rampart(const TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {RampartBinary(), "--db", dir.File("none.db")};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

std::vector<json> Lines(const std::string& out) {
  std::vector<json> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) v.push_back(json::parse(line));
  }
  return v;
}

// Sysmon process creation exported as JSON (the shape `Get-WinEvent | ConvertTo-Json`
// flattening and EVTX->JSON tools give: System fields next to EventData).
std::string Sysmon1(const std::string& computer, const std::string& utc, const std::string& image,
                    const std::string& cmd, const std::string& user) {
  json j = {{"Channel", "Microsoft-Windows-Sysmon/Operational"},
            {"EventID", 1},
            {"Provider_Name", "Microsoft-Windows-Sysmon"},
            {"Computer", computer},
            {"SystemTime", utc.substr(0, 10) + "T" + utc.substr(11) + "0000Z"},
            {"UtcTime", utc},
            {"Image", image},
            {"CommandLine", cmd},
            {"User", user},
            {"ParentImage", "C:\\Windows\\explorer.exe"}};
  return j.dump() + "\n";
}

const char* kRarRule = R"(title: Data Compressed - rar.exe
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
name: rar_compression
status: test
level: medium
logsource: {category: process_creation, product: windows}
detection:
  selection: {Image|endswith: '\rar.exe'}
  condition: selection
---
title: Whoami Execution
id: e28a5a99-da44-436d-b7a0-2afc20a5f413
level: low
logsource: {category: process_creation, product: windows}
detection:
  selection: {Image|endswith: '\whoami.exe'}
  condition: selection
)";

const char* kDcFilter = R"(title: Filter Out Domain Controllers
id: 0e95725d-7320-415d-80f7-004da920fc11
description: Backups on the DCs run rar nightly
logsource: {product: windows}
filter:
  rules:
    - 6f3e2987-db24-4c78-a860-b4f4095a7095 # Data Compressed - rar.exe
    - df0841c0-9846-4e9f-ad8a-7df91571771b # Login on jump host (not in this rule set)
  selection:
    Computer|startswith: 'DC-'
  condition: not selection
)";

class SigmaFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.File("rules"));
    std::filesystem::create_directories(dir_.File("tuning"));
    WriteFile(dir_.File("rules/proc.yml"), kRarRule);
    WriteFile(dir_.File("tuning/mf_dc.yml"), kDcFilter);
    WriteFile(dir_.File("sysmon.jsonl"),
              Sysmon1("WS-017.corp.example", "2024-05-01 23:41:07.117", "C:\\Program Files\\WinRAR\\rar.exe",
                      "rar a -hp c:\\temp\\out.rar c:\\finance", "CORP\\bob") +
                  Sysmon1("DC-01.corp.example", "2024-05-01 02:00:03.500", "C:\\Program Files\\WinRAR\\rar.exe",
                          "rar a c:\\backup\\ntds.rar c:\\windows\\ntds", "NT AUTHORITY\\SYSTEM") +
                  Sysmon1("DC-01.corp.example", "2024-05-01 10:15:00.001", "C:\\Windows\\System32\\whoami.exe",
                          "whoami /all", "CORP\\alice") +
                  Sysmon1("WS-017.corp.example", "2024-05-02 12:30:00.000", "C:\\Program Files\\WinRAR\\rar.exe",
                          "rar a report.rar report.docx", "CORP\\bob"));
  }
  TempDir dir_;
};

TEST_F(SigmaFeaturesTest, FilterFromFiltersOptionSuppressesDomainControllers) {
  CommandResult plain = Rampart(dir_, {"hunt", "--rules", dir_.File("rules"), "--output", "jsonl", dir_.File("sysmon.jsonl")});
  ASSERT_EQ(plain.exit_code, 1) << plain.err;
  EXPECT_EQ(Lines(plain.out).size(), 4u) << plain.out;

  CommandResult tuned = Rampart(dir_, {"hunt", "--rules", dir_.File("rules"), "--filters", dir_.File("tuning"), "--output",
                                       "jsonl", dir_.File("sysmon.jsonl")});
  ASSERT_EQ(tuned.exit_code, 1) << tuned.err;
  auto hits = Lines(tuned.out);
  ASSERT_EQ(hits.size(), 3u) << tuned.out;
  // The DC's rar is gone; the DC's whoami (rule not named by the filter) stays.
  for (const auto& h : hits) {
    bool dc = h["event"]["Computer"].get<std::string>().rfind("DC-", 0) == 0;
    if (dc) {
      EXPECT_EQ(h["rule"]["id"], "e28a5a99-da44-436d-b7a0-2afc20a5f413") << h.dump();
    }
  }
  // The filter names a rule that is not loaded: a warning with file and filter id, not an error.
  EXPECT_NE(tuned.err.find("mf_dc.yml:1:1"), std::string::npos) << tuned.err;
  EXPECT_NE(tuned.err.find("df0841c0-9846-4e9f-ad8a-7df91571771b', which is not loaded"), std::string::npos)
      << tuned.err;
  EXPECT_NE(tuned.err.find("0e95725d-7320-415d-80f7-004da920fc11"), std::string::npos) << tuned.err;

  // The same filter found among the --rules paths is applied too.
  WriteFile(dir_.File("rules/mf_dc.yml"), kDcFilter);
  CommandResult inline_filter =
      Rampart(dir_, {"hunt", "--rules", dir_.File("rules"), "--output", "jsonl", dir_.File("sysmon.jsonl")});
  EXPECT_EQ(Lines(inline_filter.out).size(), 3u) << inline_filter.out;

  // A --filters path holding a detection rule: an error, and the rule is not loaded from there.
  CommandResult wrong = Rampart(dir_, {"rules", "check", "--filters", dir_.File("rules/proc.yml"), dir_.File("tuning")});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.out;
  EXPECT_NE(wrong.out.find("--filters takes filter documents only"), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("0 rules and 0 correlations ok"), std::string::npos) << wrong.out;
}

TEST_F(SigmaFeaturesTest, RulesCheckAndListShowFilters) {
  CommandResult check = Rampart(dir_, {"rules", "check", "--filters", dir_.File("tuning"), dir_.File("rules")});
  EXPECT_EQ(check.exit_code, 0) << check.out;  // a dangling filter reference is a warning
  EXPECT_NE(check.out.find("Data Compressed - rar.exe [filters: Filter Out Domain Controllers "
                           "(0e95725d-7320-415d-80f7-004da920fc11)]"),
            std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("Filter Out Domain Controllers [filter on 1 rules]"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("warning " + dir_.File("tuning/mf_dc.yml") + ":1:1: "), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("2 rules and 0 correlations ok, 0 unsupported, 1 warnings"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("1 filters"), std::string::npos) << check.out;

  CommandResult list = Rampart(dir_, {"rules", "list", "--jsonl", "--filters", dir_.File("tuning"), dir_.File("rules")});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  auto rows = Lines(list.out);
  ASSERT_EQ(rows.size(), 3u) << list.out;
  EXPECT_EQ(rows[0]["filters"].size(), 1u);
  EXPECT_EQ(rows[0]["filters"][0]["id"], "0e95725d-7320-415d-80f7-004da920fc11");
  EXPECT_TRUE(rows[1]["filters"].empty());
  EXPECT_EQ(rows[2]["kind"], "filter");

  CommandResult table = Rampart(dir_, {"rules", "list", "--filters", dir_.File("tuning"), dir_.File("rules")});
  EXPECT_NE(table.out.find("filtered by: Filter Out Domain Controllers"), std::string::npos) << table.out;
}

TEST_F(SigmaFeaturesTest, DatePartsOnSysmonJsonAndW3c) {
  WriteFile(dir_.File("offhours.yml"), R"(title: Archiver Run Off Hours
id: 7a1d0c52-8a51-4c5e-9d36-3f0f6f1c2b10
level: high
logsource: {category: process_creation, product: windows}
detection:
  selection: {Image|endswith: '\rar.exe'}
  late: {UtcTime|hour|gte: 22}
  early: {UtcTime|hour|lt: 6}
  weekday: {SystemTime|day: 1, SystemTime|month: 5}
  condition: selection and (late or early) and weekday
)");
  CommandResult h = Rampart(dir_, {"hunt", "--rules", dir_.File("offhours.yml"), "--output", "jsonl", dir_.File("sysmon.jsonl")});
  ASSERT_EQ(h.exit_code, 1) << h.err;
  auto hits = Lines(h.out);
  ASSERT_EQ(hits.size(), 2u) << h.out;  // 23:41 and 02:00 on May 1st; not 10:15 (whoami) nor May 2nd
  EXPECT_EQ(hits[0]["event"]["UtcTime"], "2024-05-01 23:41:07.117");
  EXPECT_EQ(hits[1]["event"]["UtcTime"], "2024-05-01 02:00:03.500");

  WriteFile(dir_.File("u_ex240501.log"),
            "#Software: Microsoft Internet Information Services 10.0\n"
            "#Version: 1.0\n"
            "#Date: 2024-05-01 00:00:00\n"
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
            "cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken\n"
            "2024-05-01 03:12:44 10.0.0.5 POST /owa/auth/logon.aspx - 443 - 203.0.113.9 Mozilla/5.0 - 302 0 0 512 31\n"
            "2024-05-01 09:12:44 10.0.0.5 POST /owa/auth/logon.aspx - 443 - 198.51.100.7 Mozilla/5.0 - 302 0 0 498 12\n");
  WriteFile(dir_.File("web_night.yml"), R"(title: OWA Logon At Night
id: 3b0f5c1e-4d2a-4f7b-9c61-0a8e2d7f6b21
level: low
logsource: {category: webserver}
detection:
  selection: {cs-uri-stem|endswith: '/logon.aspx', time|hour|lt: 6, date|week: 18}
  condition: selection
)");
  CommandResult w = Rampart(dir_, {"hunt", "--rules", dir_.File("web_night.yml"), "--output", "jsonl", dir_.File("u_ex240501.log")});
  ASSERT_EQ(w.exit_code, 1) << w.err;
  auto web = Lines(w.out);
  ASSERT_EQ(web.size(), 1u) << w.out;
  EXPECT_EQ(web[0]["event"]["c-ip"], "203.0.113.9");
}

TEST_F(SigmaFeaturesTest, ValueSumAndAverageOverIisBytes) {
  std::string log =
      "#Software: Microsoft Internet Information Services 10.0\n"
      "#Version: 1.0\n"
      "#Date: 2024-05-01 00:00:00\n"
      "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
      "cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken\n";
  // 203.0.113.9 downloads 4 x 400 kB within 3 minutes; 198.51.100.7 small pages
  // all day; one line with sc-bytes '-' (not a number: does not contribute).
  const char* rows[] = {
      "2024-05-01 10:00:00 10.0.0.5 GET /ecp/export.aspx - 443 - 203.0.113.9 curl/8.0 - 200 0 0 400000 900",
      "2024-05-01 10:00:05 10.0.0.5 GET /owa/ - 443 - 198.51.100.7 Mozilla/5.0 - 200 0 0 2100 15",
      "2024-05-01 10:01:00 10.0.0.5 GET /ecp/export.aspx - 443 - 203.0.113.9 curl/8.0 - 200 0 0 400000 870",
      "2024-05-01 10:01:30 10.0.0.5 GET /ecp/export.aspx - 443 - 203.0.113.9 curl/8.0 - 200 0 0 - 5",
      "2024-05-01 10:02:00 10.0.0.5 GET /ecp/export.aspx - 443 - 203.0.113.9 curl/8.0 - 200 0 0 400000 880",
      "2024-05-01 10:02:30 10.0.0.5 GET /owa/ - 443 - 198.51.100.7 Mozilla/5.0 - 200 0 0 1900 11",
      "2024-05-01 10:03:00 10.0.0.5 GET /ecp/export.aspx - 443 - 203.0.113.9 curl/8.0 - 200 0 0 400000 910",
  };
  for (const char* r : rows) log += std::string(r) + "\n";
  WriteFile(dir_.File("u_ex240501.log"), log);
  WriteFile(dir_.File("exfil.yml"), R"(title: Successful GET
id: 9d2c1b0a-1111-4e2f-8a3b-5c6d7e8f9a0b
name: iis_get_ok
logsource: {category: webserver}
detection:
  selection: {cs-method: GET, sc-status: 200}
  condition: selection
---
title: Large Download Volume From One Client
id: 1c7e2f3a-2222-4b5c-9d6e-7f8a9b0c1d2e
level: high
correlation:
  type: value_sum
  rules: [iis_get_ok]
  group-by: [c-ip]
  timespan: 5m
  condition: {field: sc-bytes, gte: 1500000}
---
title: Large Average Response
id: 4e5f6a7b-3333-4c8d-9e0f-1a2b3c4d5e6f
level: medium
correlation:
  type: value_avg
  rules: [iis_get_ok]
  group-by: [c-ip]
  timespan: 5m
  condition: {field: sc-bytes, gte: 300000}
)");
  CommandResult h = Rampart(dir_, {"hunt", "--rules", dir_.File("exfil.yml"), "--output", "jsonl", dir_.File("u_ex240501.log")});
  ASSERT_EQ(h.exit_code, 1) << h.err;
  std::vector<json> sums, avgs;
  for (auto& j : Lines(h.out)) {
    ASSERT_TRUE(j.contains("correlation")) << j.dump();  // the detection rule is silent (generate: false)
    (j["correlation"]["type"] == "value_sum" ? sums : avgs).push_back(j);
  }
  ASSERT_EQ(sums.size(), 1u) << h.out;
  EXPECT_EQ(sums[0]["correlation"]["group"]["c-ip"], "203.0.113.9");
  EXPECT_EQ(sums[0]["correlation"]["count"], 4);  // the '-' line does not count
  bool shown = false;
  for (const auto& m : sums[0]["matched"]) shown = shown || (m["field"] == "value_sum(sc-bytes)" && m["value"] == "1600000");
  EXPECT_TRUE(shown) << sums[0].dump();
  // value_avg fires at the first big download (one alert per burst, window restarts), 4 times for 203.0.113.9.
  ASSERT_EQ(avgs.size(), 4u) << h.out;
  for (const auto& a : avgs) EXPECT_EQ(a["correlation"]["group"]["c-ip"], "203.0.113.9");

  CommandResult check = Rampart(dir_, {"rules", "check", dir_.File("exfil.yml")});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find("[correlation value_sum]"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("[correlation value_avg]"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace rampart::testing
