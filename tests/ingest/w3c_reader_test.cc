#include <fstream>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "ingest_test_util.h"
#include "nlohmann/json.hpp"
#include "rampart/detect/event_time.h"
#include "support/test_support.h"

namespace rampart::ingest {
namespace {

using rampart::testing::TempDir;
using rampart::testing::WriteFile;
using testing::Collected;
using testing::ReadAll;

std::string Generator() { return rampart::testing::ToolsDir() + "/gen-exchange-logs"; }

// gen-exchange-logs output: every line read, fields named as Sigma's
// webserver rules name them, injected attack lines where the truth file says.
TEST(W3cReaderTest, GeneratedExchangeLogMatchesTruth) {
  TempDir dir;
  std::string log = dir.File("ex.log"), truth = dir.File("truth.jsonl");
  ASSERT_EQ(testing::Shell("python3 " + Generator() + " --events 2000 --seed 3 --attack-rate 0.01 --quiet --out " +
                           log + " --truth " + truth),
            0);
  std::set<int64_t> truth_lines;
  {
    std::ifstream in(truth);
    std::string line;
    while (std::getline(in, line)) truth_lines.insert(nlohmann::json::parse(line)["line"].get<int64_t>());
  }
  ASSERT_FALSE(truth_lines.empty());
  std::set<int64_t> attack_lines;
  int64_t prev_time = 0;
  Collected c = ReadAll(log, {}, [&](const detect::Event& e) {
    auto method = e.Get("cs-method");
    auto stem = e.Get("cs-uri-stem");
    ASSERT_TRUE(method && stem && e.Get("c-ip") && e.Get("sc-status") && e.Get("cs-user-agent"));
    EXPECT_EQ(e.Get("cs-user-agent"), e.Get("cs(User-Agent)"));
    // ProxyLogon exploit paths (Sigma's HAFNIUM rule, selection_5 and _4).
    if (*method == "POST" && (*stem == "/ecp/default.flt" || *stem == "/ecp/main.css" ||
                              stem->find("/owa/auth/Current/") == 0 ||
                              stem->find("/aspnet_client/") != std::string_view::npos)) {
      attack_lines.insert(e.Source().line);
    }
    ASSERT_TRUE(e.TimeUs().has_value());
    EXPECT_GE(*e.TimeUs(), prev_time);
    prev_time = *e.TimeUs();
  });
  ASSERT_EQ(c.open_error, "");
  EXPECT_EQ(c.format, "w3c");
  EXPECT_EQ(c.json.size(), 2000u);
  EXPECT_TRUE(c.stats.clean()) << testing::IssuesText(c.stats);
  // Every truth line is one of the events read, at that line number.
  for (int64_t l : truth_lines) {
    bool found = false;
    for (const auto& w : c.where) found |= w.line == l;
    EXPECT_TRUE(found) << "truth line " << l;
  }
  // The POSTs to Exchange exploit paths the reader sees are all truth lines.
  EXPECT_FALSE(attack_lines.empty());
  for (int64_t l : attack_lines) EXPECT_TRUE(truth_lines.count(l)) << "line " << l << " is not in the truth file";

  // The same records as JSON lines read to the same values.
  std::string jl = dir.File("ex.jsonl");
  ASSERT_EQ(testing::Shell("python3 " + Generator() + " --events 2000 --seed 3 --attack-rate 0.01 --quiet --format jsonl --out " + jl), 0);
  std::vector<std::string> w3c_uris, json_uris;
  ReadAll(log, {}, [&](const detect::Event& e) { w3c_uris.emplace_back(*e.Get("cs-uri-query")); });
  Collected j = ReadAll(jl, {}, [&](const detect::Event& e) {
    std::string q(*e.Get("cs-uri-query"));
    json_uris.push_back(q == "-" ? "" : q);
  });
  EXPECT_EQ(j.format, "jsonl");
  EXPECT_EQ(w3c_uris, json_uris);
}

TEST(W3cReaderTest, HeadersChangeMidFileAndBadLines) {
  TempDir dir;
  WriteFile(dir.File("u_ex.log"),
            "#Software: Microsoft Internet Information Services 10.0\n"
            "#Version: 1.0\n"
            "#Date: 2021-03-02 00:00:00\n"
            "#Fields: date time c-ip cs-method cs-uri-stem cs(User-Agent) cs(Referer) sc-status\n"
            "2021-03-02 01:02:03 1.2.3.4 GET /owa/ Mozilla/5.0+(Windows+NT) - 200\n"
            "2021-03-02 01:02:04 1.2.3.4 GET /owa/ too few\n"
            "#Fields: time date sc-status cs-method c-ip\n"
            "01:02:05 2021-03-02 302 POST 5.6.7.8\n"
            "01:02:06 2021-03-02 302 POST 5.6.7.8 extra field\n");
  std::vector<std::string> ips, uas, referers, statuses;
  std::vector<int64_t> times;
  Collected c = ReadAll(dir.File("u_ex.log"), {}, [&](const detect::Event& e) {
    ips.emplace_back(*e.Get("c-ip"));
    statuses.emplace_back(*e.Get("sc-status"));
    times.push_back(*e.TimeUs());
    e.Values("cs-user-agent", [&](const detect::Value& v) { uas.emplace_back(v.text); });
    if (auto r = e.Get("cs-referer")) referers.emplace_back(*r);
  });
  EXPECT_EQ(ips, (std::vector<std::string>{"1.2.3.4", "5.6.7.8"}));
  EXPECT_EQ(statuses, (std::vector<std::string>{"200", "302"}));
  // '+' is a space in IIS: the raw value first, then the decoded one.
  EXPECT_EQ(uas, (std::vector<std::string>{"Mozilla/5.0+(Windows+NT)", "Mozilla/5.0 (Windows NT)"}));
  EXPECT_EQ(referers, std::vector<std::string>{""});  // '-' is empty
  EXPECT_EQ(times[0], detect::CivilToUs(2021, 3, 2, 1, 2, 3));
  EXPECT_EQ(times[1], detect::CivilToUs(2021, 3, 2, 1, 2, 5));
  ASSERT_EQ(c.stats.issues.size(), 2u) << testing::IssuesText(c.stats);
  EXPECT_EQ(c.stats.issues[0].line, 6);
  EXPECT_EQ(c.stats.issues[1].line, 9);
  EXPECT_NE(c.stats.issues[1].message.find("expected 5"), std::string::npos);
  EXPECT_EQ(c.where[1].line, 8);
  EXPECT_EQ(c.json[1], R"({"time":"01:02:05","date":"2021-03-02","sc-status":302,"cs-method":"POST","c-ip":"5.6.7.8"})");
}

TEST(W3cReaderTest, DataBeforeFieldsIsReported) {
  TempDir dir;
  WriteFile(dir.File("x.log"), "#Version: 1.0\n2021-03-02 01:02:03 1.2.3.4\n");
  Collected c = ReadAll(dir.File("x.log"));
  EXPECT_EQ(c.format, "w3c");
  EXPECT_TRUE(c.json.empty());
  ASSERT_EQ(c.stats.issues.size(), 1u);
  EXPECT_EQ(c.stats.issues[0].line, 2);
}

}  // namespace
}  // namespace rampart::ingest
