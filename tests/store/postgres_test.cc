// What only the PostgreSQL backend has: schema migrations in a shared
// server, writers in several connections queueing on the write lock while
// readers go on, COPY flushes in the middle of a transaction, and text that
// PostgreSQL cannot hold. Skipped without $RAMPART_TEST_PG_URL.
#include <atomic>
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "postgres/pg_conn.h"
#include "postgres/postgres_store.h"
#include "rampart/store/open.h"
#include "schema/postgres_schema.h"
#include "store_test_util.h"

namespace rampart::store::testing {
namespace {

using internal::PgConn;
using internal::PostgresOptions;
using internal::PostgresStore;

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresTestUrl().empty()) GTEST_SKIP() << kNoPostgres;
    location_ = CreateSharedStore(Backend::kPostgres);
    ASSERT_FALSE(location_.empty());
    schema_ = location_.substr(location_.find("search_path%3D") + 14);
  }
  void TearDown() override {
    if (!location_.empty()) DropSharedStore(location_);
  }
  std::unique_ptr<PgConn> Admin() {
    auto conn = PgConn::Connect(PostgresTestUrl());
    EXPECT_TRUE(conn.ok()) << conn.status();
    return conn.ok() ? *std::move(conn) : nullptr;
  }
  std::string location_;
  std::string schema_;
};

TEST_F(PostgresTest, OpenCreatesTheSchemaOnceAndMigrationIsIdempotent) {
  {
    auto store = PostgresStore::Open(location_);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ(*(*store)->SchemaVersion(), 2);
    PutAll(**store, {IntrusionSet(1, "Kept")});
  }
  auto again = PostgresStore::Open(location_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*(*again)->SchemaVersion(), 2);
  EXPECT_EQ(CountAll(**again), 1);
  auto tables = Admin()->Query(
      "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", {schema_});
  ASSERT_TRUE(tables.ok()) << tables.status();
  EXPECT_EQ(tables->Int(0, 0), 8);  // schema_version, objects, 5 index tables, search
}

// A store written by schema version 1 (no `added`, the old search vector):
// opening it upgrades it in place; its objects are listed for TAXII with
// the time of the upgrade and found by the new search vector.
TEST_F(PostgresTest, AVersionOneStoreUpgradesKeepingItsObjects) {
  auto admin = Admin();
  ASSERT_NE(admin, nullptr);
  ASSERT_TRUE(admin->Exec("SET search_path TO " + schema_).ok());
  ASSERT_TRUE(admin->Exec(internal::PostgresMigrations()[0].sql).ok());
  ASSERT_TRUE(admin->Exec("UPDATE schema_version SET version = 1").ok());
  stix::Object object = Obj(IntrusionSet(1, "Leviathan", {{"description", "Spear.phishing first"}}));
  const std::string id = object.id;
  ASSERT_TRUE(admin->Query("INSERT INTO objects (pk, id, version_key, modified, type, created, revoked, deprecated, "
                           "name, created_by_ref, spec_version, is_current, json) VALUES (1, $1, 0, $2, $3, $4, "
                           "false, false, $5, '', '2.1', true, $6)",
                           {id, object.modified, object.type, object.created, object.name, object.json})
                  .ok());
  ASSERT_TRUE(admin->Query("INSERT INTO search (obj, id, type, name, aliases, description) VALUES (1, $1, $2, $3, "
                           "'', $4)",
                           {id, object.type, object.name, object.description})
                  .ok());
  const int64_t before_upgrade =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();

  auto store = PostgresStore::Open(location_);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*(*store)->SchemaVersion(), 2);
  auto listed = (*store)->ListAdded({});
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].object.id, id);
  EXPECT_GE((*listed)[0].added, before_upgrade - 5000000);  // the server's clock, a few seconds of skew allowed
  auto hits = (*store)->Search("phishing", "", 10);
  ASSERT_TRUE(hits.ok()) << hits.status();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, id);
}

// A session outside rampart locks `objects` and then waits for the store's
// write lock while Begin, holding that lock, waits for `objects`: the
// server aborts Begin (the other session checks for deadlocks later), and
// Begin starts again once that session is through.
TEST_F(PostgresTest, BeginRetriesAfterADeadlockWithAnotherSession) {
  auto deadlock = [&](int attempts) -> Status {
    auto store = PostgresStore::Open(location_, PostgresOptions{.begin_attempts = attempts});
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return store.status();
    auto other = Admin();
    EXPECT_TRUE(other->Exec(fmt::format("SET deadlock_timeout = '20s'; BEGIN; LOCK TABLE {}.objects IN ACCESS "
                                        "EXCLUSIVE MODE",
                                        schema_))
                    .ok());
    Status begun;
    std::thread writer([&] {
      auto txn = (*store)->Begin();
      begun = txn.status();
      if (txn.ok()) (*txn)->Rollback();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // Begin holds the lock and waits
    auto locked = other->Query(fmt::format("SELECT pg_advisory_xact_lock({}, hashtext('{}'))",
                                           internal::kPostgresLockSpace, schema_));
    EXPECT_TRUE(locked.ok()) << locked.status();
    EXPECT_TRUE(other->Exec("COMMIT").ok());
    writer.join();
    return begun;
  };
  Status once = deadlock(1);
  EXPECT_EQ(once.code(), absl::StatusCode::kAborted) << once;
  Status retried = deadlock(3);
  EXPECT_TRUE(retried.ok()) << retried;
}

TEST_F(PostgresTest, AnotherProgramsTablesAndANewerSchemaAreRefused) {
  auto admin = Admin();
  ASSERT_TRUE(admin->Exec(fmt::format("CREATE TABLE {}.objects (x int)", schema_)).ok());
  auto foreign = OpenStore(location_);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a rampart store"), absl::string_view::npos) << foreign.status();

  ASSERT_TRUE(admin->Exec(fmt::format("DROP TABLE {}.objects", schema_)).ok());
  ASSERT_TRUE(OpenStore(location_).ok());
  ASSERT_TRUE(admin->Exec(fmt::format("UPDATE {}.schema_version SET version = 99", schema_)).ok());
  auto newer = OpenStore(location_);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(newer.status().message().find("newer"), absl::string_view::npos) << newer.status();
}

TEST_F(PostgresTest, WritersQueueAndReadersNeverWait) {
  auto first = OpenStore(location_);
  auto second = OpenStore(location_);
  auto reader = OpenStore(location_);
  ASSERT_TRUE(first.ok() && second.ok() && reader.ok());
  auto txn = (*first)->Begin();
  ASSERT_TRUE(txn.ok());
  for (int i = 1; i <= 20; ++i) ASSERT_TRUE((*txn)->Put(Obj(IntrusionSet(i, fmt::format("First {}", i)))).ok());

  std::atomic<bool> second_began{false};
  Status second_status;
  std::thread writer([&] {
    auto other = (*second)->Begin();  // waits for the first writer's lock
    second_began = true;
    if (!other.ok()) {
      second_status = other.status();
      return;
    }
    for (int i = 21; i <= 30; ++i) (void)(*other)->Put(Obj(IntrusionSet(i, fmt::format("Second {}", i))));
    // A new version of an object the first writer created: only possible
    // because the second writer starts after the first committed.
    (void)(*other)->Put(Obj(IntrusionSet(1, "First 1 renamed", {{"modified", "2024-01-01T00:00:00.000Z"}})));
    second_status = (*other)->Commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(second_began.load());
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(CountAll(**reader), 0);  // committed state only, at once
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250));
  ASSERT_TRUE((*txn)->Commit().ok());
  writer.join();
  EXPECT_TRUE(second_status.ok()) << second_status;
  EXPECT_EQ(CountAll(**reader), 30);
  EXPECT_EQ((*reader)->Get(Id("intrusion-set", 1))->name, "First 1 renamed");
  EXPECT_EQ((*reader)->Versions(Id("intrusion-set", 1))->size(), 2u);
}

TEST_F(PostgresTest, FlushesInsideATransactionStoreWhatOneFlushWould) {
  PostgresOptions tiny;
  tiny.flush_bytes = 1;  // a COPY after every Put
  auto store = PostgresStore::Open(location_, tiny);
  ASSERT_TRUE(store.ok()) << store.status();
  auto txn = (*store)->Begin();
  ASSERT_TRUE(txn.ok());
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE((*txn)->Put(Obj(IntrusionSet(i, fmt::format("Set {}", i)))).ok());
  // A newer version of an already sent object, then an older one.
  auto renamed = (*txn)->Put(Obj(IntrusionSet(2, "Renamed", {{"modified", "2023-01-01T00:00:00.000Z"}})));
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(*renamed, PutOutcome::kNewVersion);
  EXPECT_EQ(*(*txn)->Put(Obj(IntrusionSet(2, "Older", {{"created", "2019-01-01T00:00:00.000Z"},
                                                         {"modified", "2019-01-01T00:00:00.000Z"}}))),
            PutOutcome::kHistory);
  EXPECT_EQ(*(*txn)->Put(Obj(IntrusionSet(3, "Set 3"))), PutOutcome::kUnchanged);
  EXPECT_EQ((*txn)->Put(Obj(IntrusionSet(3, "Set 3 edited"))).status().code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE((*txn)->Commit().ok());
  Store& generic = **store;  // the defaults of the interface's arguments
  EXPECT_EQ(CountAll(generic), 5);
  EXPECT_TRUE(generic.FindByName("set 2")->empty());
  EXPECT_EQ(generic.FindByName("renamed")->size(), 1u);
  EXPECT_EQ(generic.Versions(Id("intrusion-set", 2))->size(), 3u);
  EXPECT_EQ(generic.Search("renamed")->size(), 1u);
}

TEST_F(PostgresTest, TextPostgresqlCannotHoldIsCleanedNotRefused) {
  auto store = OpenStore(location_);
  ASSERT_TRUE(store.ok());
  // A NUL (from \u0000) in a description; PostgreSQL text cannot hold it.
  PutAll(**store, {IntrusionSet(1, "Nul Set", {{"description", std::string("before\0after", 12)}})});
  EXPECT_EQ((*store)->Get(Id("intrusion-set", 1))->description, std::string("before\0after", 12));
  EXPECT_EQ(Ids(*(*store)->FindByName("\xFFNul Set")), std::vector<std::string>{Id("intrusion-set", 1)});
  EXPECT_EQ((*store)->Search("beforeafter")->size(), 1u);
}

}  // namespace
}  // namespace rampart::store::testing
