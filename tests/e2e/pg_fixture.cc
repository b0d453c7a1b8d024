#include "pg_fixture.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace rampart::testing {

std::string PgUrl() {
  const char* url = std::getenv("RAMPART_TEST_PG_URL");
  if (url == nullptr || std::string(url) == "none") return "";
  return url;
}

std::string PgSql(const std::string& sql) {
  PGconn* conn = PQconnectdb(PgUrl().c_str());
  std::string value;
  if (PQstatus(conn) == CONNECTION_OK) {
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    PGresult* result = PQexec(conn, sql.c_str());
    EXPECT_TRUE(PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK)
        << sql << ": " << PQerrorMessage(conn);
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) value = PQgetvalue(result, 0, 0);
    PQclear(result);
  } else {
    ADD_FAILURE() << PQerrorMessage(conn);
  }
  PQfinish(conn);
  return value;
}

void PgStoreTest::SetUp() {
  if (PgUrl().empty()) GTEST_SKIP() << kNoPgUrl;
}

void PgStoreTest::TearDown() {
  for (const std::string& schema : schemas_) PgSql("SET lock_timeout = '5s'; DROP SCHEMA IF EXISTS " + schema + " CASCADE");
}

std::string PgStoreTest::NewPgStore() {
  std::string schema = "rampart_e2e_" + std::to_string(getpid()) + "_" + std::to_string(schemas_.size());
  PgSql("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
  schemas_.push_back(schema);
  std::string url = PgUrl();
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

CommandResult PgStoreTest::Rampart(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {RampartBinary(), "--db", db});
  return ::rampart::testing::Run(args);
}

std::string PgStoreTest::Export(const std::string& db) {
  CommandResult r = Rampart(db, {"intel", "export"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& out, const std::vector<std::string>& env) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (out + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // getenv takes the first entry of a name: `env` and ours come first.
  std::vector<std::string> environment = env;
  environment.insert(environment.end(), {"TZ=UTC", "LC_ALL=C"});
  for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
  std::vector<char*> args, envp;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (std::string& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace rampart::testing
