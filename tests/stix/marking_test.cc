#include "rampart/stix/marking.h"

#include <gtest/gtest.h>

#include "rampart/core/fs.h"
#include "rampart/stix/bundle.h"
#include "rampart/stix/validate.h"
#include "support/test_support.h"

namespace rampart::stix {
namespace {

TEST(Marking, BuiltinsEqualTheOasisBundle) {
  Result<std::vector<Object>> file = ReadBundleFile(testing::DataPath("tlp/tlp2-marking-definitions.json"));
  ASSERT_TRUE(file.ok()) << FormatError(file.status());
  const std::vector<Object>& builtins = BuiltinMarkingDefinitions();
  ASSERT_EQ(builtins.size(), 6u);
  ASSERT_EQ(file->size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(ToJson(builtins[i]), ToJson((*file)[i])) << builtins[i].id;
    EXPECT_TRUE(Validate((*file)[i]).ok()) << FormatError(Validate((*file)[i]));
    std::optional<TlpLevel> level = TlpLevelOfMarking((*file)[i].id);
    ASSERT_TRUE(level.has_value());
    EXPECT_EQ(static_cast<int>(*level), static_cast<int>(i));
    EXPECT_EQ(TlpMarkingId(*level), (*file)[i].id);
    EXPECT_EQ(TlpDisplayName(*level), (*file)[i].name);
  }
  Result<std::vector<Object>> ext = ReadBundleFile(testing::DataPath("tlp/tlp2-extension-definition.json"));
  ASSERT_TRUE(ext.ok());
  EXPECT_EQ(ToJson(builtins[5]), ToJson((*ext)[0]));
  EXPECT_TRUE(Validate(builtins[5]).ok()) << FormatError(Validate(builtins[5]));
}

TEST(Marking, Tlp1) {
  EXPECT_EQ(TlpLevelOfMarking("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"), TlpLevel::kClear);
  EXPECT_EQ(TlpLevelOfMarking("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"), TlpLevel::kAmber);
  EXPECT_EQ(TlpLevelOfMarking("marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"), std::nullopt);
  EXPECT_EQ(Tlp1MarkingId(TlpLevel::kAmberStrict), std::nullopt);
  EXPECT_EQ(Tlp1MarkingId(TlpLevel::kRed), "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");
  ASSERT_EQ(Tlp1MarkingDefinitions().size(), 4u);
  for (const Object& o : Tlp1MarkingDefinitions()) {
    EXPECT_TRUE(Validate(o).ok()) << FormatError(Validate(o));
    EXPECT_TRUE(TlpLevelOfMarking(o.id).has_value());
  }
  EXPECT_EQ(Tlp1MarkingDefinitions()[0].name, "TLP:WHITE");
}

TEST(Marking, ParseNamesAndMispTags) {
  EXPECT_EQ(ParseTlpLevel("white"), TlpLevel::kClear);
  EXPECT_EQ(ParseTlpLevel("TLP:AMBER+STRICT"), TlpLevel::kAmberStrict);
  EXPECT_EQ(ParseTlpLevel("tlp:amber"), TlpLevel::kAmber);
  EXPECT_EQ(ParseTlpLevel("Red"), TlpLevel::kRed);
  EXPECT_EQ(ParseTlpLevel("purple"), std::nullopt);
  EXPECT_EQ(ParseMispTlpTag("tlp:white"), TlpLevel::kClear);
  EXPECT_EQ(ParseMispTlpTag("tlp:clear"), TlpLevel::kClear);
  EXPECT_EQ(ParseMispTlpTag("tlp:amber+strict"), TlpLevel::kAmberStrict);
  EXPECT_EQ(ParseMispTlpTag("tlp:\"green\""), TlpLevel::kGreen);
  EXPECT_EQ(ParseMispTlpTag("tlp:ex:chr"), std::nullopt);
  EXPECT_EQ(ParseMispTlpTag("tlp:unclear"), std::nullopt);
  EXPECT_EQ(ParseMispTlpTag("amber"), std::nullopt);
  // The data README's round trip: tlp:amber+strict -> 939a9414-… -> tlp:amber+strict.
  TlpLevel strict = *ParseMispTlpTag("tlp:amber+strict");
  EXPECT_EQ(TlpMarkingId(strict), "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
  EXPECT_EQ(MispTlpTag(*TlpLevelOfMarking(TlpMarkingId(strict))), "tlp:amber+strict");
  for (int i = 0; i <= 4; ++i) {
    auto level = static_cast<TlpLevel>(i);
    EXPECT_EQ(ParseTlpLevel(TlpName(level)), level);
    EXPECT_EQ(ParseMispTlpTag(MispTlpTag(level)), level);
  }
}

TEST(Marking, MispTaxonomyValuesAllHandled) {
  Result<std::string> text = ReadFile(testing::DataPath("tlp/misp-taxonomy/tlp-machinetag.json"));
  ASSERT_TRUE(text.ok());
  nlohmann::json taxonomy = nlohmann::json::parse(*text);
  int levels = 0;
  for (const auto& predicate : taxonomy["predicates"]) {
    std::string tag = "tlp:" + predicate["value"].get<std::string>();
    if (ParseMispTlpTag(tag)) ++levels;
  }
  EXPECT_EQ(levels, 6);  // red amber amber+strict green white clear; not ex:chr, unclear
}

TEST(Marking, HighestTlp) {
  EXPECT_EQ(HighestTlp({}), std::nullopt);
  EXPECT_EQ(HighestTlp({"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                        std::string(TlpMarkingId(TlpLevel::kAmberStrict)),
                        "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"}),
            TlpLevel::kAmberStrict);
}

}  // namespace
}  // namespace rampart::stix
