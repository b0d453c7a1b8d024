// Name, alias and external-id lookups; relationship edges.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace rampart::store::testing {
namespace {

using ::testing::ElementsAre;

class LookupTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = TestStore();
    PutAll(*store_,
           {IntrusionSet(1, "Leviathan",
                         {{"aliases", {"APT40", "TEMP.Periscope", "TEMP.Jumper"}},
                          {"external_references",
                           {{{"source_name", "mitre-attack"}, {"external_id", "G0065"}},
                            {{"source_name", "cve"}, {"external_id", "CVE-2021-26855"}}}}}),
            // A malware and a tool sharing a name with nothing else.
            Malware(2, "China Chopper", {{"aliases", {"Chopper"}}}),
            Sdo("tool", 3, "Chopper"),
            IntrusionSet(4, "APT41"),
            Sdo("identity", 5, "Mandiant", {{"identity_class", "organization"}}),
            Relationship(10, "uses", Id("intrusion-set", 1), Id("malware", 2),
                         {{"created_by_ref", Id("identity", 5)}, {"confidence", 85}}),
            Relationship(11, "uses", Id("intrusion-set", 1), Id("tool", 3)),
            Relationship(12, "attributed-to", Id("intrusion-set", 4), Id("identity", 5)),
            Relationship(13, "uses", Id("intrusion-set", 4), Id("malware", 2))});
  }
  std::unique_ptr<Store> store_;
};

TEST_P(LookupTest, AliasesMatchWhateverTheSpelling) {
  for (const char* spelling : {"APT 40", "apt40", "Apt-40", "APT_40", "temp.periscope", "TEMP PERISCOPE",
                               "leviathan", "Temp.Jumper"}) {
    Result<std::vector<stix::Object>> found = store_->FindByName(spelling);
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_THAT(Ids(*found), ElementsAre(Id("intrusion-set", 1))) << spelling;
  }
  EXPECT_TRUE(store_->FindByName("APT 4")->empty());
  EXPECT_TRUE(store_->FindByName("  ")->empty());
}

TEST_P(LookupTest, SeveralMatchesComeOrderedByTypeThenId) {
  Result<std::vector<stix::Object>> found = store_->FindByName("chopper");
  ASSERT_TRUE(found.ok());
  EXPECT_THAT(Ids(*found), ElementsAre(Id("malware", 2), Id("tool", 3)));
  EXPECT_THAT(Ids(*store_->FindByName("chopper", {"tool"})), ElementsAre(Id("tool", 3)));
  EXPECT_THAT(Ids(*store_->FindByName("chopper", {"tool", "malware"})),
              ElementsAre(Id("malware", 2), Id("tool", 3)));
  EXPECT_TRUE(store_->FindByName("chopper", {"intrusion-set"})->empty());
}

TEST_P(LookupTest, ReturnedObjectsCarryTheirJson) {
  Result<std::vector<stix::Object>> found = store_->FindByName("apt40");
  ASSERT_EQ(found->size(), 1u);
  const stix::Object& set = (*found)[0];
  EXPECT_EQ(set.name, "Leviathan");
  EXPECT_EQ(set.aliases.size(), 3u);
  EXPECT_NE(set.json.find("TEMP.Jumper"), std::string::npos);
}

TEST_P(LookupTest, ExternalIdsAreCaseInsensitive) {
  EXPECT_THAT(Ids(*store_->FindByExternalId("g0065")), ElementsAre(Id("intrusion-set", 1)));
  EXPECT_THAT(Ids(*store_->FindByExternalId("G0065")), ElementsAre(Id("intrusion-set", 1)));
  EXPECT_THAT(Ids(*store_->FindByExternalId("cve-2021-26855")), ElementsAre(Id("intrusion-set", 1)));
  EXPECT_TRUE(store_->FindByExternalId("G0066")->empty());
  EXPECT_TRUE(store_->FindByExternalId("")->empty());
}

TEST_P(LookupTest, OutgoingEdges) {
  Result<std::vector<Edge>> edges = store_->Edges(Id("intrusion-set", 1), Direction::kOutgoing);
  ASSERT_TRUE(edges.ok()) << edges.status();
  ASSERT_EQ(edges->size(), 2u);
  EXPECT_EQ((*edges)[0].relationship_id, Id("relationship", 10));
  EXPECT_EQ((*edges)[0].relationship_type, "uses");
  EXPECT_EQ((*edges)[0].target_ref, Id("malware", 2));
  EXPECT_EQ((*edges)[0].created_by_ref, Id("identity", 5));
  EXPECT_EQ((*edges)[0].confidence, 85);
  EXPECT_EQ((*edges)[1].target_ref, Id("tool", 3));
  EXPECT_EQ((*edges)[1].created_by_ref, "");
  EXPECT_FALSE((*edges)[1].confidence.has_value());
  EXPECT_TRUE(store_->Edges(Id("intrusion-set", 1), Direction::kIncoming)->empty());
}

TEST_P(LookupTest, IncomingAndBothDirections) {
  Result<std::vector<Edge>> in = store_->Edges(Id("malware", 2), Direction::kIncoming);
  ASSERT_EQ(in->size(), 2u);
  EXPECT_EQ((*in)[0].source_ref, Id("intrusion-set", 1));
  EXPECT_EQ((*in)[1].source_ref, Id("intrusion-set", 4));
  EXPECT_TRUE(store_->Edges(Id("malware", 2), Direction::kOutgoing)->empty());

  Result<std::vector<Edge>> both = store_->Edges(Id("intrusion-set", 4), Direction::kBoth);
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].relationship_type, "attributed-to");
  EXPECT_EQ((*both)[1].relationship_type, "uses");
  EXPECT_TRUE(store_->Edges(Id("intrusion-set", 99), Direction::kBoth)->empty());
}

TEST_P(LookupTest, NewVersionOfARelationshipMovesItsEdge) {
  PutAll(*store_, {Relationship(11, "uses", Id("intrusion-set", 4), Id("tool", 3),
                                {{"modified", "2024-01-01T00:00:00.000Z"}})});
  EXPECT_EQ(store_->Edges(Id("intrusion-set", 1), Direction::kOutgoing)->size(), 1u);
  Result<std::vector<Edge>> in = store_->Edges(Id("tool", 3), Direction::kIncoming);
  ASSERT_EQ(in->size(), 1u);
  EXPECT_EQ((*in)[0].source_ref, Id("intrusion-set", 4));
}

TEST_P(LookupTest, SightingsAreEdgesFromWhatWasSeen) {
  PutAll(*store_, {Sdo("sighting", 20, "",
                       {{"sighting_of_ref", Id("malware", 2)}, {"where_sighted_refs", {Id("identity", 5)}}})});
  Result<std::vector<Edge>> out = store_->Edges(Id("malware", 2), Direction::kOutgoing);
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].relationship_type, "sighting");
  EXPECT_EQ((*out)[0].target_ref, Id("identity", 5));
}

TEST_P(LookupTest, ContainersAreTheReportsThatNameAnObject) {
  std::string claim = Id("relationship", 12);
  PutAll(*store_, {Sdo("report", 30, "B", {{"published", "2021-07-19T00:00:00.000Z"},
                                           {"object_refs", {claim, Id("intrusion-set", 4), claim}}}),
                   Sdo("report", 31, "A", {{"published", "2021-07-20T00:00:00.000Z"},
                                           {"object_refs", {Id("intrusion-set", 4)}}}),
                   Sdo("grouping", 32, "G", {{"context", "suspicious-activity"}, {"object_refs", {claim}}}),
                   Sdo("report", 33, "Revoked", {{"published", "2021-07-21T00:00:00.000Z"},
                                                 {"object_refs", {claim}}, {"revoked", true}})});
  EXPECT_THAT(Ids(*store_->Containers(claim)), ElementsAre(Id("grouping", 32), Id("report", 30)));
  EXPECT_THAT(Ids(*store_->Containers(Id("intrusion-set", 4))), ElementsAre(Id("report", 30), Id("report", 31)));
  EXPECT_TRUE(store_->Containers(Id("intrusion-set", 1))->empty());
  EXPECT_TRUE(store_->Containers("")->empty());
  // A newer version that drops the reference no longer contains it.
  PutAll(*store_, {Sdo("report", 30, "B", {{"modified", "2022-01-01T00:00:00.000Z"},
                                           {"published", "2021-07-19T00:00:00.000Z"},
                                           {"object_refs", {Id("intrusion-set", 4)}}})});
  EXPECT_THAT(Ids(*store_->Containers(claim)), ElementsAre(Id("grouping", 32)));
}

RAMPART_STORE_BACKENDS(LookupTest);

}  // namespace
}  // namespace rampart::store::testing
