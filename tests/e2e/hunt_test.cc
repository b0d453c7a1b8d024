// rampart hunt on generated IIS logs: the HAFNIUM rule fires on the injected
// exploitation lines, IOC hits equal the ground truth, output is the same
// whatever the thread count, and bad input gives exit 2 without losing hits.
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <regex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

class HuntTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    log_ = dir_->File("u_ex210301.log");
    truth_ = dir_->File("truth.jsonl");
    iocs_ = dir_->File("iocs.txt");
    CommandResult gen = rampart::testing::Run({"/usr/bin/python3", ToolsDir() + "/gen-exchange-logs", "--events", "30000", "--seed",
                             "11", "--attack-rate", "1e-3", "--out", log_, "--truth", truth_, "--quiet"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    CommandResult ioc = rampart::testing::Run({"/usr/bin/python3", ToolsDir() + "/gen-iocs", "-n", "200", "--seed", "3", "--out", iocs_});
    ASSERT_EQ(ioc.exit_code, 0) << ioc.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static CommandResult Hunt(std::vector<std::string> args) {
    std::vector<std::string> argv = {RampartBinary(), "--db", dir_->File("none.db"), "hunt"};
    argv.insert(argv.end(), args.begin(), args.end());
    return rampart::testing::Run(argv);
  }
  static std::vector<json> Lines(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(json::parse(line));
    }
    return out;
  }
  static std::string ReadText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // The generated IOC list's entries, comments left out.
  static std::vector<std::string> ListedIocs() {
    std::vector<std::string> iocs;
    std::istringstream in(ReadText(iocs_));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] != '#') iocs.push_back(line);
    }
    return iocs;
  }

  static TempDir* dir_;
  static std::string log_, truth_, iocs_;
};
TempDir* HuntTest::dir_ = nullptr;
std::string HuntTest::log_, HuntTest::truth_, HuntTest::iocs_;

// Every truth line the generator lists under a Sigma selection is hit, and
// nothing else: the rule's cs-uri-query paths match stem + '?' + query.
TEST_F(HuntTest, HafniumRuleFiresOnExactlyTheTruthLinesWithASigmaSelection) {
  std::string rule = DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml");
  CommandResult r = Hunt({"--rules", rule, "--output", "jsonl", log_});
  ASSERT_EQ(r.exit_code, 1) << r.err;  // hits
  std::set<int64_t> expected;
  for (const json& t : Lines(ReadText(truth_))) {
    if (!t["sigma"].empty()) expected.insert(t["line"].get<int64_t>());
  }
  ASSERT_GT(expected.size(), 10u);
  std::vector<json> hits = Lines(r.out);
  std::set<int64_t> got;
  for (const json& hit : hits) {
    EXPECT_EQ(hit["rule"]["title"], "Exchange Exploitation Used by HAFNIUM");
    EXPECT_EQ(hit["rule"]["level"], "high");
    got.insert(hit["source"]["line"].get<int64_t>());
    EXPECT_EQ(hit["event"]["cs-method"], "POST");
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(hits.size(), got.size()) << "a line hit twice";
  // The rule's ATT&CK tags come with the hit.
  EXPECT_EQ(hits[0]["rule"]["techniques"][0]["external_id"], "T1190");
  EXPECT_EQ(hits[0]["rule"]["actors"][0]["external_id"], "G0125");
}

TEST_F(HuntTest, IocListHitsExactlyTheTruthLinesThatCarryIts) {
  std::set<std::string> listed;
  std::istringstream in(ReadText(iocs_));
  for (std::string line; std::getline(in, line);) listed.insert(line);
  std::set<int64_t> expected;
  for (const json& t : Lines(ReadText(truth_))) {
    for (const auto& ioc : t["indicators"]) {
      if (listed.count(ioc.get<std::string>())) expected.insert(t["line"].get<int64_t>());
    }
  }
  CommandResult r = Hunt({"--ioc", iocs_, "--output", "jsonl", log_});
  ASSERT_EQ(r.exit_code, expected.empty() ? 0 : 1) << r.err;
  std::set<int64_t> got;
  for (const json& hit : Lines(r.out)) got.insert(hit["source"]["line"].get<int64_t>());
  EXPECT_EQ(got, expected);
}

TEST_F(HuntTest, OutputIsTheSameWhateverTheThreadCount) {
  std::string rules = DataPath("sigma/rules/web");
  CommandResult one = Hunt({"--rules", rules, "--ioc", iocs_, "--threads", "1", "--output", "jsonl", log_});
  CommandResult two = Hunt({"--rules", rules, "--ioc", iocs_, "--threads", "2", "--output", "jsonl", log_});
  EXPECT_EQ(one.exit_code, two.exit_code);
  EXPECT_EQ(one.out, two.out);
  EXPECT_FALSE(one.out.empty());
}

// The IOC prefilters (the text readers skipping records whose raw lines hold
// no IOC literal, then IndicatorDetector::Prefilter per batch) only skip
// records with no IOC hit: jsonl output with and without them is
// byte-identical, and so is stderr (the summary: records read, bad records,
// every error with its line), for a short list and for one of 10,000
// entries (a larger Vectorscan database).
// `expect_exit`: 1 (hits) or 2 (hits and bad records).
void ExpectPrefilterChangesNothing(const std::vector<std::string>& hunt_args, int expect_exit) {
  std::vector<std::string> with = hunt_args, without = hunt_args;
  without.insert(without.begin(), "--no-ioc-prefilter");
  for (const char* threads : {"1", "2"}) {
    std::vector<std::string> a = with, b = without;
    a.insert(a.begin(), {"--threads", threads});
    b.insert(b.begin(), {"--threads", threads});
    CommandResult r = HuntTest::Hunt(a);
    CommandResult u = HuntTest::Hunt(b);
    EXPECT_EQ(r.exit_code, expect_exit) << r.err;
    EXPECT_EQ(r.exit_code, u.exit_code);
    EXPECT_EQ(r.out, u.out);
    EXPECT_EQ(r.err, u.err);
    EXPECT_FALSE(r.out.empty());
  }
}

TEST_F(HuntTest, IocPrefilterGivesTheSameOutputOnIisLogs) {
  for (const char* n : {"100", "10000"}) {
    std::string list = dir_->File(std::string("iocs") + n + ".txt");
    CommandResult gen = rampart::testing::Run(
        {"/usr/bin/python3", ToolsDir() + "/gen-iocs", "-n", n, "--seed", "5", "--out", list});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    ExpectPrefilterChangesNothing({"--ioc", list, "--output", "jsonl", log_}, 1);
  }
}

// JSON lines: nested fields, arrays, values with spaces and newlines, IOCs
// next to near misses (a longer IP, a hash inside a longer hex run, a
// subdomain, a URL with a query), several per event.
TEST_F(HuntTest, IocPrefilterGivesTheSameOutputOnJsonLines) {
  std::vector<std::string> iocs = ListedIocs();
  ASSERT_GT(iocs.size(), 10u);
  std::string text;
  for (size_t i = 0; i < 3000; ++i) {
    json j;
    const std::string& ioc = iocs[(i * 7) % iocs.size()];
    j["id"] = i;
    switch (i % 6) {
      case 0: j["msg"] = "fetched " + ioc + " from host\nand more"; break;
      case 1: j["net"]["dst"] = ioc; j["net"]["src"] = "10.1.2.3"; break;
      case 2: j["list"] = {"a", ioc, 42, "sub." + ioc}; break;
      case 3: j["near"] = "1" + ioc + "0 x" + ioc + "y"; break;
      case 4: j["url"] = "https://" + ioc + "/p?q=" + ioc; break;
      default: j["quiet"] = "nothing to see " + std::to_string(i); break;
    }
    text += j.dump() + "\n";
  }
  std::string log = dir_->File("mixed-iocs.jsonl");
  WriteFile(log, text);
  ExpectPrefilterChangesNothing({"--ioc", iocs_, "--format", "jsonl", "--output", "jsonl", log}, 1);
}

// Zeek TSV skips records without even building them (a shape check per
// line): hits, summary and errors must not change, with IOCs next to near
// misses, a bad row that holds an IOC, a bad row that does not, a \x escape,
// and a #fields change mid-file.
TEST_F(HuntTest, IocPrefilterGivesTheSameOutputOnZeekLogs) {
  std::vector<std::string> iocs = ListedIocs();
  ASSERT_GT(iocs.size(), 10u);
  std::string text =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
      "#fields\tts\tuid\tid.orig_h\tquery\tanswers\n#types\ttime\tstring\taddr\tstring\tvector[string]\n";
  for (size_t i = 0; i < 20000; ++i) {
    const std::string& ioc = iocs[(i * 13) % iocs.size()];
    std::string ts = std::to_string(1614556800 + i) + ".5";
    switch (i % 50) {
      case 0: text += ts + "\tC" + std::to_string(i) + "\t10.0.0.1\t" + ioc + "\t-\n"; break;
      case 1: text += ts + "\tC" + std::to_string(i) + "\t10.0.0.2\tq.example\ta.example," + ioc + "\n"; break;
      case 2: text += ts + "\tC" + std::to_string(i) + "\t10.0.0.3\tx" + ioc + "0\t(empty)\n"; break;
      case 3: text += ts + "\tC" + std::to_string(i) + "\t" + ioc + "\n"; break;        // bad row with an IOC
      case 4: text += ts + "\tC" + std::to_string(i) + "\tquiet\n"; break;              // bad row without
      case 5: text += ts + "\tC" + std::to_string(i) + "\t10.0.0.5\tesc\\x09aped\t-\n"; break;
      default: text += ts + "\tC" + std::to_string(i) + "\t10.1." + std::to_string(i % 250) + ".7\tw" +
                       std::to_string(i) + ".example.org\t-\n";
    }
    if (i == 10000) text += "#fields\tts\tuid\tquery\tid.orig_h\tanswers\n";
  }
  std::string log = dir_->File("dns.log");
  WriteFile(log, text);
  ExpectPrefilterChangesNothing({"--ioc", iocs_, "--format", "zeek", "--output", "jsonl", log}, 2);
}

// With --since/--until the record filter stays on: the hits are those of the
// unfiltered hunt, and the records it drops unparsed are counted as unread,
// neither in nor out of the time range (their time was never read).
TEST_F(HuntTest, IocPrefilterWithATimeRangeKeepsTheHitsAndCountsDroppedRecordsUnread) {
  std::vector<std::string> iocs = ListedIocs();
  ASSERT_GT(iocs.size(), 10u);
  const int64_t base = 1614556800;  // 2021-03-01T00:00:00Z
  std::string text = "#separator \\x09\n#fields\tts\tuid\tquery\n#types\ttime\tstring\tstring\n";
  const int kRecords = 5000;
  int in_range = 0, ioc_records_in_range = 0;
  for (int i = 0; i < kRecords; ++i) {
    bool has_ioc = i % 10 == 0;
    bool inside = i >= 1800 && i < 3600;  // ts base+i+0.5 within [base+1800, base+3600]
    in_range += inside;
    ioc_records_in_range += inside && has_ioc;
    text += std::to_string(base + i) + ".5\tC" + std::to_string(i) + "\t" +
            (has_ioc ? iocs[(i / 10) % iocs.size()] : "w" + std::to_string(i) + ".example.org") + "\n";
  }
  std::string log = dir_->File("dns-timed.log");
  WriteFile(log, text);
  std::vector<std::string> args = {"--ioc", iocs_, "--format", "zeek", "--output", "jsonl",
                                   "--since", "2021-03-01T00:30:00Z", "--until", "2021-03-01T01:00:00Z", log};
  std::vector<std::string> unfiltered = args;
  unfiltered.insert(unfiltered.begin(), "--no-ioc-prefilter");
  CommandResult r = Hunt(args);
  CommandResult u = Hunt(unfiltered);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(u.exit_code, 1) << u.err;
  EXPECT_EQ(r.out, u.out);
  std::set<int64_t> hit_lines;  // a record may hit several listed IOCs (a domain and its parent)
  for (const json& hit : Lines(r.out)) hit_lines.insert(hit["source"]["line"].get<int64_t>());
  EXPECT_EQ(static_cast<int>(hit_lines.size()), ioc_records_in_range);

  // "summary: H hits in N records (M in time range[, K holding no IOC skipped unparsed]) ..."
  auto counts = [](const std::string& err) {
    std::smatch m;
    static const std::regex kSummary(
        R"(summary: (\d+) hits in (\d+) records \((\d+) in time range(?:, (\d+) holding no IOC skipped unparsed)?\))");
    EXPECT_TRUE(std::regex_search(err, m, kSummary)) << err;
    return std::array<int64_t, 3>{m.empty() ? -1 : std::stoll(m[2]), m.empty() ? -1 : std::stoll(m[3]),
                                  m.empty() || !m[4].matched ? 0 : std::stoll(m[4])};
  };
  auto [u_records, u_in_range, u_unread] = counts(u.err);
  auto [r_records, r_in_range, r_unread] = counts(r.err);
  EXPECT_EQ(u_records, kRecords);
  EXPECT_EQ(u_in_range, in_range);
  EXPECT_EQ(u_unread, 0);
  EXPECT_EQ(r_records, kRecords);
  EXPECT_GT(r_unread, kRecords / 2);  // most records hold no IOC
  EXPECT_GE(r_in_range, ioc_records_in_range);
  EXPECT_LE(r_in_range + r_unread, kRecords);
  EXPECT_LE(r_in_range, in_range);
}

TEST_F(HuntTest, StixOutputIsABundleOfSightings) {
  std::string rule = DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml");
  CommandResult r = Hunt({"--rules", rule, "--output", "stix", log_});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  json bundle = json::parse(r.out);
  EXPECT_EQ(bundle["type"], "bundle");
  int sightings = 0, indicators = 0;
  for (const json& o : bundle["objects"]) {
    sightings += o["type"] == "sighting";
    indicators += o["type"] == "indicator";
    if (o["type"] == "indicator") {
      EXPECT_EQ(o["pattern_type"], "sigma");
    }
  }
  EXPECT_EQ(indicators, 1);
  EXPECT_GT(sightings, 0);
}

TEST_F(HuntTest, BadRecordsAreReportedAndGoodOnesStillHunted) {
  std::string mixed = dir_->File("mixed.jsonl");
  WriteFile(mixed, "{\"cs-method\":\"POST\",\"cs-uri-query\":\"/ecp/y.js\"}\n{not json\n"
                   "{\"cs-method\":\"POST\",\"cs-uri-query\":\"/ecp/z.js\"}\n");
  std::string rule = DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml");
  CommandResult r = Hunt({"--rules", rule, "--format", "jsonl", "--output", "jsonl", mixed});
  EXPECT_EQ(r.exit_code, 2) << r.err;  // an error was reported
  EXPECT_NE(r.err.find("mixed.jsonl:2"), std::string::npos) << r.err;
}

TEST_F(HuntTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Hunt({log_}).exit_code, 2);  // nothing to hunt with
  EXPECT_EQ(Hunt({"--rules", "/nonexistent/rules", log_}).exit_code, 2);
  EXPECT_EQ(Hunt({"--ioc", iocs_, "--output", "xml", log_}).exit_code, 2);
}

}  // namespace
}  // namespace rampart::testing
