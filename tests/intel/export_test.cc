// The exporter: deterministic bundles that read back into the same store.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "intel_fixture.h"
#include "rampart/stix/marking.h"
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

// Every `*_ref` / `*_refs` value (at any depth) of `bundle` that names
// neither an object of the bundle nor a built-in marking definition. An empty
// string names nothing (ATT&CK writes `"x_mitre_data_source_ref": ""` on
// seven data components) and is not counted.
std::vector<std::string> UnresolvedRefs(const std::string& bundle, size_t* object_count = nullptr) {
  nlohmann::json doc = nlohmann::json::parse(bundle);
  std::set<std::string> ids;
  for (const auto& o : doc["objects"]) ids.insert(o["id"].get<std::string>());
  for (const auto& m : stix::BuiltinMarkingDefinitions()) ids.insert(m.id);
  if (object_count) *object_count = doc["objects"].size();
  std::vector<std::string> missing;
  std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& v,
                                                                            const std::string& owner) {
    if (v.is_array()) {
      for (const auto& item : v) walk(item, owner);
      return;
    }
    if (!v.is_object()) return;
    for (const auto& [key, item] : v.items()) {
      auto check = [&](const nlohmann::json& ref) {
        if (ref.is_string() && !ref.get<std::string>().empty() && !ids.count(ref.get<std::string>())) missing.push_back(owner + " " + key + " " + ref.get<std::string>());
      };
      if (key.size() > 4 && key.compare(key.size() - 4, 4, "_ref") == 0) {
        check(item);
      } else if (key.size() > 5 && key.compare(key.size() - 5, 5, "_refs") == 0 && item.is_array()) {
        for (const auto& ref : item) check(ref);
      } else {
        walk(item, owner);
      }
    }
  };
  for (const auto& o : doc["objects"]) walk(o, o["id"].get<std::string>());
  return missing;
}

TEST(Export, EveryReferenceResolvesWithinTheBundle) {
  rampart::testing::TempDir dir;
  auto store = AttackStoreCopy(dir);
  ASSERT_NE(store, nullptr);
  ExportSummary summary;
  auto text = ExportBundleString(*store, {}, &summary);
  ASSERT_TRUE(text.ok()) << FormatError(text.status());
  size_t count = 0;
  auto missing = UnresolvedRefs(*text, &count);
  EXPECT_TRUE(missing.empty()) << missing.size() << " unresolved, first: " << missing[0];
  EXPECT_GT(summary.revoked_refs, 0) << "ATT&CK has relationships to revoked objects";

  // --include-revoked: the revoked objects and their relationships, still closed.
  store::ExportFilter all;
  all.include_revoked = true;
  ExportSummary all_summary;
  auto everything = ExportBundleString(*store, all, &all_summary);
  ASSERT_TRUE(everything.ok());
  size_t all_count = 0;
  missing = UnresolvedRefs(*everything, &all_count);
  EXPECT_TRUE(missing.empty()) << missing.size() << " unresolved, first: " << missing[0];
  EXPECT_EQ(all_summary.revoked_refs, 0);
  EXPECT_GT(all_count, count + static_cast<size_t>(summary.revoked_refs));
}

TEST(Export, OneReportAndEverythingItReferences) {
  rampart::testing::TempDir dir;
  auto store = EmptyStore(dir);
  ASSERT_NE(store, nullptr);
  MustImport(*store, {TestData("misp-feed"), TestData("hafnium-event.json")});
  std::vector<std::string> reports;
  ASSERT_TRUE(store->Scan({.types = {"report"}}, [&](const stix::Object& o) {
    reports.push_back(o.id);
    return absl::OkStatus();
  }).ok());
  ASSERT_GE(reports.size(), 2u);
  ExportFilter filter;
  filter.report_id = reports[0];
  auto text = ExportBundleString(*store, filter);
  ASSERT_TRUE(text.ok()) << FormatError(text.status());
  size_t count = 0;
  auto missing = UnresolvedRefs(*text, &count);
  EXPECT_TRUE(missing.empty()) << missing.size() << " unresolved, first: " << missing[0];
  nlohmann::json doc = nlohmann::json::parse(*text);
  int report_count = 0;
  for (const auto& o : doc["objects"]) {
    if (o["type"] == "report") {
      ++report_count;
      EXPECT_EQ(o["id"], reports[0]);
      EXPECT_FALSE(o["object_refs"].empty());
    }
  }
  EXPECT_EQ(report_count, 1);
  EXPECT_GT(count, 1u);

  filter.report_id = "report--00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(ExportBundleString(*store, filter).status().code(), absl::StatusCode::kNotFound);
  filter.report_id = "indicator--00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(ExportBundleString(*store, filter).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rampart::intel::testing
