// The exporter: deterministic bundles that read back into the same store.
#include <gtest/gtest.h>

#include "intel_fixture.h"
#include "rampart/intel/exporter.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/validate.h"

namespace rampart::intel::testing {
namespace {

TEST(Export, RoundTripOfAMispAndGalaxyStore) {
  rampart::testing::TempDir dir;
  auto store = EmptyStore(dir);
  ASSERT_NE(store, nullptr);
  MustImport(*store, {TestData("misp-feed"), Galaxy("mitre-intrusion-set.json")});
  ExportSummary summary;
  auto text = ExportBundleString(*store, {}, &summary);
  ASSERT_TRUE(text.ok()) << FormatError(text.status());
  auto again = ExportBundleString(*store, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*text, *again);  // deterministic, bundle id included
  auto reader = stix::BundleReader::FromString(*text, "export.json");
  ASSERT_TRUE(reader.ok()) << FormatError(reader.status());
  auto objects = reader->ReadAll();
  ASSERT_TRUE(objects.ok());
  EXPECT_EQ(static_cast<int64_t>(objects->size()), summary.objects);
  for (const auto& object : *objects) EXPECT_TRUE(stix::Validate(object).ok()) << object.id;

  std::string path = dir.File("export.json");
  ASSERT_TRUE(ExportBundleToPath(*store, {}, path).ok());
  auto copy = EmptyStore(dir, "copy.db");
  ImportReport report = MustImport(*copy, {path});
  EXPECT_EQ(report.inserted + report.unchanged, summary.objects);
  EXPECT_EQ(report.merged, 0);
  auto a = store->CountByType();
  auto b = copy->CountByType();
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].type, (*b)[i].type);
    EXPECT_EQ((*a)[i].objects, (*b)[i].objects) << (*a)[i].type;
  }
  auto back = ExportBundleString(*copy, {});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *text);
}

TEST(Export, TypeFilterAddsReferencedMarkings) {
  rampart::testing::TempDir dir;
  auto store = EmptyStore(dir);
  ASSERT_NE(store, nullptr);
  MustImport(*store, {TestData("hafnium-event.json")});
  store::ExportFilter filter;
  filter.types = {"indicator"};
  auto text = ExportBundleString(*store, filter);
  ASSERT_TRUE(text.ok());
  auto objects = stix::BundleReader::FromString(*text)->ReadAll();
  ASSERT_TRUE(objects.ok());
  int indicators = 0, markings = 0;
  for (const auto& object : *objects) {
    indicators += object.type == "indicator";
    markings += object.type == "marking-definition";
  }
  EXPECT_EQ(indicators, 7);
  EXPECT_EQ(markings, 2);  // TLP:AMBER and TLP:RED
}

}  // namespace
}  // namespace rampart::intel::testing
