#include <gtest/gtest.h>

#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

Pattern Parse(std::string_view text) {
  auto p = ParsePattern(text);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return *std::move(p);
}

ObservedScalar Str(std::string_view s) { return ObservedScalar{ObservedScalar::Kind::kString, s}; }
ObservedScalar Int(int64_t v) {
  ObservedScalar s;
  s.kind = ObservedScalar::Kind::kInt;
  s.int_value = v;
  s.number = static_cast<double>(v);
  return s;
}

TEST(PatternEval, TestScalarTypeMismatchIsNeitherTrueNorFalse) {
  Pattern p = Parse("[network-traffic:dst_port NOT = 443]");
  const Comparison& t = p.root.comparison.test;
  EXPECT_FALSE(TestScalar(t, Str("443")).has_value());
  EXPECT_EQ(TestScalar(t, Int(443)), true);  // ignores NOT
  ObservedScalar values[] = {Str("443")};
  EXPECT_FALSE(TestValues(t, values));
  ObservedScalar other[] = {Int(80)};
  EXPECT_TRUE(TestValues(t, other));
  EXPECT_FALSE(TestValues(t, {}));
}

TEST(PatternEval, LikeEscapesNothingButWildcards) {
  Pattern p = Parse("[file:name LIKE 'a.b%c_']");
  const Comparison& t = p.root.comparison.test;
  EXPECT_EQ(TestScalar(t, Str("a.bXYZcQ")), true);
  EXPECT_EQ(TestScalar(t, Str("a.bc")), false);
  EXPECT_EQ(TestScalar(t, Str("aXbcQ")), false);
}

TEST(PatternEval, FindBindingsOnPlainInstances) {
  // Three events a (t=0), b (t=5s), a (t=20s) with leaf 0 = a, leaf 1 = b.
  Pattern p = Parse("([x:v = 'a'] FOLLOWEDBY [x:v = 'b']) WITHIN 10 SECONDS");
  std::vector<Instance> inst = {{0, 0}, {5'000'000, 5'000'000}, {20'000'000, 20'000'000}};
  std::vector<std::vector<int32_t>> hits = {{0, 2}, {1}};
  bool truncated = true;
  auto b = FindBindings(p.root, inst, [&](int leaf) -> const std::vector<int32_t>& { return hits[leaf]; }, 100,
                        &truncated);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0], (Binding{0, 1}));
  EXPECT_FALSE(truncated);
}

TEST(PatternEval, RepeatsIsBoundedAndSaysSo) {
  Pattern p = Parse("[x:v = 'a'] REPEATS 3 TIMES");
  std::vector<Instance> inst(40);
  std::vector<int32_t> all(40);
  for (int i = 0; i < 40; ++i) all[i] = i;
  bool truncated = false;
  auto b = FindBindings(p.root, inst, [&](int) -> const std::vector<int32_t>& { return all; }, 50, &truncated);
  EXPECT_EQ(b.size(), 50u);
  EXPECT_TRUE(truncated);
}

TEST(PatternEval, ObservationsFromStixReportsBadInput) {
  auto missing = ObservationsFromStix(nlohmann::json::parse(
      R"([{"type":"observed-data","id":"observed-data--1","first_observed":"2021-01-01T00:00:00Z",
           "last_observed":"2021-01-01T00:00:00Z","object_refs":["ipv4-addr--nope"]}])"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(GetContext(missing.status())->object_id, "observed-data--1");
  auto bad_time = ObservationsFromStix(nlohmann::json::parse(
      R"({"type":"bundle","objects":[{"type":"observed-data","id":"observed-data--2","first_observed":"yesterday",
           "last_observed":"2021-01-01T00:00:00Z","objects":{}}]})"));
  EXPECT_FALSE(bad_time.ok());
}

}  // namespace
}  // namespace rampart::stix
