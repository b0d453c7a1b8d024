#include "rampart/detect/ioc_list.h"

#include <gtest/gtest.h>

namespace rampart::detect {
namespace {

TEST(IocList, PlainLinesTypedRefangedAndCommented) {
  auto list = ParseIocList(
      "# HAFNIUM, March 2021\n"
      "\n"
      "103.77.192[.]219\n"
      "hxxps://evil[.]example(.)com/dl/p.ps1   web shell download\n"
      "  owa-cdn-sync[dot]example.net\r\n"
      "B75F163CA9B9240BF4B37AD92BC7556B40A17E27C2B8ED5C8991385FE07D17D0\n"
      "not an indicator\n"
      "10.0.0.0/8\n"
      "bad[@]evil.com\n"
      "2001:db8[:]:1\n",
      "iocs.txt");
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->entries.size(), 7u);
  EXPECT_EQ(list->entries[0].value.value, "103.77.192.219");
  EXPECT_EQ(list->entries[0].line, 3);
  EXPECT_EQ(list->entries[1].value.type, IocType::kUrl);
  EXPECT_EQ(list->entries[1].value.value, "evil.example.com/dl/p.ps1");
  EXPECT_EQ(list->indicators[list->entries[1].indicator].name, "web shell download");
  EXPECT_EQ(list->indicators[list->entries[1].indicator].id, "iocs.txt:4");
  EXPECT_EQ(list->entries[2].value.type, IocType::kDomain);
  EXPECT_EQ(list->entries[3].value.type, IocType::kSha256);
  EXPECT_EQ(list->entries[4].value.type, IocType::kCidr4);
  EXPECT_EQ(list->entries[5].value.type, IocType::kEmail);
  EXPECT_EQ(list->entries[6].value.type, IocType::kIpv6);
  ASSERT_EQ(list->rejected.size(), 1u);
  EXPECT_EQ(list->rejected[0].where, "iocs.txt:7");
  EXPECT_EQ(list->rejected[0].text, "not an indicator");
  EXPECT_TRUE(list->patterns.empty());
}

TEST(IocList, StixBundleIndicatorsAreAllPatterns) {
  auto list = ParseIocList(R"({"type": "bundle", "id": "bundle--1", "objects": [
    {"type": "identity", "id": "identity--1", "name": "x"},
    {"type": "indicator", "id": "indicator--a", "name": "ip", "pattern_type": "stix",
     "pattern": "[ipv4-addr:value = '5.2.69.14' OR ipv4-addr:value ISSUBSET '198.51.100.0/24']",
     "valid_from": "2021-03-02T00:00:00Z"},
    {"type": "indicator", "id": "indicator--b", "pattern": "[file:hashes.'SHA-256' IN ('AA11BB22CC33DD44EE55FF6600112233445566778899AABBCCDDEEFF00112233')]"},
    {"type": "indicator", "id": "indicator--c", "pattern": "[process:command_line MATCHES 'w3wp.*cmd']"},
    {"type": "indicator", "id": "indicator--d", "pattern": "[domain-name:value = 'a.evil.com'] FOLLOWEDBY [url:value = 'http://a.evil.com/x']"},
    {"type": "indicator", "id": "indicator--e", "pattern": "[domain-name:value = 'evil.com'", "name": "broken"},
    {"type": "indicator", "id": "indicator--f", "pattern": "[url:value = 'http://x.com/']", "revoked": true},
    {"type": "indicator", "id": "indicator--g", "pattern": "alert tcp any", "pattern_type": "snort"},
    {"type": "indicator", "id": "indicator--h", "pattern": "[domain-name:value != 'evil.com']"}
  ]})",
                           "feed.json");
  ASSERT_TRUE(list.ok()) << list.status().message();
  // Every STIX indicator is a pattern (STIX equality), none an IOC entry.
  EXPECT_TRUE(list->entries.empty());
  ASSERT_EQ(list->patterns.size(), 5u);
  EXPECT_EQ(list->indicators[list->patterns[0]].id, "indicator--a");
  EXPECT_TRUE(list->indicators[list->patterns[0]].valid_from.has_value());
  EXPECT_EQ(list->indicators[list->patterns[1]].id, "indicator--b");
  EXPECT_EQ(list->indicators[list->patterns[2]].id, "indicator--c");
  EXPECT_EQ(list->indicators[list->patterns[3]].id, "indicator--d");
  EXPECT_EQ(list->indicators[list->patterns[4]].id, "indicator--h");
  auto values = EqualityIocs(list->indicators[list->patterns[1]].pattern);
  ASSERT_TRUE(values.has_value());
  EXPECT_EQ((*values)[0].value, "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233");
  EXPECT_EQ(list->revoked_skipped, 1);
  ASSERT_EQ(list->rejected.size(), 2u);
  EXPECT_EQ(list->rejected[0].where, "feed.json: object 5 (indicator--e)");
  EXPECT_NE(list->rejected[0].reason.find("column"), std::string::npos);
  EXPECT_NE(list->rejected[1].reason.find("snort"), std::string::npos);
}

TEST(IocList, BrokenJsonIsAnErrorWithLineAndColumn) {
  auto list = ParseIocList("{\"type\": \"bundle\",\n \"objects\": [,]}", "feed.json");
  ASSERT_FALSE(list.ok());
  auto ctx = GetContext(list.status());
  ASSERT_TRUE(ctx.has_value());
  EXPECT_EQ(ctx->file, "feed.json");
  EXPECT_EQ(ctx->line, 2);
  EXPECT_GT(ctx->column, 1);
}

// Found by the MISP fuzzer in the intel importer, same library here: a number
// beyond double's range is well-formed JSON that nlohmann refuses with an
// out_of_range exception, not a parse_error.
TEST(IocList, NumberOutOfRangeIsAnErrorNotACrash) {
  auto list = ParseIocList("{\"type\": \"bundle\", \"objects\": [6e566]}", "feed.json");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(FormatError(list.status()).find("feed.json"), std::string::npos) << FormatError(list.status());
}

TEST(IocList, RefangForms) {
  EXPECT_EQ(Refang("hxxp://a[.]b(.)c{.}d[dot]e/x"), "http://a.b.c.d.e/x");
  EXPECT_EQ(Refang("hXXps[://]evil[.]com"), "https://evil.com");
  EXPECT_EQ(Refang("fe80[:][:]1"), "fe80::1");
  EXPECT_EQ(Refang("a[at]b.com"), "a@b.com");
  EXPECT_EQ(Refang("plain.example.com"), "plain.example.com");
}

TEST(IocList, BuildIocSetTagsWithIndicatorIndex) {
  auto list = ParseIocList("evil.com\n10.0.0.1\n", "l");
  ASSERT_TRUE(list.ok());
  IocSet set = BuildIocSet(*list);
  uint32_t tag = 99;
  set.ScanValue("x.evil.com", [&](const IocHit& h) { tag = h.tags[0]; });
  EXPECT_EQ(tag, 0u);
  set.ScanValue("10.0.0.1", [&](const IocHit& h) { tag = h.tags[0]; });
  EXPECT_EQ(tag, 1u);
}

}  // namespace
}  // namespace rampart::detect
