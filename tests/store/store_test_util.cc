#include "store_test_util.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "postgres/pg_conn.h"
#include "rampart/store/open.h"

namespace rampart::store::testing {

std::string Id(const std::string& type, int n) {
  return fmt::format("{}--00000000-0000-4000-8000-{:012d}", type, n);
}

nlohmann::json Sdo(const std::string& type, int n, const std::string& name, nlohmann::json extra) {
  nlohmann::json value = {
      {"type", type},
      {"spec_version", "2.1"},
      {"id", Id(type, n)},
      {"created", "2020-01-01T00:00:00.000Z"},
      {"modified", "2020-01-01T00:00:00.000Z"},
  };
  if (!name.empty()) value["name"] = name;
  if (extra.is_object()) value.update(extra);
  return value;
}

nlohmann::json IntrusionSet(int n, const std::string& name, nlohmann::json extra) {
  return Sdo("intrusion-set", n, name, std::move(extra));
}

nlohmann::json Malware(int n, const std::string& name, nlohmann::json extra) {
  nlohmann::json base = {{"is_family", true}};
  if (extra.is_object()) base.update(extra);
  return Sdo("malware", n, name, std::move(base));
}

nlohmann::json AttackPattern(int n, const std::string& name, nlohmann::json extra) {
  return Sdo("attack-pattern", n, name, std::move(extra));
}

nlohmann::json Relationship(int n, const std::string& type, const std::string& source, const std::string& target,
                            nlohmann::json extra) {
  nlohmann::json base = {{"relationship_type", type}, {"source_ref", source}, {"target_ref", target}};
  if (extra.is_object()) base.update(extra);
  return Sdo("relationship", n, "", std::move(base));
}

stix::Object Obj(const nlohmann::json& value) {
  Result<stix::Object> object = stix::ParseObject(value.dump());
  EXPECT_TRUE(object.ok()) << object.status() << " for " << value.dump();
  return object.ok() ? *std::move(object) : stix::Object{};
}

std::unique_ptr<Store> MemoryStore() {
  Result<std::unique_ptr<Store>> store = OpenStore("sqlite::memory:");
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

std::string PostgresTestUrl() {
  const char* url = std::getenv("RAMPART_TEST_PG_URL");
  return url != nullptr ? url : "";
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

void PrintTo(Backend backend, std::ostream* os) { *os << (backend == Backend::kSqlite ? "sqlite" : "postgresql"); }

std::string CreateSharedStore(Backend backend) {
  static std::atomic<int> counter{0};
  const int n = counter++;
  if (backend == Backend::kSqlite) {
    std::string dir = fmt::format("{}/rampart-store-test-{}-{}", std::filesystem::temp_directory_path().string(),
                                  getpid(), n);
    std::filesystem::create_directories(dir);
    return "sqlite:" + dir + "/kb.db";
  }
  std::string url = PostgresTestUrl();
  if (url.empty()) return "";
  auto conn = internal::PgConn::Connect(url);
  EXPECT_TRUE(conn.ok()) << conn.status();
  if (!conn.ok()) return "";
  std::string schema = fmt::format("rampart_test_{}_{}", getpid(), n);
  Status created = (*conn)->Exec(fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", schema));
  EXPECT_TRUE(created.ok()) << created;
  return fmt::format("{}{}options=-csearch_path%3D{}", url, url.find('?') == std::string::npos ? "?" : "&", schema);
}

void DropSharedStore(const std::string& location) {
  if (location.starts_with("sqlite:")) {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(location.substr(7)).parent_path(), ignored);
    return;
  }
  size_t at = location.find("search_path%3D");
  if (at == std::string::npos) return;
  std::string schema = location.substr(at + 14);
  auto conn = internal::PgConn::Connect(PostgresTestUrl());
  // A test may still hold a connection with an open transaction; never
  // wait for it (a leftover schema in a throwaway database is harmless).
  if (conn.ok()) (void)(*conn)->Exec(fmt::format("SET lock_timeout = '2s'; DROP SCHEMA IF EXISTS {} CASCADE", schema));
}

void BackendTest::SetUp() {
  if (GetParam() == Backend::kPostgres && PostgresTestUrl().empty()) GTEST_SKIP() << kNoPostgres;
  location_ = CreateSharedStore(GetParam());
  ASSERT_FALSE(location_.empty());
}

void BackendTest::TearDown() {
  if (!location_.empty()) DropSharedStore(location_);
}

std::unique_ptr<Store> BackendTest::TestStore() {
  Result<std::unique_ptr<Store>> store = OpenStore(location_);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

void PutAll(Store& store, const std::vector<nlohmann::json>& objects) {
  Result<std::unique_ptr<Transaction>> txn = store.Begin();
  ASSERT_TRUE(txn.ok()) << txn.status();
  for (const nlohmann::json& value : objects) {
    Result<PutOutcome> outcome = (*txn)->Put(Obj(value));
    ASSERT_TRUE(outcome.ok()) << outcome.status() << " for " << value.dump();
  }
  Status commit = (*txn)->Commit();
  ASSERT_TRUE(commit.ok()) << commit;
}

std::vector<std::string> Ids(const std::vector<stix::Object>& objects) {
  std::vector<std::string> ids;
  for (const stix::Object& object : objects) ids.push_back(object.id);
  return ids;
}

int64_t CountAll(Store& store) {
  Result<std::vector<TypeCount>> counts = store.CountByType();
  EXPECT_TRUE(counts.ok()) << counts.status();
  int64_t total = 0;
  if (counts.ok()) {
    for (const TypeCount& count : *counts) total += count.objects;
  }
  return total;
}

}  // namespace rampart::store::testing
