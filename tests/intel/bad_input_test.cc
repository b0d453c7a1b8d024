// Bad input: errors name the file and position; default mode skips and
// lists bad objects; strict mode stores nothing.
#include <gtest/gtest.h>

#include "intel_fixture.h"

namespace rampart::intel::testing {
namespace {

using Json = nlohmann::json;

Json Set(const std::string& uuid, const std::string& name) {
  return {{"type", "intrusion-set"}, {"spec_version", "2.1"}, {"id", "intrusion-set--" + uuid},
          {"created", "2021-01-01T00:00:00.000Z"}, {"modified", "2021-01-01T00:00:00.000Z"},
          {"name", name}};
}

Json Bundle(Json objects) {
  return {{"type", "bundle"}, {"id", "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"},
          {"objects", objects}};
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override { store_ = EmptyStore(dir_); }
  Result<ImportReport> ImportText(const std::string& text, bool strict = false) {
    std::string path = dir_.File("input.json");
    rampart::testing::WriteFile(path, text);
    ImportOptions options;
    options.show_progress = false;
    options.strict = strict;
    options.format = Format::kStix;
    return Import(*store_, {path}, options);
  }
  int64_t Stored() {
    auto counts = store_->CountByType();
    int64_t total = 0;
    if (counts.ok()) {
      for (const auto& count : *counts) total += count.objects;
    }
    return total;
  }
  rampart::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(BadInput, TruncatedJsonIsFatalWithPosition) {
  std::string text = Bundle(Json::array({Set("0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1", "A")})).dump(2);
  auto report = ImportText(text.substr(0, text.size() / 2));
  ASSERT_FALSE(report.ok());
  std::string message = FormatError(report.status());
  EXPECT_NE(message.find("input.json:"), std::string::npos) << message;
  EXPECT_EQ(Stored(), 0);
}

TEST_F(BadInput, NotJson) {
  ImportOptions options;
  options.show_progress = false;
  std::string path = dir_.File("notes.json");
  rampart::testing::WriteFile(path, "this is not json at all");
  auto report = Import(*store_, {path}, options);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(FormatError(report.status()).find("notes.json"), std::string::npos);
  auto missing = Import(*store_, {dir_.File("nope.json")}, options);
  ASSERT_FALSE(missing.ok());
}

// Found by the MISP fuzzers ("6e566"): a number beyond double's range is
// well-formed JSON that nlohmann refuses with out_of_range, which escaped as
// an abort. Now an error naming the file, for MISP events and galaxies alike.
TEST_F(BadInput, NumberOutOfRangeIsAnErrorNotACrash) {
  for (Format format : {Format::kMisp, Format::kGalaxy}) {
    ImportOptions options;
    options.show_progress = false;
    options.format = format;
    std::string path = dir_.File("huge.json");
    rampart::testing::WriteFile(path, "{\"Event\": {\"info\": \"x\", \"threat_level_id\": 6e566}}");
    auto report = Import(*store_, {path}, options);
    ASSERT_FALSE(report.ok());
    std::string message = FormatError(report.status());
    EXPECT_NE(message.find("huge.json"), std::string::npos) << message;
    EXPECT_NE(message.find("6e566"), std::string::npos) << message;
  }
  EXPECT_EQ(Stored(), 0);
}

TEST_F(BadInput, MissingPropertyIsSkippedAndListedByDefault) {
  Json nameless = Set("3f6e4b2a-9c1d-4e8f-a7b6-5c4d3e2f1a0b", "X");
  nameless.erase("name");
  auto report = ImportText(
      Bundle(Json::array({Set("0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1", "Kept"), nameless})).dump());
  ASSERT_TRUE(report.ok()) << FormatError(report.status());
  EXPECT_EQ(report->inserted, 1);
  EXPECT_EQ(report->skipped, 1);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].object_index, 1);
  EXPECT_EQ(report->problems[0].object_id, "intrusion-set--3f6e4b2a-9c1d-4e8f-a7b6-5c4d3e2f1a0b");
  EXPECT_NE(report->problems[0].message.find("name"), std::string::npos)
      << report->problems[0].message;
  EXPECT_EQ(Stored(), 1);
}

TEST_F(BadInput, StrictStoresNothing) {
  Json nameless = Set("3f6e4b2a-9c1d-4e8f-a7b6-5c4d3e2f1a0b", "X");
  nameless.erase("name");
  auto report = ImportText(
      Bundle(Json::array({Set("0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1", "Kept"), nameless})).dump(),
      /*strict=*/true);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(FormatError(report.status()).find("object 1"), std::string::npos)
      << FormatError(report.status());
  EXPECT_EQ(Stored(), 0);
}

TEST_F(BadInput, CustomTypes) {
  Json custom = {{"type", "x-acme-widget"}, {"spec_version", "2.1"},
                 {"id", "x-acme-widget--6a1e2f3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"},
                 {"created", "2021-01-01T00:00:00.000Z"}, {"modified", "2021-01-01T00:00:00.000Z"},
                 {"x_acme_colour", "blue"}};
  Json bad = custom;
  bad["type"] = "Widget_Thing";
  bad["id"] = "Widget_Thing--6a1e2f3b-4c5d-4e6f-8a9b-0c1d2e3f4a5c";
  auto report = ImportText(Bundle(Json::array({custom, bad})).dump());
  ASSERT_TRUE(report.ok()) << FormatError(report.status());
  EXPECT_EQ(report->inserted, 1);
  EXPECT_EQ(report->skipped, 1);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].object_index, 1);
  EXPECT_TRUE(store_->Get("x-acme-widget--6a1e2f3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b").ok());
}

TEST_F(BadInput, DanglingReferenceIsReportedAndKept) {
  Json rel = {{"type", "relationship"}, {"spec_version", "2.1"},
              {"id", "relationship--7c2d4e6f-8a1b-4c3d-9e5f-6a7b8c9d0e1f"},
              {"created", "2021-01-01T00:00:00.000Z"}, {"modified", "2021-01-01T00:00:00.000Z"},
              {"relationship_type", "uses"},
              {"source_ref", "intrusion-set--0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1"},
              {"target_ref", "malware--9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"}};
  auto report = ImportText(
      Bundle(Json::array({Set("0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1", "Kept"), rel})).dump());
  ASSERT_TRUE(report.ok()) << FormatError(report.status());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_NE(report->problems[0].message.find("malware--9d8c7b6a"), std::string::npos);
  EXPECT_EQ(report->problems[0].object_id, "relationship--7c2d4e6f-8a1b-4c3d-9e5f-6a7b8c9d0e1f");
  EXPECT_EQ(report->skipped, 0);
  EXPECT_TRUE(store_->Get("relationship--7c2d4e6f-8a1b-4c3d-9e5f-6a7b8c9d0e1f").ok());
}

TEST_F(BadInput, SameVersionDifferentContent) {
  Json a = Set("0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1", "First");
  Json b = Set("0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1", "Second");
  // Inside one import.
  auto report = ImportText(Bundle(Json::array({a, b})).dump());
  ASSERT_TRUE(report.ok()) << FormatError(report.status());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].object_index, 1);
  EXPECT_EQ(One(*store_, "First", "intrusion-set").name, "First");
  // Against the store.
  Json c = Set("0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1", "Third");
  auto later = ImportText(Bundle(Json::array({c})).dump());
  ASSERT_TRUE(later.ok()) << FormatError(later.status());
  ASSERT_EQ(later->problems.size(), 1u);
  EXPECT_EQ(later->skipped, 1);
  auto current = store_->Get("intrusion-set--0b8a0b7e-95a4-4a53-9dc5-3c1bbd6b9bd1");
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->name, "First");
}

}  // namespace
}  // namespace rampart::intel::testing
