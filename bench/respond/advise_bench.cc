// advise over a large generated constituency: C constituents (default
// 100,000) with S software items each (default 40), against the knowledge
// base's Exchange vulnerabilities (examples/exchange-2021-vulnerabilities.json).
// One constituent in a hundred runs Exchange Server 2016 CU19 before the
// March 2021 update (15.1.2176.2), one in a hundred the patched build
// (15.1.2176.9), one in a hundred CU20 (15.1.2242.4); every other item is one
// of 2,000 other products. Checks first (advisories go to exactly the
// constituents with the unpatched build), then times Advise (dry run: the
// matching and the rendering of every advisory, nothing written) and, apart,
// building the asset index.
//   rampart_advise_bench [constituents] [software-per-constituent]
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rampart/respond/advisory.h"
#include "rampart/respond/outbox.h"
#include "rampart/store/open.h"

using namespace rampart;
using namespace rampart::respond;

namespace {

struct Clocks {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  double Wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(); }
  double Cpu() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

int Fail(const std::string& what) {
  std::fprintf(stderr, "advise_bench: %s\n", what.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const uint32_t count = argc > 1 ? static_cast<uint32_t>(std::strtoul(argv[1], nullptr, 10)) : 100000;
  const uint32_t per = argc > 2 ? static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 40;
  if (count == 0 || per == 0) return Fail("usage: rampart_advise_bench [constituents] [software-per-constituent]");

  // The knowledge base: the vulnerabilities and their mitigations.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("advise-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  auto store = store::OpenStore((dir / "kb.db").string());
  if (!store.ok()) return Fail(std::string(store.status().message()));
  {
    std::ifstream in(std::string(RAMPART_SOURCE_DIR) + "/examples/exchange-2021-vulnerabilities.json");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json bundle = nlohmann::json::parse(text.str(), nullptr, false);
    if (!bundle.is_object()) return Fail("examples/exchange-2021-vulnerabilities.json does not parse");
    auto tx = (*store)->Begin();
    if (!tx.ok()) return Fail(std::string(tx.status().message()));
    for (const nlohmann::json& o : bundle["objects"]) {
      auto object = stix::FromJson(o);
      if (!object.ok() || !(*tx)->Put(*object).ok()) return Fail("cannot store " + o.value("id", std::string()));
    }
    if (!(*tx)->Commit().ok()) return Fail("commit failed");
  }
  auto outbox = Outbox::Open((dir / "kb.db.outbox").string());
  if (!outbox.ok()) return Fail(std::string(outbox.status().message()));

  // The constituency, and who must be warned.
  std::mt19937_64 rng(11);
  std::vector<Constituent> constituents(count);
  std::set<std::string> expected;
  static const char* kSectors[] = {"government-national", "healthcare", "defense", "energy", "education"};
  for (uint32_t i = 0; i < count; ++i) {
    Constituent& c = constituents[i];
    c.name = fmt::format("Agency {:06}", i);
    c.sectors = {kSectors[rng() % 5]};
    c.networks = {fmt::format("10.{}.{}.0/24", i / 256 % 256, i % 256)};
    c.contacts.emails = {fmt::format("soc{}@agency.example.gov", i)};
    uint32_t exchange = static_cast<uint32_t>(rng() % 100);
    for (uint32_t s = 0; s < per; ++s) {
      SoftwareItem item;
      if (s == 0 && exchange < 3) {
        static const char* kBuilds[] = {"15.1.2176.2", "15.1.2176.9", "15.1.2242.4"};
        item = {"Microsoft", "Exchange Server 2016", kBuilds[exchange], ""};
        if (exchange == 0) expected.insert(c.name);
      } else {
        uint32_t p = static_cast<uint32_t>(rng() % 2000);
        item = {fmt::format("Vendor {}", p % 97), fmt::format("Product {}", p),
                fmt::format("{}.{}.{}", rng() % 10, rng() % 20, rng() % 1000), ""};
      }
      c.software.push_back(std::move(item));
    }
    if (Status st = Canonicalize(c); !st.ok()) return Fail(std::string(st.message()));
  }

  Clocks indexing;
  AssetIndex index(std::move(constituents));
  const double index_wall = indexing.Wall(), index_cpu = indexing.Cpu();

  AdviseOptions options;
  options.dry_run = true;
  Clocks advising;
  auto result = Advise(**store, **outbox, index, options);
  const double advise_wall = advising.Wall(), advise_cpu = advising.Cpu();
  if (!result.ok()) return Fail(std::string(result.status().message()));

  std::set<std::string> warned;
  for (const Advisory& a : result->advisories) warned.insert(a.constituent);
  std::filesystem::remove_all(dir);
  if (warned != expected) {
    return Fail(fmt::format("advisories for {} constituents, expected exactly the {} with the unpatched build",
                            warned.size(), expected.size()));
  }
  std::printf("constituents %u x %u software items: %zu advisories (exactly the unpatched ones), %lld triggers\n",
              count, per, warned.size(), static_cast<long long>(result->triggers));
  std::printf("asset index: %.3f s wall, %.3f s CPU\n", index_wall, index_cpu);
  std::printf("advise (dry run): %.3f s wall, %.3f s CPU (target: under 2 s)\n", advise_wall, advise_cpu);
  return 0;
}
