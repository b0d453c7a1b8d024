// TAXII collections per constituent: who sees which, and that each holds
// exactly the objects about its constituent within the caller's clearance.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <set>

#include "app.h"
#include "rampart/respond/constituent.h"
#include "rampart/store/open.h"
#include "support/test_support.h"

namespace rampart::server {
namespace {

using nlohmann::json;

std::string Uuid(int n) { return fmt::format("00000000-0000-4000-8000-{:012}", n); }

json Base(const std::string& type, int n) {
  return {{"type", type}, {"spec_version", "2.1"}, {"id", type + "--" + Uuid(n)},
          {"created", "2021-03-02T00:00:00.000Z"}, {"modified", "2021-03-02T00:00:00.000Z"}};
}

class TaxiiConstituentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.store_location = dir_.File("kb.db");
    auto kb = store::OpenStore(config_.store_location);
    ASSERT_TRUE(kb.ok()) << kb.status();
    auto tx = (*kb)->Begin();
    ASSERT_TRUE(tx.ok());
    for (const char* name : {"Health", "Energy"}) {
      respond::Constituent c;
      c.name = name;
      ASSERT_TRUE(respond::Canonicalize(c).ok());
      ASSERT_TRUE(respond::PutConstituent(**kb, **tx, c, 1614643200000000).ok());
    }
    health_ = respond::ConstituentId("Health");
    energy_ = respond::ConstituentId("Energy");
    json sighting = Base("sighting", 1);
    sighting["sighting_of_ref"] = "indicator--" + Uuid(9);
    sighting["where_sighted_refs"] = {health_};
    json amber_sighting = Base("sighting", 2);
    amber_sighting["sighting_of_ref"] = "indicator--" + Uuid(9);
    amber_sighting["where_sighted_refs"] = {health_};
    amber_sighting["object_marking_refs"] = {std::string(stix::TlpMarkingId(stix::TlpLevel::kAmber))};
    json advisory = Base("report", 3);
    advisory["name"] = "Advisory for Energy";
    advisory["published"] = "2021-03-02T00:00:00.000Z";
    advisory["object_refs"] = {"indicator--" + Uuid(9)};
    advisory["x_rampart_advisory"] = {{"constituent", energy_}};
    json unrelated = Base("intrusion-set", 4);
    unrelated["name"] = "Unrelated Panda";
    for (const json& object : {sighting, amber_sighting, advisory, unrelated}) {
      auto parsed = stix::ParseObject(object.dump());
      ASSERT_TRUE(parsed.ok()) << parsed.status();
      ASSERT_TRUE((*tx)->Put(*parsed).ok());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
    auto users = UserDb::Open(config_.store_location);
    ASSERT_TRUE(users.ok());
    users_ = std::move(*users);
    ASSERT_TRUE(users_->AddUser("analyst", Role::kAnalyst, "", stix::TlpLevel::kRed, "password of analyst").ok());
    ASSERT_TRUE(users_->AddUser("reader", Role::kConstituentReader, "Health", stix::TlpLevel::kGreen,
                                "password of reader").ok());
    for (const char* name : {"analyst", "reader"}) tokens_[name] = *users_->CreateToken(name);
    app_ = std::make_unique<App>(config_, *users_);
  }

  Response Call(const std::string& user, const std::string& method, const std::string& target,
                const std::string& body = "") {
    Request request;
    request.method = method;
    request.target = target;
    request.remote = "127.0.0.1:5000";
    request.body = body;
    request.headers = {{"authorization", "Bearer " + tokens_[user]}};
    if (method == "POST") request.headers.emplace_back("content-type", "application/taxii+json;version=2.1");
    std::string who;
    return app_->Handle(request, &who);
  }

  std::set<std::string> Aliases(const std::string& user) {
    std::set<std::string> out;
    json body = json::parse(Call(user, "GET", "/taxii2/rampart/collections/").body);
    for (const json& c : body["collections"]) out.insert(c["alias"].get<std::string>());
    return out;
  }

  std::set<std::string> ObjectIds(const std::string& user, const std::string& collection) {
    std::set<std::string> out;
    std::string next;
    for (int i = 0; i < 100; ++i) {
      Response r = Call(user, "GET", "/taxii2/rampart/collections/" + collection + "/objects/?limit=1" +
                                         (next.empty() ? "" : "&next=" + next));
      EXPECT_EQ(r.status, 200) << r.body;
      json body = json::parse(r.body);
      for (const json& o : body["objects"]) out.insert(o["id"].get<std::string>());
      if (!body.value("more", false)) break;
      next = body["next"];
    }
    return out;
  }

  rampart::testing::TempDir dir_;
  ServerConfig config_;
  std::unique_ptr<UserDb> users_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<App> app_;
  std::string health_, energy_;
};

TEST_F(TaxiiConstituentTest, AReaderSeesItsOwnConstituentCollectionOnly) {
  std::set<std::string> reader = Aliases("reader");
  EXPECT_TRUE(reader.count("constituent-health"));
  EXPECT_FALSE(reader.count("constituent-energy"));
  EXPECT_TRUE(reader.count("tlp-green"));
  EXPECT_FALSE(reader.count("tlp-amber"));
  std::set<std::string> analyst = Aliases("analyst");
  EXPECT_TRUE(analyst.count("constituent-health"));
  EXPECT_TRUE(analyst.count("constituent-energy"));
  EXPECT_EQ(Call("reader", "GET", "/taxii2/rampart/collections/constituent-energy/").status, 404);
  EXPECT_EQ(Call("reader", "GET", "/taxii2/rampart/collections/constituent-energy/objects/").status, 404);
  Response own = Call("reader", "GET", "/taxii2/rampart/collections/constituent-health/");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(json::parse(own.body)["can_write"], false);
}

TEST_F(TaxiiConstituentTest, ACollectionHoldsExactlyTheObjectsAboutItsConstituent) {
  const std::string sighting = "sighting--" + Uuid(1), amber = "sighting--" + Uuid(2);
  EXPECT_EQ(ObjectIds("analyst", "constituent-health"), (std::set<std::string>{health_, sighting, amber}));
  EXPECT_EQ(ObjectIds("reader", "constituent-health"), (std::set<std::string>{health_, sighting}));  // not amber
  EXPECT_EQ(ObjectIds("analyst", "constituent-energy"), (std::set<std::string>{energy_, "report--" + Uuid(3)}));
  // By id too: the collection's id is stable and answers the same.
  json list = json::parse(Call("analyst", "GET", "/taxii2/rampart/collections/").body);
  for (const json& c : list["collections"]) {
    if (c["alias"] == "constituent-energy") {
      EXPECT_EQ(ObjectIds("analyst", c["id"].get<std::string>()), ObjectIds("analyst", "constituent-energy"));
    }
  }
  EXPECT_EQ(Call("reader", "GET", "/taxii2/rampart/collections/constituent-health/objects/" + amber + "/").status, 404);
}

TEST_F(TaxiiConstituentTest, ConstituentCollectionsAreReadOnly) {
  json envelope = {{"objects", json::array({Base("intrusion-set", 7)})}};
  envelope["objects"][0]["name"] = "Added Panda";
  EXPECT_EQ(Call("analyst", "POST", "/taxii2/rampart/collections/constituent-health/objects/", envelope.dump()).status,
            403);
  EXPECT_EQ(Call("reader", "POST", "/taxii2/rampart/collections/constituent-health/objects/", envelope.dump()).status,
            403);
}

}  // namespace
}  // namespace rampart::server
