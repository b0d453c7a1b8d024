// Bulk loading of an empty store (sqlite_bulk.h) must store exactly what
// Put-by-Put does: the same index rows, version outcomes and errors, reads of
// its own Puts inside the transaction, and a schema with every index after a
// commit, a rollback or a failed commit.
#include <sqlite3.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "sqlite/sqlite_store.h"
#include "store_test_util.h"
#include "support/test_support.h"

namespace rampart::store::testing {
namespace {

using internal::SqliteOptions;
using internal::SqliteStore;

// Every index table's rows as text, with `obj` replaced by the id and
// version of the object row it points at (pks differ between the stores).
std::vector<std::string> Dump(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::vector<std::string> out;
  for (const char* sql : {
           "SELECT 'o', id, version_key, is_current, json FROM objects ORDER BY id, version_key",
           "SELECT 'n', n.norm, n.type, n.id, o.id, o.version_key FROM names n JOIN objects o ON o.pk = n.obj "
           "ORDER BY 2, 3, 4",
           "SELECT 'x', e.ext_norm, e.source_name, e.external_id, e.id, o.version_key FROM external_ids e "
           "JOIN objects o ON o.pk = e.obj ORDER BY 2, 3, 5",
           "SELECT 'm', m.marking_ref, m.id, o.version_key FROM markings m JOIN objects o ON o.pk = m.obj "
           "ORDER BY 2, 3",
           "SELECT 'e', e.rel_id, e.rel_type, e.source_ref, e.target_ref, e.created_by_ref, e.confidence, "
           "o.version_key FROM edges e JOIN objects o ON o.pk = e.obj ORDER BY 2",
           "SELECT 'c', c.member, c.container, o.version_key FROM contents c JOIN objects o ON o.pk = c.obj "
           "ORDER BY 2, 3",
           "SELECT 's', s.id, s.type, s.name, s.aliases, s.description, o.id, o.is_current FROM search s "
           "JOIN objects o ON o.pk = s.rowid ORDER BY 2",
           "SELECT 'i', name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name",
       }) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* text = sqlite3_column_text(stmt, i);
        row += text ? reinterpret_cast<const char*>(text) : "NULL";
        row += '|';
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

int64_t IndexCount(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL", -1, &stmt,
                     nullptr);
  int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// A mixed batch: renamed and re-versioned objects, history, revoked objects,
// relationships (one revoked), a sighting, a report, markings and external ids.
std::vector<nlohmann::json> Batch() {
  const std::string set1 = Id("intrusion-set", 1), set2 = Id("intrusion-set", 2), mal = Id("malware", 3);
  const std::string ap = Id("attack-pattern", 4);
  nlohmann::json renamed = {{"external_references",
                             {{{"source_name", "mitre-attack"}, {"external_id", "G0001"}, {"url", "https://x"}}}},
                            {"object_marking_refs", {kTlpGreen}},
                            {"modified", "2021-01-01T00:00:00.000Z"},
                            {"aliases", {"APT 99", "New Name"}}};
  std::vector<nlohmann::json> out = {
      IntrusionSet(1, "Old Name", {{"modified", "2020-06-01T00:00:00.000Z"}, {"aliases", {"Old Alias"}}}),
      IntrusionSet(1, "New Name", renamed),
      IntrusionSet(1, "History Name", {{"modified", "2020-03-01T00:00:00.000Z"}}),  // older: history
      IntrusionSet(2, "Gone", {{"revoked", true}}),
      Malware(3, "Evil", {{"description", "drops a maritime implant"}, {"object_marking_refs", {kTlpAmber}}}),
      AttackPattern(4, "Phishing", {{"external_references",
                                     {{{"source_name", "mitre-attack"}, {"external_id", "T1566"}}}}}),
      Relationship(10, "uses", set1, mal, {{"confidence", 80}}),
      Relationship(11, "uses", set1, ap),
      Relationship(12, "uses", set2, ap, {{"revoked", true}}),
      Relationship(10, "uses", set1, mal, {{"confidence", 90}, {"modified", "2022-01-01T00:00:00.000Z"}}),
      Sdo("report", 20, "Maritime report",
          {{"published", "2021-02-02T00:00:00Z"}, {"object_refs", {set1, mal, set1}}}),
  };
  return out;
}

class BulkTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) { return dir_.File(name); }
  rampart::testing::TempDir dir_;
};

TEST_F(BulkTest, StoresTheSameRowsAsPutByPut) {
  // The same batch into an empty store (bulk) and into a store holding one
  // unrelated object (Put by Put); then the unrelated object is removed
  // from the comparison by putting it into the bulk store too, afterwards.
  const nlohmann::json seed = IntrusionSet(99, "Seed Group");
  std::string bulk_path = Path("bulk.db"), plain_path = Path("plain.db");
  {
    auto bulk = SqliteStore::Open(bulk_path);
    ASSERT_TRUE(bulk.ok()) << bulk.status();
    PutAll(**bulk, Batch());
    PutAll(**bulk, {seed});
    auto plain = SqliteStore::Open(plain_path);
    ASSERT_TRUE(plain.ok()) << plain.status();
    PutAll(**plain, {seed});
    PutAll(**plain, Batch());
  }
  std::vector<std::string> bulk_rows = Dump(bulk_path), plain_rows = Dump(plain_path);
  EXPECT_EQ(bulk_rows, plain_rows);
  // The comparison is not vacuous: every table has rows.
  for (char table : std::string("onxmecsi")) {
    EXPECT_TRUE(std::any_of(bulk_rows.begin(), bulk_rows.end(), [&](const std::string& r) { return r[0] == table; }))
        << table;
  }
}

TEST_F(BulkTest, OutcomesAndConflictsAreThoseOfPut) {
  auto store = MemoryStore();
  auto txn = store->Begin();
  ASSERT_TRUE(txn.ok());
  auto v1 = Obj(IntrusionSet(1, "One", {{"modified", "2020-06-01T00:00:00.000Z"}}));
  auto v2 = Obj(IntrusionSet(1, "Two", {{"modified", "2021-01-01T00:00:00.000Z"}}));
  auto v0 = Obj(IntrusionSet(1, "Zero", {{"modified", "2020-01-01T00:00:00.000Z"}}));
  auto v2_changed = Obj(IntrusionSet(1, "Two changed", {{"modified", "2021-01-01T00:00:00.000Z"}}));
  EXPECT_EQ(*(*txn)->Put(v1), PutOutcome::kInserted);
  EXPECT_EQ(*(*txn)->Put(v2), PutOutcome::kNewVersion);
  EXPECT_EQ(*(*txn)->Put(v0), PutOutcome::kHistory);
  EXPECT_EQ(*(*txn)->Put(v2), PutOutcome::kUnchanged);
  EXPECT_EQ(*(*txn)->Put(v1), PutOutcome::kUnchanged);
  Result<PutOutcome> conflict = (*txn)->Put(v2_changed);
  EXPECT_EQ(conflict.status().code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(store->Get(v2.id)->name, "Two");
  EXPECT_EQ(store->Versions(v2.id)->size(), 3u);
  EXPECT_TRUE(store->FindByName("One")->empty());
  EXPECT_TRUE(store->FindByName("Zero")->empty());
  EXPECT_EQ(Ids(*store->FindByName("Two")), std::vector<std::string>{v2.id});
  EXPECT_EQ(store->Search("two").value().size(), 1u);
  EXPECT_TRUE(store->Search("one").value().empty());
}

TEST_F(BulkTest, ReadsInsideTheTransactionSeeItsPuts) {
  auto store = MemoryStore();
  auto txn = store->Begin();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->Put(Obj(IntrusionSet(1, "Leviathan", {{"aliases", {"APT 40"}}}))).ok());
  ASSERT_TRUE((*txn)->Put(Obj(Malware(2, "Evil"))).ok());
  EXPECT_EQ(Ids(*store->FindByName("apt40")), std::vector<std::string>{Id("intrusion-set", 1)});
  // After the flush the transaction goes on Put by Put, rows and all.
  ASSERT_TRUE((*txn)->Put(Obj(Relationship(3, "uses", Id("intrusion-set", 1), Id("malware", 2)))).ok());
  ASSERT_TRUE((*txn)->Put(Obj(IntrusionSet(4, "Kryptonite"))).ok());
  EXPECT_EQ(store->Edges(Id("intrusion-set", 1), Direction::kOutgoing)->size(), 1u);
  EXPECT_EQ(store->Search("kryptonite")->size(), 1u);
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(store->FindByName("Kryptonite")->size(), 1u);
  EXPECT_EQ(store->Edges(Id("malware", 2), Direction::kIncoming)->size(), 1u);
}

TEST_F(BulkTest, IndexesSurviveCommitRollbackAndFailedCommit) {
  std::string path = Path("indexes.db");
  int64_t indexes = 0;
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok());
  }
  indexes = IndexCount(path);
  ASSERT_GE(indexes, 7);  // objects_current_type, names_obj, ..., contents_obj
  {
    auto store = SqliteStore::Open(path);
    auto txn = (*store)->Begin();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Put(Obj(IntrusionSet(1, "Rolled Back"))).ok());
    (*txn)->Rollback();
  }
  EXPECT_EQ(IndexCount(path), indexes);
  {
    SqliteOptions options;
    options.fail_commit = [] { return true; };
    auto store = SqliteStore::Open(path, options);
    auto txn = (*store)->Begin();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Put(Obj(IntrusionSet(1, "Failed Commit"))).ok());
    EXPECT_FALSE((*txn)->Commit().ok());
    Store& base = **store;
    EXPECT_EQ(CountAll(base), 0);
    EXPECT_TRUE(base.FindByName("Failed Commit")->empty());
  }
  EXPECT_EQ(IndexCount(path), indexes);
  {
    auto store = SqliteStore::Open(path);
    Store& base = **store;
    PutAll(base, Batch());
    EXPECT_EQ(Ids(*base.FindByExternalId("g0001")), std::vector<std::string>{Id("intrusion-set", 1)});
    EXPECT_EQ(Ids(*base.Containers(Id("malware", 3))), std::vector<std::string>{Id("report", 20)});
  }
  EXPECT_EQ(IndexCount(path), indexes);
}

}  // namespace
}  // namespace rampart::store::testing
