// Merging without erasing: ATT&CK + galaxy in both orders, contested and
// generic names, and the merged object's provenance.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/builders.h"
#include "intel_fixture.h"
#include "merge/merge_json.h"
#include "merge/merger.h"

namespace rampart::intel::testing {
namespace {

using Json = nlohmann::json;
constexpr char kLeviathan[] = "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e";
constexpr char kHafnium[] = "intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87";

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<std::string> GalaxyActors() {
  return {Galaxy("mitre-intrusion-set.json"), Galaxy("threat-actor.json")};
}

void ExpectMergedLeviathan(store::Store& store) {
  stix::Object apt40 = One(store, "APT40", "intrusion-set");
  EXPECT_EQ(apt40.id, kLeviathan);
  EXPECT_EQ(apt40.name, "Leviathan");
  auto by_attack_id = store.FindByExternalId("G0065");
  ASSERT_TRUE(by_attack_id.ok());
  int sets = 0;
  for (const auto& object : *by_attack_id) sets += object.type == "intrusion-set";
  EXPECT_EQ(sets, 1);
  EXPECT_EQ(One(store, "TA423", "intrusion-set").id, kLeviathan);  // only the galaxy says TA423
  for (const char* alias : {"TEMP.Periscope", "Gingham Typhoon", "ATK29", "ISLANDDREAMS", "APT40"}) {
    EXPECT_TRUE(Contains(apt40.aliases, alias)) << alias;
  }
  Json json = stix::ToJson(apt40);
  EXPECT_EQ(json["created_by_ref"], internal::kAttackIdentityId);
  ASSERT_TRUE(json.contains("x_rampart_merged_from"));
  std::string galaxy_apt40 =
      internal::DerivedId("intrusion-set", "misp-galaxy:5b4b6980-3bc7-11e8-84d6-879aaac37dd9");
  EXPECT_NE(std::find(json["x_rampart_merged_from"].begin(), json["x_rampart_merged_from"].end(),
                      galaxy_apt40),
            json["x_rampart_merged_from"].end())
      << json["x_rampart_merged_from"].dump();
  std::set<std::string> urls;
  for (const auto& ref : json["external_references"]) urls.insert(ref.value("url", ""));
  EXPECT_TRUE(urls.count("https://www.proofpoint.com/us/threat-insight/post/"
                         "leviathan-espionage-actor-spearphishes-maritime-and-defense-targets"));
  EXPECT_TRUE(urls.count("https://attack.mitre.org/groups/G0065"));
  // Claims stay apart, each with its source.
  auto edges = store.Edges(kLeviathan, store::Direction::kOutgoing);
  ASSERT_TRUE(edges.ok());
  int attack_uses = 0, galaxy_sponsor = 0, galaxy_targets = 0;
  for (const auto& edge : *edges) {
    if (edge.relationship_type == "uses" && edge.created_by_ref == internal::kAttackIdentityId) ++attack_uses;
    if (edge.relationship_type == "attributed-to" &&
        edge.created_by_ref == internal::GalaxyIdentityId()) {
      ++galaxy_sponsor;
    }
    if (edge.relationship_type == "targets" && edge.created_by_ref == internal::GalaxyIdentityId()) {
      ++galaxy_targets;
    }
  }
  EXPECT_GT(attack_uses, 20);
  EXPECT_EQ(galaxy_sponsor, 1);
  EXPECT_GT(galaxy_targets, 3);
}

TEST(Merge, AttackThenGalaxyGivesOneLeviathan) {
  rampart::testing::TempDir dir;
  auto store = AttackStoreCopy(dir);
  ASSERT_NE(store, nullptr);
  ImportReport report = MustImport(*store, GalaxyActors());
  EXPECT_TRUE(report.committed);
  EXPECT_GT(report.merged, 100);
  ExpectMergedLeviathan(*store);
  stix::Object hafnium = One(*store, "HAFNIUM", "intrusion-set");
  EXPECT_EQ(hafnium.id, kHafnium);
  for (const char* alias : {"Silk Typhoon", "ATK233", "MURKY PANDA", "Operation Exchange Marauder"}) {
    EXPECT_TRUE(Contains(hafnium.aliases, alias)) << alias;
  }
  // Re-importing either source leaves the merged actors as they are.
  auto before = store->Get(kLeviathan);
  ASSERT_TRUE(before.ok());
  ImportReport galaxy_again = MustImport(*store, GalaxyActors());
  EXPECT_EQ(galaxy_again.new_versions, 0);
  ImportReport attack_again =
      MustImport(*store, {rampart::testing::DataPath("attack/enterprise-attack.json")});
  EXPECT_EQ(attack_again.inserted, 0);
  EXPECT_EQ(attack_again.new_versions, 0);
  auto after = store->Get(kLeviathan);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(before->json, after->json);
  ExpectMergedLeviathan(*store);
}

// Current id -> modified of every object (what a re-import must not change).
std::map<std::string, std::string> Snapshot(store::Store& store) {
  std::map<std::string, std::string> out;
  auto status = store.Scan({}, [&](const stix::Object& object) {
    out[object.id] = object.modified;
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << FormatError(status);
  return out;
}

std::string Differences(const std::map<std::string, std::string>& before,
                        const std::map<std::string, std::string>& after) {
  std::string out;
  for (const auto& [id, modified] : after) {
    auto it = before.find(id);
    if (it == before.end()) out += "\n  new: " + id;
    else if (it->second != modified) out += "\n  changed: " + id;
  }
  return out;
}

// Regression: after ATT&CK + galaxy, re-importing the galaxy inserted ~11
// objects again (galaxy actors that had been merged into an object that
// another galaxy entry of the same file had joined first).
TEST(Merge, GalaxyReimportAfterAttackInsertsNothing) {
  rampart::testing::TempDir dir;
  auto store = AttackStoreCopy(dir);
  ASSERT_NE(store, nullptr);
  MustImport(*store, GalaxyActors());
  auto before = Snapshot(*store);
  ImportReport again = MustImport(*store, GalaxyActors());
  auto after = Snapshot(*store);
  EXPECT_EQ(again.inserted, 0) << Differences(before, after);
  EXPECT_EQ(again.new_versions, 0) << Differences(before, after);
  EXPECT_EQ(before, after) << Differences(before, after);
}

// Regression: ATT&CK and the galaxy in ONE import. Revoked and deprecated ATT&CK
// sets meet their galaxy twins (same id) instead of the twin being merged by
// name into the set that replaced them: ATT&CK's revoked-by relationship
// stays as ATT&CK wrote it (it became a self-loop), the twin is not a second,
// older version beside ATT&CK's, and importing it all again changes nothing.
TEST(Merge, AttackAndGalaxyInOneImportKeepRevokedSetsAndAreIdempotent) {
  rampart::testing::TempDir dir;
  auto store = EmptyStore(dir);
  ASSERT_NE(store, nullptr);
  std::vector<std::string> paths = {rampart::testing::DataPath("attack/enterprise-attack.json")};
  for (const auto& path : GalaxyActors()) paths.push_back(path);
  MustImport(*store, paths);
  auto revoked_by = store->Get("relationship--49ebf3d0-48f7-4b04-a4e9-dd54a663dae1");
  ASSERT_TRUE(revoked_by.ok()) << FormatError(revoked_by.status());
  EXPECT_EQ(revoked_by->source_ref, "intrusion-set--92d5b3fd-3b39-438e-af68-770e447beada");
  EXPECT_EQ(revoked_by->target_ref, "intrusion-set--f9d6633a-55e6-4adc-9263-6ae080421a13");
  auto night_dragon = store->Get("intrusion-set--23b6a0f5-fa95-46f9-a6f3-4549c5e45ec8");  // deprecated in ATT&CK
  ASSERT_TRUE(night_dragon.ok());
  EXPECT_NE(night_dragon->json.find("x_rampart_sources"), std::string::npos) << night_dragon->json;
  auto before = Snapshot(*store);
  ImportReport again = MustImport(*store, paths);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.new_versions, 0);
  EXPECT_EQ(again.skipped, 0);
  EXPECT_EQ(before, Snapshot(*store)) << Differences(before, Snapshot(*store));
}

TEST(Merge, GalaxyThenAttackGivesTheSameActor) {
  rampart::testing::TempDir dir;
  auto attack_first = AttackStoreCopy(dir);
  ASSERT_NE(attack_first, nullptr);
  MustImport(*attack_first, GalaxyActors());
  auto galaxy_first = EmptyStore(dir, "galaxy-first.db");
  ASSERT_NE(galaxy_first, nullptr);
  MustImport(*galaxy_first, GalaxyActors());
  ImportReport attack = MustImport(*galaxy_first,
                                   {rampart::testing::DataPath("attack/enterprise-attack.json")});
  EXPECT_TRUE(attack.committed);
  ExpectMergedLeviathan(*galaxy_first);
  for (const char* id : {kLeviathan, kHafnium}) {
    auto a = attack_first->Get(id);
    auto b = galaxy_first->Get(id);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(internal::EqualExceptModified(stix::ToJson(*a), stix::ToJson(*b)))
        << a->json << "\n---\n" << b->json;
  }
}

// Two objects from one producer share an alias; a third producer's object
// carrying it must not be merged into either.
TEST(Merge, ContestedMergeIsReportedAndLeftSeparate) {
  rampart::testing::TempDir dir;
  auto store = EmptyStore(dir);
  ASSERT_NE(store, nullptr);
  auto set = [](const char* uuid, const char* name, Json aliases, const char* creator) {
    return Json{{"type", "intrusion-set"}, {"spec_version", "2.1"},
                {"id", std::string("intrusion-set--") + uuid},
                {"created", "2020-01-01T00:00:00.000Z"}, {"modified", "2020-01-01T00:00:00.000Z"},
                {"created_by_ref", creator}, {"name", name}, {"aliases", aliases}};
  };
  const char* vendor_a = "identity--0a0a0a0a-0000-4000-8000-00000000000a";
  const char* vendor_b = "identity--0b0b0b0b-0000-4000-8000-00000000000b";
  Json a = {{"type", "bundle"}, {"id", "bundle--11111111-1111-4111-8111-111111111111"},
            {"objects", {set("a1a1a1a1-0000-4000-8000-000000000001", "Copper Falcon",
                             {"Copper Falcon", "Storm Petrel"}, vendor_a),
                         set("a1a1a1a1-0000-4000-8000-000000000002", "Iron Heron",
                             {"Iron Heron", "Storm Petrel"}, vendor_a),
                         set("a1a1a1a1-0000-4000-8000-000000000003", "Unknown",
                             {"Unknown", "APT"}, vendor_a)}}};
  Json b = {{"type", "bundle"}, {"id", "bundle--22222222-2222-4222-8222-222222222222"},
            {"objects", {set("b2b2b2b2-0000-4000-8000-000000000001", "Petrel Cluster",
                             {"Petrel Cluster", "Storm Petrel"}, vendor_b),
                         set("b2b2b2b2-0000-4000-8000-000000000002", "Unknown",
                             {"Unknown", "APT"}, vendor_b),
                         set("b2b2b2b2-0000-4000-8000-000000000003", "COPPER-FALCON",
                             {"COPPER-FALCON", "Bronze Kite"}, vendor_b)}}};
  rampart::testing::WriteFile(dir.File("a.json"), a.dump());
  rampart::testing::WriteFile(dir.File("b.json"), b.dump());
  ImportReport first = MustImport(*store, {dir.File("a.json")});
  EXPECT_EQ(first.inserted, 3);
  EXPECT_EQ(first.merged, 0);  // one producer's objects are distinct by its own account
  ImportReport second = MustImport(*store, {dir.File("b.json")});
  ASSERT_EQ(second.contested.size(), 1u);
  const ContestedMerge& contested = second.contested[0];
  EXPECT_EQ(contested.incoming_id, "intrusion-set--b2b2b2b2-0000-4000-8000-000000000001");
  EXPECT_EQ(contested.alias, "Storm Petrel");
  EXPECT_EQ(contested.existing_ids,
            (std::vector<std::string>{"intrusion-set--a1a1a1a1-0000-4000-8000-000000000001",
                                      "intrusion-set--a1a1a1a1-0000-4000-8000-000000000002"}));
  EXPECT_TRUE(store->Get("intrusion-set--b2b2b2b2-0000-4000-8000-000000000001").ok());
  // "Unknown"/"APT" are generic: no merge. COPPER-FALCON = Copper Falcon: merged.
  EXPECT_EQ(second.merged, 1);
  EXPECT_TRUE(store->Get("intrusion-set--b2b2b2b2-0000-4000-8000-000000000002").ok());
  stix::Object falcon = One(*store, "Bronze Kite", "intrusion-set");
  EXPECT_EQ(falcon.id, "intrusion-set--a1a1a1a1-0000-4000-8000-000000000001");
  EXPECT_EQ(falcon.name, "Copper Falcon");
  auto unknown = store->FindByName("Unknown", {"intrusion-set"});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->size(), 2u);
}

TEST(Merge, GenericNames) {
  EXPECT_TRUE(internal::IsGenericName("unknown"));
  EXPECT_TRUE(internal::IsGenericName("apt"));
  EXPECT_TRUE(internal::IsGenericName("12"));
  EXPECT_FALSE(internal::IsGenericName("apt40"));
  EXPECT_FALSE(internal::IsGenericName("hafnium"));
}

}  // namespace
}  // namespace rampart::intel::testing
