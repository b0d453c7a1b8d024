// Runner for the data-driven Sigma cases in tests/cases/sigma (see its
// README.md): each case's rules run over its events through the compiled
// matcher + Correlator and the reference evaluator + Correlator; the hits per
// event must equal `expect` in both.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "detect/sigma/sigma_test_util.h"
#include "rampart/detect/correlation.h"

#ifndef RAMPART_SIGMA_CASES_DIR
#error "RAMPART_SIGMA_CASES_DIR must point at tests/cases/sigma"
#endif

namespace rampart::detect {
namespace {

using testing::MapEvent;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(RAMPART_SIGMA_CASES_DIR)) {
    if (e.path().extension() == ".yml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

MapEvent ToEvent(const YAML::Node& node) {
  MapEvent e;
  std::string format = "test";
  for (const auto& kv : node) {
    std::string k = kv.first.Scalar();
    if (k == "_time") {
      e.SetTime(static_cast<int64_t>(std::stod(kv.second.Scalar()) * 1e6));
    } else if (k == "_format") {
      format = kv.second.Scalar();
    } else if (kv.second.IsNull()) {
      e.Add(k, "", ValueKind::kNull);
    } else {
      e.Add(k, kv.second.Scalar());
    }
  }
  e.SetFormat(format);
  return e;
}

// Titles of every hit, per event.
class PerEventSink : public Sink {
 public:
  void OnHit(const Hit& hit) override { current.push_back(hit.rule->title); }
  std::vector<std::string> current;
};

class SigmaCases : public ::testing::TestWithParam<std::string> {};

TEST_P(SigmaCases, Run) {
  YAML::Node doc = YAML::LoadFile(GetParam());
  ASSERT_TRUE(doc["name"] && doc["description"]) << "a case needs name and description";
  SCOPED_TRACE(doc["name"].Scalar());
  RuleSet set = testing::Rules(doc["rules"].Scalar());
  std::vector<MapEvent> events;
  for (const auto& e : doc["events"]) events.push_back(ToEvent(e));
  std::vector<std::vector<std::string>> expect;
  for (const auto& e : doc["expect"]) expect.push_back(e.as<std::vector<std::string>>());
  ASSERT_EQ(events.size(), expect.size());

  auto matcher = Matcher::Compile(set);
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  ReferenceEvaluator ref(set);
  PerEventSink compiled_sink, ref_sink;
  auto compiled_corr = Correlator::Create(set, compiled_sink);
  auto ref_corr = Correlator::Create(set, ref_sink);
  ASSERT_TRUE(compiled_corr.ok()) << compiled_corr.status();
  ASSERT_TRUE(ref_corr.ok());
  for (size_t i = 0; i < events.size(); ++i) {
    compiled_sink.current.clear();
    ref_sink.current.clear();
    (*matcher)->Match(events[i], **compiled_corr);
    ref.Match(events[i], **ref_corr);
    EXPECT_EQ(compiled_sink.current, expect[i]) << "event " << i << " (compiled)";
    EXPECT_EQ(ref_sink.current, expect[i]) << "event " << i << " (reference)";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, SigmaCases, ::testing::ValuesIn(CaseFiles()),
                         [](const auto& info) {
                           return std::filesystem::path(info.param).stem().string();
                         });

}  // namespace
}  // namespace rampart::detect
