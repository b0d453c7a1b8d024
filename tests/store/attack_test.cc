// The first 4,000 objects of the ATT&CK Enterprise bundle (attack patterns,
// campaigns, mitigations, groups, software and the first relationships),
// upgraded from STIX 2.0 by the minimal fix-up below, into each backend.
#include <map>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "rampart/store/open.h"
#include "store_test_util.h"
#include "support/test_support.h"

namespace rampart::store::testing {
namespace {

constexpr size_t kObjects = 4000;

// STIX 2.0 -> 2.1, only as far as these objects need: spec_version, and
// malware's is_family (required in 2.1).
std::string UpgradeFrom20(std::string_view json) {
  nlohmann::json value = nlohmann::json::parse(json);
  if (!value.contains("spec_version")) value["spec_version"] = "2.1";
  if (value["type"] == "malware" && !value.contains("is_family")) value["is_family"] = true;
  return value.dump();
}

// Each backend is loaded once per suite, on its first test.
class AttackTest : public ::testing::TestWithParam<Backend> {
 protected:
  static void SetUpTestSuite() {
    simdjson::dom::parser parser;
    simdjson::dom::element bundle;
    std::string path = ::rampart::testing::DataPath("attack/enterprise-attack.json");
    ASSERT_EQ(parser.load(path).get(bundle), simdjson::SUCCESS) << path;
    simdjson::dom::array array;
    ASSERT_EQ(bundle["objects"].get_array().get(array), simdjson::SUCCESS);
    objects_ = new std::vector<stix::Object>();
    for (simdjson::dom::element element : array) {
      if (objects_->size() == kObjects) break;
      Result<stix::Object> object = stix::ParseObject(UpgradeFrom20(simdjson::minify(element)));
      ASSERT_TRUE(object.ok()) << object.status();
      objects_->push_back(*std::move(object));
    }
    locations_ = new std::map<Backend, std::string>();
  }
  static void TearDownTestSuite() {
    for (const auto& [backend, location] : *locations_) DropSharedStore(location);
    delete locations_;
    delete objects_;
  }
  static void Load(const std::string& location) {
    auto store = OpenStore(location);
    ASSERT_TRUE(store.ok()) << store.status();
    auto txn = (*store)->Begin();
    ASSERT_TRUE(txn.ok());
    for (const stix::Object& object : *objects_) {
      Result<PutOutcome> outcome = (*txn)->Put(object);
      ASSERT_TRUE(outcome.ok()) << FormatError(outcome.status());
      ASSERT_EQ(*outcome, PutOutcome::kInserted) << object.id;
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  void SetUp() override {
    ASSERT_NE(objects_, nullptr);
    if (GetParam() == Backend::kPostgres && PostgresTestUrl().empty()) GTEST_SKIP() << kNoPostgres;
    auto known = locations_->find(GetParam());
    if (known == locations_->end()) {
      std::string location = CreateSharedStore(GetParam());
      ASSERT_FALSE(location.empty());
      (*locations_)[GetParam()] = location;
      Load(location);
      if (HasFatalFailure()) return;
      known = locations_->find(GetParam());
    }
    auto store = OpenStore(known->second);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  const stix::Object* FindLoaded(const std::string& type, const std::string& name) {
    for (const stix::Object& object : *objects_) {
      if (object.type == type && object.name == name) return &object;
    }
    return nullptr;
  }

  static std::vector<stix::Object>* objects_;
  static std::map<Backend, std::string>* locations_;
  std::unique_ptr<Store> store_;
};
std::vector<stix::Object>* AttackTest::objects_ = nullptr;
std::map<Backend, std::string>* AttackTest::locations_ = nullptr;

TEST_P(AttackTest, CountsMatchWhatWasLoaded) {
  std::map<std::string, int64_t> expected;
  for (const stix::Object& object : *objects_) ++expected[object.type];
  Result<std::vector<TypeCount>> counts = store_->CountByType();
  ASSERT_TRUE(counts.ok());
  std::map<std::string, int64_t> actual;
  for (const TypeCount& count : *counts) actual[count.type] = count.objects;
  EXPECT_EQ(actual, expected);
}

TEST_P(AttackTest, ReimportChangesNothing) {
  auto txn = store_->Begin();
  ASSERT_TRUE(txn.ok());
  for (const stix::Object& object : *objects_) {
    Result<PutOutcome> outcome = (*txn)->Put(object);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    ASSERT_EQ(*outcome, PutOutcome::kUnchanged) << object.id;
  }
  (*txn)->Rollback();
}

TEST_P(AttackTest, GroupsAreFoundByAliasAndAttackId) {
  const stix::Object* leviathan = FindLoaded("intrusion-set", "Leviathan");
  ASSERT_NE(leviathan, nullptr);
  for (const char* alias : {"APT 40", "apt40", "temp.periscope", "Kryptonite Panda", "BRONZE-MOHAWK"}) {
    Result<std::vector<stix::Object>> found = store_->FindByName(alias, {"intrusion-set"});
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(Ids(*found), std::vector<std::string>{leviathan->id}) << alias;
  }
  EXPECT_EQ(Ids(*store_->FindByExternalId("g0065")), std::vector<std::string>{leviathan->id});
  Result<stix::Object> got = store_->Get(leviathan->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->json, leviathan->json);
}

TEST_P(AttackTest, RevokedGroupsGiveWayToTheirReplacement) {
  // APT34 was revoked in favour of OilRig, which lists APT34 as an alias.
  const stix::Object* apt34 = FindLoaded("intrusion-set", "APT34");
  const stix::Object* oilrig = FindLoaded("intrusion-set", "OilRig");
  ASSERT_NE(apt34, nullptr);
  ASSERT_NE(oilrig, nullptr);
  ASSERT_TRUE(apt34->revoked);
  EXPECT_EQ(Ids(*store_->FindByName("APT34")), std::vector<std::string>{oilrig->id});
  Result<std::vector<stix::Object>> all = store_->FindByName("APT34", {}, {.include_revoked = true});
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(AttackTest, SubTechniquesAreFoundByTheirId) {
  Result<std::vector<stix::Object>> found = store_->FindByExternalId("T1059.001");
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].name, "PowerShell");
  Result<std::vector<SearchHit>> hits = store_->Search("powershell", "attack-pattern", 5);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].id, (*found)[0].id);
}

TEST_P(AttackTest, EdgesMatchTheLoadedRelationships) {
  // Every loaded relationship that is not revoked is one outgoing edge of its source.
  std::map<std::string, int> per_source;
  for (const stix::Object& object : *objects_) {
    if (object.type == "relationship" && !object.revoked) ++per_source[object.source_ref];
  }
  ASSERT_FALSE(per_source.empty());
  int checked = 0;
  for (const auto& [source, count] : per_source) {
    Result<std::vector<Edge>> edges = store_->Edges(source, Direction::kOutgoing);
    ASSERT_TRUE(edges.ok());
    EXPECT_EQ(static_cast<int>(edges->size()), count) << source;
    if (++checked == 200) break;
  }
}

RAMPART_STORE_BACKENDS(AttackTest);

}  // namespace
}  // namespace rampart::store::testing
