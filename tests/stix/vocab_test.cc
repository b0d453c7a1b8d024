#include "rampart/stix/vocab.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rampart/core/fs.h"
#include "support/test_support.h"

namespace rampart::stix {
namespace {

TEST(Vocab, Families) {
  EXPECT_TRUE(IsSdoType("intrusion-set"));
  EXPECT_TRUE(IsScoType("ipv4-addr"));
  EXPECT_TRUE(IsSroType("sighting"));
  EXPECT_TRUE(IsSmoType("extension-definition"));
  EXPECT_FALSE(IsSpecType("x-mitre-tactic"));
  EXPECT_TRUE(IsCustomType("x-mitre-tactic"));
  EXPECT_TRUE(IsValidTypeName("x-mitre-data-component"));
  EXPECT_FALSE(IsValidTypeName("X-Mitre"));
  EXPECT_FALSE(IsValidTypeName("ab"));
  EXPECT_FALSE(IsValidTypeName("a--b"));
  EXPECT_TRUE(IsValidPropertyName("x_mitre_aliases"));
  EXPECT_TRUE(IsValidPropertyName("id"));
  EXPECT_FALSE(IsValidPropertyName("xy"));
  EXPECT_FALSE(IsValidPropertyName("Name"));
}

TEST(Vocab, SizesFromTheDigest) {
  EXPECT_EQ(IndustrySectorOv().size(), 34u);
  EXPECT_EQ(ThreatActorTypeOv().size(), 12u);
  EXPECT_EQ(AttackMotivationOv().size(), 10u);
  EXPECT_EQ(IdentityClassOv().size(), 6u);
  EXPECT_EQ(ReportTypeOv().size(), 11u);
  EXPECT_EQ(IndicatorTypeOv().size(), 7u);
  EXPECT_EQ(RegionOv().size(), 29u);
  EXPECT_TRUE(InVocab(IndustrySectorOv(), "pharmaceuticals"));
  EXPECT_TRUE(InVocab(ReportTypeOv(), "intrusion-set"));
  EXPECT_FALSE(InVocab(IndustrySectorOv(), "engineering"));
}

// Every enum in the OASIS schema for a property must be in our table (the
// digest notes the schema's extra `engineering` sector and missing
// `intrusion-set` report type; those are the only differences allowed).
TEST(Vocab, AgreesWithTheOasisSchemas) {
  struct Case {
    const char* schema;
    const char* property;
    Vocab vocab;
  };
  const Case cases[] = {
      {"sdos/identity.json", "identity_class", IdentityClassOv()},
      {"sdos/identity.json", "sectors", IndustrySectorOv()},
      {"sdos/threat-actor.json", "threat_actor_types", ThreatActorTypeOv()},
      {"sdos/threat-actor.json", "roles", ThreatActorRoleOv()},
      {"sdos/threat-actor.json", "sophistication", ThreatActorSophisticationOv()},
      {"sdos/threat-actor.json", "resource_level", AttackResourceLevelOv()},
      {"sdos/threat-actor.json", "primary_motivation", AttackMotivationOv()},
      {"sdos/malware.json", "malware_types", MalwareTypeOv()},
      {"sdos/tool.json", "tool_types", ToolTypeOv()},
      {"sdos/indicator.json", "indicator_types", IndicatorTypeOv()},
      {"sdos/infrastructure.json", "infrastructure_types", InfrastructureTypeOv()},
      {"sdos/location.json", "region", RegionOv()},
      {"sdos/grouping.json", "context", GroupingContextOv()},
      {"sdos/opinion.json", "opinion", OpinionEnum()},
      {"sdos/malware.json", "implementation_languages", ImplementationLanguageOv()},
      {"sdos/malware.json", "architecture_execution_envs", ProcessorArchitectureOv()},
  };
  for (const Case& c : cases) {
    Result<std::string> text = ReadFile(testing::DataPath(std::string("stix-schemas/schemas/") + c.schema));
    ASSERT_TRUE(text.ok()) << c.schema;
    // Find the property's enum anywhere under it (items, oneOf, allOf …).
    std::vector<std::string> values;
    std::function<void(const nlohmann::json&, bool)> walk = [&](const nlohmann::json& j, bool inside) {
      if (j.is_object()) {
        for (auto& [k, v] : j.items()) {
          if (inside && (k == "enum") && v.is_array()) {
            for (auto& e : v) values.push_back(e.get<std::string>());
          }
          walk(v, inside || k == c.property);
        }
      } else if (j.is_array()) {
        for (auto& v : j) walk(v, inside);
      }
    };
    walk(nlohmann::json::parse(*text), false);
    size_t missing = 0;
    for (const std::string& v : values) {
      if (!InVocab(c.vocab, v) && v != "engineering") {
        ++missing;
        ADD_FAILURE() << c.schema << " " << c.property << ": '" << v << "' not in our table";
      }
    }
    EXPECT_EQ(missing, 0u);
  }
}

}  // namespace
}  // namespace rampart::stix
