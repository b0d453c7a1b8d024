// Import order: ATT&CK then malpedia and malpedia then ATT&CK resolve a
// name-to-name match the same way: an alias the incoming object shares with
// another object must not split a family in one order only.
#include <gtest/gtest.h>

#include <algorithm>

#include "intel_fixture.h"

namespace rampart::intel::testing {
namespace {

bool HasAttackId(const stix::Object& object, const std::string& id) {
  return std::any_of(object.external_ids.begin(), object.external_ids.end(), [&](const auto& e) {
    return e.source_name == "mitre-attack" && e.external_id == id;
  });
}

void ExpectOneFamily(store::Store& store, const std::string& order) {
  SCOPED_TRACE(order);
  // BLACKCOFFEE's alias ZoxPNG is also an alias of ATT&CK's Zox.
  stix::Object blackcoffee = One(store, "BLACKCOFFEE", "malware");
  EXPECT_TRUE(HasAttackId(blackcoffee, "S0069")) << blackcoffee.json.substr(0, 400);
  auto zox = store.FindByName("Zox", {"malware"});
  ASSERT_TRUE(zox.ok());
  EXPECT_FALSE(zox->empty());
  for (const auto& z : *zox) EXPECT_NE(z.id, blackcoffee.id);
}

TEST(ImportOrder, NameToNameMatchBeatsASharedAliasInEitherOrder) {
  rampart::testing::TempDir dir;
  auto attack_first = AttackStoreCopy(dir);
  ASSERT_NE(attack_first, nullptr);
  MustImport(*attack_first, {Galaxy("malpedia.json")});
  ExpectOneFamily(*attack_first, "ATT&CK, then malpedia");

  auto galaxy_first = EmptyStore(dir, "galaxy-first.db");
  ASSERT_NE(galaxy_first, nullptr);
  MustImport(*galaxy_first, {Galaxy("malpedia.json")});
  MustImport(*galaxy_first, {rampart::testing::DataPath("attack/enterprise-attack.json")});
  ExpectOneFamily(*galaxy_first, "malpedia, then ATT&CK");
}

}  // namespace
}  // namespace rampart::intel::testing
