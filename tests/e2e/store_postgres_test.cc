// The PostgreSQL store through the real binary: ATT&CK imported into
// PostgreSQL answers as the SQLite store does, `store copy` moves a store
// across in both directions without changing one byte of the export, and a
// writer killed with SIGKILL mid-import leaves the store as it was.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "pg_fixture.h"

namespace rampart::testing {
namespace {

using StorePostgresTest = PgStoreTest;

// Every table's row count and a digest of every stored version, history
// included: what "the store as before" means below the export.
std::string TablesDigest(const std::string& schema) {
  return PgSql(fmt::format(
      "SELECT (SELECT count(*) FROM {0}.objects) || ' ' || (SELECT count(*) FROM {0}.names) || ' ' || "
      "(SELECT count(*) FROM {0}.external_ids) || ' ' || (SELECT count(*) FROM {0}.markings) || ' ' || "
      "(SELECT count(*) FROM {0}.edges) || ' ' || (SELECT count(*) FROM {0}.contents) || ' ' || "
      "(SELECT count(*) FROM {0}.search) || ' ' || "
      "(SELECT md5(string_agg(pk || id || is_current || json || added, '' ORDER BY pk)) FROM {0}.objects)",
      schema));
}

TEST_F(StorePostgresTest, AttackInPostgresqlAnswersAsInSqliteAndCopiesAreExact) {
  const std::string attack = DataPath("attack/enterprise-attack.json");
  const std::string sqlite = "sqlite:" + dir_.File("kb.db");
  const std::string pg = NewPgStore();
  ASSERT_EQ(Rampart(pg, {"store", "migrate"}).exit_code, 0);
  CommandResult imported = Rampart(pg, {"intel", "import", attack});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  CommandResult reference = Rampart(sqlite, {"intel", "import", attack});
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  EXPECT_EQ(imported.out, reference.out);

  CommandResult apt40 = Rampart(pg, {"intel", "get", "APT40"});
  ASSERT_EQ(apt40.exit_code, 0) << apt40.err;
  EXPECT_NE(apt40.out.find("Leviathan"), std::string::npos) << apt40.out;
  EXPECT_EQ(apt40.out, Rampart(sqlite, {"intel", "get", "APT40"}).out);
  CommandResult search = Rampart(pg, {"intel", "search", "spearphish attach"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("Spearphishing Attachment"), std::string::npos) << search.out;

  const std::string expected = Export(sqlite);
  ASSERT_GT(expected.size(), 1000000u);
  EXPECT_EQ(Export(pg), expected);

  const std::string copied = NewPgStore();
  CommandResult to_pg = ::rampart::testing::Run({RampartBinary(), "store", "copy", "--from", sqlite, "--to", copied});
  ASSERT_EQ(to_pg.exit_code, 0) << to_pg.err;
  EXPECT_EQ(Export(copied), expected);
  const std::string back = "sqlite:" + dir_.File("back.db");
  CommandResult to_sqlite = ::rampart::testing::Run({RampartBinary(), "store", "copy", "--from", copied, "--to", back});
  ASSERT_EQ(to_sqlite.exit_code, 0) << to_sqlite.err;
  EXPECT_EQ(Export(back), expected);
  EXPECT_EQ(to_pg.out, to_sqlite.out);
}

TEST_F(StorePostgresTest, WriterKilledMidImportLeavesTheStoreAsBefore) {
  const std::string pg = NewPgStore();
  const std::string schema = schemas_.back();
  const std::string small = dir_.File("small.json");
  WriteFile(small, R"({"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001","objects":[
    {"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000001",
     "created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Before"}]})");
  ASSERT_EQ(Rampart(pg, {"intel", "import", small}).exit_code, 0);
  const std::string before = Export(pg);
  const std::string tables_before = TablesDigest(schema);
  ASSERT_FALSE(tables_before.empty());

  // The writer is named, so only its own COPY and lock are watched (other
  // tests may be writing to the same server).
  const std::string app = "rampart_e2e_killed_" + std::to_string(getpid());
  const std::string writer_db = pg + "&application_name=" + app;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(RampartBinary().c_str(), "rampart", "--db", writer_db.c_str(), "intel", "import",
          DataPath("attack/enterprise-attack.json").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it while it streams rows (COPY) inside its transaction; if that is
  // never seen, while it holds the write lock.
  bool copying = false, locked = false;
  const std::string query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app +
                            "' AND query LIKE 'COPY%' AND state = 'active'";
  const std::string lock = "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                           "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = '" + app + "'";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!copying && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == child) FAIL() << "the import ended before it could be killed";
    locked = locked || PgSql(lock) != "0";
    copying = PgSql(query) != "0";
    if (!copying) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(locked || copying) << "the import never took the write lock";
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  EXPECT_EQ(Export(pg), before);
  EXPECT_EQ(TablesDigest(schema), tables_before);
  // The lock went with the connection: the next writer proceeds at once.
  CommandResult again = Rampart(pg, {"intel", "import", small});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(PgSql("SELECT count(*) FROM " + schema + ".objects"), "1");
}

}  // namespace
}  // namespace rampart::testing
