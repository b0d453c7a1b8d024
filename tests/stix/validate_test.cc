#include "rampart/stix/validate.h"

#include <gtest/gtest.h>

namespace rampart::stix {
namespace {

using nlohmann::json;

json Good() {
  return json::parse(R"({"type":"intrusion-set","spec_version":"2.1",
    "id":"intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87","created":"2021-03-02T00:00:00.000Z",
    "modified":"2021-03-03T00:00:00.000Z","name":"HAFNIUM","confidence":85,
    "object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]})");
}

// The Validate() message for `value` ("" if valid).
std::string Check(const json& value) {
  Result<Object> o = FromJson(value);
  if (!o.ok()) return "parse: " + std::string(o.status().message());
  Status s = Validate(*o);
  if (!s.ok()) {
    EXPECT_EQ(GetContext(s)->object_id, o->id);
  }
  return s.ok() ? "" : std::string(s.message());
}

void ExpectError(const json& value, std::string_view fragment) {
  std::string message = Check(value);
  EXPECT_NE(message.find(fragment), std::string::npos) << "got: '" << message << "' want: " << fragment;
}

TEST(Validate, GoodObject) { EXPECT_EQ(Check(Good()), ""); }

json Indicator(std::string_view pattern, std::string_view pattern_type = "stix") {
  json indicator = Good();
  indicator["type"] = "indicator";
  indicator["id"] = "indicator--2688b13e-8e71-405a-9c40-0dee94bddf87";
  indicator["pattern_type"] = pattern_type;
  indicator["valid_from"] = "2021-03-02T00:00:00Z";
  indicator["pattern"] = pattern;
  return indicator;
}

TEST(Validate, StixPatternsMustParse) {
  EXPECT_EQ(Check(Indicator("[ipv4-addr:value = '1.2.3.4']")), "");
  EXPECT_EQ(Check(Indicator("[ipv4-addr:value = '1.2.3.4'")),
            "indicator: property 'pattern' is not a valid STIX pattern: column 29: expected AND, OR or ']', found "
            "end of pattern");
  ExpectError(Indicator("ipv4-addr:value = '1.2.3.4'"), "property 'pattern' is not a valid STIX pattern: column 1");
  ExpectError(Indicator("[file:hashes.MD5 = 'x'] REPEATS 0 TIMES"), "property 'pattern' is not a valid STIX pattern");
  // Other pattern languages are not parsed.
  EXPECT_EQ(Check(Indicator("alert tcp any any -> any any (msg:\"x\";)", "snort")), "");
  // 2.0 qualifiers with pattern_version 2.0 parse as 2.0.
  json v20 = Indicator("[file:name = 'a'] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'");
  EXPECT_NE(Check(v20), "");
  v20["pattern_version"] = "2.0";
  EXPECT_EQ(Check(v20), "");
}

TEST(Validate, MissingRequiredPropertiesAreNamed) {
  for (const char* property : {"name", "created", "modified", "spec_version"}) {
    json v = Good();
    v.erase(property);
    ExpectError(v, std::string("'") + property + "'");
  }
  json indicator = Good();
  indicator["type"] = "indicator";
  indicator["id"] = "indicator--2688b13e-8e71-405a-9c40-0dee94bddf87";
  indicator["pattern_type"] = "stix";
  indicator["valid_from"] = "2021-03-02T00:00:00Z";
  ExpectError(indicator, "'pattern'");
  indicator["pattern"] = "[ipv4-addr:value = '1.2.3.4']";
  EXPECT_EQ(Check(indicator), "");
  indicator["valid_until"] = "2021-03-01T00:00:00Z";
  ExpectError(indicator, "'valid_until' must be later than 'valid_from'");
  json malware = Good();
  malware["type"] = "malware";
  malware["id"] = "malware--2688b13e-8e71-405a-9c40-0dee94bddf87";
  ExpectError(malware, "'is_family'");
  malware["is_family"] = true;
  malware.erase("name");
  ExpectError(malware, "'name' is required when 'is_family' is true");
  json report = Good();
  report["type"] = "report";
  report["id"] = "report--2688b13e-8e71-405a-9c40-0dee94bddf87";
  report["published"] = "2021-03-02T00:00:00Z";
  ExpectError(report, "'object_refs'");
}

TEST(Validate, IdsTimestampsAndRanges) {
  json v = Good();
  v["id"] = "threat-actor--2688b13e-8e71-405a-9c40-0dee94bddf87";
  ExpectError(v, "'id' must start with the object's type");
  v = Good();
  v["id"] = "intrusion-set--not-a-uuid";
  ExpectError(v, "'id'");
  v = Good();
  v["created"] = "2021-03-02 00:00:00";
  ExpectError(v, "'created' must be a timestamp");
  v = Good();
  v["created"] = "2021-03-02T00:00:00Z";
  ExpectError(v, "'created' must have millisecond precision");
  v = Good();
  v["modified"] = "2021-03-01T00:00:00.000Z";
  ExpectError(v, "'modified' must be at or after 'created'");
  v = Good();
  v["confidence"] = 150;
  ExpectError(v, "'confidence' must be an integer from 0 to 100");
  v = Good();
  v["spec_version"] = "2.0";
  ExpectError(v, "'spec_version' must be \"2.1\"");
  v = Good();
  v["aliases"] = json::array();
  ExpectError(v, "'aliases' must not be an empty list");
  v = Good();
  v["goals"] = nullptr;
  ExpectError(v, "'goals' must not be null");
}

TEST(Validate, MarkingRefs) {
  json v = Good();
  v["object_marking_refs"] = {"tlp:amber"};
  ExpectError(v, "'object_marking_refs' must hold STIX ids");
  v["object_marking_refs"] = {"identity--2688b13e-8e71-405a-9c40-0dee94bddf87"};
  ExpectError(v, "'object_marking_refs' must refer to marking-definition");
  v = Good();
  v["granular_markings"] = {{{"selectors", {"name"}}}};
  ExpectError(v, "exactly one of 'marking_ref' or 'lang'");
  v["granular_markings"] = {{{"selectors", {"name"}}, {"marking_ref", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"}}};
  EXPECT_EQ(Check(v), "");
  json tlp = json::parse(R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"red"}})");
  ExpectError(tlp, "says TLP \"red\" but the id is TLP:green");
}

TEST(Validate, CustomNaming) {
  json custom = json::parse(R"({"type":"x-mitre-tactic","spec_version":"2.1",
    "id":"x-mitre-tactic--2688b13e-8e71-405a-9c40-0dee94bddf87","created":"2021-03-02T00:00:00.000Z",
    "modified":"2021-03-02T00:00:00.000Z","x_mitre_shortname":"initial-access"})");
  EXPECT_EQ(Check(custom), "");
  json bad = custom;
  bad["type"] = "mitre-tactic";
  bad["id"] = "mitre-tactic--2688b13e-8e71-405a-9c40-0dee94bddf87";
  ExpectError(bad, "is not a STIX 2.1 type");
  bad = custom;
  bad["x_Mitre_Shortname"] = "x";
  ExpectError(bad, "'x_Mitre_Shortname' is not a valid property name");
  bad = custom;
  bad["type"] = "x--mitre";
  bad["id"] = "x--mitre--2688b13e-8e71-405a-9c40-0dee94bddf87";
  EXPECT_NE(Check(bad), "");
  bad = custom;
  bad.erase("modified");
  ExpectError(bad, "'modified'");
}

TEST(Validate, Relationships) {
  json r = json::parse(R"({"type":"relationship","spec_version":"2.1",
    "id":"relationship--2688b13e-8e71-405a-9c40-0dee94bddf87","created":"2021-03-02T00:00:00.000Z",
    "modified":"2021-03-02T00:00:00.000Z","relationship_type":"attributed-to",
    "source_ref":"intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87",
    "target_ref":"threat-actor--2688b13e-8e71-405a-9c40-0dee94bddf88"})");
  EXPECT_EQ(Check(r), "");
  r["target_ref"] = "malware--2688b13e-8e71-405a-9c40-0dee94bddf88";
  ExpectError(r, "'target_ref' of a 'attributed-to' relationship from intrusion-set must refer to threat-actor");
  r["relationship_type"] = "x-custom-link";
  EXPECT_EQ(Check(r), "");
  r["relationship_type"] = "Uses";
  ExpectError(r, "'relationship_type' must match");
  r["relationship_type"] = "uses";
  r["source_ref"] = "identity--2688b13e-8e71-405a-9c40-0dee94bddf87";
  ExpectError(r, "'uses' is not defined for source type identity");
  r["relationship_type"] = "related-to";
  EXPECT_EQ(Check(r), "");
  r["target_ref"] = "marking-definition--2688b13e-8e71-405a-9c40-0dee94bddf88";
  ExpectError(r, "'target_ref' must not refer to a marking-definition");
  r["target_ref"] = "x-mitre-tactic--2688b13e-8e71-405a-9c40-0dee94bddf88";
  r["relationship_type"] = "targets";
  EXPECT_EQ(Check(r), "");  // custom endpoints accept any spec relationship
  r.erase("source_ref");
  ExpectError(r, "'source_ref' is required");
}

TEST(Validate, Sightings) {
  json s = json::parse(R"({"type":"sighting","spec_version":"2.1",
    "id":"sighting--2688b13e-8e71-405a-9c40-0dee94bddf87","created":"2021-03-02T00:00:00.000Z",
    "modified":"2021-03-02T00:00:00.000Z","sighting_of_ref":"indicator--2688b13e-8e71-405a-9c40-0dee94bddf87",
    "where_sighted_refs":["identity--2688b13e-8e71-405a-9c40-0dee94bddf87"],"count":3})");
  EXPECT_EQ(Check(s), "");
  s["where_sighted_refs"] = {"malware--2688b13e-8e71-405a-9c40-0dee94bddf87"};
  ExpectError(s, "'where_sighted_refs' must refer to identity, location");
  s.erase("where_sighted_refs");
  s["count"] = -1;
  ExpectError(s, "'count'");
}

TEST(Validate, Observables) {
  EXPECT_EQ(Check({{"type", "ipv4-addr"}, {"id", "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db"}, {"value", "198.51.100.7"}}), "");
  ExpectError({{"type", "ipv4-addr"}, {"id", "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db"}}, "'value' is required");
  json file = {{"type", "file"}, {"id", "file--c10ebc4d-e065-5ec7-93e4-fa1fd2bae072"}, {"hashes", {{"md5", "d41d8cd98f00b204e9800998ecf8427e"}}}};
  ExpectError(file, "key 'md5' must be spelled 'MD5'");
  file["hashes"] = {{"MD5", "xyz"}};
  ExpectError(file, "MD5 must be 32 hex digits");
  file["hashes"] = {{"MD5", "d41d8cd98f00b204e9800998ecf8427e"}};
  EXPECT_EQ(Check(file), "");
  ExpectError({{"type", "file"}, {"id", "file--c10ebc4d-e065-5ec7-93e4-fa1fd2bae072"}}, "at least one of 'hashes', 'name'");
  ExpectError({{"type", "process"}, {"id", "process--c10ebc4d-e065-4ec7-93e4-fa1fd2bae072"}}, "at least one property");
}

}  // namespace
}  // namespace rampart::stix
