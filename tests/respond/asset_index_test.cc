// The asset index: addresses (v4, v6, overlaps), domains, hosts, sectors,
// software.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/respond/asset_index.h"

namespace rampart::respond {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<uint32_t> V(AssetIndex::Owners owners) { return {owners.begin(), owners.end()}; }

Constituent Make(std::string name, std::vector<std::string> networks, std::vector<std::string> domains = {},
                 std::vector<std::string> hosts = {}) {
  Constituent c;
  c.name = std::move(name);
  c.networks = std::move(networks);
  c.domains = std::move(domains);
  c.hosts = std::move(hosts);
  EXPECT_TRUE(Canonicalize(c).ok());
  return c;
}

class AssetIndexTest : public ::testing::Test {
 protected:
  AssetIndexTest() {
    Constituent health = Make("Health", {"10.2.0.0/16", "2001:db8:2::/48"}, {"health.example.gov"},
                              {"mail01.health.example.gov"});
    health.sectors = {"healthcare"};
    health.software = {{"Microsoft", "Exchange Server", "15.1.2176.2",
                        "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_19:*:*:*:*:*:*"}};
    Constituent lab = Make("Lab", {"10.2.5.0/24"}, {"lab.health.example.gov"});  // inside Health's /16
    Constituent gov = Make("Gov", {"0.0.0.0/0"}, {"example.gov"});
    Constituent v6 = Make("Six", {"2000::/3"});
    index_ = AssetIndex({health, lab, gov, v6});
  }
  AssetIndex index_;
};

TEST_F(AssetIndexTest, Ipv4MostAndLeastSpecificBothFound) {
  EXPECT_THAT(V(index_.ByAddress("10.2.10.25")), ElementsAre(0, 2));
  EXPECT_THAT(V(index_.ByAddress("10.2.5.9")), ElementsAre(0, 1, 2));  // overlap: hits go to both
  EXPECT_THAT(V(index_.ByAddress("10.3.0.1")), ElementsAre(2));
  EXPECT_THAT(V(index_.ByAddress("255.255.255.255")), ElementsAre(2));
  EXPECT_THAT(V(index_.ByAddress("not an address")), IsEmpty());
}

TEST_F(AssetIndexTest, Ipv6IsSeparateFromIpv4) {
  EXPECT_THAT(V(index_.ByAddress("2001:db8:2::25")), ElementsAre(0, 3));
  EXPECT_THAT(V(index_.ByAddress("2001:db8:3::1")), ElementsAre(3));
  EXPECT_THAT(V(index_.ByAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")), IsEmpty());
  EXPECT_THAT(V(index_.ByAddress("[2001:db8:2::1]")), ElementsAre(0, 3));
}

TEST_F(AssetIndexTest, DomainsBySuffixLongestFirst) {
  EXPECT_THAT(V(index_.ByDomain("owa.lab.health.example.gov")), ElementsAre(1));
  EXPECT_THAT(V(index_.ByDomain("MAIL.Health.Example.Gov.")), ElementsAre(0));
  EXPECT_THAT(V(index_.ByDomain("energy.example.gov")), ElementsAre(2));
  EXPECT_THAT(V(index_.ByDomain("example.org")), IsEmpty());
  EXPECT_THAT(V(index_.ByDomain("notexample.gov")), IsEmpty());
}

TEST_F(AssetIndexTest, HostsFullAndShort) {
  EXPECT_THAT(V(index_.ByHost("MAIL01.health.example.gov")), ElementsAre(0));
  EXPECT_THAT(V(index_.ByHost("MAIL01")), ElementsAre(0));
  EXPECT_THAT(V(index_.ByHost("mail02")), IsEmpty());
}

TEST_F(AssetIndexTest, SectorAndSoftware) {
  EXPECT_THAT(V(index_.BySector("healthcare")), ElementsAre(0));
  EXPECT_THAT(V(index_.BySoftware("exchange server")), ElementsAre(0));
  EXPECT_THAT(V(index_.BySoftware("exchange_server")), ElementsAre(0));
  EXPECT_THAT(V(index_.BySoftware("SharePoint")), IsEmpty());
  EXPECT_EQ(index_.ByName("Lab"), 1);
  EXPECT_EQ(index_.ByName("lab"), -1);
}

TEST(AssetIndex, RevokedConstituentsAreLeftOut) {
  Constituent c = Make("Gone", {"10.0.0.0/8"});
  c.revoked = true;
  AssetIndex index({c});
  EXPECT_THAT(V(index.ByAddress("10.1.1.1")), IsEmpty());
}

TEST(Address, CidrCanonicalForm) {
  EXPECT_EQ(FormatCidr(*ParseCidr("10.2.3.4/16")), "10.2.0.0/16");
  EXPECT_EQ(FormatCidr(*ParseCidr("2001:DB8:0:0::1/32")), "2001:db8::/32");
  EXPECT_EQ(FormatCidr(*ParseCidr("192.0.2.1")), "192.0.2.1/32");
  EXPECT_FALSE(ParseCidr("10.0.0.0/").ok());
  EXPECT_FALSE(ParseCidr("10.0.0.0/-1").ok());
  EXPECT_FALSE(ParseCidr("fe80::1%eth0").ok());
}

}  // namespace
}  // namespace rampart::respond
