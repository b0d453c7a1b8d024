// Correlating sightings into incidents: N observations (default 1,000,000)
// over C constituents (default 1,000, one /24 and one /48 each), 5 actors and
// 30 days. Checks first (every observation lands in exactly the incident its
// constituent, actor and day name; the draft count equals the distinct
// triples), then times Correlate alone (no store).
//   rampart_respond_bench [observations] [constituents]
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <random>
#include <set>
#include <tuple>

#include "rampart/respond/incident.h"

using namespace rampart::respond;

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  uint32_t c = argc > 2 ? static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 1000;
  std::vector<Constituent> constituents(c);
  for (uint32_t i = 0; i < c; ++i) {
    constituents[i].name = fmt::format("Agency {}", i);
    constituents[i].networks = {fmt::format("10.{}.{}.0/24", i / 256, i % 256),
                                fmt::format("2001:db8:{:x}::/48", i)};
    if (!Canonicalize(constituents[i]).ok()) return 2;
  }
  AssetIndex index(constituents);
  std::mt19937_64 rng(7);
  const int64_t day = 86400LL * 1000000, start = 1614556800LL * 1000000;
  std::vector<Observation> obs(n);
  std::set<std::tuple<uint32_t, int, int64_t>> expected;
  for (size_t i = 0; i < n; ++i) {
    uint32_t owner = rng() % c;
    int actor = static_cast<int>(rng() % 5);
    int64_t time = start + static_cast<int64_t>(rng() % (30 * day));
    Observation& o = obs[i];
    o.sighting_id = fmt::format("sighting--{:08x}-0000-4000-8000-{:012x}", i >> 20, i);
    o.indicator_id = "indicator--00000000-0000-4000-8000-000000000001";
    o.rule = "67bce556-312f-4c81-9162-c3c9ff2599b2";
    o.time = time;
    if (rng() % 2) {
      o.server_addresses = {fmt::format("10.{}.{}.{}", owner / 256, owner % 256, 1 + rng() % 250)};
    } else {
      o.server_addresses = {fmt::format("2001:db8:{:x}::{:x}", owner, 1 + rng() % 60000)};
    }
    o.client_addresses = {"203.0.113.7"};
    o.actor_ids = {fmt::format("intrusion-set--00000000-0000-4000-8000-{:012x}", actor)};
    o.actor_names = {fmt::format("Actor {}", actor)};
    expected.emplace(owner, actor, (time - start) / day);
  }
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  auto drafts = Correlate(obs, index, {});
  double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!drafts.ok()) return 2;
  size_t sightings = 0;
  for (const IncidentDraft& d : *drafts) sightings += d.sighting_ids.size();
  bool ok = drafts->size() == expected.size() && sightings == n;
  fmt::print("{}: {} observations, {} constituents -> {} incidents ({} expected), {} sightings placed\n",
             ok ? "check ok" : "CHECK FAILED", n, c, drafts->size(), expected.size(), sightings);
  // CPU time as well: on a shared machine the wall clock measures the neighbours.
  fmt::print("correlate: {:.2f} s wall, {:.2f} s CPU, {:.0f} observations/s (CPU)\n", seconds, cpu, n / cpu);
  return ok ? 0 : 1;
}
