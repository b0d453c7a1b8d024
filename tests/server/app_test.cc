// The server without sockets: App::Handle on requests built here. Holds the
// access table (role, clearance, route -> status), the OpenAPI check and
// the TAXII paging and bad-input cases. Every test runs on a SQLite store
// and, when $RAMPART_TEST_PG_URL names a server, on a PostgreSQL store (a
// new schema; the users stay in a SQLite file, as with --auth-db).
#include "app.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <set>

#include <unistd.h>

#include "rampart/server/query.h"
#include "rampart/stix/marking.h"
#include "rampart/store/open.h"
#include "postgres/pg_conn.h"
#include "support/test_support.h"

namespace rampart::server {
namespace {

using rampart::testing::TempDir;

std::string Uuid(int n) { return fmt::format("00000000-0000-4000-8000-{:012}", n); }

std::string IntrusionSet(int n, const std::string& name, std::optional<stix::TlpLevel> tlp) {
  nlohmann::json json = {{"type", "intrusion-set"}, {"spec_version", "2.1"},
                         {"id", "intrusion-set--" + Uuid(n)}, {"created", "2021-03-02T00:00:00.000Z"},
                         {"modified", "2021-03-02T00:00:00.000Z"}, {"name", name}};
  if (tlp) json["object_marking_refs"] = {std::string(stix::TlpMarkingId(*tlp))};
  return json.dump();
}

// A new schema in the database $RAMPART_TEST_PG_URL names; "" without it.
std::string PostgresSchemaUrl(const std::string& schema) {
  const char* url = std::getenv("RAMPART_TEST_PG_URL");
  if (url == nullptr || url[0] == '\0' || std::string(url) == "none") return "";
  auto conn = store::internal::PgConn::Connect(url);
  EXPECT_TRUE(conn.ok()) << conn.status();
  if (!conn.ok()) return "";
  EXPECT_TRUE((*conn)->Exec(fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", schema)).ok());
  return fmt::format("{}{}options=-csearch_path%3D{}", url, std::strchr(url, '?') ? "&" : "?", schema);
}

class AppTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    config_.store_location = dir_.File("kb.db");
    std::string users_location = config_.store_location;
    if (GetParam() == "postgresql") {
      const std::string schema = fmt::format("rampart_server_test_{}", getpid());
      config_.store_location = PostgresSchemaUrl(schema);
      if (config_.store_location.empty()) {
        GTEST_SKIP() << "RAMPART_TEST_PG_URL is not set, so the PostgreSQL store is not tested";
      }
      schema_ = schema;  // dropped by TearDown
      users_location = dir_.File("users.db");
    }
    auto store = store::OpenStore(config_.store_location);
    ASSERT_TRUE(store.ok()) << store.status();
    auto tx = (*store)->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->Put(*stix::ParseObject(IntrusionSet(1, "Clear Panda", std::nullopt))).ok());
    ASSERT_TRUE((*tx)->Put(*stix::ParseObject(IntrusionSet(2, "Green Panda", stix::TlpLevel::kGreen))).ok());
    ASSERT_TRUE((*tx)->Put(*stix::ParseObject(IntrusionSet(3, "Amber Panda", stix::TlpLevel::kAmber))).ok());
    ASSERT_TRUE((*tx)->Put(*stix::ParseObject(IntrusionSet(4, "Red Panda", stix::TlpLevel::kRed))).ok());
    for (int i = 10; i < 35; ++i) {
      ASSERT_TRUE((*tx)->Put(*stix::ParseObject(IntrusionSet(i, fmt::format("Set {}", i), std::nullopt))).ok());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
    auto users = UserDb::Open(users_location);
    ASSERT_TRUE(users.ok()) << users.status();
    users_ = std::move(*users);
    AddUser("admin", Role::kAdmin, stix::TlpLevel::kRed);
    AddUser("analyst", Role::kAnalyst, stix::TlpLevel::kAmber);
    AddUser("reader", Role::kConstituentReader, stix::TlpLevel::kGreen);
    app_ = std::make_unique<App>(config_, *users_);
  }

  void AddUser(const std::string& name, Role role, stix::TlpLevel clearance) {
    ASSERT_TRUE(users_->AddUser(name, role, name == "reader" ? "Health" : "", clearance, "password of " + name).ok());
    tokens_[name] = *users_->CreateToken(name);
  }

  Response Call(const std::string& user, const std::string& method, const std::string& target,
                const std::string& body = "", std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.method = method;
    request.target = target;
    request.remote = "127.0.0.1:5000";
    request.body = body;
    request.headers = std::move(headers);
    if (!user.empty()) request.headers.emplace_back("authorization", "Bearer " + tokens_[user]);
    std::string who;
    return app_->Handle(request, &who);
  }

  void TearDown() override {
    app_.reset();
    if (schema_.empty()) return;
    auto conn = store::internal::PgConn::Connect(std::getenv("RAMPART_TEST_PG_URL"));
    if (conn.ok()) (void)(*conn)->Exec(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", schema_));
  }

  TempDir dir_;
  std::string schema_;
  ServerConfig config_;
  std::unique_ptr<UserDb> users_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<App> app_;
};

const std::string kSet3 = "intrusion-set--" + Uuid(3);
const std::string kClear = "/taxii2/rampart/collections/tlp-clear/";
const std::string kAmber = "/taxii2/rampart/collections/tlp-amber/";

TEST_P(AppTest, AccessTable) {
  struct Row {
    std::string user;
    std::string method;
    std::string target;
    int expected;
  };
  const std::vector<Row> table = {
      {"", "GET", "/taxii2/", 200},
      {"", "GET", "/taxii2/rampart/", 401},
      {"", "GET", "/api/v1/objects", 401},
      {"", "GET", "/api/openapi.json", 401},
      {"reader", "GET", "/api/openapi.json", 200},
      {"reader", "GET", "/api/v1/me", 200},
      {"reader", "GET", "/api/v1/objects/Green Panda", 200},
      {"reader", "GET", "/api/v1/objects/Amber Panda", 404},
      {"reader", "GET", "/api/v1/objects/" + kSet3, 404},
      {"analyst", "GET", "/api/v1/objects/Amber Panda", 200},
      {"analyst", "GET", "/api/v1/objects/Red Panda", 404},
      {"admin", "GET", "/api/v1/objects/Red Panda", 200},
      {"reader", "GET", "/api/v1/users", 403},
      {"analyst", "GET", "/api/v1/users", 403},
      {"admin", "GET", "/api/v1/users", 200},
      {"reader", "GET", "/taxii2/rampart/collections/", 200},
      {"reader", "GET", kClear, 200},
      {"reader", "GET", kAmber, 404},
      {"reader", "GET", kAmber + "objects/", 404},
      {"analyst", "GET", kAmber + "objects/", 200},
      {"analyst", "GET", "/taxii2/rampart/collections/tlp-red/objects/", 404},
      {"admin", "GET", "/taxii2/rampart/collections/tlp-red/objects/", 200},
      {"reader", "POST", kClear + "objects/", 403},
      {"reader", "DELETE", kClear + "objects/" + kSet3 + "/", 403},
      {"admin", "DELETE", kClear + "objects/" + kSet3 + "/", 403},
      {"analyst", "GET", "/taxii2/other/collections/", 404},
      {"analyst", "PUT", "/api/v1/objects", 405},
      {"analyst", "GET", "/api/v2/nothing", 404},
      {"reader", "GET", "/api/v1/rules", 403},
      {"analyst", "GET", "/api/v1/rules", 200},
      {"reader", "POST", "/api/v1/rules/check", 403},
      {"reader", "GET", "/api/v1/hunts", 403},
      {"reader", "POST", "/api/v1/hunts", 403},
      {"analyst", "GET", "/api/v1/hunts", 200},
      {"admin", "GET", "/api/v1/hunts", 200},
      {"analyst", "GET", "/api/v1/hunts/no-such-job", 404},
      {"analyst", "GET", "/api/v1/hunts/no-such-job/hits", 404},
      {"analyst", "POST", "/api/v1/hunts/no-such-job/cancel", 404},
      {"analyst", "DELETE", "/api/v1/hunts/no-such-job", 404},
      {"reader", "GET", "/api/v1/hunts/no-such-job", 403},
  };
  for (const Row& row : table) {
    Response response = Call(row.user, row.method, row.target);
    EXPECT_EQ(response.status, row.expected) << row.user << " " << row.method << " " << row.target << "\n"
                                             << response.body;
    EXPECT_EQ(response.Header("X-Content-Type-Options"), "nosniff");
  }
}

TEST_P(AppTest, EveryRouteIsDocumentedAndEveryDocumentedRouteServed) {
  nlohmann::json document = nlohmann::json::parse(Call("admin", "GET", "/api/openapi.json").body);
  EXPECT_EQ(document["openapi"], "3.1.0");
  std::set<std::string> documented, served;
  for (auto& [path, operations] : document["paths"].items()) {
    for (auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
    }
  }
  for (const RouteInfo& route : app_->router().Routes()) served.insert(route.method + " " + route.pattern);
  EXPECT_EQ(documented, served);
  EXPECT_GE(served.size(), 20u);
}

TEST_P(AppTest, TaxiiPagesThroughACollection) {
  std::set<std::string> ids;
  std::string target = kClear + "objects/?limit=7";
  int pages = 0;
  while (true) {
    Response response = Call("reader", "GET", target, "", {{"accept", "application/taxii+json;version=2.1"}});
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.content_type, "application/taxii+json;version=2.1");
    EXPECT_FALSE(response.Header("X-TAXII-Date-Added-First").empty());
    nlohmann::json envelope = nlohmann::json::parse(response.body);
    for (const auto& object : envelope["objects"]) EXPECT_TRUE(ids.insert(object["id"]).second);
    ++pages;
    if (!envelope["more"].get<bool>()) break;
    target = kClear + "objects/?limit=7&next=" + envelope["next"].get<std::string>();
  }
  EXPECT_EQ(ids.size(), 26u);  // 25 unmarked sets + Clear Panda; never the marked ones
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(ids.count(kSet3), 0u);
}

TEST_P(AppTest, TaxiiPostStoresAndReportsStatus) {
  std::string body = fmt::format(R"({{"objects": [{}, {{"type": "intrusion-set", "id": "bad"}}]}})",
                                 IntrusionSet(99, "Posted Panda", std::nullopt));
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"content-type", "application/taxii+json;version=2.1"}, {"accept", "application/taxii+json;version=2.1"}};
  Response response = Call("analyst", "POST", kClear + "objects/", body, headers);
  ASSERT_EQ(response.status, 202) << response.body;
  nlohmann::json status = nlohmann::json::parse(response.body);
  EXPECT_EQ(status["success_count"], 1);
  EXPECT_EQ(status["failure_count"], 1);
  Response again = Call("analyst", "GET", fmt::format("/taxii2/rampart/status/{}/", status["id"].get<std::string>()));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(nlohmann::json::parse(again.body)["success_count"], 1);
  EXPECT_EQ(Call("reader", "GET", fmt::format("/taxii2/rampart/status/{}/", status["id"].get<std::string>())).status, 404);
  Response object = Call("reader", "GET", kClear + "objects/intrusion-set--" + Uuid(99) + "/");
  EXPECT_EQ(object.status, 200) << object.body;
  Response wrong_type = Call("analyst", "POST", kClear + "objects/", body, {{"content-type", "application/json"}});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(nlohmann::json::parse(wrong_type.body)["http_status"], "415");
}

TEST_P(AppTest, BadInputIsA4xxNeverA5xx) {
  const std::vector<std::pair<std::string, int>> cases = {
      {kClear + "objects/?limit=0", 400},
      {kClear + "objects/?next=garbage", 400},
      {kClear + "objects/?match[type]=x%27%20OR%201=1", 400},
      {kClear + "objects/?added_after=tomorrow", 400},
      {"/api/v1/objects?cursor=%ff%fe", 400},
      {"/api/v1/objects?limit=-1", 400},
      {"/api/v1/objects/..%2f..%2fetc%2fpasswd", 400},
      {"/api/v1/../../etc/passwd", 400},
      {"/api/v1/objects?q=%22unbalanced%20NEAR(%20*%20OR", 200},
      {"/api/v1/objects?q=panda%22)%20OR%20(%22", 200},
      {"/api/v1/objects/" + std::string(300, 'x'), 404},
  };
  for (const auto& [target, expected] : cases) {
    Response response = Call("analyst", "GET", target);
    EXPECT_EQ(response.status, expected) << target << "\n" << response.body;
  }
  Response not_acceptable = Call("analyst", "GET", kClear, "", {{"accept", "application/taxii+json;version=2.0"}});
  EXPECT_EQ(not_acceptable.status, 406);
  Response malformed = Call("analyst", "POST", kClear + "objects/", "{\"objects\": [",
                            {{"content-type", "application/taxii+json;version=2.1"}});
  EXPECT_EQ(malformed.status, 400);
  Request forged;
  forged.method = "GET";
  forged.target = "/api/v1/me";
  forged.headers = {{"authorization", "Bearer rt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}};
  std::string who;
  EXPECT_EQ(app_->Handle(forged, &who).status, 401);
}

TEST_P(AppTest, RestListPagesByCursorWithinTheClearance) {
  std::set<std::string> ids;
  std::string target = "/api/v1/objects?type=intrusion-set&limit=10";
  for (int pages = 0; pages < 10; ++pages) {
    Response response = Call("reader", "GET", target);
    ASSERT_EQ(response.status, 200) << response.body;
    nlohmann::json body = nlohmann::json::parse(response.body);
    for (const auto& object : body["objects"]) EXPECT_TRUE(ids.insert(object["id"]).second);
    if (!body.contains("next_cursor")) break;
    target = "/api/v1/objects?type=intrusion-set&limit=10&cursor=" + body["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(ids.size(), 27u);  // 25 unmarked, Clear Panda, Green Panda
  EXPECT_EQ(ids.count(kSet3), 0u);
  nlohmann::json search = nlohmann::json::parse(Call("reader", "GET", "/api/v1/objects?q=panda").body);
  std::set<std::string> names;
  for (const auto& hit : search["results"]) names.insert(hit["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"Clear Panda", "Green Panda"}));
}

TEST_P(AppTest, ObjectsCarryAnETag) {
  Response first = Call("reader", "GET", "/api/v1/objects/Clear Panda");
  ASSERT_EQ(first.status, 200);
  std::string etag(first.Header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Call("reader", "GET", "/api/v1/objects/Clear Panda", "", {{"if-none-match", etag}}).status, 304);
  EXPECT_EQ(Call("reader", "GET", "/api/v1/objects/Clear Panda", "", {{"if-none-match", "\"other\""}}).status, 200);
}

TEST_P(AppTest, CookieSessionsNeedTheCsrfTokenToWrite) {
  Request login;
  login.method = "POST";
  login.target = "/api/v1/login";
  login.remote = "127.0.0.1:1";
  login.body = R"({"user": "analyst", "password": "password of analyst"})";
  std::string who;
  Response response = app_->Handle(login, &who);
  ASSERT_EQ(response.status, 200) << response.body;
  std::string cookie(response.Header("Set-Cookie"));
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  std::string value = cookie.substr(0, cookie.find(';'));
  std::string csrf = nlohmann::json::parse(response.body)["csrf_token"];
  Request read{"GET", "/api/v1/me"};
  read.headers = {{"cookie", value}};
  EXPECT_EQ(app_->Handle(read, &who).status, 200);
  Request write{"POST", "/api/v1/logout"};
  write.headers = {{"cookie", value}};
  EXPECT_EQ(app_->Handle(write, &who).status, 403);
  write.headers.emplace_back("x-csrf-token", csrf);
  EXPECT_EQ(app_->Handle(write, &who).status, 200);

  login.body = R"({"user": "analyst", "password": "wrong password!"})";
  int last = 0;
  for (int i = 0; i < 7; ++i) last = app_->Handle(login, &who).status;
  EXPECT_EQ(last, 429);
}

INSTANTIATE_TEST_SUITE_P(Backends, AppTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace rampart::server

namespace rampart::server {
namespace {

TEST(TlpOfJson, TheMostRestrictiveTlpMarkingWins) {
  auto json = [](std::vector<std::string> refs) {
    return nlohmann::json{{"type", "indicator"}, {"object_marking_refs", refs}}.dump();
  };
  EXPECT_EQ(TlpOfJson(json({})), stix::TlpLevel::kClear);
  EXPECT_EQ(TlpOfJson(json({std::string(stix::TlpMarkingId(stix::TlpLevel::kAmber))})), stix::TlpLevel::kAmber);
  EXPECT_EQ(TlpOfJson(json({std::string(stix::TlpMarkingId(stix::TlpLevel::kGreen)),
                            std::string(stix::TlpMarkingId(stix::TlpLevel::kRed))})),
            stix::TlpLevel::kRed);
  // TLP 1.0 AMBER, and a statement marking that is no TLP at all.
  EXPECT_EQ(TlpOfJson(json({"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"})), stix::TlpLevel::kAmber);
  EXPECT_EQ(TlpOfJson(json({"marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"})), stix::TlpLevel::kClear);
  EXPECT_EQ(TlpOfJson("marking-definition--55d9"), stix::TlpLevel::kClear);  // truncated: no read past the end
  Principal reader;
  reader.clearance = stix::TlpLevel::kGreen;
  EXPECT_TRUE(CanSeeJson(reader, json({std::string(stix::TlpMarkingId(stix::TlpLevel::kGreen))})));
  EXPECT_FALSE(CanSeeJson(reader, json({std::string(stix::TlpMarkingId(stix::TlpLevel::kAmberStrict))})));
}

}  // namespace
}  // namespace rampart::server
