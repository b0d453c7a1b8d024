// Version ranges and advisories over a small knowledge base: the Exchange
// 2021 vulnerabilities (examples/), HAFNIUM and the three attribution claims
// of the founding article.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rampart/respond/advisory.h"
#include "rampart/respond/software_match.h"
#include "rampart/store/open.h"
#include "support/test_support.h"

namespace rampart::respond {
namespace {

using rampart::testing::TempDir;
using nlohmann::json;

TEST(VersionTest, ParsesBuildNumbersOnly) {
  EXPECT_EQ(*ParseVersion("15.1.2176.2"), (std::vector<uint32_t>{15, 1, 2176, 2}));
  for (const char* bad : {"", "2016 CU19", "15.1.x", "15..1", "15.1.", "v15", "1.2.3.4.5.6.7.8.9", "99999999999"}) {
    EXPECT_FALSE(ParseVersion(bad).ok()) << bad;
  }
  EXPECT_EQ(CompareVersions(*ParseVersion("15.1"), *ParseVersion("15.1.0.0")), 0);
  EXPECT_LT(CompareVersions(*ParseVersion("15.1.2176.2"), *ParseVersion("15.1.2176.9")), 0);
  EXPECT_GT(CompareVersions(*ParseVersion("15.1.2242.4"), *ParseVersion("15.1.2176.9")), 0);
}

AffectedProduct Exchange2016() {
  return {"Microsoft", "Exchange Server 2016", {{"15.1.0", "15.1.2106.13"}, {"15.1.2176.0", "15.1.2176.9"}}};
}

TEST(VersionTest, Exchange2016Cu19BeforeTheMarchUpdate) {
  AffectedProduct p = Exchange2016();
  EXPECT_EQ(*MatchVersion(p, "15.1.2176.2"), 1);   // CU19
  EXPECT_EQ(*MatchVersion(p, "15.1.2176.8"), 1);   // CU19, an earlier update
  EXPECT_EQ(*MatchVersion(p, "15.1.2176.9"), -1);  // CU19 with the March 2021 update
  EXPECT_EQ(*MatchVersion(p, "15.1.2242.4"), -1);  // CU20
  EXPECT_EQ(*MatchVersion(p, "15.1.2106.2"), 0);   // CU18
  EXPECT_EQ(*MatchVersion(p, "15.1.2106.13"), -1); // CU18 patched
  EXPECT_EQ(*MatchVersion(p, "15.1.1979.3"), 0);   // CU16, unsupported: vulnerable
  EXPECT_EQ(*MatchVersion(p, "15.2.792.3"), -1);   // another product line's build
  EXPECT_FALSE(MatchVersion(p, "CU19").ok());
  EXPECT_EQ(*MatchVersion(AffectedProduct{"", "x", {}}, "1.0"), 0);  // no ranges: every version
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr const char* kClear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
constexpr const char* kAmber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
constexpr const char* kHafnium = "intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87";

json Sdo(const std::string& type, const std::string& id, json extra) {
  json o = {{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"created", "2021-07-19T00:00:00.000Z"},
            {"modified", "2021-07-19T00:00:00.000Z"}, {"object_marking_refs", {kClear}}};
  o.update(extra);
  return o;
}

std::string Id(const std::string& type, int n) { return fmt::format("{}--00000000-0000-4000-8000-{:012d}", type, n); }

// The article's three claims: the campaign attributed to HAFNIUM by
// Microsoft, to the MSS by governments, to APT40 ("likely") by Global
// Affairs Canada -- that last one marked TLP:AMBER for the test.
std::vector<json> ArticleObjects() {
  std::string campaign = Id("campaign", 1), mss = Id("threat-actor", 2), apt40 = Id("intrusion-set", 3);
  std::string microsoft = Id("identity", 4), governments = Id("identity", 5), gac = Id("identity", 6);
  std::vector<json> out = {
      Sdo("intrusion-set", kHafnium, {{"name", "HAFNIUM"},
          {"external_references", {{{"source_name", "mitre-attack"}, {"external_id", "G0125"}}}}}),
      Sdo("campaign", campaign, {{"name", "Microsoft Exchange hack"}}),
      Sdo("threat-actor", mss, {{"name", "Ministry of State Security"}}),
      Sdo("intrusion-set", apt40, {{"name", "Leviathan"}}),
      Sdo("identity", microsoft, {{"name", "Microsoft"}, {"identity_class", "organization"}}),
      Sdo("identity", governments, {{"name", "Canada and its allies"}, {"identity_class", "organization"}}),
      Sdo("identity", gac, {{"name", "Global Affairs Canada"}, {"identity_class", "organization"}}),
  };
  auto claim = [&](int n, const std::string& target, const std::string& by, int confidence, const char* quote,
                   const char* marking) {
    return Sdo("relationship", Id("relationship", n),
               {{"relationship_type", "attributed-to"}, {"source_ref", campaign}, {"target_ref", target},
                {"created_by_ref", by}, {"confidence", confidence}, {"x_rampart_quote", quote},
                {"object_marking_refs", {marking}}});
  };
  out.push_back(claim(10, kHafnium, microsoft, 85, "Microsoft attributed the hack to Hafnium", kClear));
  out.push_back(claim(11, mss, governments, 90, "China's Ministry of State Security was behind it", kClear));
  out.push_back(claim(12, apt40, gac, 70, "likely APT 40", kAmber));
  out.push_back(Sdo("report", Id("report", 20),
                    {{"name", "China behind massive cyber attack"}, {"published", "2021-07-19T00:00:00.000Z"},
                     {"object_refs", {campaign, kHafnium, mss, apt40, Id("relationship", 10), Id("relationship", 11),
                                      Id("relationship", 12)}}}));
  return out;
}

Status PutAll(store::Store& store, const std::vector<json>& objects) {
  RAMPART_ASSIGN_OR_RETURN(auto tx, store.Begin());
  for (const json& j : objects) {
    RAMPART_ASSIGN_OR_RETURN(stix::Object o, stix::FromJson(j));
    RAMPART_RETURN_IF_ERROR(tx->Put(o).status());
  }
  return tx->Commit();
}

Constituent Make(std::string name, std::string product, std::string version, stix::TlpLevel clearance) {
  Constituent c;
  c.name = std::move(name);
  c.sectors = {"government-national"};
  if (!product.empty()) c.software.push_back({"Microsoft", product, version, ""});
  c.contacts.emails = {"soc@" + std::to_string(c.name.size()) + ".example"};
  c.contacts.webhook = Webhook{"http://127.0.0.1:9/" + std::to_string(c.name.size()), "secret"};
  c.clearance = clearance;
  EXPECT_TRUE(Canonicalize(c).ok()) << c.name << Canonicalize(c);
  return c;
}

class AdviseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore(dir_.File("kb.db"));
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    auto o = Outbox::Open(dir_.File("kb.db.outbox"));
    ASSERT_TRUE(o.ok());
    outbox_ = std::move(*o);
    json bundle = json::parse(ReadFile(std::string(RAMPART_SOURCE_DIR) + "/examples/exchange-2021-vulnerabilities.json"));
    std::vector<json> objects = ArticleObjects();
    for (const json& o : bundle["objects"]) objects.push_back(o);
    ASSERT_TRUE(PutAll(*store_, objects).ok()) << PutAll(*store_, objects);
  }
  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(AdviseTest, EveryVulnerableExchangeAndOnlyThem) {
  AssetIndex index({Make("Health Agency", "Exchange Server 2016", "15.1.2176.2", stix::TlpLevel::kAmber),
                    Make("Patched Ministry", "Exchange Server 2016", "15.1.2176.9", stix::TlpLevel::kAmber),
                    Make("CU20 Office", "Exchange Server 2016", "15.1.2242.4", stix::TlpLevel::kAmber),
                    Make("No Exchange Board", "", "", stix::TlpLevel::kAmber),
                    Make("Transport Office", "Exchange Server 2019", "15.2.792.3", stix::TlpLevel::kGreen)});
  AdviseOptions options;
  options.now = 1'700'000'000'000'000;
  auto result = Advise(*store_, *outbox_, index, options);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->advisories.size(), 2u);
  const Advisory& health = result->advisories[0];
  EXPECT_EQ(health.constituent, "Health Agency");
  EXPECT_EQ(result->advisories[1].constituent, "Transport Office");
  EXPECT_TRUE(health.stored);
  // Marked at least as high as the highest cited claim (TLP:AMBER).
  EXPECT_EQ(health.marking, stix::TlpLevel::kAmber);
  for (const char* text : {"CVE-2021-26855", "CVE-2021-27065", "HAFNIUM exploits", "claimed by Microsoft, confidence 85",
                           "Ministry of State Security: claimed by Canada and its allies, confidence 90",
                           "Leviathan: claimed by Global Affairs Canada, confidence 70",
                           "Exchange Server 2016 15.1.2176.2 is affected", "15.1.2176.9",
                           "Install the March 2021 Exchange Server security updates", "## Why you"}) {
    EXPECT_NE(health.markdown.find(text), std::string::npos) << text << "\n" << health.markdown;
  }
  EXPECT_NE(health.html.find("<h2>Who is behind it</h2>"), std::string::npos);
  // The stored report references what it cites and carries its renderings.
  auto stored = store_->Get(health.report.id);
  ASSERT_TRUE(stored.ok());
  json j = json::parse(stored->json);
  EXPECT_EQ(j["report_types"], json({"threat-report"}));
  EXPECT_EQ(j["x_rampart_advisory"]["constituent_name"], "Health Agency");
  EXPECT_EQ(j["object_marking_refs"], json({kAmber}));
  auto refs = j["object_refs"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(refs.begin(), refs.end(), kHafnium), refs.end());
  EXPECT_NE(std::find(refs.begin(), refs.end(), Id("relationship", 12)), refs.end());
  // One delivery per contact; the TLP:GREEN constituent's copies leave the
  // AMBER claim out and say so.
  EXPECT_EQ(health.deliveries.size(), 2u);
  const Advisory& transport = result->advisories[1];
  ASSERT_EQ(transport.deliveries.size(), 2u);
  for (const Delivery& d : transport.deliveries) {
    EXPECT_EQ(d.tlp, "green");
    EXPECT_EQ(d.body_text.find("Global Affairs Canada"), std::string::npos);
    EXPECT_NE(d.body_text.find("not in your copy: 1 above your clearance"), std::string::npos) << d.body_text;
    EXPECT_NE(d.body_text.find("claimed by Microsoft"), std::string::npos);
  }
  for (const Delivery& d : health.deliveries) {
    EXPECT_EQ(d.tlp, "amber");
    EXPECT_NE(d.body_json.find("Global Affairs Canada"), std::string::npos);
  }
  EXPECT_EQ(outbox_->List(DeliveryState::kPending)->size(), 4u);

  // Nothing new: nothing again.
  auto again = Advise(*store_, *outbox_, index, options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->advisories.empty());
  EXPECT_EQ(again->triggers, 0);
  // --since: the same advisories, same ids, nothing queued twice.
  options.since = 0;
  auto since = Advise(*store_, *outbox_, index, options);
  ASSERT_TRUE(since.ok());
  ASSERT_EQ(since->advisories.size(), 2u);
  EXPECT_EQ(since->advisories[0].report.id, health.report.id);
  EXPECT_FALSE(since->advisories[0].stored);
  EXPECT_EQ(outbox_->List()->size(), 4u);
}

TEST_F(AdviseTest, AVersionThatIsNotAVersionNamesConstituentAndItemAndWritesNothing) {
  Constituent bad = Make("Finance Office", "Exchange Server 2016", "15.1.2176.2", stix::TlpLevel::kAmber);
  bad.software[0].version = "15.1.CU19";
  AssetIndex index({bad});
  AdviseOptions options;
  auto result = Advise(*store_, *outbox_, index, options);
  ASSERT_FALSE(result.ok());
  std::string message(result.status().message());
  EXPECT_NE(message.find("Finance Office"), std::string::npos) << message;
  EXPECT_NE(message.find("software[0]"), std::string::npos) << message;
  EXPECT_NE(message.find("15.1.CU19"), std::string::npos) << message;
  EXPECT_TRUE(outbox_->List()->empty());
  EXPECT_FALSE(outbox_->GetMeta("advised:" + Id("relationship", 10))->has_value());
}

TEST_F(AdviseTest, WebhookWithoutSecretIsAnError) {
  Constituent c = Make("Energy Board", "Exchange Server 2016", "15.1.2176.2", stix::TlpLevel::kAmber);
  c.contacts.webhook->secret.clear();
  AssetIndex index({c});
  auto result = Advise(*store_, *outbox_, index, AdviseOptions{});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(std::string(result.status().message()).find("no signing secret"), std::string::npos);
  EXPECT_TRUE(outbox_->List()->empty());
}

TEST_F(AdviseTest, DryRunWritesNothing) {
  AssetIndex index({Make("Health Agency", "Exchange Server 2016", "15.1.2176.2", stix::TlpLevel::kAmber)});
  AdviseOptions options;
  options.dry_run = true;
  auto result = Advise(*store_, *outbox_, index, options);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->advisories.size(), 1u);
  EXPECT_FALSE(store_->Get(result->advisories[0].report.id).ok());
  EXPECT_TRUE(outbox_->List()->empty());
  EXPECT_EQ(Advise(*store_, *outbox_, index, options)->advisories.size(), 1u);  // still new
}

}  // namespace
}  // namespace rampart::respond

namespace rampart::respond {
namespace {

TEST_F(AdviseTest, ReissuedWithAnotherFloorIsANewVersion) {
  AssetIndex index({Make("Health Agency", "Exchange Server 2016", "15.1.2176.2", stix::TlpLevel::kRed)});
  AdviseOptions options;
  auto first = Advise(*store_, *outbox_, index, options);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->advisories.size(), 1u);
  std::string id = first->advisories[0].report.id;
  options.since = 0;
  options.floor = stix::TlpLevel::kAmberStrict;
  auto second = Advise(*store_, *outbox_, index, options);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->advisories.size(), 1u);
  EXPECT_EQ(second->advisories[0].report.id, id);
  EXPECT_TRUE(second->advisories[0].stored);
  EXPECT_EQ(second->advisories[0].marking, stix::TlpLevel::kAmberStrict);
  auto versions = store_->Versions(id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_LT((*versions)[0].modified, (*versions)[1].modified);
  EXPECT_EQ((*versions)[0].created, (*versions)[1].created);
  // The floor's AMBER+STRICT stays inside the constituent: its own contacts get it.
  for (const Delivery& d : second->advisories[0].deliveries) EXPECT_EQ(d.tlp, "amber+strict") << d.target;
}

}  // namespace
}  // namespace rampart::respond
