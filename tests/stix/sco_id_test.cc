#include "rampart/stix/sco_id.h"

#include <gtest/gtest.h>

namespace rampart::stix {
namespace {

using nlohmann::json;

std::string Id(const json& sco) {
  Result<ScoId> id = MakeScoId(sco);
  EXPECT_TRUE(id.ok()) << id.status();
  EXPECT_TRUE(id.ok() && id->deterministic);
  return id.ok() ? id->id : "";
}

// Golden values: the digest's python-stix2 vectors and python3 uuid.uuid5
// over json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False).
TEST(ScoId, DigestGoldenVectors) {
  EXPECT_EQ(Id({{"type", "ipv4-addr"}, {"value", "198.51.100.7"}}),
            "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db");
  EXPECT_EQ(Id({{"type", "domain-name"}, {"value", "c2.example"}}),
            "domain-name--48a20b60-d03a-5e96-ad43-977ad0c63d84");
  EXPECT_EQ(Id({{"type", "file"}, {"name", "a.exe"}}), "file--c10ebc4d-e065-5ec7-93e4-fa1fd2bae072");
  EXPECT_EQ(Id({{"type", "file"},
                {"name", "a.exe"},
                {"hashes",
                 {{"SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                  {"MD5", "d41d8cd98f00b204e9800998ecf8427e"}}}}),
            "file--7e567502-8994-53ff-9c69-79240cae362d");
  EXPECT_EQ(Id({{"type", "file"},
                {"hashes", {{"SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}}}),
            "file--22f8ff52-8f62-5f03-a53a-6f50f54fd74c");
  EXPECT_EQ(Id({{"type", "email-addr"}, {"value", "jdoe@example.com"}}),
            "email-addr--6deb37bd-12b7-54ae-805f-5f7146f3d171");
  EXPECT_EQ(Id({{"type", "url"}, {"value", "https://example.com/"}}),
            "url--be22e93a-5e33-5678-b19f-8b4ea06df0bd");
}

TEST(ScoId, PythonUuid5Vectors) {
  EXPECT_EQ(Id({{"type", "ipv6-addr"}, {"value", "2001:db8::1"}}),
            "ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26");
  EXPECT_EQ(Id({{"type", "autonomous-system"}, {"number", 15139}, {"name", "ignored"}}),
            "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff");
  EXPECT_EQ(Id({{"type", "mac-addr"}, {"value", "d2:fb:49:24:37:18"}}),
            "mac-addr--757b1725-9903-54f5-a855-1240691d7659");
  EXPECT_EQ(Id({{"type", "user-account"},
                {"account_type", "windows-local"},
                {"user_id", "1001"},
                {"account_login", "jdoe"},
                {"display_name", "not contributing"}}),
            "user-account--2e804a33-fe2f-5404-9f01-003cba2b7b10");
  EXPECT_EQ(Id({{"type", "windows-registry-key"},
                {"key", "HKEY_LOCAL_MACHINE\\System\\Foo"},
                {"values", json::array({{{"name", "Foo"}, {"data", "qwerty"}, {"data_type", "REG_SZ"}}})}}),
            "windows-registry-key--44b70a8f-a279-5869-b913-a8a56fb9f87f");
  // SHA-1 wins over SHA-256 and SHA-512; non-ASCII kept as UTF-8.
  EXPECT_EQ(Id({{"type", "file"},
                {"name", "b\xc3\xa9.exe"},
                {"hashes",
                 {{"SHA-512", std::string(128, 'a')},
                  {"SHA-1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
                  {"SHA-256", std::string(64, 'b')}}}}),
            "file--04de7b43-a076-5e38-9e49-fe5788acbd0e");
  EXPECT_EQ(Id({{"type", "domain-name"}, {"value", "t\xc3\xa9st.example"}}),
            "domain-name--85fc33ad-f861-58ea-8947-15644e9eaf58");
  EXPECT_EQ(Id({{"type", "url"}, {"value", "http://x/\"q\"\n"}}), "url--ce7419d0-d366-5173-82c5-8e56ca3d472d");
  EXPECT_EQ(ScoIdForValue("url", "http://x/\"q\"\n"), "url--ce7419d0-d366-5173-82c5-8e56ca3d472d");
  EXPECT_EQ(ScoIdForValue("ipv4-addr", "198.51.100.7"), "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db");
}

TEST(ScoId, ProcessAndEmptyAreRandom) {
  Result<ScoId> a = MakeScoId({{"type", "process"}, {"pid", 4}});
  Result<ScoId> b = MakeScoId({{"type", "process"}, {"pid", 4}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->deterministic);
  EXPECT_NE(a->id, b->id);
  EXPECT_EQ(a->id.rfind("process--", 0), 0u);
  Result<ScoId> none = MakeScoId({{"type", "software"}, {"languages", {"en"}}});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->deterministic);
}

TEST(ScoId, RejectsNonSco) {
  EXPECT_FALSE(MakeScoId({{"type", "malware"}}).ok());
  EXPECT_FALSE(MakeScoId({{"value", "1.2.3.4"}}).ok());
  EXPECT_FALSE(MakeScoId(json::array()).ok());
}

TEST(CanonicalJson, SortsByUtf16AndEscapes) {
  // U+E000 (BMP, after the surrogates in UTF-16 order) sorts after U+1F600.
  json v = {{"\xee\x80\x80", 1}, {"\xf0\x9f\x98\x80", 2}, {"a", json::array({1.0, 2.5, "\x01"})}};
  EXPECT_EQ(CanonicalJson(v), "{\"a\":[1,2.5,\"\\u0001\"],\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1}");
}

}  // namespace
}  // namespace rampart::stix
