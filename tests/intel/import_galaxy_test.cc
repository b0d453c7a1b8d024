// MISP galaxy clusters through the importer into an empty store.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "galaxy/places.h"
#include "common/builders.h"
#include "intel_fixture.h"

namespace rampart::intel::testing {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

class GalaxyImport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new rampart::testing::TempDir();
    store_ = EmptyStore(*dir_).release();
    first_ = new ImportReport(MustImport(
        *store_, {Galaxy("threat-actor.json"), Galaxy("country.json"), Galaxy("sector.json")}));
  }
  static void TearDownTestSuite() {
    delete first_;
    delete store_;
    delete dir_;
  }
  static rampart::testing::TempDir* dir_;
  static store::Store* store_;
  static ImportReport* first_;
};
rampart::testing::TempDir* GalaxyImport::dir_ = nullptr;
store::Store* GalaxyImport::store_ = nullptr;
ImportReport* GalaxyImport::first_ = nullptr;

TEST_F(GalaxyImport, Apt40WithAliasesOriginSponsorAndTargets) {
  ASSERT_TRUE(first_->committed);
  EXPECT_TRUE(first_->problems.empty()) << first_->problems[0].file << " "
                                        << first_->problems[0].object_index << " "
                                        << first_->problems[0].message;
  stix::Object apt40 = One(*store_, "APT 40", "intrusion-set");
  EXPECT_EQ(apt40.name, "APT40");
  for (const char* alias : {"TEMP.Periscope", "Leviathan", "BRONZE MOHAWK", "Gingham Typhoon", "TA423"}) {
    EXPECT_TRUE(Contains(apt40.aliases, alias)) << alias;
  }
  EXPECT_EQ(apt40.created_by_ref, internal::GalaxyIdentityId());
  bool g0065 = false;
  for (const auto& ext : apt40.external_ids) g0065 |= ext.external_id == "G0065";
  EXPECT_TRUE(g0065);
  auto edges = store_->Edges(apt40.id, store::Direction::kOutgoing);
  ASSERT_TRUE(edges.ok());
  std::set<std::string> sectors;
  bool origin_cn = false, sponsor = false;
  for (const auto& edge : *edges) {
    auto target = store_->Get(edge.target_ref);
    ASSERT_TRUE(target.ok()) << edge.target_ref;
    EXPECT_EQ(edge.created_by_ref, internal::GalaxyIdentityId());
    nlohmann::json json = stix::ToJson(*target);
    if (edge.relationship_type == "originates-from" && json.value("country", "") == "CN") origin_cn = true;
    if (edge.relationship_type == "attributed-to") {
      EXPECT_EQ(target->type, "threat-actor");
      EXPECT_EQ(target->name, "China");
      EXPECT_EQ(edge.confidence, 50);
      sponsor = true;
    }
    if (edge.relationship_type == "targets" && json.value("identity_class", "") == "class") {
      sectors.insert(json["sectors"][0].get<std::string>());
    }
  }
  EXPECT_TRUE(origin_cn);
  EXPECT_TRUE(sponsor);
  EXPECT_TRUE(sectors.count("government"));
  EXPECT_TRUE(sectors.count("commercial"));
  auto china = store_->FindByName("China", {"location"});
  ASSERT_TRUE(china.ok());
  ASSERT_EQ(china->size(), 1u);  // country.json and threat-actor.json make the same location
}

TEST_F(GalaxyImport, SectorsAreIndustrySectorIdentities) {
  stix::Object government = One(*store_, "Government sector", "identity");
  nlohmann::json json = stix::ToJson(government);
  EXPECT_EQ(json["identity_class"], "class");
  EXPECT_EQ(json["sectors"], nlohmann::json({"government"}));
}

TEST_F(GalaxyImport, ReimportChangesNothing) {
  ImportReport again = MustImport(
      *store_, {Galaxy("threat-actor.json"), Galaxy("country.json"), Galaxy("sector.json")});
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.new_versions, 0);
  EXPECT_GT(again.unchanged, 1000);
}

}  // namespace
}  // namespace rampart::intel::testing
