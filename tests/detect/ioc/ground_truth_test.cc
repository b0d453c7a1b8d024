// gen-exchange-logs + gen-iocs ground truth: an IOC sweep of the plain list
// hits exactly the injected lines whose indicators are on the list -- every
// one, nothing else. Its STIX bundle twin is matched with STIX equality
// (one mapped field equal to the value), which is stricter than a
// fixed-string search: its hits are truth lines, and it finds the values that
// stand alone in a mapped field (client IPs).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "rampart/detect/ioc_list.h"
#include "rampart/detect/stix_pattern_matcher.h"
#include "support/test_support.h"
#include "w3c_line_event.h"

namespace rampart::detect {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Lines (1-based, counting headers) with at least one IOC hit.
std::set<int64_t> Sweep(const std::string& log, const IocSet& set, size_t* hits_out) {
  std::set<int64_t> lines;
  rampart::testing::W3cLineEvent event;
  int64_t line_no = 0;
  size_t pos = 0, hits = 0;
  while (pos < log.size()) {
    size_t nl = log.find('\n', pos);
    if (nl == std::string::npos) nl = log.size();
    std::string_view line(log.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.starts_with("#Fields:")) event.SetFields(line);
    if (line.empty() || line[0] == '#') continue;
    event.Reset(line, line_no);
    size_t n = set.ScanEvent(event, [&](std::string_view, const IocHit&) {});
    if (n > 0) lines.insert(line_no);
    hits += n;
  }
  if (hits_out) *hits_out = hits;
  return lines;
}

// Lines with at least one hit of the matcher.
std::set<int64_t> SweepMatcher(const std::string& log, IndicatorMatcher& matcher) {
  std::set<int64_t> lines;
  rampart::testing::W3cLineEvent event;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < log.size()) {
    size_t nl = log.find('\n', pos);
    if (nl == std::string::npos) nl = log.size();
    std::string_view line(log.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.starts_with("#Fields:")) event.SetFields(line);
    if (line.empty() || line[0] == '#') continue;
    event.Reset(line, line_no);
    CollectingSink sink;
    matcher.Match(event, sink);
    if (!sink.hits().empty()) lines.insert(line_no);
  }
  return lines;
}

class IocGroundTruth : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string tools = rampart::testing::ToolsDir();
    auto gen = rampart::testing::Run({tools + "/gen-exchange-logs", "--events", "30000", "--seed", "ioc-test",
                                      "--attack-rate", "0.01", "--out", dir_.File("ex.log"), "--truth",
                                      dir_.File("truth.jsonl"), "--quiet"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    auto iocs = rampart::testing::Run({tools + "/gen-iocs", "-n", "300", "--seed", "5", "--out",
                                       dir_.File("iocs.txt"), "--stix", dir_.File("iocs.stix.json"), "--expect",
                                       dir_.File("truth.jsonl")});
    ASSERT_EQ(iocs.exit_code, 0) << iocs.err;
    // "...; expected_matching_lines=N ..."
    size_t at = iocs.err.find("expected_matching_lines=");
    ASSERT_NE(at, std::string::npos) << iocs.err;
    expected_lines_ = std::stoll(iocs.err.substr(at + 24));

    std::set<std::string> listed;
    std::istringstream list(Slurp(dir_.File("iocs.txt")));
    for (std::string l; std::getline(list, l);) listed.insert(l);
    std::istringstream truth(Slurp(dir_.File("truth.jsonl")));
    for (std::string l; std::getline(truth, l);) {
      auto d = nlohmann::json::parse(l);
      for (const auto& ioc : d["indicators"]) {
        if (listed.count(ioc.get<std::string>())) truth_lines_.insert(d["line"].get<int64_t>());
      }
    }
    log_ = Slurp(dir_.File("ex.log"));
  }

  void ExpectExact(const std::string& list_file) {
    auto list = ReadIocList(list_file);
    ASSERT_TRUE(list.ok()) << list.status().message();
    EXPECT_TRUE(list->rejected.empty()) << list->rejected[0].where << ": " << list->rejected[0].reason;
    EXPECT_TRUE(list->patterns.empty());
    EXPECT_EQ(list->entries.size(), 300u);
    IocSet set = BuildIocSet(*list);
    size_t hits = 0;
    std::set<int64_t> found = Sweep(log_, set, &hits);
    std::vector<int64_t> missed, extra;
    std::set_difference(truth_lines_.begin(), truth_lines_.end(), found.begin(), found.end(),
                        std::back_inserter(missed));
    std::set_difference(found.begin(), found.end(), truth_lines_.begin(), truth_lines_.end(),
                        std::back_inserter(extra));
    EXPECT_TRUE(missed.empty()) << "missed " << missed.size() << " truth lines, first " << missed[0];
    EXPECT_TRUE(extra.empty()) << "hit " << extra.size() << " lines not in the truth, first " << extra[0];
    EXPECT_GE(hits, found.size());
  }

  rampart::testing::TempDir dir_;
  std::string log_;
  std::set<int64_t> truth_lines_;
  int64_t expected_lines_ = 0;
};

TEST_F(IocGroundTruth, PlainListHitsExactlyTheTruthLines) {
  ASSERT_GT(truth_lines_.size(), 50u) << "the generated log should carry listed indicators";
  EXPECT_EQ(static_cast<int64_t>(truth_lines_.size()), expected_lines_);
  ExpectExact(dir_.File("iocs.txt"));
}

TEST_F(IocGroundTruth, StixBundleHitsOnlyTruthLinesWithStixEquality) {
  auto list = ReadIocList(dir_.File("iocs.stix.json"));
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_TRUE(list->rejected.empty());
  EXPECT_TRUE(list->entries.empty()) << "STIX indicators never take the looser IOC-list matching";
  EXPECT_EQ(list->patterns.size(), 300u);
  IndicatorMatcher matcher;
  EXPECT_TRUE(matcher.AddIocList(*list).empty());
  EXPECT_EQ(matcher.exact_pattern_count(), 300u) << "every equality pattern goes to the exact-value index";
  std::set<int64_t> found = SweepMatcher(log_, matcher);
  std::vector<int64_t> extra;
  std::set_difference(found.begin(), found.end(), truth_lines_.begin(), truth_lines_.end(), std::back_inserter(extra));
  EXPECT_TRUE(extra.empty()) << "hit " << extra.size() << " lines not in the truth, first " << extra[0];
  EXPECT_GT(found.size(), 10u);
  EXPECT_LT(found.size(), truth_lines_.size()) << "a domain inside a URL must not hit a domain-name equality";
}

}  // namespace
}  // namespace rampart::detect
