// The version outcome rules shared by every backend.
#include <gtest/gtest.h>

#include "put_rules.h"
#include "store_test_util.h"

namespace rampart::store::internal {
namespace {

using testing::IntrusionSet;
using testing::Obj;

TEST(VersionKey, IgnoresTimestampSpelling) {
  auto a = Obj(IntrusionSet(1, "X", {{"modified", "2021-03-02T00:00:00Z"}}));
  auto b = Obj(IntrusionSet(1, "X", {{"modified", "2021-03-02T00:00:00.000Z"}}));
  ASSERT_TRUE(VersionKey(a).ok());
  EXPECT_EQ(*VersionKey(a), *VersionKey(b));
  auto later = Obj(IntrusionSet(1, "X", {{"modified", "2021-03-02T00:00:00.001Z"}}));
  EXPECT_GT(*VersionKey(later), *VersionKey(a));
}

TEST(DecidePut, FollowsTheVersionRules) {
  auto object = Obj(IntrusionSet(1, "X", {{"modified", "2021-01-01T00:00:00.000Z"}}));
  int64_t key = *VersionKey(object);
  EXPECT_EQ(*DecidePut(object, key, {}), PutOutcome::kInserted);
  EXPECT_EQ(*DecidePut(object, key, {.same_version_json = std::nullopt, .current_version_key = key - 1}),
            PutOutcome::kNewVersion);
  EXPECT_EQ(*DecidePut(object, key, {.same_version_json = std::nullopt, .current_version_key = key + 1}),
            PutOutcome::kHistory);
  EXPECT_EQ(*DecidePut(object, key, {.same_version_json = object.json, .current_version_key = key}),
            PutOutcome::kUnchanged);
}

TEST(DecidePut, SameVersionWithDifferentContentIsAConflictNamingTheId) {
  auto object = Obj(IntrusionSet(1, "X"));
  auto other = Obj(IntrusionSet(1, "Y"));
  Result<PutOutcome> outcome =
      DecidePut(object, *VersionKey(object), {.same_version_json = other.json, .current_version_key = 0});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(outcome.status().message().find(object.id), absl::string_view::npos);
  EXPECT_EQ(GetContext(outcome.status())->object_id, object.id);
}

TEST(SameJsonContent, IgnoresKeyOrderAndSpacing) {
  EXPECT_TRUE(SameJsonContent(R"({"a":1,"b":[1,2]})", R"({ "b": [1, 2], "a": 1 })"));
  EXPECT_FALSE(SameJsonContent(R"({"a":1})", R"({"a":2})"));
  EXPECT_FALSE(SameJsonContent(R"({"a":[1,2]})", R"({"a":[2,1]})"));
  EXPECT_FALSE(SameJsonContent("{bad", "{bad "));
  EXPECT_TRUE(SameJsonContent("{bad", "{bad"));
}

TEST(ComputeIndexKeys, CoversNameAliasesExternalIdsAndMarkings) {
  auto object = Obj(IntrusionSet(
      1, "APT40",
      {{"aliases", {"APT40", "TEMP.Periscope", "APT 40", "Leviathan"}},
       {"object_marking_refs", {testing::kTlpGreen, testing::kTlpGreen}},
       {"external_references",
        {{{"source_name", "mitre-attack"}, {"external_id", "G0065"}},
         {{"source_name", "mitre-attack"}, {"external_id", "g0065"}},
         {{"source_name", "blog"}, {"url", "https://example.org"}}}}}));
  IndexKeys keys = ComputeIndexKeys(object);
  EXPECT_EQ(keys.names, (std::vector<std::string>{"apt40", "tempperiscope", "leviathan"}));
  ASSERT_EQ(keys.external_ids.size(), 1u);
  EXPECT_EQ(keys.external_ids[0].norm, "g0065");
  EXPECT_EQ(keys.marking_refs.size(), 1u);
  EXPECT_FALSE(keys.edge);
  EXPECT_TRUE(keys.searchable);
  EXPECT_EQ(keys.aliases_text, "TEMP.Periscope, APT 40, Leviathan");
}

TEST(ComputeIndexKeys, RevokedObjectsGetNoEdgeAndNoSearchDocument) {
  auto rel = Obj(testing::Relationship(1, "uses", testing::Id("intrusion-set", 1), testing::Id("malware", 1),
                                       {{"revoked", true}}));
  EXPECT_FALSE(ComputeIndexKeys(rel).edge);
  auto live = Obj(testing::Relationship(1, "uses", testing::Id("intrusion-set", 1), testing::Id("malware", 1)));
  EXPECT_TRUE(ComputeIndexKeys(live).edge);
  EXPECT_EQ(ComputeIndexKeys(live).edge_type, "uses");
  auto set = Obj(IntrusionSet(1, "X", {{"revoked", true}}));
  EXPECT_FALSE(ComputeIndexKeys(set).searchable);
  EXPECT_EQ(ComputeIndexKeys(set).names, std::vector<std::string>{"x"});
}

}  // namespace
}  // namespace rampart::store::internal
