// Scan (export) filters and counts per type.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace rampart::store::testing {
namespace {

using ::testing::ElementsAre;

class ScanTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = TestStore();
    PutAll(*store_,
           {IntrusionSet(1, "Clear Set", {{"object_marking_refs", {kTlpClear}}}),
            IntrusionSet(2, "Unmarked Set", {{"modified", "2023-06-01T00:00:00.000Z"}}),
            Malware(3, "Green Malware", {{"object_marking_refs", {kTlpGreen}}}),
            Malware(4, "Amber Malware",
                    {{"object_marking_refs", {kTlpGreen, kTlpAmber}}, {"modified", "2024-01-01T00:00:00.000Z"}}),
            AttackPattern(5, "Red Pattern", {{"object_marking_refs", {kTlpRed}}}),
            AttackPattern(6, "Revoked Pattern", {{"revoked", true}})});
    // A history version must never be scanned.
    PutAll(*store_, {IntrusionSet(2, "Unmarked Set (old)", {{"modified", "2021-01-01T00:00:00.000Z"}})});
  }
  std::vector<std::string> ScanIds(const ExportFilter& filter) {
    std::vector<std::string> ids;
    Status status = store_->Scan(filter, [&](const stix::Object& object) {
      ids.push_back(object.id);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return ids;
  }
  std::unique_ptr<Store> store_;
};

TEST_P(ScanTest, EverythingCurrentOrderedByTypeThenIdWithoutRevoked) {
  EXPECT_THAT(ScanIds({}), ElementsAre(Id("attack-pattern", 5), Id("intrusion-set", 1), Id("intrusion-set", 2),
                                       Id("malware", 3), Id("malware", 4)));
}

TEST_P(ScanTest, IncludeRevoked) {
  EXPECT_EQ(ScanIds({.include_revoked = true}).size(), 6u);
}

TEST_P(ScanTest, TypesFilter) {
  EXPECT_THAT(ScanIds({.types = {"malware", "intrusion-set"}}),
              ElementsAre(Id("intrusion-set", 1), Id("intrusion-set", 2), Id("malware", 3), Id("malware", 4)));
  EXPECT_TRUE(ScanIds({.types = {"campaign"}}).empty());
}

TEST_P(ScanTest, ModifiedSince) {
  ExportFilter filter;
  filter.modified_since = *ParseTimestamp("2023-01-01T00:00:00Z");
  EXPECT_THAT(ScanIds(filter), ElementsAre(Id("intrusion-set", 2), Id("malware", 4)));
  filter.modified_since = *ParseTimestamp("2024-01-01T00:00:00Z");
  EXPECT_THAT(ScanIds(filter), ElementsAre(Id("malware", 4)));
}

TEST_P(ScanTest, MaxTlpUsesTheHighestMarkingAndUnmarkedIsClear) {
  EXPECT_THAT(ScanIds({.max_tlp = "clear"}), ElementsAre(Id("intrusion-set", 1), Id("intrusion-set", 2)));
  EXPECT_THAT(ScanIds({.max_tlp = "green"}),
              ElementsAre(Id("intrusion-set", 1), Id("intrusion-set", 2), Id("malware", 3)));
  EXPECT_THAT(ScanIds({.max_tlp = "amber"}),
              ElementsAre(Id("intrusion-set", 1), Id("intrusion-set", 2), Id("malware", 3), Id("malware", 4)));
  EXPECT_EQ(ScanIds({.max_tlp = "red"}).size(), 5u);
}

TEST_P(ScanTest, UnknownTlpIsInvalidInput) {
  Status status = store_->Scan({.max_tlp = "purple"}, [](const stix::Object&) { return absl::OkStatus(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("purple"), absl::string_view::npos);
}

TEST_P(ScanTest, StopsAtTheFirstCallbackError) {
  int calls = 0;
  Status status = store_->Scan({}, [&](const stix::Object&) {
    return ++calls == 2 ? Internal("stop here") : absl::OkStatus();
  });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(status.message(), "stop here");
}

TEST_P(ScanTest, CallbackMayReadTheStore) {
  int found = 0;
  Status status = store_->Scan({}, [&](const stix::Object& object) {
    Result<stix::Object> again = store_->Get(object.id);
    if (!again.ok()) return again.status();
    found += again->json == object.json;
    // A nested scan re-enters the same query.
    return store_->Scan({.types = {object.type}}, [](const stix::Object&) { return absl::OkStatus(); });
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(found, 5);
}

TEST_P(ScanTest, CountByTypeCountsCurrentVersionsIncludingRevoked) {
  Result<std::vector<TypeCount>> counts = store_->CountByType();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 3u);
  EXPECT_EQ((*counts)[0].type, "attack-pattern");
  EXPECT_EQ((*counts)[0].objects, 2);
  EXPECT_EQ((*counts)[1].type, "intrusion-set");
  EXPECT_EQ((*counts)[1].objects, 2);
  EXPECT_EQ((*counts)[2].type, "malware");
  EXPECT_EQ((*counts)[2].objects, 2);
}

RAMPART_STORE_BACKENDS(ScanTest);

}  // namespace
}  // namespace rampart::store::testing
