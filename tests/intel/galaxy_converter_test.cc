// The galaxy -> STIX mapping on hand-made entries and on the real APT40 entry.
#include <gtest/gtest.h>

#include <map>

#include "common/builders.h"
#include "common/json_file.h"
#include "galaxy/galaxy_converter.h"
#include "galaxy/places.h"
#include "support/test_support.h"

namespace rampart::intel::internal {
namespace {

using Json = nlohmann::json;

std::vector<Json> Convert(const Json& document, Batch* out = nullptr) {
  Batch batch;
  Status status = ConvertGalaxy(document, "test.json", batch);
  EXPECT_TRUE(status.ok()) << FormatError(status);
  std::vector<Json> objects;
  for (const auto& candidate : batch.objects) objects.push_back(stix::ToJson(candidate.object));
  if (out) *out = std::move(batch);
  return objects;
}

Json Cluster(const std::string& type, Json values) {
  return {{"type", type}, {"name", type}, {"uuid", "7cdff317-a673-4474-84ec-4f1754947823"},
          {"version", 349}, {"values", values}};
}

const Json* Find(const std::vector<Json>& objects, const std::string& type,
                 const std::string& key, const std::string& value) {
  for (const auto& object : objects) {
    if (object["type"] == type && object.contains(key) && object[key] == value) return &object;
  }
  return nullptr;
}

TEST(GalaxyConverter, ThreatActorBecomesIntrusionSetWithClaims) {
  Json entry = {{"value", "APT40"},
                {"uuid", "5b4b6980-3bc7-11e8-84d6-879aaac37dd9"},
                {"description", "Leviathan is an espionage actor."},
                {"meta",
                 {{"synonyms", {"TEMP.Periscope", "Leviathan", "G0065", "apt40"}},
                  {"country", "CN"},
                  {"cfr-suspected-state-sponsor", "China"},
                  {"attribution-confidence", "50"},
                  {"cfr-target-category", {"Government", "Private sector"}},
                  {"targeted-sector", {"Government, Administration", "Think Tanks"}},
                  {"cfr-suspected-victims", {"United States", "The Philippines", "NATO"}},
                  {"refs", {"https://www.proofpoint.com/us/threat-insight/leviathan"}}}}};
  auto objects = Convert(Cluster("threat-actor", Json::array({entry})));
  const Json* set = Find(objects, "intrusion-set", "name", "APT40");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ((*set)["aliases"], Json({"APT40", "TEMP.Periscope", "Leviathan"}));  // G0065 moved, apt40 = name
  bool has_attack_id = false, has_url = false;
  for (const auto& ref : (*set)["external_references"]) {
    if (ref.value("external_id", "") == "G0065" && ref["source_name"] == "mitre-attack") has_attack_id = true;
    if (ref.value("url", "") == "https://www.proofpoint.com/us/threat-insight/leviathan") has_url = true;
  }
  EXPECT_TRUE(has_attack_id);
  EXPECT_TRUE(has_url);
  EXPECT_EQ((*set)["created_by_ref"], GalaxyIdentityId());
  std::string id = (*set)["id"];

  const Json* china = Find(objects, "location", "country", "CN");
  ASSERT_NE(china, nullptr);
  EXPECT_EQ((*china)["name"], "China");
  const Json* state = Find(objects, "threat-actor", "name", "China");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ((*state)["threat_actor_types"], Json({"nation-state"}));

  std::multimap<std::string, Json> rels;
  for (const auto& object : objects) {
    if (object["type"] == "relationship") rels.emplace(object["relationship_type"], object);
  }
  auto origin = rels.find("originates-from");
  ASSERT_NE(origin, rels.end());
  EXPECT_EQ(origin->second["source_ref"], id);
  EXPECT_EQ(origin->second["target_ref"], (*china)["id"]);
  auto attributed = rels.find("attributed-to");
  ASSERT_NE(attributed, rels.end());
  EXPECT_EQ(attributed->second["source_ref"], id);
  EXPECT_EQ(attributed->second["target_ref"], (*state)["id"]);
  EXPECT_EQ(attributed->second["confidence"], 50);
  EXPECT_EQ(attributed->second["created_by_ref"], GalaxyIdentityId());
  auto located = rels.find("located-at");
  ASSERT_NE(located, rels.end());
  EXPECT_EQ(located->second["source_ref"], (*state)["id"]);

  // Government appears twice (cfr and targeted-sector) but is one target.
  std::map<std::string, int> sector_targets;
  for (auto [it, end] = rels.equal_range("targets"); it != end; ++it) {
    for (const auto& object : objects) {
      if (object["id"] == it->second["target_ref"] && object["type"] == "identity" &&
          object["identity_class"] == "class") {
        ++sector_targets[object["sectors"][0]];
      }
    }
  }
  EXPECT_EQ(sector_targets, (std::map<std::string, int>{
                                {"commercial", 1}, {"government", 1}, {"think-tanks", 1}}));
  EXPECT_NE(Find(objects, "location", "country", "US"), nullptr);
  EXPECT_NE(Find(objects, "location", "country", "PH"), nullptr);
  EXPECT_NE(Find(objects, "identity", "name", "NATO"), nullptr);
}

TEST(GalaxyConverter, IdsAreDeterministic) {
  Json entry = {{"value", "HAFNIUM"}, {"uuid", "4f05d6c1-3fc1-4567-91cd-dd4637cc38b5"},
                {"meta", {{"country", "CN"}}}};
  auto a = Convert(Cluster("threat-actor", Json::array({entry})));
  auto b = Convert(Cluster("threat-actor", Json::array({entry})));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]);
}

TEST(GalaxyConverter, MitreIntrusionSetKeepsTheAttackId) {
  Json entry = {{"value", "Leviathan - G0065"},
                {"uuid", "7113eaa5-ba79-4fb3-b68a-398ee9cd698e"},
                {"meta", {{"external_id", "G0065"}, {"synonyms", {"Leviathan", "APT40"}},
                          {"refs", {"https://attack.mitre.org/groups/G0065"}}}}};
  auto objects = Convert(Cluster("mitre-intrusion-set", Json::array({entry})));
  const Json* set = Find(objects, "intrusion-set", "id",
                         "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ((*set)["name"], "Leviathan");
  EXPECT_EQ((*set)["aliases"], Json({"Leviathan", "APT40"}));
  int attack_refs = 0;
  for (const auto& ref : (*set)["external_references"]) {
    if (ref["source_name"] == "mitre-attack") ++attack_refs;
    if (ref.contains("url")) {
      EXPECT_NE(ref["url"], "https://attack.mitre.org/groups/G0065/");
    }
  }
  EXPECT_EQ(attack_refs, 1);  // the refs URL of the group page is not repeated
}

TEST(GalaxyConverter, ToolsAndMalware) {
  Json tools = Json::array({{{"value", "Tinba"}, {"uuid", "75f53ead-1aee-4f91-8cb9-b4170d747cfc"},
                             {"meta", {{"synonyms", {"Zusy"}}, {"type", {"Banking"}}}}},
                            {{"value", "Mimikatz"}, {"uuid", "7f3a035d-d7f4-4fd7-8d44-d4b1a8a5d5b1"}}});
  auto objects = Convert(Cluster("tool", tools));
  const Json* tinba = Find(objects, "malware", "name", "Tinba");
  ASSERT_NE(tinba, nullptr);
  EXPECT_EQ((*tinba)["is_family"], true);
  EXPECT_EQ((*tinba)["aliases"], Json({"Tinba", "Zusy"}));
  EXPECT_NE(Find(objects, "tool", "name", "Mimikatz"), nullptr);
}

TEST(GalaxyConverter, BadEntriesAreProblemsNotCrashes) {
  Batch batch;
  Json document = Cluster("threat-actor", Json::array({42, {{"value", ""}}, {{"value", "X-Actor"}}}));
  ASSERT_TRUE(ConvertGalaxy(document, "bad.json", batch).ok());
  ASSERT_EQ(batch.problems.size(), 2u);
  EXPECT_EQ(batch.problems[0].object_index, 0);
  EXPECT_EQ(batch.problems[1].object_index, 1);
  EXPECT_FALSE(ConvertGalaxy(Json::array(), "x.json", batch).ok());
  EXPECT_FALSE(ConvertGalaxy(Cluster("unheard-of", Json::array()), "x.json", batch).ok());
}

TEST(GalaxyPlaces, CountriesSectorsRegions) {
  EXPECT_EQ(FindCountry("CN")->name, "China");
  EXPECT_EQ(FindCountry("Iran (Islamic Republic of)")->iso2, "IR");
  EXPECT_EQ(FindCountry("Korea (Democratic People's Republic of)")->iso2, "KP");
  EXPECT_EQ(FindCountry("Russian Federation")->iso2, "RU");
  EXPECT_EQ(FindCountry("The Philippines")->iso2, "PH");
  EXPECT_FALSE(FindCountry("NATO").has_value());
  EXPECT_EQ(SectorValue("Government, Administration"), "government");
  EXPECT_EQ(SectorValue("Telecoms"), "telecommunications");
  EXPECT_EQ(SectorValue("Defense industrial base"), "defense");
  EXPECT_EQ(SectorValue("Pharmacy"), "pharmaceuticals");
  EXPECT_EQ(SectorValue("Think Tanks"), "think-tanks");
  EXPECT_EQ(*FindRegion("Middle East"), "western-asia");
  EXPECT_EQ(SectorIdentity("government")["id"], SectorIdentity("government")["id"]);
}

TEST(GalaxyConverter, RealThreatActorFileConverts) {
  auto document = ReadJsonFile(rampart::testing::DataPath("galaxy/threat-actor.json"));
  ASSERT_TRUE(document.ok());
  Batch batch;
  ASSERT_TRUE(ConvertGalaxy(*document, "threat-actor.json", batch).ok());
  EXPECT_EQ(batch.objects_read, 1041);
  EXPECT_TRUE(batch.problems.empty()) << batch.problems[0].message;
  int sets = 0;
  for (const auto& candidate : batch.objects) sets += candidate.object.type == "intrusion-set";
  EXPECT_EQ(sets, 1041);
}

}  // namespace
}  // namespace rampart::intel::internal
