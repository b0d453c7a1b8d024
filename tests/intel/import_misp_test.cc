// MISP events and feeds through the importer, on top of ATT&CK so that
// galaxy tags resolve to the ATT&CK intrusion sets.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "intel_fixture.h"
#include "rampart/stix/marking.h"

namespace rampart::intel::testing {
namespace {

constexpr char kLeviathan[] = "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e";
constexpr char kHafnium[] = "intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87";

TEST(ImportMisp, EventBecomesReportLinkedToTheStoredActor) {
  rampart::testing::TempDir dir;
  auto store = AttackStoreCopy(dir);
  ASSERT_NE(store, nullptr);
  ImportReport report = MustImport(*store, {TestData("hafnium-event.json")});
  ASSERT_TRUE(report.committed);
  EXPECT_TRUE(report.problems.empty()) << report.problems[0].message;
  auto event = store->Get("report--5f3a9c1e-8b7d-4e2a-9c3b-1a2b3c4d5e6f");
  ASSERT_TRUE(event.ok()) << FormatError(event.status());
  EXPECT_EQ(event->created_by_ref, "identity--55f6ea5e-2c60-40e5-964f-47a8950d210f");
  EXPECT_EQ(event->object_marking_refs,
            std::vector<std::string>{std::string(stix::TlpMarkingId(stix::TlpLevel::kAmber))});
  nlohmann::json json = stix::ToJson(*event);
  std::set<std::string> refs(json["object_refs"].begin(), json["object_refs"].end());
  EXPECT_TRUE(refs.count(kHafnium));  // the tag resolved to ATT&CK's HAFNIUM, no new actor
  EXPECT_EQ(One(*store, "HAFNIUM", "intrusion-set").id, kHafnium);
  auto indicates = store->Edges(kHafnium, store::Direction::kIncoming);
  ASSERT_TRUE(indicates.ok());
  int from_event = 0;
  for (const auto& edge : *indicates) {
    if (edge.relationship_type == "indicates" &&
        edge.created_by_ref == "identity--55f6ea5e-2c60-40e5-964f-47a8950d210f") {
      ++from_event;
    }
  }
  EXPECT_EQ(from_event, 7);
  auto cve = store->FindByExternalId("CVE-2021-26855");
  ASSERT_TRUE(cve.ok());
  ASSERT_EQ(cve->size(), 1u);
  EXPECT_EQ((*cve)[0].type, "vulnerability");
  auto ip = store->FindByName("203.0.113.17", {"ipv4-addr"});
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->size(), 1u);

  ImportReport again = MustImport(*store, {TestData("hafnium-event.json")});
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.new_versions, 0);
}

TEST(ImportMisp, FeedFolder) {
  rampart::testing::TempDir dir;
  auto store = AttackStoreCopy(dir);
  ASSERT_NE(store, nullptr);
  ImportReport report = MustImport(*store, {TestData("misp-feed")});
  ASSERT_TRUE(report.committed);
  EXPECT_TRUE(store->Get("report--5f3a9c1e-8b7d-4e2a-9c3b-1a2b3c4d5e6f").ok());
  auto second = store->Get("report--0c6d2a8e-1f4b-4e7a-8d3c-2b1a0f9e8d7c");
  ASSERT_TRUE(second.ok());
  nlohmann::json json = stix::ToJson(*second);
  std::set<std::string> refs(json["object_refs"].begin(), json["object_refs"].end());
  EXPECT_TRUE(refs.count(kLeviathan));  // "APT 40" resolves through ATT&CK's aliases
  EXPECT_EQ(second->object_marking_refs,
            std::vector<std::string>{std::string(stix::TlpMarkingId(stix::TlpLevel::kGreen))});
  // Both events name CVE-2021-26855: one vulnerability.
  auto cve = store->FindByExternalId("CVE-2021-26855");
  ASSERT_TRUE(cve.ok());
  EXPECT_EQ(cve->size(), 1u);
  // The manifest.json given as a file imports the same feed.
  ImportReport again = MustImport(*store, {TestData("misp-feed/manifest.json")});
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.new_versions, 0);
}

TEST(ImportMisp, MissingFeedEventIsAnError) {
  rampart::testing::TempDir dir;
  auto store = EmptyStore(dir);
  ASSERT_NE(store, nullptr);
  std::filesystem::create_directories(dir.File("feed"));
  rampart::testing::WriteFile(dir.File("feed/manifest.json"),
                              R"({"11111111-2222-4333-8444-555555555555": {"info": "x"}})");
  ImportOptions options;
  options.show_progress = false;
  auto report = Import(*store, {dir.File("feed")}, options);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(FormatError(report.status()).find("11111111-2222-4333-8444-555555555555"),
            std::string::npos);
}

}  // namespace
}  // namespace rampart::intel::testing
