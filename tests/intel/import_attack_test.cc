// ATT&CK Enterprise through the STIX importer: every object lands, per type.
#include <gtest/gtest.h>

#include <fstream>

#include "common/json_file.h"
#include "intel_fixture.h"

namespace rampart::intel::testing {
namespace {

TEST(ImportAttack, CountsPerTypeEqualTheFile) {
  const ImportReport& report = AttackReport();
  ASSERT_TRUE(report.committed);
  auto counts = internal::ReadJsonFile(rampart::testing::DataPath("attack/counts.json"));
  ASSERT_TRUE(counts.ok());
  const nlohmann::json* per_type = &(*counts)["domains"]["enterprise-attack"]["types"];
  ASSERT_TRUE(per_type->is_object());
  int64_t total = 0;
  for (const auto& [type, count] : per_type->items()) {
    if (!count.is_number_integer()) continue;
    EXPECT_EQ(report.per_type.count(type) ? report.per_type.at(type) : 0, count.get<int64_t>())
        << type;
    total += count.get<int64_t>();
  }
  EXPECT_EQ(total, 24771);
  EXPECT_EQ(report.objects_read, 24771);
  EXPECT_EQ(report.inserted, 24771);
  EXPECT_EQ(report.skipped, 0);
  EXPECT_TRUE(report.problems.empty()) << report.problems[0].message;
  EXPECT_TRUE(report.contested.empty());
  EXPECT_EQ(report.merged, 0);  // ATT&CK never merges with itself
}

TEST(ImportAttack, StoreHoldsEveryTypeAndTheSeedActors) {
  rampart::testing::TempDir dir;
  auto store = AttackStoreCopy(dir);
  ASSERT_NE(store, nullptr);
  auto counts = store->CountByType();
  ASSERT_TRUE(counts.ok());
  int64_t total = 0;
  for (const auto& count : *counts) total += count.objects;
  EXPECT_EQ(total, 24771);
  auto leviathan = store->FindByExternalId("G0065");
  ASSERT_TRUE(leviathan.ok());
  ASSERT_EQ(leviathan->size(), 1u);
  EXPECT_EQ((*leviathan)[0].id, "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e");
  EXPECT_EQ(One(*store, "APT 40", "intrusion-set").id, (*leviathan)[0].id);
  EXPECT_EQ(One(*store, "Silk Typhoon", "intrusion-set").id,
            "intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87");
}

TEST(ImportAttack, ReimportChangesNothing) {
  rampart::testing::TempDir dir;
  auto store = AttackStoreCopy(dir);
  ASSERT_NE(store, nullptr);
  ImportReport again = MustImport(*store, {rampart::testing::DataPath("attack/enterprise-attack.json")});
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.new_versions, 0);
  EXPECT_EQ(again.unchanged, 24771);
}

}  // namespace
}  // namespace rampart::intel::testing
