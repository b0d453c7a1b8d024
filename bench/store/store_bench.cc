// Store bench: import all of ATT&CK Enterprise (24,771 objects) in one
// transaction, then time the reads `intel get` needs. Checks first (counts,
// a known alias, edges), times second, and compares with simdjson's raw
// parse of the same 45 MB file in the same run.
//
//   rampart_store_bench [path/to/enterprise-attack.json] [--memory]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "rampart/stix/validate.h"
#include "rampart/store/open.h"
#include "attack_import.h"
#include "support/bench_clock.h"

namespace {

using Clock = std::chrono::steady_clock;
using rampart::bench::Fail;
using rampart::stix::Object;
using namespace rampart::store;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Percentiles {
  double p50, p99, max;
};
Percentiles Summarise(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))]; };
  return {at(0.50), at(0.99), us.back()};
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(RAMPART_DATA_DIR) + "/attack/enterprise-attack.json";
  bool memory = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--memory") memory = true;
    else path = arg;
  }

  // Peer: simdjson's raw parse of the file (best of 3).
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text) != simdjson::SUCCESS) Fail("cannot read " + path);
  simdjson::dom::parser parser;
  double parse_ms = 1e9;
  for (int i = 0; i < 3; ++i) {
    auto start = Clock::now();
    simdjson::dom::element root;
    if (parser.parse(text).get(root) != simdjson::SUCCESS) Fail("simdjson parse");
    parse_ms = std::min(parse_ms, Ms(Clock::now() - start));
  }

  // Objects, parsed once (not timed as store work).
  const std::vector<Object> objects = rampart::bench::LoadAttackObjects(path);

  double parse_cpu_ms = 0;
  {
    rampart::bench::Timer timer;
    simdjson::dom::element again;
    if (parser.parse(text).get(again) != simdjson::SUCCESS) Fail("simdjson parse");
    parse_cpu_ms = timer.CpuSeconds() * 1e3;
  }

  auto validate_start = Clock::now();
  for (const Object& object : objects) {
    rampart::Status status = rampart::stix::Validate(object);
    if (!status.ok()) Fail(rampart::FormatError(status));
  }
  double validate_ms = Ms(Clock::now() - validate_start);

  std::string db_path = memory ? "sqlite::memory:" : "/tmp/rampart-store-bench.db";
  if (!memory) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix);
  }
  auto open_start = Clock::now();
  auto store_or = OpenStore(db_path);
  if (!store_or.ok()) Fail(std::string(store_or.status().message()));
  std::unique_ptr<Store> store = *std::move(store_or);
  double open_ms = Ms(Clock::now() - open_start);

  // The import: one transaction, every Put (validation included), commit.
  const rampart::bench::ImportTimes import = rampart::bench::ImportAll(*store, objects);
  double commit_ms = import.commit * 1e3;
  double put_ms = import.wall * 1e3;
  double put_cpu_ms = import.cpu * 1e3;
  rampart::bench::CheckAttackStore(*store, objects.size());
  auto leviathan = store->FindByName("APT 40", {"intrusion-set"});

  // Reads: Get, FindByName, Edges and a 2-hop neighbourhood over every group.
  std::vector<const Object*> groups;
  for (const Object& object : objects) {
    if (object.type == "intrusion-set") groups.push_back(&object);
  }
  std::mt19937 rng(42);
  std::vector<double> get_us, name_us, edges_us, hood_us, search_us;
  for (int i = 0; i < 20000; ++i) {
    const Object& object = objects[rng() % objects.size()];
    auto start = Clock::now();
    if (!store->Get(object.id).ok()) Fail("get " + object.id);
    get_us.push_back(Ms(Clock::now() - start) * 1000);
  }
  for (const Object* group : groups) {
    auto start = Clock::now();
    if (store->FindByName(group->name, {}, {.include_revoked = true})->empty()) Fail("name " + group->name);
    name_us.push_back(Ms(Clock::now() - start) * 1000);
    start = Clock::now();
    (void)store->Edges(group->id, Direction::kBoth);
    edges_us.push_back(Ms(Clock::now() - start) * 1000);
  }
  size_t hood_objects = 0;
  for (const Object* group : groups) {
    auto start = Clock::now();
    (void)store->Get(group->id);
    auto first_hop = store->Edges(group->id, Direction::kBoth);
    if (!first_hop.ok()) Fail("edges");
    for (const Edge& edge : *first_hop) {
      const std::string& other = edge.source_ref == group->id ? edge.target_ref : edge.source_ref;
      if (store->Get(other).ok()) ++hood_objects;
      auto second_hop = store->Edges(other, Direction::kBoth);
      if (!second_hop.ok()) Fail("edges");
      hood_objects += second_hop->size();
    }
    hood_us.push_back(Ms(Clock::now() - start) * 1000);
  }
  for (const char* query : {"powershell", "credential dump", "chinese espionage", "T1059", "ransomware",
                            "\"AND OR *", "lateral movement smb"}) {
    auto start = Clock::now();
    if (!store->Search(query).ok()) Fail(std::string("search ") + query);
    search_us.push_back(Ms(Clock::now() - start) * 1000);
  }

  double store_ms = put_ms - validate_ms;
  fmt::print("objects                 {}   (load average {})\n", objects.size(), rampart::bench::LoadAverage());
  fmt::print("simdjson parse (45 MB)  {:8.1f} ms   (peer)\n", parse_ms);
  fmt::print("open/create store       {:8.1f} ms   ({})\n", open_ms, memory ? "memory" : db_path);
  fmt::print("import: Put x{} + commit {:8.1f} ms   = {:.2f}x simdjson parse\n", objects.size(), put_ms,
             put_ms / parse_ms);
  fmt::print("  of which stix::Validate {:8.1f} ms\n", validate_ms);
  fmt::print("  of which commit         {:8.1f} ms\n", commit_ms);
  fmt::print("  cpu time of the import  {:8.1f} ms   (simdjson parse cpu {:.1f} ms: {:.2f}x)\n", put_cpu_ms,
             parse_cpu_ms, put_cpu_ms / parse_cpu_ms);
  fmt::print("  store work (no validate){:8.1f} ms   = {:.2f}x simdjson parse, {:.1f} us/object\n", store_ms,
             store_ms / parse_ms, store_ms * 1000 / objects.size());
  auto line = [](const char* what, const std::vector<double>& us) {
    Percentiles p = Summarise(us);
    fmt::print("{:<24}p50 {:7.1f} us  p99 {:7.1f} us  max {:7.1f} us  (n={})\n", what, p.p50, p.p99, p.max,
               us.size());
  };
  line("Get", get_us);
  line("FindByName", name_us);
  line("Edges (both)", edges_us);
  line("2-hop neighbourhood", hood_us);
  line("Search", search_us);
  fmt::print("2-hop objects+edges read {}\n", hood_objects);
  if (!memory) {
    double bytes = 0;
    for (const char* suffix : {"", "-wal"}) {
      if (std::filesystem::exists(db_path + suffix)) bytes += std::filesystem::file_size(db_path + suffix);
    }
    fmt::print("database size (+wal)    {:.1f} MB\n", bytes / 1e6);
  }
  return 0;
}
