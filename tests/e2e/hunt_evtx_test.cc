// rampart hunt over the EVTX attack samples (shared/data/evtx, 277 files)
// with every SigmaHQ rule: no reader errors, and the hits equal the reviewed
// baseline tests/e2e/baselines/hunt_evtx_attack_samples.tsv (one line per
// hit: file, record, rule id, level, title; sorted). After a deliberate
// change, regenerate with RAMPART_UPDATE_BASELINES=1 and review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

std::string FormatHit(const std::string& file, int64_t record, const json& rule) {
  return file + "\t" + std::to_string(record) + "\t" + rule.value("id", "") + "\t" + rule.value("level", "") + "\t" +
         rule.value("title", "");
}

const char* const kBaseline = RAMPART_E2E_BASELINES "/hunt_evtx_attack_samples.tsv";

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

TEST(HuntEvtxTest, AttackSamplesHitTheReviewedBaseline) {
  TempDir dir;
  const std::string samples = DataPath("evtx/EVTX-ATTACK-SAMPLES");
  CommandResult r = rampart::testing::Run({RampartBinary(), "--db", dir.File("none.db"), "hunt", "--rules", DataPath("sigma/rules"),
                         "--rules", DataPath("sigma/rules-emerging-threats"), "--rules",
                         DataPath("sigma/rules-threat-hunting"), "--output", "jsonl", "--threads", "2", samples});
  // 1 = hits and no errors (2 would mean a reader or input error).
  ASSERT_EQ(r.exit_code, 1) << r.err.substr(0, 4000);
  EXPECT_NE(r.err.find("0 bad records, 0 errors"), std::string::npos) << r.err.substr(0, 4000);
  EXPECT_NE(r.err.find("from 277 files"), std::string::npos) << r.err.substr(0, 4000);

  std::vector<std::string> got;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    json hit = json::parse(line);
    std::string file = hit["source"].value("file", "");
    if (file.rfind(samples + "/", 0) == 0) file = file.substr(samples.size() + 1);
    int64_t record = hit["source"].value("record", int64_t{0});
    got.push_back(FormatHit(file, record, hit["rule"]));
  }
  std::sort(got.begin(), got.end());

  if (const char* update = std::getenv("RAMPART_UPDATE_BASELINES"); update && *update) {
    std::ofstream out(kBaseline);
    out << "# rampart hunt --rules sigma/rules --rules sigma/rules-emerging-threats --rules sigma/rules-threat-hunting\n"
           "#   evtx/EVTX-ATTACK-SAMPLES (tests/e2e/hunt_evtx_test.cc). One hit per line:\n"
           "# file<TAB>record<TAB>rule id<TAB>level<TAB>title\n";
    for (const std::string& line : got) out << line << "\n";
    GTEST_SKIP() << "baseline written: " << kBaseline << " (" << got.size() << " hits); review the diff";
  }
  std::vector<std::string> want = ReadLines(kBaseline);
  ASSERT_FALSE(want.empty()) << "no baseline at " << kBaseline;
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  for (size_t i = 0; i < std::min<size_t>(missing.size(), 20); ++i) ADD_FAILURE() << "missing hit: " << missing[i];
  for (size_t i = 0; i < std::min<size_t>(extra.size(), 20); ++i) ADD_FAILURE() << "unexpected hit: " << extra[i];
  EXPECT_EQ(got.size(), want.size());
}

}  // namespace
}  // namespace rampart::testing
