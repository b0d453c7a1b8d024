#include "attack_import.h"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "support/bench_clock.h"

namespace rampart::bench {
namespace {

// The bench measures the store, not the STIX 2.0 -> 2.1 upgrade.
std::string Upgrade(std::string_view json) {
  nlohmann::json value = nlohmann::json::parse(json);
  if (!value.contains("spec_version")) value["spec_version"] = "2.1";
  if (value["type"] == "malware" && !value.contains("is_family")) value["is_family"] = true;
  return value.dump();
}

}  // namespace

void Fail(const std::string& what) {
  fmt::print(stderr, "CHECK FAILED: {}\n", what);
  std::exit(1);
}

std::vector<stix::Object> LoadAttackObjects(const std::string& path) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text) != simdjson::SUCCESS) Fail("cannot read " + path);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text).get(root) != simdjson::SUCCESS) Fail("cannot parse " + path);
  std::vector<stix::Object> objects;
  for (simdjson::dom::element element : root["objects"].get_array()) {
    auto object = stix::ParseObject(Upgrade(simdjson::minify(element)));
    if (!object.ok()) Fail(std::string(object.status().message()));
    objects.push_back(*std::move(object));
  }
  return objects;
}

ImportTimes ImportAll(store::Store& store, const std::vector<stix::Object>& objects) {
  Timer timer;
  auto txn = store.Begin();
  if (!txn.ok()) Fail("begin: " + std::string(txn.status().message()));
  for (const stix::Object& object : objects) {
    auto outcome = (*txn)->Put(object);
    if (!outcome.ok() || *outcome != store::PutOutcome::kInserted) Fail("put " + object.id);
  }
  Timer commit_timer;
  Status commit = (*txn)->Commit();
  if (!commit.ok()) Fail("commit: " + std::string(commit.message()));
  return {timer.Wall(), timer.CpuSeconds(), commit_timer.Wall()};
}

void CheckAttackStore(store::Store& store, size_t objects) {
  int64_t total = 0;
  Result<std::vector<store::TypeCount>> counts = store.CountByType();
  if (!counts.ok()) Fail("count: " + std::string(counts.status().message()));
  for (const store::TypeCount& count : *counts) total += count.objects;
  if (total != static_cast<int64_t>(objects)) Fail(fmt::format("{} objects stored, {} expected", total, objects));
  auto apt40 = store.FindByName("APT 40", {"intrusion-set"});
  if (!apt40.ok() || apt40->size() != 1 || (*apt40)[0].name != "Leviathan") Fail("APT 40 is not Leviathan");
  auto edges = store.Edges((*apt40)[0].id, store::Direction::kOutgoing);
  if (!edges.ok() || edges->empty()) Fail("Leviathan has no edges");
  auto hits = store.Search("spearphishing attachment", "attack-pattern", 5);
  if (!hits.ok() || hits->empty()) Fail("search found nothing");
}

}  // namespace rampart::bench
