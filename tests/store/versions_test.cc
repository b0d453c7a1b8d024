// Versions: newer becomes current, older is history, the same version is a
// no-op, a different object under the same version is refused.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace rampart::store::testing {
namespace {

nlohmann::json Version(const std::string& modified, const std::string& description) {
  return IntrusionSet(1, "APT40", {{"modified", modified}, {"description", description}});
}

class Versions : public BackendTest {};
class Revocation : public BackendTest {};

Result<PutOutcome> PutOne(Store& store, const nlohmann::json& value) {
  auto txn = store.Begin();
  EXPECT_TRUE(txn.ok()) << txn.status();
  Result<PutOutcome> outcome = (*txn)->Put(Obj(value));
  EXPECT_TRUE((*txn)->Commit().ok());
  return outcome;
}

// Fails the test (instead of aborting) if the Put failed.
PutOutcome Outcome(const Result<PutOutcome>& outcome) {
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  return outcome.ok() ? *outcome : PutOutcome::kUnchanged;
}

TEST_P(Versions, NewerBecomesCurrentOlderIsKeptAsHistory) {
  auto store = TestStore();
  EXPECT_EQ(Outcome(PutOne(*store, Version("2021-01-01T00:00:00.000Z", "v1"))), PutOutcome::kInserted);
  EXPECT_EQ(Outcome(PutOne(*store, Version("2022-01-01T00:00:00.000Z", "v3"))), PutOutcome::kNewVersion);
  EXPECT_EQ(Outcome(PutOne(*store, Version("2021-06-01T00:00:00.000Z", "v2"))), PutOutcome::kHistory);

  Result<stix::Object> current = store->Get(Id("intrusion-set", 1));
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(current->description, "v3");

  Result<std::vector<stix::Object>> versions = store->Versions(Id("intrusion-set", 1));
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[0].description, "v1");
  EXPECT_EQ((*versions)[1].description, "v2");
  EXPECT_EQ((*versions)[2].description, "v3");
  EXPECT_EQ(CountAll(*store), 1);
}

TEST_P(Versions, SameVersionAgainIsUnchanged) {
  auto store = TestStore();
  EXPECT_EQ(Outcome(PutOne(*store, Version("2021-01-01T00:00:00.000Z", "v1"))), PutOutcome::kInserted);
  EXPECT_EQ(Outcome(PutOne(*store, Version("2021-01-01T00:00:00.000Z", "v1"))), PutOutcome::kUnchanged);
  // The same content with its keys in another order is the same object.
  nlohmann::json reordered = nlohmann::json::parse(R"({"name":"APT40","description":"v1",
      "modified":"2021-01-01T00:00:00.000Z","created":"2020-01-01T00:00:00.000Z",
      "id":"intrusion-set--00000000-0000-4000-8000-000000000001","spec_version":"2.1","type":"intrusion-set"})");
  EXPECT_EQ(Outcome(PutOne(*store, reordered)), PutOutcome::kUnchanged);
  EXPECT_EQ(store->Versions(Id("intrusion-set", 1))->size(), 1u);
}

TEST_P(Versions, TheVersionIsTheInstantNotItsSpelling) {
  auto store = TestStore();
  ASSERT_TRUE(PutOne(*store, Version("2021-01-01T00:00:00.000Z", "v1")).ok());
  Result<PutOutcome> same_instant = PutOne(*store, Version("2021-01-01T00:00:00.000000Z", "other"));
  EXPECT_EQ(same_instant.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Outcome(PutOne(*store, Version("2021-01-01T00:00:00.001Z", "v2"))), PutOutcome::kNewVersion);
}

TEST_P(Versions, SameVersionWithDifferentContentIsRefusedAndNamesTheId) {
  auto store = TestStore();
  ASSERT_TRUE(PutOne(*store, Version("2021-01-01T00:00:00.000Z", "v1")).ok());
  Result<PutOutcome> conflict = PutOne(*store, Version("2021-01-01T00:00:00.000Z", "edited"));
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(conflict.status().message().find(Id("intrusion-set", 1)), absl::string_view::npos);
  EXPECT_EQ(store->Get(Id("intrusion-set", 1))->description, "v1");
}

TEST_P(Versions, NewVersionReplacesIndexRows) {
  auto store = TestStore();
  PutAll(*store, {IntrusionSet(1, "Old Name", {{"aliases", {"Shared"}},
                                              {"description", "zebra"},
                                              {"external_references", {{{"source_name", "x"}, {"external_id", "OLD-1"}}}}})});
  PutAll(*store, {IntrusionSet(1, "New Name", {{"modified", "2023-01-01T00:00:00.000Z"},
                                              {"description", "giraffe"},
                                              {"external_references", {{{"source_name", "x"}, {"external_id", "NEW-1"}}}}})});
  EXPECT_TRUE(store->FindByName("old name")->empty());
  EXPECT_TRUE(store->FindByName("shared")->empty());
  EXPECT_EQ(store->FindByName("new name")->size(), 1u);
  EXPECT_TRUE(store->FindByExternalId("OLD-1")->empty());
  EXPECT_EQ(store->FindByExternalId("new-1")->size(), 1u);
  EXPECT_TRUE(store->Search("zebra")->empty());
  EXPECT_EQ(store->Search("giraffe")->size(), 1u);
}

TEST_P(Versions, HistoryDoesNotTouchIndexes) {
  auto store = TestStore();
  PutAll(*store, {IntrusionSet(1, "Current", {{"modified", "2023-01-01T00:00:00.000Z"}})});
  PutAll(*store, {IntrusionSet(1, "Ancient")});
  EXPECT_TRUE(store->FindByName("ancient")->empty());
  EXPECT_EQ(store->FindByName("current")->size(), 1u);
  EXPECT_EQ(store->Get(Id("intrusion-set", 1))->name, "Current");
}

TEST_P(Versions, UnknownIdIsNotFoundAndHasNoVersions) {
  auto store = TestStore();
  Result<stix::Object> missing = store->Get(Id("malware", 9));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find(Id("malware", 9)), absl::string_view::npos);
  EXPECT_TRUE(store->Versions(Id("malware", 9))->empty());
}

TEST_P(Versions, InvalidObjectIsRefusedAndTheTransactionGoesOn) {
  auto store = TestStore();
  auto txn = store->Begin();
  ASSERT_TRUE(txn.ok());
  // An intrusion-set without a name is not valid STIX 2.1.
  Result<PutOutcome> bad = (*txn)->Put(Obj(IntrusionSet(1, "")));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetContext(bad.status())->object_id, Id("intrusion-set", 1));
  EXPECT_EQ(*(*txn)->Put(Obj(IntrusionSet(2, "Fine"))), PutOutcome::kInserted);
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(CountAll(*store), 1);
}

TEST_P(Revocation, RevokedCurrentVersionIsSkippedByLookupsUnlessAsked) {
  auto store = TestStore();
  PutAll(*store, {IntrusionSet(1, "Ghost", {{"aliases", {"Spectre"}},
                                           {"external_references", {{{"source_name", "x"}, {"external_id", "G1"}}}}}),
                  Malware(1, "Tool"), Relationship(1, "uses", Id("intrusion-set", 1), Id("malware", 1))});
  ASSERT_EQ(store->FindByName("spectre")->size(), 1u);
  PutAll(*store, {IntrusionSet(1, "Ghost", {{"aliases", {"Spectre"}},
                                           {"modified", "2024-01-01T00:00:00.000Z"},
                                           {"revoked", true},
                                           {"external_references", {{{"source_name", "x"}, {"external_id", "G1"}}}}}),
                  Relationship(1, "uses", Id("intrusion-set", 1), Id("malware", 1),
                               {{"modified", "2024-01-01T00:00:00.000Z"}, {"revoked", true}})});
  EXPECT_TRUE(store->FindByName("spectre")->empty());
  EXPECT_TRUE(store->FindByExternalId("g1")->empty());
  EXPECT_TRUE(store->Search("ghost")->empty());
  EXPECT_TRUE(store->Edges(Id("malware", 1), Direction::kIncoming)->empty());
  LookupOptions with_revoked{.include_revoked = true};
  ASSERT_EQ(store->FindByName("Spectre", {}, with_revoked)->size(), 1u);
  EXPECT_TRUE((*store->FindByName("Spectre", {}, with_revoked))[0].revoked);
  EXPECT_EQ(store->FindByExternalId("G1", with_revoked)->size(), 1u);
  // Get still answers with the current (revoked) version.
  EXPECT_TRUE(store->Get(Id("intrusion-set", 1))->revoked);
}

TEST_P(Revocation, DeprecatedObjectsAreFoundUnlessExcluded) {
  auto store = TestStore();
  PutAll(*store, {AttackPattern(1, "Old Trick", {{"x_mitre_deprecated", true}})});
  EXPECT_EQ(store->FindByName("old trick")->size(), 1u);
  EXPECT_TRUE(store->FindByName("old trick", {}, {.include_revoked = false, .include_deprecated = false})->empty());
}

RAMPART_STORE_BACKENDS(Versions);
RAMPART_STORE_BACKENDS(Revocation);

}  // namespace
}  // namespace rampart::store::testing
