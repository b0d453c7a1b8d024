// Opening stores by location; errors name the path.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "rampart/store/open.h"
#include "store_test_util.h"
#include "support/test_support.h"

namespace rampart::store::testing {
namespace {

using ::rampart::testing::TempDir;
using ::rampart::testing::WriteFile;

TEST(OpenStore, PlainPathAndSqliteSchemeOpenTheSameFile) {
  TempDir dir;
  {
    auto store = OpenStore(dir.File("kb.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    PutAll(**store, {IntrusionSet(1, "One")});
  }
  auto again = OpenStore("sqlite:" + dir.File("kb.db"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(CountAll(**again), 1);
}

TEST(OpenStore, MemoryStoresArePrivate) {
  auto a = OpenStore("sqlite::memory:");
  auto b = OpenStore("sqlite::memory:");
  ASSERT_TRUE(a.ok() && b.ok());
  PutAll(**a, {IntrusionSet(1, "One")});
  EXPECT_EQ(CountAll(**a), 1);
  EXPECT_EQ(CountAll(**b), 0);
}

TEST(OpenStore, UnreachablePostgresqlIsAnIoErrorWithoutThePassword) {
  for (const char* url : {"postgresql://rampart:s3cret@127.0.0.1:1/kb", "postgres://rampart:s3cret@127.0.0.1:1/kb"}) {
    auto store = OpenStore(url);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable) << store.status();
    EXPECT_NE(store.status().message().find("127.0.0.1:1/kb"), absl::string_view::npos) << store.status();
    EXPECT_EQ(store.status().message().find("s3cret"), absl::string_view::npos) << store.status();
  }
}

TEST(OpenStore, UnknownSchemeAndEmptyLocationAreInvalidInput) {
  EXPECT_EQ(OpenStore("mysql://host/db").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(OpenStore, MissingFolderIsAnIoErrorNamingThePath) {
  TempDir dir;
  std::string path = dir.File("no/such/folder/kb.db");
  auto store = OpenStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find(path), absl::string_view::npos) << store.status();
}

TEST(OpenStore, ANonDatabaseFileIsAnIoErrorNamingThePath) {
  TempDir dir;
  std::string path = dir.File("notes.txt");
  WriteFile(path, std::string(8192, 'x'));
  auto store = OpenStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(path), absl::string_view::npos) << store.status();
}

TEST(OpenStore, AnotherProgramsDatabaseIsRefused) {
  TempDir dir;
  std::string path = dir.File("other.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(store.status().message().find("not a rampart store"), absl::string_view::npos) << store.status();
}

TEST(OpenStore, ANewerSchemaIsRefused) {
  TempDir dir;
  std::string path = dir.File("kb.db");
  ASSERT_TRUE(OpenStore(path).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE schema_version SET version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("999"), absl::string_view::npos) << store.status();
}

TEST(OpenStore, SchemaIsCreatedOnce) {
  TempDir dir;
  std::string path = dir.File("kb.db");
  ASSERT_TRUE(OpenStore(path).ok());
  ASSERT_TRUE(OpenStore(path).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*), max(version) FROM schema_version", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 1);
  EXPECT_EQ(sqlite3_column_int(stmt, 1), 3);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// A version-1 store (no `contents` table) is migrated on open and its
// reports' object_refs indexed from what is stored.
TEST(OpenStore, Version1StoreGainsTheContentsIndex) {
  TempDir dir;
  std::string path = dir.File("kb.db");
  {
    auto store = OpenStore(path);
    ASSERT_TRUE(store.ok()) << store.status();
    PutAll(**store, {IntrusionSet(1, "One"),
                     Sdo("report", 2, "Report", {{"published", "2021-07-19T00:00:00.000Z"},
                                                 {"object_refs", {Id("intrusion-set", 1)}}})});
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE contents; DROP INDEX objects_added; ALTER TABLE objects DROP COLUMN added; "
                         "UPDATE schema_version SET version = 1", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenStore(path);
  ASSERT_TRUE(store.ok()) << store.status();
  auto containers = (*store)->Containers(Id("intrusion-set", 1));
  ASSERT_TRUE(containers.ok()) << containers.status();
  EXPECT_EQ(Ids(*containers), std::vector<std::string>{Id("report", 2)});
}

TEST(DefaultStoreLocation, FlagThenEnvironmentThenDefault) {
  const char* saved = std::getenv("RAMPART_DB");
  std::string saved_value = saved ? saved : "";
  setenv("RAMPART_DB", "/tmp/from-env.db", 1);
  EXPECT_EQ(DefaultStoreLocation("flag.db"), "flag.db");
  EXPECT_EQ(DefaultStoreLocation(""), "/tmp/from-env.db");
  unsetenv("RAMPART_DB");
  EXPECT_EQ(DefaultStoreLocation(""), "rampart.db");
  if (saved) setenv("RAMPART_DB", saved_value.c_str(), 1);
}

}  // namespace
}  // namespace rampart::store::testing
