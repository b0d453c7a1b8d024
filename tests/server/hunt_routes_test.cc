// Hunts and rules over the REST API, without sockets: App::Handle on
// requests built here. A hunt over generated Exchange logs must find exactly
// the hits `rampart hunt --output jsonl` finds on the same file; paths must
// stay under the hunt roots; bad input is a 4xx.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "app.h"
#include "rampart/store/open.h"
#include "support/test_support.h"

namespace rampart::server {
namespace {

using nlohmann::json;
using rampart::testing::TempDir;

constexpr const char* kHafnium = "sigma/rules-emerging-threats/2021/TA/HAFNIUM";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// (line, rule id) of every hit, in order.
std::vector<std::pair<int64_t, std::string>> Keys(const std::vector<json>& hits) {
  std::vector<std::pair<int64_t, std::string>> keys;
  for (const json& h : hits) keys.emplace_back(h["source"].value("line", int64_t{0}), h["rule"].value("id", ""));
  return keys;
}

class HuntRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.File("logs"));
    log_ = dir_.File("logs/ex.log");
    auto generated = rampart::testing::Run({rampart::testing::ToolsDir() + "/gen-exchange-logs", "--events", "4000",
                                            "--attack-rate", "0.005", "--seed", "7", "--quiet", "--out", log_});
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    config_.store_location = dir_.File("kb.db");
    ASSERT_TRUE(store::OpenStore(config_.store_location).ok());
    config_.rule_sets = {rampart::testing::DataPath(kHafnium)};
    config_.hunt_roots = {dir_.File("logs")};
    config_.max_hunt_upload_bytes = 4 * 1024 * 1024;
    auto users = UserDb::Open(config_.store_location);
    ASSERT_TRUE(users.ok()) << users.status();
    users_ = std::move(*users);
    for (auto [name, role] : {std::pair{"admin", Role::kAdmin}, {"analyst", Role::kAnalyst},
                              {"other", Role::kAnalyst}, {"reader", Role::kConstituentReader}}) {
      ASSERT_TRUE(users_->AddUser(name, role, "", stix::TlpLevel::kRed, std::string("password of ") + name).ok());
      tokens_[name] = *users_->CreateToken(name);
    }
    app_ = std::make_unique<App>(config_, *users_);
  }

  Response Call(const std::string& user, const std::string& method, const std::string& target,
                const std::string& body = "", std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.method = method;
    request.target = target;
    request.remote = "127.0.0.1:5000";
    request.body = body;
    request.headers = std::move(headers);
    request.headers.emplace_back("authorization", "Bearer " + tokens_[user]);
    std::string who;
    return app_->Handle(request, &who);
  }

  std::string StartPathHunt(const std::string& path, bool store = false) {
    json body = {{"path", path}, {"rules", {"HAFNIUM"}}, {"store", store}};
    Response r = Call("analyst", "POST", "/api/v1/hunts", body.dump(), {{"content-type", "application/json"}});
    EXPECT_EQ(r.status, 202) << r.body;
    return json::parse(r.body).value("id", "");
  }

  json WaitEnded(const std::string& id, const std::string& user = "analyst") {
    for (int i = 0; i < 600; ++i) {
      json job = json::parse(Call(user, "GET", "/api/v1/hunts/" + id).body);
      if (job["state"] != "queued" && job["state"] != "running") return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "hunt " << id << " did not end";
    return {};
  }

  // Every hit, paged by cursor `limit` at a time.
  std::vector<json> AllHits(const std::string& id, int limit) {
    std::vector<json> hits;
    std::string cursor = "0";
    for (int page = 0; page < 10000; ++page) {
      Response r = Call("analyst", "GET", fmt::format("/api/v1/hunts/{}/hits?limit={}&cursor={}", id, limit, cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      json body = json::parse(r.body);
      for (const json& h : body["items"]) hits.push_back(h);
      if (body["next_cursor"].is_null()) break;
      cursor = body["next_cursor"].get<std::string>();
    }
    return hits;
  }

  std::vector<json> CliHits() {
    auto result = rampart::testing::Run({rampart::testing::RampartBinary(), "--db", dir_.File("cli.db"), "hunt",
                                         "--rules", rampart::testing::DataPath(kHafnium), "--output", "jsonl", log_});
    EXPECT_EQ(result.exit_code, 1) << result.err;  // 1: hits
    std::vector<json> hits;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) hits.push_back(json::parse(line));
    return hits;
  }

  TempDir dir_;
  std::string log_;
  ServerConfig config_;
  std::unique_ptr<UserDb> users_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<App> app_;
};

TEST_F(HuntRoutesTest, RuleSetsAreListedWithCounts) {
  json rules = json::parse(Call("analyst", "GET", "/api/v1/rules").body);
  ASSERT_EQ(rules["items"].size(), 1u);
  EXPECT_EQ(rules["items"][0]["name"], "HAFNIUM");
  EXPECT_GE(rules["items"][0]["rules"].get<int>(), 2);
  EXPECT_EQ(rules["items"][0]["errors"], 0);
}

TEST_F(HuntRoutesTest, AnUploadedLogGivesExactlyTheHitsOfTheCli) {
  Response started = Call("analyst", "POST", "/api/v1/hunts?rules=HAFNIUM&filename=ex.log", ReadAll(log_),
                          {{"content-type", "text/plain"}});
  ASSERT_EQ(started.status, 202) << started.body;
  std::string id = json::parse(started.body)["id"];
  EXPECT_EQ(started.Header("Location"), "/api/v1/hunts/" + id);
  json job = WaitEnded(id);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["records"], 4000);
  EXPECT_EQ(job["progress"], 1.0);
  EXPECT_EQ(job["bytes"], job["total_bytes"]);
  std::vector<json> cli = CliHits();
  ASSERT_GT(cli.size(), 0u);
  EXPECT_EQ(job["hits"], cli.size());
  std::vector<json> api = AllHits(id, 7);  // several pages
  EXPECT_EQ(Keys(api), Keys(cli));
  for (size_t i = 0; i < api.size() && i < cli.size(); ++i) {
    EXPECT_EQ(api[i]["matched"], cli[i]["matched"]);
    EXPECT_EQ(api[i]["rule"]["title"], "Exchange Exploitation Used by HAFNIUM");
  }
  // JSON lines: the same hits, whole.
  Response ndjson = Call("analyst", "GET", "/api/v1/hunts/" + id + "/hits", "", {{"accept", "application/x-ndjson"}});
  ASSERT_EQ(ndjson.status, 200);
  EXPECT_EQ(ndjson.content_type, "application/x-ndjson");
  EXPECT_EQ(static_cast<size_t>(std::count(ndjson.body.begin(), ndjson.body.end(), '\n')), cli.size());
  EXPECT_EQ(ndjson.Header("X-Next-Cursor"), "");
}

TEST_F(HuntRoutesTest, AJobIsSeenByItsOwnerAndAdminsOnly) {
  std::string id = StartPathHunt(log_);
  WaitEnded(id);
  EXPECT_EQ(Call("other", "GET", "/api/v1/hunts/" + id).status, 404);
  EXPECT_EQ(Call("other", "GET", "/api/v1/hunts/" + id + "/hits").status, 404);
  EXPECT_EQ(Call("other", "POST", "/api/v1/hunts/" + id + "/cancel").status, 404);
  EXPECT_EQ(Call("admin", "GET", "/api/v1/hunts/" + id).status, 200);
  EXPECT_EQ(Call("reader", "GET", "/api/v1/hunts/" + id).status, 403);
  EXPECT_EQ(json::parse(Call("other", "GET", "/api/v1/hunts").body)["items"].size(), 0u);
  EXPECT_EQ(json::parse(Call("analyst", "GET", "/api/v1/hunts").body)["items"].size(), 1u);
  EXPECT_EQ(Call("analyst", "DELETE", "/api/v1/hunts/" + id).status, 204);
  EXPECT_EQ(Call("analyst", "GET", "/api/v1/hunts/" + id).status, 404);
}

TEST_F(HuntRoutesTest, PathsStayUnderTheHuntRoots) {
  json job = WaitEnded(StartPathHunt(log_));
  EXPECT_EQ(job["state"], "done");
  EXPECT_GT(job["hits"].get<int>(), 0);
  json folder = WaitEnded(StartPathHunt(dir_.File("logs")));  // a folder: every file in it
  EXPECT_EQ(folder["hits"], job["hits"]);
  ASSERT_EQ(::symlink("/etc/passwd", dir_.File("logs/out.log").c_str()), 0);
  std::filesystem::create_directories(dir_.File("elsewhere"));
  const std::vector<std::pair<std::string, int>> cases = {
      {dir_.File("logs/../kb.db"), 403},
      {dir_.File("logs/out.log"), 403},   // a symlink out of the root
      {"/etc/passwd", 403},
      {dir_.File("elsewhere"), 403},
      {dir_.File("logs/missing.log"), 404},
      {"logs/ex.log", 400},                // relative
      {dir_.File("logs/*.log"), 400},      // globs
  };
  for (const auto& [path, expected] : cases) {
    json body = {{"path", path}, {"rules", {"HAFNIUM"}}};
    Response r = Call("analyst", "POST", "/api/v1/hunts", body.dump(), {{"content-type", "application/json"}});
    EXPECT_EQ(r.status, expected) << path << "\n" << r.body;
  }
  // The folder now holds the symlink out: walking it is refused too.
  json body = {{"path", dir_.File("logs")}, {"rules", {"HAFNIUM"}}};
  EXPECT_EQ(Call("analyst", "POST", "/api/v1/hunts", body.dump(), {{"content-type", "application/json"}}).status, 403);
}

TEST_F(HuntRoutesTest, BadInputIsA4xx) {
  const std::vector<std::tuple<std::string, std::string, std::string, int>> posts = {
      {"/api/v1/hunts?rules=HAFNIUM", std::string(4 * 1024 * 1024 + 1, 'x'), "text/plain", 413},
      {"/api/v1/hunts?rules=nope", "line\n", "text/plain", 400},
      {"/api/v1/hunts", "line\n", "text/plain", 400},  // no rule set
      {"/api/v1/hunts?rules=HAFNIUM", "", "text/plain", 400},
      {"/api/v1/hunts?rules=HAFNIUM&format=docx", "line\n", "text/plain", 400},
      {"/api/v1/hunts", "{\"path\": ", "application/json", 400},
      {"/api/v1/hunts", "{\"path\": \"/x\", \"rules\": [\"HAFNIUM\"], \"bogus\": 1}", "application/json", 400},
      {"/api/v1/hunts", "{\"path\": \"/x\", \"rules\": \"HAFNIUM\"}", "application/json", 400},
      {"/api/v1/rules/check", "", "application/yaml", 400},
  };
  for (const auto& [target, body, type, expected] : posts) {
    Response r = Call("analyst", "POST", target, body, {{"content-type", type}});
    EXPECT_EQ(r.status, expected) << target << " " << body.substr(0, 60) << "\n" << r.body.substr(0, 300);
  }
  std::string id = StartPathHunt(log_);
  json job = WaitEnded(id);
  ASSERT_EQ(job["state"], "done");
  for (const char* query : {"cursor=abc", "cursor=-1", "cursor=5", "cursor=99999999", "limit=0",
                                   "limit=1001", "format=xml"}) {
    Response r = Call("analyst", "GET", "/api/v1/hunts/" + id + "/hits?" + query);
    EXPECT_EQ(r.status, 400) << query << "\n" << r.body;
  }
  Response cancel = Call("analyst", "POST", "/api/v1/hunts/" + id + "/cancel");
  EXPECT_EQ(cancel.status, 409) << cancel.body;
  EXPECT_EQ(json::parse(Call("analyst", "GET", "/api/v1/hunts/" + id).body)["state"], "done");
}

TEST_F(HuntRoutesTest, ARuleUploadIsCheckedAsRulesCheckDoes) {
  std::string good = ReadAll(rampart::testing::DataPath(std::string(kHafnium) + "/web_exchange_exploitation_hafnium.yml"));
  Response ok = Call("analyst", "POST", "/api/v1/rules/check", good, {{"content-type", "application/yaml"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  json report = json::parse(ok.body);
  EXPECT_EQ(report["summary"]["rules_ok"], 1);
  EXPECT_EQ(report["summary"]["unsupported"], 0);
  Response bad = Call("analyst", "POST", "/api/v1/rules/check",
                      "title: broken\nid: 1\nlogsource: {category: webserver}\ndetection:\n  sel:\n    cs-method|nosuchmodifier: POST\n  condition: sel\n",
                      {{"content-type", "application/yaml"}});
  ASSERT_EQ(bad.status, 200) << bad.body;
  json bad_report = json::parse(bad.body);
  EXPECT_EQ(bad_report["summary"]["rules_ok"], 0);
  EXPECT_EQ(bad_report["summary"]["unsupported"], 1);
  EXPECT_EQ(bad_report["results"][0]["status"], "error");
}

// A cancelled hunt stores nothing: the write mutex held here keeps the
// stored-hunt waiting at its write, and the job queued behind it never starts.
TEST_F(HuntRoutesTest, CancelledHuntsStoreNothingAndStoredHuntsOpenIncidents) {
  {
    std::lock_guard<std::mutex> hold(app_->write_mutex());
    std::string running = StartPathHunt(log_, true);
    std::string queued = StartPathHunt(log_, true);
    Response cancelled = Call("analyst", "POST", "/api/v1/hunts/" + queued + "/cancel");
    ASSERT_EQ(cancelled.status, 202);
    EXPECT_EQ(json::parse(cancelled.body)["state"], "cancelled");
    EXPECT_EQ(Call("analyst", "DELETE", "/api/v1/hunts/" + running).status, 202);
  }
  for (const json& job : json::parse(Call("analyst", "GET", "/api/v1/hunts").body)["items"]) {
    EXPECT_EQ(WaitEnded(job["id"])["state"], "cancelled");
  }
  EXPECT_EQ(json::parse(Call("analyst", "GET", "/api/v1/incidents").body)["items"].size(), 0u);

  json stored = WaitEnded(StartPathHunt(log_, true));
  ASSERT_EQ(stored["state"], "done") << stored.dump();
  EXPECT_EQ(stored["incidents"]["opened"], 1);
  json incidents = json::parse(Call("analyst", "GET", "/api/v1/incidents").body);
  ASSERT_EQ(incidents["items"].size(), 1u);
  // One rule over one log file: its hits are one aggregated sighting.
  EXPECT_GT(stored["hits"].get<int>(), 1);
  EXPECT_EQ(incidents["items"][0]["sightings"], 1);
}

// Bounds: at most max_hunt_queue jobs wait (429 beyond), at most
// max_hunt_jobs ended jobs are kept (the oldest go first).
TEST_F(HuntRoutesTest, TheQueueAndTheKeptJobsAreBounded) {
  config_.max_hunt_queue = 1;
  config_.max_hunt_jobs = 1;
  app_ = std::make_unique<App>(config_, *users_);
  std::string first, second;
  {
    std::lock_guard<std::mutex> hold(app_->write_mutex());
    first = StartPathHunt(log_, true);  // runs, then waits for the write mutex
    for (int i = 0; i < 200 && json::parse(Call("analyst", "GET", "/api/v1/hunts/" + first).body)["state"] == "queued"; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    second = StartPathHunt(log_);       // waits in the queue
    json body = {{"path", log_}, {"rules", {"HAFNIUM"}}};
    Response full = Call("analyst", "POST", "/api/v1/hunts", body.dump(), {{"content-type", "application/json"}});
    EXPECT_EQ(full.status, 429) << full.body;
  }
  EXPECT_EQ(WaitEnded(first)["state"], "done");
  EXPECT_EQ(WaitEnded(second)["state"], "done");
  json listed = json::parse(Call("analyst", "GET", "/api/v1/hunts").body);  // prunes
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["id"], second);
  EXPECT_EQ(Call("analyst", "GET", "/api/v1/hunts/" + first).status, 404);
}

}  // namespace
}  // namespace rampart::server
