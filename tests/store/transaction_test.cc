// All or nothing: rollback, abandoned and failed transactions leave the
// database exactly as before; commits survive reopening the file.
#include <filesystem>

#include <gtest/gtest.h>

#include "rampart/store/open.h"
#include "postgres/postgres_store.h"
#include "sqlite/sqlite_store.h"
#include "store_test_util.h"
#include "support/test_support.h"

namespace rampart::store::testing {
namespace {

std::vector<nlohmann::json> Sets(int first, int count) {
  std::vector<nlohmann::json> out;
  for (int i = first; i < first + count; ++i) out.push_back(IntrusionSet(i, "Set " + std::to_string(i)));
  return out;
}

class TransactionTest : public BackendTest {
 protected:
  // A second store on this test's location whose Begin gives up after
  // 10 ms of waiting for another writer.
  std::unique_ptr<Store> ImpatientWriter() {
    if (GetParam() == Backend::kSqlite) {
      internal::SqliteOptions impatient;
      impatient.busy_timeout_ms = 10;
      auto store = internal::SqliteStore::Open(location().substr(7), impatient);
      EXPECT_TRUE(store.ok()) << store.status();
      return store.ok() ? std::unique_ptr<Store>(*std::move(store)) : nullptr;
    }
    internal::PostgresOptions impatient;
    impatient.lock_timeout_ms = 10;
    auto store = internal::PostgresStore::Open(location(), impatient);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::unique_ptr<Store>(*std::move(store)) : nullptr;
  }
};

void PutSets(Transaction& txn, int first, int count) {
  for (const nlohmann::json& value : Sets(first, count)) {
    Result<PutOutcome> outcome = txn.Put(Obj(value));
    ASSERT_TRUE(outcome.ok()) << outcome.status();
  }
}

TEST_P(TransactionTest, RollbackDiscardsEveryPut) {
  auto store = TestStore();
  PutAll(*store, Sets(1, 5));
  auto txn = store->Begin();
  ASSERT_TRUE(txn.ok());
  PutSets(**txn, 100, 100);
  // The writer sees its own uncommitted objects.
  EXPECT_TRUE(store->Get(Id("intrusion-set", 150)).ok());
  (*txn)->Rollback();
  EXPECT_EQ(CountAll(*store), 5);
  EXPECT_FALSE(store->Get(Id("intrusion-set", 150)).ok());
  EXPECT_TRUE(store->FindByName("set 150")->empty());
  EXPECT_TRUE(store->Search("150")->empty());
}

TEST_P(TransactionTest, AbandonedTransactionRollsBack) {
  auto store = TestStore();
  {
    auto txn = store->Begin();
    ASSERT_TRUE(txn.ok());
    PutSets(**txn, 1, 100);
  }
  EXPECT_EQ(CountAll(*store), 0);
  // And the store takes a new transaction afterwards.
  PutAll(*store, Sets(1, 3));
  EXPECT_EQ(CountAll(*store), 3);
}

TEST_P(TransactionTest, FailingMidwayAndGivingUpStoresNothing) {
  auto store = TestStore();
  PutAll(*store, {IntrusionSet(1, "Original")});
  auto txn = store->Begin();
  ASSERT_TRUE(txn.ok());
  PutSets(**txn, 2, 50);
  Result<PutOutcome> conflict = (*txn)->Put(Obj(IntrusionSet(1, "Edited without a new modified")));
  ASSERT_FALSE(conflict.ok());
  (*txn)->Rollback();
  EXPECT_EQ(CountAll(*store), 1);
  EXPECT_EQ(store->Get(Id("intrusion-set", 1))->name, "Original");
}

TEST_P(TransactionTest, OnlyOneWriteTransactionAtATime) {
  auto store = TestStore();
  auto first = store->Begin();
  ASSERT_TRUE(first.ok());
  auto second = store->Begin();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE((*first)->Commit().ok());
  EXPECT_TRUE(store->Begin().ok());
}

TEST_P(TransactionTest, FinishedTransactionRefusesMoreWork) {
  auto store = TestStore();
  auto txn = store->Begin();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ((*txn)->Put(Obj(IntrusionSet(1, "Late"))).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*txn)->Commit().code(), absl::StatusCode::kFailedPrecondition);
  (*txn)->Rollback();  // harmless
  EXPECT_EQ(CountAll(*store), 0);
}

TEST(Transaction, FailedCommitStoresNothing) {
  ::rampart::testing::TempDir dir;
  bool fail = false;
  internal::SqliteOptions options;
  options.fail_commit = [&fail] { return fail; };
  auto store = internal::SqliteStore::Open(dir.File("kb.db"), options);
  ASSERT_TRUE(store.ok()) << store.status();
  PutAll(**store, Sets(1, 10));

  fail = true;
  auto txn = (*store)->Begin();
  ASSERT_TRUE(txn.ok());
  PutSets(**txn, 100, 100);
  PutSets(**txn, 1, 1);  // unchanged
  Status commit = (*txn)->Commit();
  ASSERT_FALSE(commit.ok());
  EXPECT_NE(commit.message().find("nothing was stored"), absl::string_view::npos) << commit;
  EXPECT_EQ(CountAll(**store), 10);
  Store& generic = **store;
  EXPECT_TRUE(generic.FindByName("set 150")->empty());

  // Nothing leaked into the file either, and the store is usable again.
  fail = false;
  store->reset();
  auto reopened = OpenStore(dir.File("kb.db"));
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(CountAll(**reopened), 10);
  PutAll(**reopened, Sets(11, 1));
  EXPECT_EQ(CountAll(**reopened), 11);
}

TEST_P(TransactionTest, ClosingTheStoreRollsBackAnOpenTransaction) {
  auto store = OpenStore(location());
  ASSERT_TRUE(store.ok());
  auto txn = (*store)->Begin();
  ASSERT_TRUE(txn.ok());
  PutSets(**txn, 1, 10);
  store->reset();
  EXPECT_EQ((*txn)->Commit().code(), absl::StatusCode::kFailedPrecondition);
  txn->reset();
  auto reopened = OpenStore(location());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(CountAll(**reopened), 0);
}

TEST_P(TransactionTest, OtherConnectionsSeeOnlyCommittedState) {
  auto writer = OpenStore(location());
  auto reader = OpenStore(location());
  ASSERT_TRUE(writer.ok() && reader.ok());
  auto txn = (*writer)->Begin();
  ASSERT_TRUE(txn.ok());
  PutSets(**txn, 1, 20);
  EXPECT_EQ(CountAll(**reader), 0);
  // A second writer cannot start while the first holds the write lock.
  std::unique_ptr<Store> other = ImpatientWriter();
  ASSERT_NE(other, nullptr);
  auto blocked = other->Begin();
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.status().message().find(GetParam() == Backend::kSqlite ? "kb.db" : "127.0.0.1"),
            absl::string_view::npos)
      << blocked.status();
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(CountAll(**reader), 20);
}

TEST_P(TransactionTest, ReopeningKeepsEverything) {
  {
    auto store = OpenStore(location());
    ASSERT_TRUE(store.ok()) << store.status();
    PutAll(**store, {IntrusionSet(1, "Leviathan", {{"aliases", {"APT40"}},
                                                   {"description", "maritime espionage"},
                                                   {"external_references",
                                                    {{{"source_name", "mitre-attack"}, {"external_id", "G0065"}}}}}),
                     Malware(2, "Chopper"), Relationship(3, "uses", Id("intrusion-set", 1), Id("malware", 2))});
    PutAll(**store, {IntrusionSet(1, "Leviathan", {{"aliases", {"APT40"}},
                                                   {"modified", "2022-01-01T00:00:00.000Z"},
                                                   {"description", "maritime espionage, updated"},
                                                   {"external_references",
                                                    {{{"source_name", "mitre-attack"}, {"external_id", "G0065"}}}}})});
  }
  auto store = OpenStore(location());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(CountAll(**store), 3);
  EXPECT_EQ((*store)->Versions(Id("intrusion-set", 1))->size(), 2u);
  EXPECT_EQ((*store)->FindByName("APT 40")->size(), 1u);
  EXPECT_EQ((*store)->FindByExternalId("g0065")->size(), 1u);
  EXPECT_EQ((*store)->Edges(Id("malware", 2), Direction::kIncoming)->size(), 1u);
  EXPECT_EQ((*store)->Search("updated")->size(), 1u);
  EXPECT_EQ((*store)->Get(Id("intrusion-set", 1))->description, "maritime espionage, updated");
}

TEST(Persistence, FileDatabaseIsInWalMode) {
  ::rampart::testing::TempDir dir;
  auto store = internal::SqliteStore::Open(dir.File("kb.db"));
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->JournalMode(), "wal");
  PutAll(**store, Sets(1, 1));
  EXPECT_TRUE(std::filesystem::exists(dir.File("kb.db-wal")));
}

RAMPART_STORE_BACKENDS(TransactionTest);

}  // namespace
}  // namespace rampart::store::testing
