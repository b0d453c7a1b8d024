// PostgreSQL for the end-to-end store tests: the server $RAMPART_TEST_PG_URL
// names, one new schema per store (dropped when the fixture goes), and the
// real binary started without waiting (several writers at once).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace rampart::testing {

// $RAMPART_TEST_PG_URL, or "" (also for "none").
std::string PgUrl();

// Runs SQL on the test server; returns the first value of its last
// statement's rows ("" if none). Fails the test on error.
std::string PgSql(const std::string& sql);

inline constexpr const char* kNoPgUrl =
    "RAMPART_TEST_PG_URL is not set, so the PostgreSQL store is not tested "
    "(scripts/start-postgres.sh starts a throwaway server and scripts/test.sh sets it)";

// Skips without a server; NewPgStore() makes a store location in a new
// schema, and TearDown drops every schema made.
class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // `postgresql://...?options=-csearch_path%3D<schema>`; the schema is
  // schemas_.back().
  std::string NewPgStore();
  // `rampart --db db args...`, waited for.
  CommandResult Rampart(const std::string& db, std::vector<std::string> args);
  // `rampart --db db intel export` (fails the test unless it exits 0).
  std::string Export(const std::string& db);

  std::vector<std::string> schemas_;
  TempDir dir_;
};

// Starts `argv` with its standard output and error in the files `out` and
// `out + ".err"`, stdin from /dev/null, and `env` ("NAME=VALUE") over the
// environment (with TZ=UTC, LC_ALL=C as Run sets them); returns the pid, -1
// on failure. No pipes: starting several at once cannot tie them together.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& out, const std::vector<std::string>& env = {});
// Waits for `pid`; its exit status, or 128 + signal.
int WaitExit(pid_t pid);
// The whole file ("" if it cannot be read).
std::string ReadWhole(const std::string& path);

}  // namespace rampart::testing
