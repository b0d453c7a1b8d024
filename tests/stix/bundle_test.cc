#include "rampart/stix/bundle.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "bundle_internal.h"
#include "rampart/core/fs.h"
#include "rampart/stix/validate.h"
#include "support/test_support.h"

namespace rampart::stix {
namespace {

class AttackEnterprise : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<std::vector<Object>> read = ReadBundleFile(testing::DataPath("attack/enterprise-attack.json"));
    ASSERT_TRUE(read.ok()) << FormatError(read.status());
    objects_ = new std::vector<Object>(std::move(read).value());
  }
  static void TearDownTestSuite() { delete objects_; }
  static std::vector<Object>* objects_;
};
std::vector<Object>* AttackEnterprise::objects_ = nullptr;

TEST_F(AttackEnterprise, CountsMatchCountsJson) {
  Result<std::string> text = ReadFile(testing::DataPath("attack/counts.json"));
  ASSERT_TRUE(text.ok());
  nlohmann::json expected = nlohmann::json::parse(*text)["domains"]["enterprise-attack"];
  ASSERT_EQ(objects_->size(), expected["objects"].get<size_t>());
  std::map<std::string, size_t> types, relationship_types;
  size_t revoked = 0, deprecated = 0;
  for (const Object& o : *objects_) {
    ++types[o.type];
    if (o.type == "relationship") ++relationship_types[o.relationship_type];
    revoked += o.revoked;
    deprecated += o.deprecated;
  }
  EXPECT_EQ(types, expected["types"].get<decltype(types)>());
  EXPECT_EQ(relationship_types, expected["relationship_types"].get<decltype(relationship_types)>());
  EXPECT_EQ(revoked, expected["revoked"].get<size_t>());
  EXPECT_EQ(deprecated, expected["deprecated"].get<size_t>());
}

TEST_F(AttackEnterprise, EveryRelationshipResolvesAndEveryObjectValidates) {
  std::set<std::string> ids;
  for (const Object& o : *objects_) ids.insert(o.id);
  size_t relationships = 0, invalid = 0;
  for (const Object& o : *objects_) {
    EXPECT_EQ(o.spec_version, "2.1") << o.id;
    Status status = Validate(o);
    if (!status.ok() && ++invalid <= 5) ADD_FAILURE() << FormatError(status);
    if (o.type != "relationship") continue;
    ++relationships;
    EXPECT_TRUE(ids.count(o.source_ref)) << o.id << " source " << o.source_ref;
    EXPECT_TRUE(ids.count(o.target_ref)) << o.id << " target " << o.target_ref;
  }
  EXPECT_EQ(invalid, 0u);
  EXPECT_EQ(relationships, 20048u);
}

TEST_F(AttackEnterprise, SeedGroupsCarryTheirAliases) {
  const Object* leviathan = nullptr;
  for (const Object& o : *objects_) {
    if (o.id == "intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e") leviathan = &o;
  }
  ASSERT_NE(leviathan, nullptr);
  EXPECT_EQ(leviathan->name, "Leviathan");
  EXPECT_NE(std::find(leviathan->aliases.begin(), leviathan->aliases.end(), "APT40"), leviathan->aliases.end());
  EXPECT_EQ(std::count(leviathan->aliases.begin(), leviathan->aliases.end(), "Leviathan"), 0);
  bool g0065 = false;
  for (const ExternalId& e : leviathan->external_ids) g0065 |= e.source_name == "mitre-attack" && e.external_id == "G0065";
  EXPECT_TRUE(g0065);
  nlohmann::json json = ToJson(*leviathan);
  EXPECT_EQ(json["spec_version"], "2.1");
  EXPECT_EQ(json["created_by_ref"], "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5");
}

TEST_F(AttackEnterprise, SplitModeGivesTheSameObjects) {
  internal::SetDomLimitForTesting(1024);
  Result<std::vector<Object>> split = ReadBundleFile(testing::DataPath("attack/enterprise-attack.json"));
  internal::SetDomLimitForTesting(size_t{512} << 20);
  ASSERT_TRUE(split.ok()) << FormatError(split.status());
  ASSERT_EQ(split->size(), objects_->size());
  for (size_t i = 0; i < split->size(); ++i) {
    ASSERT_EQ((*split)[i].json, (*objects_)[i].json) << i;
  }
}

TEST(BundleReader, OtherAttackDomains) {
  for (auto [file, count] : {std::pair{"attack/mobile-attack.json", 2535u}, {"attack/ics-attack.json", 1825u}}) {
    Result<BundleReader> reader = BundleReader::Open(testing::DataPath(file));
    ASSERT_TRUE(reader.ok()) << FormatError(reader.status());
    EXPECT_EQ(reader->size(), count);
    EXPECT_EQ(reader->declared_spec_version(), "2.0");
    size_t valid = 0;
    reader->ForEach([&](size_t, Result<Object> o) {
      valid += o.ok() && Validate(*o).ok();
      return true;
    });
    EXPECT_EQ(valid, count) << file;
  }
}

TEST(BundleReader, SchemaExamplesParseAndValidate) {
  size_t files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::DataPath("stix-schemas/examples"))) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    Result<std::vector<Object>> objects = ReadBundleFile(entry.path().string());
    ASSERT_TRUE(objects.ok()) << FormatError(objects.status());
    EXPECT_FALSE(objects->empty());
    for (const Object& o : *objects) {
      EXPECT_EQ(o.spec_version, "2.1");
      Status status = Validate(o);
      EXPECT_TRUE(status.ok()) << entry.path() << ": " << FormatError(status);
    }
  }
  EXPECT_EQ(files, 8u);
}

TEST(BundleReader, Shapes) {
  const std::string tool =
      R"({"type":"tool","spec_version":"2.1","id":"tool--1b2c3d4e-0000-4000-8000-000000000001","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"ncat"})";
  Result<BundleReader> single = BundleReader::FromString(tool);
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->shape(), BundleShape::kSingleObject);
  ASSERT_EQ(single->size(), 1u);
  Result<BundleReader> array = BundleReader::FromString("[" + tool + ",\n " + tool + "]");
  ASSERT_TRUE(array.ok());
  EXPECT_EQ(array->shape(), BundleShape::kArray);
  EXPECT_EQ(array->size(), 2u);
  Result<BundleReader> empty = BundleReader::FromString(R"({"type":"bundle","id":"bundle--1b2c3d4e-0000-4000-8000-000000000009"})");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_EQ(empty->bundle_id(), "bundle--1b2c3d4e-0000-4000-8000-000000000009");
  Result<std::vector<Object>> all = array->ReadAll();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)[1].name, "ncat");
}

TEST(BundleReader, TruncatedJsonNamesLineAndColumn) {
  std::string text = "{\n  \"type\": \"bundle\",\n  \"id\": \"bundle--1b2c3d4e-0000-4000-8000-000000000009\",\n"
                     "  \"objects\": [\n    {\"type\": \"tool\", \"id\": \"tool--1b2c3d4e";
  for (size_t limit : {size_t{512} << 20, size_t{16}}) {  // DOM mode, split mode
    internal::SetDomLimitForTesting(limit);
    Result<BundleReader> reader = BundleReader::FromString(text, "cut.json");
    internal::SetDomLimitForTesting(size_t{512} << 20);
    ASSERT_FALSE(reader.ok());
    std::string message = FormatError(reader.status());
    EXPECT_EQ(message.rfind("cut.json:5:", 0), 0u) << message;
    EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(BundleReader, GarbageAndWrongShapes) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("garbage.json"), "hello world\n");
  Result<BundleReader> garbage = BundleReader::Open(dir.File("garbage.json"));
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(FormatError(garbage.status()).find("garbage.json:1:1:"), std::string::npos)
      << FormatError(garbage.status());
  testing::WriteFile(dir.File("empty.json"), "  \n");
  EXPECT_FALSE(BundleReader::Open(dir.File("empty.json")).ok());
  EXPECT_FALSE(BundleReader::Open(dir.File("missing.json")).ok());
  EXPECT_FALSE(BundleReader::FromString("42").ok());
  EXPECT_FALSE(BundleReader::FromString(R"({"no":"type"})").ok());
  EXPECT_FALSE(BundleReader::FromString(R"({"type":"bundle","objects":{}})").ok());
  Result<BundleReader> extra = BundleReader::FromString("[{}] x", "extra.json");
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(FormatError(extra.status()).find("extra.json:1:6"), std::string::npos) << FormatError(extra.status());
}

// Past simdjson's 4 GB limit the reader splits instead of failing or
// allocating the file's size: a sparse 4.5 GB file (a bundle, then a hole of
// NUL bytes) gives a positioned error at once, never a crash.
TEST(BundleReader, HugeSparseFileGivesAPositionedError) {
  testing::TempDir dir;
  std::string path = dir.File("huge.json");
  testing::WriteFile(path, R"({"type":"bundle","id":"bundle--1b2c3d4e-0000-4000-8000-000000000009","objects":[]})");
  std::error_code ec;
  std::filesystem::resize_file(path, (uint64_t{9} << 29), ec);  // 4.5 GiB, sparse
  if (ec) GTEST_SKIP() << "cannot make a sparse file here: " << ec.message();
  Result<BundleReader> reader = BundleReader::Open(path);
  ASSERT_FALSE(reader.ok());
  std::string message = FormatError(reader.status());
  EXPECT_NE(message.find("huge.json:1:83: invalid JSON: unexpected text after the end"), std::string::npos)
      << message;
}

TEST(BundleReader, BadElementsCarryIndexAndId) {
  Result<BundleReader> reader = BundleReader::FromString(
      R"({"type":"bundle","id":"bundle--1b2c3d4e-0000-4000-8000-000000000009","objects":[
        {"type":"tool","spec_version":"2.1","id":"tool--1b2c3d4e-0000-4000-8000-000000000001","name":"ok","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"},
        "not an object",
        {"type":"tool","spec_version":"2.1","id":"tool--1b2c3d4e-0000-4000-8000-000000000002","name":["bad"]}]})",
      "b.json");
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> errors;
  reader->ForEach([&](size_t, Result<Object> o) {
    errors.push_back(o.ok() ? "" : FormatError(o.status()));
    return true;
  });
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], "");
  EXPECT_NE(errors[1].find("object 1"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("object 2 (tool--1b2c3d4e-0000-4000-8000-000000000002)"), std::string::npos) << errors[2];
  EXPECT_NE(errors[2].find("'name'"), std::string::npos) << errors[2];
  EXPECT_FALSE(reader->ReadAll().ok());
}

TEST(BundleWriter, DeterministicAndReadable) {
  Result<std::vector<Object>> objects = ReadBundleFile(testing::DataPath("tlp/tlp2-marking-definitions.json"));
  ASSERT_TRUE(objects.ok());
  std::string id = MakeBundleId(*objects);
  EXPECT_EQ(id, MakeBundleId(*objects));
  EXPECT_TRUE(IsValidId(id));
  std::string a = WriteBundle(*objects, id), b = WriteBundle(*objects, id);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.rfind(R"({"type":"bundle","id":")" + id + R"(","objects":[{"type":"marking-definition")", 0), 0u);
  Result<BundleReader> back = BundleReader::FromString(a);
  ASSERT_TRUE(back.ok());
  Result<std::vector<Object>> again = back->ReadAll();
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), objects->size());
  for (size_t i = 0; i < again->size(); ++i) EXPECT_EQ((*again)[i].json, (*objects)[i].json);

  testing::TempDir dir;
  std::FILE* f = std::fopen(dir.File("out.json").c_str(), "w");
  ASSERT_NE(f, nullptr);
  {
    BundleWriter writer(f, id);
    for (const Object& o : *objects) writer.Add(o);
    EXPECT_TRUE(writer.Finish().ok());
  }
  std::fclose(f);
  EXPECT_EQ(*ReadFile(dir.File("out.json")), a);
}

TEST(PositionOf, LinesAndColumns) {
  EXPECT_EQ(PositionOf("ab\ncd", 0).line, 1);
  EXPECT_EQ(PositionOf("ab\ncd", 4).line, 2);
  EXPECT_EQ(PositionOf("ab\ncd", 4).column, 2);
  EXPECT_EQ(PositionOf("ab", 99).column, 3);
}

}  // namespace
}  // namespace rampart::stix

namespace rampart::stix {
namespace {

// What the upgrade produces must pass the OASIS 2.1 JSON schemas too (the
// x-mitre types against core.json), checked by scripts/validate-stix-schemas.py.
TEST_F(AttackEnterprise, UpgradedBundlePassesTheOasisSchemas) {
  if (access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  testing::TempDir dir;
  // Every type, the first 3 objects of each (jsonschema is slow on bundles).
  std::map<std::string, int> per_type;
  std::vector<Object> sample;
  for (const Object& o : *objects_) {
    if (per_type[o.type]++ < 3) sample.push_back(o);
  }
  testing::WriteFile(dir.File("attack-2.1.json"), WriteBundle(sample, MakeBundleId(sample)));
  testing::CommandResult result =
      testing::Run({"/usr/bin/python3", std::string(RAMPART_SCRIPTS_DIR) + "/validate-stix-schemas.py",
                    testing::DataPath("stix-schemas/schemas"), dir.File("attack-2.1.json")});
  EXPECT_EQ(result.exit_code, 0) << result.out.substr(0, 4000) << result.err;

  testing::WriteFile(dir.File("bad.json"),
                     R"({"type":"indicator","spec_version":"2.1","id":"indicator--1b2c3d4e-0000-4000-8000-000000000001","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"})");
  result = testing::Run({"/usr/bin/python3", std::string(RAMPART_SCRIPTS_DIR) + "/validate-stix-schemas.py",
                         testing::DataPath("stix-schemas/schemas"), dir.File("bad.json")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("'pattern' is a required property"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace rampart::stix
