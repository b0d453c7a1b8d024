#include "rampart/stix/object.h"

#include <gtest/gtest.h>

#include "rampart/core/status.h"

namespace rampart::stix {
namespace {

constexpr const char* kIntrusionSet = R"({
  "type": "intrusion-set",
  "id": "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e",
  "created": "2018-04-18T17:59:24.739Z",
  "name": "Leviathan",
  "aliases": ["Leviathan", "APT40", "TEMP.Periscope", "APT40"],
  "x_mitre_aliases": ["BRONZE MOHAWK", "APT40"],
  "x_mitre_deprecated": false,
  "revoked": false,
  "confidence": 85,
  "created_by_ref": "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5",
  "object_marking_refs": ["marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"],
  "external_references": [
    {"source_name": "mitre-attack", "external_id": "G0065", "url": "https://x"},
    {"source_name": "Proofpoint", "description": "no id"}
  ],
  "description": "Leviathan is a \"cyber espionage\" group"
})";

TEST(ParseObject, FillsEveryIndexedMember) {
  Result<Object> o = ParseObject(kIntrusionSet);
  ASSERT_TRUE(o.ok()) << FormatError(o.status());
  EXPECT_EQ(o->id, "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e");
  EXPECT_EQ(o->type, "intrusion-set");
  EXPECT_EQ(o->spec_version, "");  // absent and not an SCO: left empty for Validate to judge
  EXPECT_EQ(o->created, "2018-04-18T17:59:24.739Z");
  EXPECT_EQ(o->modified, o->created);
  EXPECT_EQ(o->name, "Leviathan");
  EXPECT_EQ(o->aliases, (std::vector<std::string>{"APT40", "TEMP.Periscope", "BRONZE MOHAWK"}));
  ASSERT_EQ(o->external_ids.size(), 1u);
  EXPECT_EQ(o->external_ids[0], (ExternalId{"mitre-attack", "G0065"}));
  EXPECT_EQ(o->confidence, 85);
  EXPECT_EQ(o->created_by_ref, "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5");
  EXPECT_EQ(o->object_marking_refs.size(), 1u);
  EXPECT_EQ(o->description, "Leviathan is a \"cyber espionage\" group");
  EXPECT_FALSE(o->revoked);
  EXPECT_FALSE(o->deprecated);
  EXPECT_EQ(o->json.find('\n'), std::string::npos);
  EXPECT_EQ(o->json.rfind(R"({"type":"intrusion-set","id":)", 0), 0u) << o->json;
}

TEST(ParseObject, RelationshipAndSightingRefs) {
  Result<Object> r = ParseObject(R"({"type":"relationship","spec_version":"2.1",
    "id":"relationship--1b2c3d4e-0000-4000-8000-000000000001",
    "created":"2020-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z",
    "relationship_type":"attributed-to",
    "source_ref":"campaign--1b2c3d4e-0000-4000-8000-000000000002",
    "target_ref":"intrusion-set--1b2c3d4e-0000-4000-8000-000000000003"})");
  ASSERT_TRUE(r.ok()) << FormatError(r.status());
  EXPECT_EQ(r->relationship_type, "attributed-to");
  EXPECT_EQ(r->source_ref, "campaign--1b2c3d4e-0000-4000-8000-000000000002");
  EXPECT_EQ(r->target_ref, "intrusion-set--1b2c3d4e-0000-4000-8000-000000000003");
  EXPECT_EQ(r->modified, "2021-01-01T00:00:00.000Z");

  Result<Object> s = ParseObject(R"({"type":"sighting","spec_version":"2.1",
    "id":"sighting--1b2c3d4e-0000-4000-8000-000000000004",
    "created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z",
    "sighting_of_ref":"indicator--1b2c3d4e-0000-4000-8000-000000000005",
    "where_sighted_refs":["identity--1b2c3d4e-0000-4000-8000-000000000006",
                          "location--1b2c3d4e-0000-4000-8000-000000000007"],
    "observed_data_refs":["observed-data--1b2c3d4e-0000-4000-8000-000000000008"]})");
  ASSERT_TRUE(s.ok()) << FormatError(s.status());
  EXPECT_EQ(s->source_ref, "indicator--1b2c3d4e-0000-4000-8000-000000000005");
  EXPECT_EQ(s->target_ref, "identity--1b2c3d4e-0000-4000-8000-000000000006");
  EXPECT_EQ(s->where_sighted_refs.size(), 2u);
  EXPECT_EQ(s->observed_data_refs.size(), 1u);
}

TEST(ParseObject, ScoNameIsValueAndSpecVersionDefaults) {
  Result<Object> o = ParseObject(
      R"({"type":"ipv4-addr","id":"ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db","value":"198.51.100.7"})");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->name, "198.51.100.7");
  EXPECT_EQ(o->spec_version, "2.1");
  EXPECT_TRUE(o->created.empty());
}

TEST(ParseObject, DeprecatedAndRevoked) {
  Result<Object> o = ParseObject(R"({"type":"attack-pattern","id":"attack-pattern--1b2c3d4e-0000-4000-8000-000000000001",
    "revoked":true,"x_mitre_deprecated":true,"name":"Old"})");
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->revoked);
  EXPECT_TRUE(o->deprecated);
}

TEST(ParseObject, ErrorsNameTheProperty) {
  auto message = [](std::string_view text) {
    Result<Object> o = ParseObject(text);
    EXPECT_FALSE(o.ok()) << text;
    return o.ok() ? std::string() : std::string(o.status().message());
  };
  EXPECT_NE(message(R"({"type":"tool"})").find("'id'"), std::string::npos);
  EXPECT_NE(message(R"({"id":"tool--1b2c3d4e-0000-4000-8000-000000000001"})").find("'type'"),
            std::string::npos);
  EXPECT_NE(message(R"({"type":"tool","id":"tool-1234"})").find("'id'"), std::string::npos);
  EXPECT_NE(message(R"({"type":"tool","id":"tool--1b2c3d4e-0000-4000-8000-000000000001","confidence":"high"})")
                .find("'confidence'"),
            std::string::npos);
  EXPECT_NE(message(R"({"type":"tool","id":"tool--1b2c3d4e-0000-4000-8000-000000000001","aliases":"x"})")
                .find("'aliases'"),
            std::string::npos);
  EXPECT_NE(message("[1,2]").find("JSON object"), std::string::npos);
  EXPECT_NE(message("{\"type\": ").find("JSON"), std::string::npos);
  EXPECT_EQ(ParseObject("{\"type\":\"tool\"}").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FromJson, RoundTripsThroughToJson) {
  nlohmann::json value = nlohmann::json::parse(kIntrusionSet);
  Result<Object> o = FromJson(value);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(ToJson(*o), value);
  EXPECT_EQ(o->name, "Leviathan");
  nlohmann::json bad = "\xff\xfe";  // invalid UTF-8 cannot be serialised
  EXPECT_FALSE(FromJson(nlohmann::json{{"type", bad}}).ok());
}

TEST(Ids, TypeOfIdAndIsValidId) {
  EXPECT_EQ(TypeOfId("intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e"), "intrusion-set");
  EXPECT_EQ(TypeOfId("nonsense"), "");
  EXPECT_TRUE(IsValidId("x-mitre-tactic--7113eaa5-ba79-4fb3-b68a-398ee9cd698e"));
  EXPECT_FALSE(IsValidId("Intrusion-Set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e"));
  EXPECT_FALSE(IsValidId("intrusion-set--7113eaa5"));
  EXPECT_FALSE(IsValidId("--7113eaa5-ba79-4fb3-b68a-398ee9cd698e"));
}

}  // namespace
}  // namespace rampart::stix
