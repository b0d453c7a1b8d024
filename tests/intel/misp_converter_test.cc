// MISP attributes and events -> STIX, without a store.
#include <gtest/gtest.h>

#include <set>

#include "common/json_file.h"
#include "misp/misp_attributes.h"
#include "misp/misp_event.h"
#include "rampart/stix/marking.h"
#include "rampart/stix/validate.h"

namespace rampart::intel::internal {
namespace {

using Json = nlohmann::json;

std::string Data(const std::string& name) { return std::string(RAMPART_INTEL_TEST_DATA) + "/" + name; }

TEST(MispAttributes, ScoIdsFollowTheSpecGoldenVectors) {
  EXPECT_EQ(ScoId({{"type", "ipv4-addr"}, {"value", "198.51.100.7"}}),
            "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db");
  EXPECT_EQ(ScoId({{"type", "domain-name"}, {"value", "c2.example"}}),
            "domain-name--48a20b60-d03a-5e96-ad43-977ad0c63d84");
  EXPECT_EQ(ScoId({{"type", "file"}, {"name", "a.exe"}}),
            "file--c10ebc4d-e065-5ec7-93e4-fa1fd2bae072");
  EXPECT_EQ(ScoId({{"type", "file"},
                   {"name", "a.exe"},
                   {"hashes",
                    {{"MD5", "d41d8cd98f00b204e9800998ecf8427e"},
                     {"SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}}}),
            "file--7e567502-8994-53ff-9c69-79240cae362d");
  EXPECT_EQ(ScoId({{"type", "email-addr"}, {"value", "jdoe@example.com"}}),
            "email-addr--6deb37bd-12b7-54ae-805f-5f7146f3d171");
  EXPECT_EQ(ScoId({{"type", "url"}, {"value", "https://example.com/"}}),
            "url--be22e93a-5e33-5678-b19f-8b4ea06df0bd");
}

TEST(MispAttributes, PatternsPerType) {
  EXPECT_EQ(AttributeObservable("ip-dst", "198.51.100.7")->pattern,
            "[ipv4-addr:value = '198.51.100.7']");
  EXPECT_EQ(AttributeObservable("ip-src", "2001:db8::1")->pattern, "[ipv6-addr:value = '2001:db8::1']");
  EXPECT_EQ(AttributeObservable("ip-dst|port", "192.0.2.1|443")->pattern,
            "[ipv4-addr:value = '192.0.2.1']");
  EXPECT_EQ(AttributeObservable("domain", "C2.Example")->pattern, "[domain-name:value = 'c2.example']");
  EXPECT_EQ(AttributeObservable("url", "http://x.example/a'b")->pattern,
            "[url:value = 'http://x.example/a\\'b']");
  EXPECT_EQ(AttributeObservable("sha256", std::string(64, 'a'))->pattern,
            "[file:hashes.'SHA-256' = '" + std::string(64, 'a') + "']");
  EXPECT_EQ(AttributeObservable("filename|md5", "a.exe|" + std::string(32, 'B'))->pattern,
            "[file:name = 'a.exe' AND file:hashes.'MD5' = '" + std::string(32, 'b') + "']");
  auto both = AttributeObservable("domain|ip", "evil.example|192.0.2.9");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->scos.size(), 2u);
  EXPECT_EQ(both->pattern, "[domain-name:value = 'evil.example'] AND [ipv4-addr:value = '192.0.2.9']");
  EXPECT_EQ(AttributeObservable("AS", "AS64496")->pattern, "[autonomous-system:number = 64496]");
  EXPECT_FALSE(AttributeObservable("md5", "not-a-hash"));
  EXPECT_FALSE(AttributeObservable("ip-src", "999.1.1.1"));
  EXPECT_FALSE(AttributeObservable("text", "anything"));
}

TEST(MispEvent, HafniumEventConverts) {
  auto document = ReadJsonFile(Data("hafnium-event.json"));
  ASSERT_TRUE(document.ok()) << FormatError(document.status());
  ASSERT_TRUE(LooksLikeMispEvent(*document));
  Batch batch;
  ASSERT_TRUE(ConvertMispEvent(*document, "hafnium-event.json", batch).ok());
  EXPECT_TRUE(batch.problems.empty());
  std::map<std::string, int> types;
  const stix::Object* report = nullptr;
  std::string amber(stix::TlpMarkingId(stix::TlpLevel::kAmber));
  std::string red(stix::TlpMarkingId(stix::TlpLevel::kRed));
  for (const auto& candidate : batch.objects) {
    const stix::Object& object = candidate.object;
    ++types[object.type];
    EXPECT_TRUE(stix::Validate(object).ok()) << object.json << "\n" << stix::Validate(object).message();
    if (object.type == "report") report = &object;
    if (object.type == "indicator") {
      ASSERT_EQ(object.object_marking_refs.size(), 1u);
      bool is_md5 = object.json.find("4b3039cf227c611c45d2242d1228a121") != std::string::npos;
      EXPECT_EQ(object.object_marking_refs[0], is_md5 ? red : amber) << object.json;
    }
  }
  // 7 to_ids attributes with an observable (the bad md5 is not one).
  EXPECT_EQ(types["indicator"], 7);
  EXPECT_EQ(types["vulnerability"], 1);
  EXPECT_EQ(types["intrusion-set"], 1);
  EXPECT_EQ(types["report"], 1);
  EXPECT_EQ(types["marking-definition"] > 0, true);
  EXPECT_EQ(types["relationship"], 8);  // 7 indicates + 1 targets (CVE)
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report->id, "report--5f3a9c1e-8b7d-4e2a-9c3b-1a2b3c4d5e6f");
  EXPECT_EQ(report->created_by_ref, "identity--55f6ea5e-2c60-40e5-964f-47a8950d210f");
  EXPECT_EQ(report->object_marking_refs, std::vector<std::string>{amber});
  Json json = stix::ToJson(*report);
  EXPECT_EQ(json["published"], "2021-03-03T01:00:00.000Z");
  std::set<std::string> refs(json["object_refs"].begin(), json["object_refs"].end());
  for (const auto& candidate : batch.objects) {
    const auto& type = candidate.object.type;
    if (type == "report" || type == "marking-definition" || type == "identity") continue;
    EXPECT_TRUE(refs.count(candidate.object.id)) << candidate.object.id;
  }
}

TEST(MispEvent, NotAnEvent) {
  Batch batch;
  EXPECT_FALSE(ConvertMispEvent(Json::object({{"Event", 3}}), "x.json", batch).ok());
  EXPECT_FALSE(ConvertMispEvent(Json::array({1, 2}), "x.json", batch).ok());
  // Mistyped members are tolerated field by field, never a crash.
  Json odd = {{"Event", {{"Attribute", {{{"type", 5}}, 7, {{"type", "ip-src"}, {"value", "192.0.2.1"}}}},
                         {"Tag", "tlp:red"}, {"Orgc", 1}, {"timestamp", "not-a-time"}}}};
  Batch b2;
  EXPECT_TRUE(ConvertMispEvent(odd, "odd.json", b2).ok());
  EXPECT_EQ(b2.problems.size(), 2u);
}

}  // namespace
}  // namespace rampart::intel::internal
