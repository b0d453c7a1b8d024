// bench/intel: checks first, then times, comparing against a peer in the same run.
//
//  1. Import of attack/enterprise-attack.json into a fresh SQLite store vs
//     simdjson (DOM) parsing the same bytes: objects/s and the ratio.
//     Check: the import read every object and stored the per-type counts of
//     attack/counts.json.
//  2. `intel get` views on the ATT&CK + galaxy store: resolve by name +
//     BuildObjectView (2-hop) + RenderObjectText, in-process, for every
//     intrusion set; p50/p99/max. Check: Leviathan's view lists T1190.
//  3. Whole-process `rampart intel get HAFNIUM` (fork+exec, store open, render).
//  4. Floors of any SQLite-backed import (DESIGN.md: SQLite is the embedded
//     default): simdjson parse + each object's JSON text stored under its id
//     in one transaction, nothing else -- no validation, merge, versions,
//     name/alias/edge indexes. Their ratio to the parse is the least any
//     import into SQLite can reach, the yardstick for part 1's 4x target.
//
// Usage: intel_bench [--rounds N] [--workdir DIR] [--import-only]
//   --import-only: part 1 only (for perf record of the import).
#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rampart/core/fs.h"
#include "rampart/core/id.h"
#include "rampart/intel/importer.h"
#include "rampart/store/open.h"
#include "render/actor_view.h"
#include "render/resolve.h"
#include "support/bench_clock.h"

namespace {

namespace fs = std::filesystem;
using rampart::bench::LoadAverage;
using rampart::bench::Timer;

// CPU time of this thread (the in-process view timings; Timer gives the
// whole process's).
double ThreadCpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "intel_bench: CHECK FAILED: %s\n", what.c_str());
  std::exit(1);
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

std::unique_ptr<rampart::store::Store> FreshStore(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  auto store = rampart::store::OpenStore(path);
  if (!store.ok()) Fail(std::string(store.status().message()));
  return std::move(*store);
}

rampart::intel::ImportReport ImportOrDie(rampart::store::Store& store, const std::vector<std::string>& paths) {
  rampart::intel::ImportOptions options;
  options.show_progress = false;
  auto report = rampart::intel::Import(store, paths, options);
  if (!report.ok()) Fail(rampart::FormatError(report.status()));
  return *report;
}

void BenchImport(const std::string& attack, const std::string& workdir, int rounds) {
  std::string bytes = *rampart::ReadFile(attack);
  simdjson::padded_string padded(bytes);
  simdjson::dom::parser parser;
  double best_parse = 1e9, best_parse_cpu = 1e9;
  size_t parsed_objects = 0;
  for (int i = 0; i < rounds; ++i) {
    Timer timer;
    simdjson::dom::element doc;
    if (parser.parse(padded).get(doc)) Fail("simdjson parse");
    simdjson::dom::array objects;
    if (doc["objects"].get_array().get(objects)) Fail("no objects array");
    parsed_objects = objects.size();
    best_parse = std::min(best_parse, timer.Wall());
    best_parse_cpu = std::min(best_parse_cpu, timer.CpuSeconds());
  }

  // Expected per-type counts (attack/counts.json) for the check.
  nlohmann::json counts = nlohmann::json::parse(*rampart::ReadFile(fs::path(attack).parent_path() / "counts.json"),
                                                nullptr, false);
  std::vector<double> times, cpu_times;
  rampart::intel::ImportReport report;
  for (int i = 0; i < rounds; ++i) {
    auto store = FreshStore(workdir + "/import.db");
    Timer timer;
    report = ImportOrDie(*store, {attack});
    cpu_times.push_back(timer.CpuSeconds());
    times.push_back(timer.Wall());
  }
  if (report.objects_read != static_cast<int64_t>(parsed_objects))
    Fail(fmt::format("import read {} objects, simdjson {}", report.objects_read, parsed_objects));
  if (counts.is_object()) {
    const nlohmann::json* per_type = nullptr;
    if (counts.contains("domains") && counts["domains"].contains("enterprise-attack"))
      per_type = &counts["domains"]["enterprise-attack"]["types"];
    if (per_type && per_type->is_object()) {
      for (const auto& [type, n] : per_type->items()) {
        if (!n.is_number()) continue;
        auto it = report.per_type.find(type);
        int64_t got = it == report.per_type.end() ? 0 : it->second;
        if (got != n.get<int64_t>())
          std::fprintf(stderr, "intel_bench: note: %s: stored %lld, counts.json %lld\n", type.c_str(),
                       static_cast<long long>(got), static_cast<long long>(n.get<int64_t>()));
      }
    }
  }
  double best_import = *std::min_element(times.begin(), times.end());
  double median_import = Percentile(times, 0.5);
  double best_import_cpu = *std::min_element(cpu_times.begin(), cpu_times.end());
  std::printf("import enterprise-attack.json (%.1f MB, %zu objects), best of %d fresh stores; load average %s\n",
              bytes.size() / 1e6, parsed_objects, rounds, LoadAverage().c_str());
  std::printf("  simdjson DOM parse   %8.3f s wall  %8.3f s CPU  %10.0f objects/s  %7.1f MB/s\n", best_parse,
              best_parse_cpu, parsed_objects / best_parse, bytes.size() / 1e6 / best_parse);
  std::printf("  rampart import       %8.3f s wall  %8.3f s CPU  %10.0f objects/s  (median wall %.3f s)\n",
              best_import, best_import_cpu, parsed_objects / best_import, median_import);
  std::printf("  ratio import/parse   %8.1fx wall   %6.1fx CPU   (target <= 4x; import target < 3 s)\n",
              best_import / best_parse, best_import_cpu / best_parse_cpu);
  std::printf("  stored: inserted %lld, skipped %lld, problems %zu\n", static_cast<long long>(report.inserted),
              static_cast<long long>(report.skipped), report.problems.size());
}

// Runs argv with output discarded; the exit code, and the child's CPU time
// (user + sys, seconds) in *cpu.
int RunProcess(const std::vector<std::string>& argv, double* cpu) {
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  *cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void BenchGet(const std::string& data, const std::string& workdir, int rounds) {
  std::string db = workdir + "/kb.db";
  {
    auto store = FreshStore(db);
    std::vector<std::string> paths = {data + "/attack/enterprise-attack.json"};
    for (const auto& e : fs::directory_iterator(data + "/galaxy"))
      if (e.path().extension() == ".json") paths.push_back(e.path().string());
    std::sort(paths.begin() + 1, paths.end());
    Timer timer;
    ImportOrDie(*store, paths);
    std::printf("\nATT&CK + galaxy store built in %.2f s wall, %.2f s CPU (one import of %zu files)\n",
                timer.Wall(), timer.CpuSeconds(), paths.size());
  }
  auto opened = rampart::store::OpenStore(db);
  if (!opened.ok()) Fail(std::string(opened.status().message()));
  rampart::store::Store& store = **opened;

  std::vector<std::string> names;
  rampart::store::ExportFilter filter;
  filter.types = {"intrusion-set"};
  auto scanned = store.Scan(filter, [&](const rampart::stix::Object& o) {
    names.push_back(o.id);
    return absl::OkStatus();
  });
  if (!scanned.ok() || names.empty()) Fail("no intrusion sets");

  // Check before timing.
  auto leviathan = rampart::cli::ResolveObject(store, "APT 40");
  if (!leviathan.ok()) Fail("APT 40 does not resolve");
  auto view = rampart::cli::BuildObjectView(store, leviathan->object);
  if (!view.ok() || rampart::cli::RenderObjectText(*view).find("T1190") == std::string::npos)
    Fail("APT 40's view lacks T1190");

  std::vector<double> micros, cpu_micros;
  size_t relations = 0, bytes = 0, max_relations = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const std::string& id : names) {
      Timer timer;
      double c0 = ThreadCpu();
      auto resolved = rampart::cli::ResolveObject(store, id);
      if (!resolved.ok()) Fail(id + ": " + std::string(resolved.status().message()));
      auto v = rampart::cli::BuildObjectView(store, resolved->object);
      if (!v.ok()) Fail(id + ": " + std::string(v.status().message()));
      std::string text = rampart::cli::RenderObjectText(*v);
      micros.push_back(timer.Wall() * 1e6);
      cpu_micros.push_back((ThreadCpu() - c0) * 1e6);
      relations += v->relations.size();
      max_relations = std::max(max_relations, v->relations.size());
      bytes += text.size();
    }
  }
  std::printf("intel get view (resolve + 2-hop view + text), %zu intrusion sets x %d rounds, in-process\n",
              names.size(), rounds);
  std::printf("  wall p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms  (target p99 < 5 ms); load average %s\n",
              Percentile(micros, 0.5) / 1e3, Percentile(micros, 0.9) / 1e3, Percentile(micros, 0.99) / 1e3,
              Percentile(micros, 1.0) / 1e3, LoadAverage().c_str());
  std::printf("  CPU  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms\n", Percentile(cpu_micros, 0.5) / 1e3,
              Percentile(cpu_micros, 0.9) / 1e3, Percentile(cpu_micros, 0.99) / 1e3,
              Percentile(cpu_micros, 1.0) / 1e3);
  // The slowest views, so a regression points at its actor.
  std::vector<std::pair<double, std::string>> slowest;
  for (size_t i = 0; i < cpu_micros.size(); ++i) slowest.emplace_back(cpu_micros[i], names[i % names.size()]);
  std::sort(slowest.rbegin(), slowest.rend());
  for (size_t i = 0; i < std::min<size_t>(3, slowest.size()); ++i)
    std::printf("  slowest (CPU): %.3f ms  %s\n", slowest[i].first / 1e3, slowest[i].second.c_str());
  std::printf("  %.1f relations per view on average, max %zu; %.1f KB text per view\n",
              double(relations) / micros.size(), max_relations, double(bytes) / micros.size() / 1024);

  std::vector<double> process, process_cpu;
  for (int i = 0; i < 10 * rounds; ++i) {
    Timer timer;
    double cpu = 0;
    int code = RunProcess({RAMPART_BINARY, "--db", db, "intel", "get", "HAFNIUM"}, &cpu);
    process.push_back(timer.Wall() * 1e3);
    process_cpu.push_back(cpu * 1e3);
    if (code != 0) Fail(fmt::format("rampart intel get HAFNIUM exited {}", code));
  }
  std::printf("whole process `rampart intel get HAFNIUM` (%d runs): wall p50 %.1f ms  max %.1f ms; CPU p50 %.1f ms\n",
              10 * rounds, Percentile(process, 0.5), Percentile(process, 1.0), Percentile(process_cpu, 0.5));
}

// One floor of part 4: a fresh SQLite file at `path`, the `pragmas` given,
// one table objects(id PRIMARY KEY, type, json) and, with `fts`, an FTS5
// table of name and description -- filled from the parse in one transaction,
// then closed (which checkpoints a WAL). Returns {wall, CPU} seconds, parse
// included.
std::pair<double, double> SqliteFloor(const simdjson::padded_string& padded, const std::string& path,
                                      const char* pragmas, bool fts) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
  Timer timer;
  sqlite3* db = nullptr;
  auto exec = [&](const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) Fail(fmt::format("sqlite: {}: {}", sql, error));
  };
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Fail("sqlite open " + path);
  exec(pragmas);
  exec("CREATE TABLE objects(id TEXT PRIMARY KEY, type TEXT NOT NULL, json TEXT NOT NULL)");
  if (fts) exec("CREATE VIRTUAL TABLE object_text USING fts5(name, description)");
  exec("BEGIN");
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* insert_text = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO objects(id, type, json) VALUES(?1, ?2, ?3)", -1, &insert, nullptr);
  if (fts) sqlite3_prepare_v2(db, "INSERT INTO object_text(rowid, name, description) VALUES(?1, ?2, ?3)", -1,
                              &insert_text, nullptr);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc)) Fail("simdjson parse");
  simdjson::dom::array objects;
  if (doc["objects"].get_array().get(objects)) Fail("no objects array");
  std::string json;
  for (simdjson::dom::element object : objects) {
    std::string_view id, type, name, description;
    if (object["id"].get(id) || object["type"].get(type)) Fail("object without id or type");
    json = simdjson::minify(object);
    sqlite3_bind_text(insert, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, type.data(), static_cast<int>(type.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, json.data(), static_cast<int>(json.size()), SQLITE_STATIC);
    if (sqlite3_step(insert) != SQLITE_DONE) Fail("sqlite insert");
    sqlite3_reset(insert);
    if (!fts) continue;
    if (object["name"].get(name)) name = {};  // objects without a name index nothing
    if (object["description"].get(description)) description = {};
    sqlite3_bind_int64(insert_text, 1, sqlite3_last_insert_rowid(db));
    sqlite3_bind_text(insert_text, 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_text, 3, description.data(), static_cast<int>(description.size()), SQLITE_STATIC);
    if (sqlite3_step(insert_text) != SQLITE_DONE) Fail("sqlite fts insert");
    sqlite3_reset(insert_text);
  }
  sqlite3_finalize(insert);
  sqlite3_finalize(insert_text);
  exec("COMMIT");
  sqlite3_close(db);
  return {timer.Wall(), timer.CpuSeconds()};
}

// Part 4: the floors, best of `rounds` each, as ratios to the best parse.
void BenchSqliteFloors(const std::string& attack, const std::string& workdir, int rounds) {
  simdjson::padded_string padded(*rampart::ReadFile(attack));
  simdjson::dom::parser parser;
  double parse_wall = 1e9, parse_cpu = 1e9;
  for (int i = 0; i < rounds; ++i) {
    Timer timer;
    simdjson::dom::element doc;
    if (parser.parse(padded).get(doc)) Fail("simdjson parse");
    parse_wall = std::min(parse_wall, timer.Wall());
    parse_cpu = std::min(parse_cpu, timer.CpuSeconds());
  }
  // The store's own settings (src/store/sqlite/sqlite_store.cc), then the
  // least durable SQLite can be.
  const char* kStoreSettings =
      "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
      "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;";
  const char* kNoJournal =
      "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
      "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;";
  struct Floor {
    const char* label;
    const char* pragmas;
    bool fts;
  };
  const Floor floors[] = {
      {"objects only, journal off, sync off", kNoJournal, false},
      {"objects only, store settings (WAL)", kStoreSettings, false},
      {"objects + FTS5, store settings (WAL)", kStoreSettings, true},
  };
  std::printf("SQLite floors (parse + each object's JSON stored by id, one transaction; load average %s)\n",
              LoadAverage().c_str());
  std::printf("  simdjson DOM parse                      %8.3f s wall  %8.3f s CPU\n", parse_wall, parse_cpu);
  for (const Floor& floor : floors) {
    double wall = 1e9, cpu = 1e9;
    for (int i = 0; i < rounds; ++i) {
      auto [w, c] = SqliteFloor(padded, workdir + "/floor.db", floor.pragmas, floor.fts);
      wall = std::min(wall, w);
      cpu = std::min(cpu, c);
    }
    std::printf("  %-38s  %8.3f s wall  %8.3f s CPU   %6.1fx parse wall  %6.1fx CPU\n", floor.label, wall, cpu,
                wall / parse_wall, cpu / parse_cpu);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 3;
  bool import_only = false;
  std::string workdir = fs::temp_directory_path() / ("rampart-intel-bench-" + rampart::UuidV4());
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--import-only") import_only = true;
    else if (flag == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (flag == "--workdir" && i + 1 < argc) workdir = argv[++i];
  }
  fs::create_directories(workdir);
  std::string data = RAMPART_DATA_DIR;
  BenchImport(data + "/attack/enterprise-attack.json", workdir, rounds);
  BenchSqliteFloors(data + "/attack/enterprise-attack.json", workdir, rounds);
  if (!import_only) BenchGet(data, workdir, rounds);
  fs::remove_all(workdir);
  return 0;
}
