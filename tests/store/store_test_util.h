// Small hand-written STIX 2.1 objects for the store tests, a fresh
// in-memory store per test, and the fixture that runs a suite against every
// backend (SQLite, and PostgreSQL when $RAMPART_TEST_PG_URL names a server).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::store::testing {

inline constexpr const char* kTlpClear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
inline constexpr const char* kTlpGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
inline constexpr const char* kTlpAmber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
inline constexpr const char* kTlpRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

// "<type>--00000000-0000-4000-8000-<n as 12 digits>": a valid, readable id.
std::string Id(const std::string& type, int n);

// A STIX 2.1 SDO of `type` with the common properties filled in; `extra`
// is merged over them (set "modified", "aliases", "revoked" ... there).
nlohmann::json Sdo(const std::string& type, int n, const std::string& name, nlohmann::json extra = {});
// intrusion-set, malware (is_family true), attack-pattern, identity.
nlohmann::json IntrusionSet(int n, const std::string& name, nlohmann::json extra = {});
nlohmann::json Malware(int n, const std::string& name, nlohmann::json extra = {});
nlohmann::json AttackPattern(int n, const std::string& name, nlohmann::json extra = {});
nlohmann::json Relationship(int n, const std::string& type, const std::string& source, const std::string& target,
                            nlohmann::json extra = {});

// Parses `value` into an Object (fails the test on error).
stix::Object Obj(const nlohmann::json& value);

// A fresh private in-memory store.
std::unique_ptr<Store> MemoryStore();

// The backends a parameterised suite runs against.
enum class Backend { kSqlite, kPostgres };
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);
// "sqlite" / "postgresql" in test names and messages.
void PrintTo(Backend backend, std::ostream* os);

// A fixture whose test runs once per backend, each time on a new, empty
// store: a file in a temporary folder (SQLite) or a new schema in the
// database $RAMPART_TEST_PG_URL names (PostgreSQL, dropped after the test).
// Without that variable the PostgreSQL instance is skipped, saying so.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // A new connection to this test's store; fails the test on error.
  std::unique_ptr<Store> TestStore();
  // Where this test's store is (OpenStore location).
  const std::string& location() const { return location_; }

 private:
  std::string location_;
};

// A new empty store for `backend` that outlives a test (the suite set-up of
// a large fixture); Drop removes it. Location "" if the backend is not
// available (the PostgreSQL URL is not set).
std::string CreateSharedStore(Backend backend);
void DropSharedStore(const std::string& location);

// $RAMPART_TEST_PG_URL, or "" when it is not set.
std::string PostgresTestUrl();
inline constexpr const char* kNoPostgres =
    "RAMPART_TEST_PG_URL is not set, so the PostgreSQL store is not tested (scripts/start-postgres.sh "
    "starts a throwaway server and scripts/test.sh sets it)";

#define RAMPART_STORE_BACKENDS(suite)                                                             \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                       \
                           ::testing::Values(::rampart::store::testing::Backend::kSqlite,          \
                                             ::rampart::store::testing::Backend::kPostgres),       \
                           ::rampart::store::testing::BackendName)

// Puts every object in one transaction and commits; fails the test on error.
void PutAll(Store& store, const std::vector<nlohmann::json>& objects);

// The ids of `objects`, in order.
std::vector<std::string> Ids(const std::vector<stix::Object>& objects);

// The number of current objects (sum of CountByType).
int64_t CountAll(Store& store);

}  // namespace rampart::store::testing
