#include "store_test_util.h"

#include <fmt/format.h>

#include "rampart/store/open.h"

namespace rampart::store::testing {

std::string Id(const std::string& type, int n) {
  return fmt::format("{}--00000000-0000-4000-8000-{:012d}", type, n);
}

nlohmann::json Sdo(const std::string& type, int n, const std::string& name, nlohmann::json extra) {
  nlohmann::json value = {
      {"type", type},
      {"spec_version", "2.1"},
      {"id", Id(type, n)},
      {"created", "2020-01-01T00:00:00.000Z"},
      {"modified", "2020-01-01T00:00:00.000Z"},
  };
  if (!name.empty()) value["name"] = name;
  if (extra.is_object()) value.update(extra);
  return value;
}

nlohmann::json IntrusionSet(int n, const std::string& name, nlohmann::json extra) {
  return Sdo("intrusion-set", n, name, std::move(extra));
}

nlohmann::json Malware(int n, const std::string& name, nlohmann::json extra) {
  nlohmann::json base = {{"is_family", true}};
  if (extra.is_object()) base.update(extra);
  return Sdo("malware", n, name, std::move(base));
}

nlohmann::json AttackPattern(int n, const std::string& name, nlohmann::json extra) {
  return Sdo("attack-pattern", n, name, std::move(extra));
}

nlohmann::json Relationship(int n, const std::string& type, const std::string& source, const std::string& target,
                            nlohmann::json extra) {
  nlohmann::json base = {{"relationship_type", type}, {"source_ref", source}, {"target_ref", target}};
  if (extra.is_object()) base.update(extra);
  return Sdo("relationship", n, "", std::move(base));
}

stix::Object Obj(const nlohmann::json& value) {
  Result<stix::Object> object = stix::ParseObject(value.dump());
  EXPECT_TRUE(object.ok()) << object.status() << " for " << value.dump();
  return object.ok() ? *std::move(object) : stix::Object{};
}

std::unique_ptr<Store> MemoryStore() {
  Result<std::unique_ptr<Store>> store = OpenStore("sqlite::memory:");
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

void PutAll(Store& store, const std::vector<nlohmann::json>& objects) {
  Result<std::unique_ptr<Transaction>> txn = store.Begin();
  ASSERT_TRUE(txn.ok()) << txn.status();
  for (const nlohmann::json& value : objects) {
    Result<PutOutcome> outcome = (*txn)->Put(Obj(value));
    ASSERT_TRUE(outcome.ok()) << outcome.status() << " for " << value.dump();
  }
  Status commit = (*txn)->Commit();
  ASSERT_TRUE(commit.ok()) << commit;
}

std::vector<std::string> Ids(const std::vector<stix::Object>& objects) {
  std::vector<std::string> ids;
  for (const stix::Object& object : objects) ids.push_back(object.id);
  return ids;
}

int64_t CountAll(Store& store) {
  Result<std::vector<TypeCount>> counts = store.CountByType();
  EXPECT_TRUE(counts.ok()) << counts.status();
  int64_t total = 0;
  if (counts.ok()) {
    for (const TypeCount& count : *counts) total += count.objects;
  }
  return total;
}

}  // namespace rampart::store::testing
