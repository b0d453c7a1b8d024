// Side by side: the ATT&CK Enterprise import (24,771 objects, one
// transaction) into SQLite (a WAL file) and into PostgreSQL (a fresh schema),
// alternating, N runs each. Checks every store first (object count, "APT 40"
// finds Leviathan, Leviathan has edges, a search hit), then prints the
// median and best wall time per backend, rampart's own CPU time (PostgreSQL's
// server work is not in it), and the ratio PostgreSQL / SQLite.
//
//   rampart_store_backends_bench [--pg URL] [--runs N] [path/to/enterprise-attack.json]
//   (URL defaults to $RAMPART_TEST_PG_URL; scripts/start-postgres.sh starts one)
#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rampart/store/open.h"
#include "attack_import.h"
#include "support/bench_clock.h"

namespace {

using rampart::bench::Fail;
using rampart::stix::Object;
using namespace rampart::store;

void PgExec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) Fail(std::string("connect: ") + PQerrorMessage(conn));
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  PGresult* result = PQexec(conn, sql.c_str());
  if (PQresultStatus(result) != PGRES_COMMAND_OK) Fail(sql + ": " + PQerrorMessage(conn));
  PQclear(result);
  PQfinish(conn);
}

struct Run {
  double wall = 0, cpu = 0;
};

Run Import(const std::string& location, const std::vector<Object>& objects) {
  auto opened = OpenStore(location);
  if (!opened.ok()) Fail(std::string(opened.status().message()));
  std::unique_ptr<Store> store = *std::move(opened);
  const rampart::bench::ImportTimes times = rampart::bench::ImportAll(*store, objects);
  rampart::bench::CheckAttackStore(*store, objects.size());
  return {times.wall, times.cpu};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(RAMPART_DATA_DIR) + "/attack/enterprise-attack.json";
  const char* env = std::getenv("RAMPART_TEST_PG_URL");
  std::string pg = env ? env : "";
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--pg" && i + 1 < argc) pg = argv[++i];
    else if (arg == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    else path = arg;
  }
  if (pg.empty()) Fail("no PostgreSQL: give --pg URL or set RAMPART_TEST_PG_URL (scripts/start-postgres.sh)");

  const std::vector<Object> objects = rampart::bench::LoadAttackObjects(path);

  const std::string file = (std::filesystem::temp_directory_path() / "rampart-backends-bench.db").string();
  const std::string schema = "rampart_backends_bench";
  const std::string pg_location =
      pg + (pg.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
  std::vector<double> sqlite_wall, sqlite_cpu, pg_wall, pg_cpu;
  for (int i = 0; i < runs; ++i) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
    Run s = Import("sqlite:" + file, objects);
    sqlite_wall.push_back(s.wall);
    sqlite_cpu.push_back(s.cpu);
    PgExec(pg, fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", schema));
    Run p = Import(pg_location, objects);
    pg_wall.push_back(p.wall);
    pg_cpu.push_back(p.cpu);
    fmt::print("run {}: sqlite {:.2f} s (cpu {:.2f}), postgresql {:.2f} s (cpu {:.2f})\n", i + 1, s.wall, s.cpu,
               p.wall, p.cpu);
  }
  PgExec(pg, fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", schema));
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);

  fmt::print("ATT&CK import, {} objects, one transaction, {} runs each (load {})\n", objects.size(), runs,
             rampart::bench::LoadAverage());
  fmt::print("  sqlite      median {:6.2f} s  best {:6.2f} s  rampart cpu {:6.2f} s\n", Median(sqlite_wall),
             *std::min_element(sqlite_wall.begin(), sqlite_wall.end()), Median(sqlite_cpu));
  fmt::print("  postgresql  median {:6.2f} s  best {:6.2f} s  rampart cpu {:6.2f} s\n", Median(pg_wall),
             *std::min_element(pg_wall.begin(), pg_wall.end()), Median(pg_cpu));
  fmt::print("  postgresql / sqlite (median wall): {:.2f}x\n", Median(pg_wall) / Median(sqlite_wall));
  return 0;
}
