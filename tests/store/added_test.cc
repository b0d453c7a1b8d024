// ListAdded: versions in the order they were stored, paged by position, with
// the TAXII version selectors, on every backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "store_test_util.h"

namespace rampart::store::testing {
namespace {

void PutInOwnTransaction(Store& store, const nlohmann::json& value) {
  auto txn = store.Begin();
  ASSERT_TRUE(txn.ok()) << txn.status();
  ASSERT_TRUE((*txn)->Put(Obj(value)).ok());
  ASSERT_TRUE((*txn)->Commit().ok());
}

std::vector<std::string> Ids(const std::vector<AddedVersion>& versions) {
  std::vector<std::string> out;
  for (const AddedVersion& v : versions) out.push_back(v.object.id + "@" + v.object.modified);
  return out;
}

class AddedTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = TestStore();
    PutInOwnTransaction(*store_, IntrusionSet(1, "One", {{"modified", "2021-01-01T00:00:00.000Z"}}));
    PutInOwnTransaction(*store_, Malware(2, "Two"));
    PutInOwnTransaction(*store_, IntrusionSet(1, "One", {{"modified", "2022-01-01T00:00:00.000Z"}}));
    PutInOwnTransaction(*store_, IntrusionSet(3, "Three"));
  }
  std::unique_ptr<Store> store_;
};

TEST_P(AddedTest, LastVersionsInStorageOrder) {
  auto page = store_->ListAdded({});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].object.id, Id("malware", 2));
  EXPECT_EQ((*page)[1].object.id, Id("intrusion-set", 1));
  EXPECT_EQ((*page)[1].object.modified, "2022-01-01T00:00:00.000Z");
  EXPECT_EQ((*page)[2].object.id, Id("intrusion-set", 3));
  for (size_t i = 1; i < page->size(); ++i) {
    EXPECT_LE((*page)[i - 1].added, (*page)[i].added);
    EXPECT_LT((*page)[i - 1].seq, (*page)[i].seq);
  }
  EXPECT_NE((*page)[0].object.json.find("\"Two\""), std::string::npos);
}

TEST_P(AddedTest, PagesByPositionWithoutGapsOrRepeats) {
  AddedQuery query;
  query.versions.all = true;
  query.limit = 1;
  std::vector<std::string> seen;
  while (true) {
    auto page = store_->ListAdded(query);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    seen.push_back(Ids(*page)[0]);
    query.after_position = std::make_pair(page->back().added, page->back().seq);
  }
  EXPECT_EQ(seen.size(), 4u);
  AddedQuery all;
  all.versions.all = true;
  EXPECT_EQ(seen, Ids(*store_->ListAdded(all)));
}

TEST_P(AddedTest, SelectorsAndFilters) {
  AddedQuery first;
  first.versions.first = true;
  first.ids = {Id("intrusion-set", 1)};
  auto page = store_->ListAdded(first);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].object.modified, "2021-01-01T00:00:00.000Z");

  AddedQuery at;
  at.versions.modified = {*ParseTimestamp("2021-01-01T00:00:00Z")};
  EXPECT_EQ(store_->ListAdded(at)->size(), 1u);

  AddedQuery types;
  types.types = {"malware"};
  EXPECT_EQ(Ids(*store_->ListAdded(types)), std::vector<std::string>{Ids(*store_->ListAdded({}))[0]});

  AddedQuery later;
  later.added_after = store_->ListAdded({})->back().added;
  EXPECT_TRUE(store_->ListAdded(later)->empty());
}

// A version written in a later transaction, by another connection, pages
// after every version a reader has already seen.
TEST_P(AddedTest, LaterCommitsPageAfterWhatWasSeen) {
  auto seen = store_->ListAdded({});
  ASSERT_TRUE(seen.ok()) << seen.status();
  ASSERT_FALSE(seen->empty());
  std::unique_ptr<Store> writer = TestStore();
  PutInOwnTransaction(*writer, Malware(4, "Four"));
  AddedQuery next;
  next.after_position = std::make_pair(seen->back().added, seen->back().seq);
  auto page = store_->ListAdded(next);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].object.id, Id("malware", 4));
}

// Glances: names and current markings of many objects, more than one
// statement's worth of ids, unknown ids left out.
TEST_P(AddedTest, GlancesReadNamesAndCurrentMarkings) {
  PutInOwnTransaction(*store_, IntrusionSet(4, "Four", {{"object_marking_refs", {kTlpAmber}}}));
  PutInOwnTransaction(*store_, IntrusionSet(5, "Five", {{"object_marking_refs", {kTlpGreen, kTlpRed}}}));
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(Id("intrusion-set", 1000 + i));  // not stored
  ids.insert(ids.begin() + 70, Id("intrusion-set", 5));
  ids.push_back(Id("intrusion-set", 4));
  ids.push_back(Id("intrusion-set", 1));
  ids.push_back(Id("intrusion-set", 4));  // asked twice
  auto glances = store_->Glances(ids);
  ASSERT_TRUE(glances.ok()) << glances.status();
  std::map<std::string, Glance> by_id;
  for (const Glance& g : *glances) by_id[g.id] = g;
  ASSERT_EQ(by_id.size(), 3u);
  EXPECT_EQ(by_id[Id("intrusion-set", 1)].name, "One");
  EXPECT_TRUE(by_id[Id("intrusion-set", 1)].marking_refs.empty());
  EXPECT_EQ(by_id[Id("intrusion-set", 4)].marking_refs, std::vector<std::string>{kTlpAmber});
  std::vector<std::string> five = by_id[Id("intrusion-set", 5)].marking_refs;
  std::sort(five.begin(), five.end());
  EXPECT_EQ(five, (std::vector<std::string>{kTlpGreen, kTlpRed}));
  // A new version's markings replace the old ones.
  PutInOwnTransaction(*store_, IntrusionSet(4, "Four", {{"modified", "2030-01-01T00:00:00.000Z"},
                                                        {"object_marking_refs", {kTlpGreen}}}));
  glances = store_->Glances({Id("intrusion-set", 4)});
  ASSERT_TRUE(glances.ok());
  ASSERT_EQ(glances->size(), 1u);
  EXPECT_EQ((*glances)[0].marking_refs, std::vector<std::string>{kTlpGreen});
  EXPECT_TRUE(store_->Glances({})->empty());
}

RAMPART_STORE_BACKENDS(AddedTest);

}  // namespace
}  // namespace rampart::store::testing
