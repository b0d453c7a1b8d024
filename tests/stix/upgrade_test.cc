#include "rampart/stix/upgrade.h"

#include <gtest/gtest.h>

#include "object_internal.h"
#include "rampart/core/fs.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/validate.h"
#include "support/test_support.h"
#include "upgrade_internal.h"

namespace rampart::stix {
namespace {

using nlohmann::json;

json Upgraded(std::string_view text) {
  Result<std::string> out = UpgradeObjectText(text);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? json::parse(*out) : json();
}

TEST(Upgrade, MalwareGetsTypesAndIsFamily) {
  json m = Upgraded(R"({"type":"malware","id":"malware--1b2c3d4e-0000-4000-8000-000000000001",
    "created":"2017-01-01T00:00:00.000Z","modified":"2017-01-01T00:00:00.000Z","name":"China Chopper","labels":["webshell"],
    "created_by_ref":"identity--1b2c3d4e-0000-4000-8000-000000000002"})");
  EXPECT_EQ(m["spec_version"], "2.1");
  EXPECT_EQ(m["malware_types"], json::array({"webshell"}));
  EXPECT_EQ(m["labels"], json::array({"webshell"}));
  EXPECT_EQ(m["is_family"], true);
  EXPECT_EQ(m["created_by_ref"], "identity--1b2c3d4e-0000-4000-8000-000000000002");
}

TEST(Upgrade, IndicatorPatternTypeAndQualifiers) {
  json i = Upgraded(R"({"type":"indicator","id":"indicator--1b2c3d4e-0000-4000-8000-000000000001",
    "created":"2017-01-01T00:00:00Z","modified":"2017-01-02T00:00:00.5Z","labels":["malicious-activity"],
    "valid_from":"2017-01-01T00:00:00Z",
    "pattern":"[file:name = 'START \\'x\\''] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'"})");
  EXPECT_EQ(i["pattern_type"], "stix");
  EXPECT_EQ(i["indicator_types"], json::array({"malicious-activity"}));
  EXPECT_EQ(i["pattern"], "[file:name = 'START \\'x\\''] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'");
  EXPECT_EQ(i["created"], "2017-01-01T00:00:00.000Z");
  EXPECT_EQ(i["modified"], "2017-01-02T00:00:00.500Z");
  EXPECT_EQ(i["valid_from"], "2017-01-01T00:00:00Z");  // no precision floor: kept
}

TEST(Upgrade, HashNamesAndTlp1Names) {
  json f = Upgraded(R"({"type":"attack-pattern","id":"attack-pattern--1b2c3d4e-0000-4000-8000-000000000001",
    "created":"2017-01-01T00:00:00.000Z","modified":"2017-01-01T00:00:00.000Z","name":"x",
    "external_references":[{"source_name":"s","url":"u","hashes":{"sha256":"ab","md5":"cd","x-custom":"ef"}}]})");
  EXPECT_EQ(f["external_references"][0]["hashes"], (json{{"SHA-256", "ab"}, {"MD5", "cd"}, {"x-custom", "ef"}}));
  json tlp = Upgraded(R"({"type":"marking-definition","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","definition":{"tlp":"green"}})");
  EXPECT_EQ(tlp["name"], "TLP:GREEN");
  EXPECT_EQ(NormalizeHashName("SHA1"), "SHA-1");
  EXPECT_EQ(NormalizeHashName("ssdeep"), "SSDEEP");
  EXPECT_EQ(NormalizeHashName("whirlpool"), "whirlpool");
}

TEST(Upgrade, Stix21IsUntouchedAndBadVersionsFail) {
  std::string v21 = R"({"type":"tool","spec_version":"2.1","id":"tool--1b2c3d4e-0000-4000-8000-000000000001","labels":["x"]})";
  EXPECT_EQ(*UpgradeObjectText(v21), v21);
  json v20 = json::parse(R"({"type":"tool","spec_version":"2.0","id":"tool--1b2c3d4e-0000-4000-8000-000000000001","labels":["x"]})");
  EXPECT_TRUE(IsStix20Object(v20));
  EXPECT_TRUE(UpgradeToV21(v20).ok());
  EXPECT_EQ(v20["spec_version"], "2.1");
  EXPECT_EQ(v20["tool_types"], json::array({"x"}));
  json v3 = {{"type", "tool"}, {"spec_version", "3.0"}};
  EXPECT_FALSE(UpgradeToV21(v3).ok());
  EXPECT_FALSE(UpgradeObjectText("[1]").ok());
  EXPECT_FALSE(UpgradeObjectText("{").ok());
  EXPECT_FALSE(IsStix20Object(json{{"type", "ipv4-addr"}, {"value", "1.2.3.4"}}));
}

// The text route (bulk import) and the JSON route must mean the same thing:
// compare them on every ATT&CK object.
TEST(Upgrade, TextRouteEqualsJsonRouteOnAttack) {
  Result<std::string> text = ReadFile(testing::DataPath("attack/enterprise-attack.json"));
  ASSERT_TRUE(text.ok());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(*text).get(root), simdjson::SUCCESS);
  simdjson::dom::array objects;
  ASSERT_EQ(root["objects"].get_array().get(objects), simdjson::SUCCESS);
  size_t compared = 0;
  for (simdjson::dom::element e : objects) {
    simdjson::dom::object object;
    ASSERT_EQ(e.get_object().get(object), simdjson::SUCCESS);
    std::string minified = simdjson::to_string(e);
    bool reparse = false;
    Result<std::string> fast = internal::UpgradeElement(object, minified, &reparse);
    ASSERT_TRUE(fast.ok());
    json slow = json::parse(minified);
    ASSERT_TRUE(UpgradeToV21(slow).ok());
    ASSERT_EQ(json::parse(*fast), slow) << minified;
    ++compared;
  }
  EXPECT_EQ(compared, 24771u);
}

}  // namespace
}  // namespace rampart::stix
