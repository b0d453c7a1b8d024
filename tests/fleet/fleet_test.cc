// The fleet library: batch framing and line mapping, alerts, rule bundles,
// and -- against a nats-server started here -- back-pressure of the
// shipper and rule distribution to a worker between batches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "nats_server.h"
#include "rampart/fleet/alert.h"
#include "rampart/fleet/batch.h"
#include "rampart/fleet/rules.h"
#include "rampart/fleet/shipper.h"
#include "rampart/fleet/streams.h"
#include "rampart/fleet/worker.h"
#include "support/test_support.h"

namespace rampart::fleet {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;
using testing::WriteFile;

const char kW3cHeader[] =
    "#Software: Microsoft Internet Information Services 10.0\n"
    "#Version: 1.0\n"
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n";

std::string W3cLine(int n, const std::string& stem) {
  return "2021-03-01 00:00:" + std::to_string(10 + n % 50) + " 10.0.0.1 GET " + stem +
         " - 443 - 1.2.3.4 Mozilla/5.0 - 200 0 0 5\n";
}

std::string Rule(const std::string& id, const std::string& needle) {
  return "title: uri holds " + needle + "\nid: " + id +
         "\nlogsource: {category: webserver}\ndetection:\n  sel:\n    cs-uri-stem|contains: '" + needle +
         "'\n  condition: sel\nlevel: high\n";
}

#define SKIP_WITHOUT_NATS()                                                                               \
  if (!testing::NatsServerInstalled()) GTEST_SKIP() << "nats-server is not installed (Debian package " \
                                                       "nats-server; scripts/debian-packages-test.txt)"

TEST(Subjects, PartitionsDoNotOverlapTheDefaultStreams) {
  EXPECT_EQ(EventStreamDefaults().subjects, "rampart.events.>");
  EXPECT_EQ(AlertStreamDefaults().prefix, "rampart.alerts");
  EXPECT_EQ(EventStreamDefaults("EU").subjects, "rampart.p.EU.events.>");
  EXPECT_EQ(AlertStreamDefaults("EU").subjects, "rampart.p.EU.alerts.>");
}

TEST(Subjects, SourceBecomesOneToken) {
  EXPECT_EQ(SubjectFor("rampart.events", "ex01.corp>*"), "rampart.events.ex01_corp__");
  EXPECT_EQ(SubjectFor("rampart.events", ""), "rampart.events.default");
}

TEST(Batch, HeadersRoundTrip) {
  BatchMessage b{.id = "s:f:0+10", .source = "s", .constituent = "Department of Health", .file = "/x/u_ex.log",
                 .format = "w3c", .first_line = 42, .header_lines = 3, .text = "abc\n"};
  auto msg = EncodeBatch(b, "rampart.events.s");
  ASSERT_TRUE(msg.ok()) << msg.status();
  auto back = DecodeBatch(*msg);
  natsMsg_Destroy(*msg);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->id, b.id);
  EXPECT_EQ(back->constituent, b.constituent);
  EXPECT_EQ(back->file, b.file);
  EXPECT_EQ(back->first_line, 42);
  EXPECT_EQ(back->header_lines, 3);
  EXPECT_EQ(back->text, "abc\n");
}

TEST(Batch, NotABatchIsInvalidInput) {
  InitNatsLibrary();
  natsMsg* msg = nullptr;
  ASSERT_EQ(natsMsg_Create(&msg, "rampart.events.x", nullptr, "hello", 5), NATS_OK);
  auto back = DecodeBatch(msg);
  natsMsg_Destroy(msg);
  EXPECT_EQ(back.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(back.status().message()), HasSubstr("not a rampart batch"));
}

TEST(Batch, EventsAndProblemsGetTheirFileLines) {
  BatchMessage b;
  b.file = "u_ex210301.log";
  b.format = "w3c";
  b.first_line = 101;  // the body's first line is line 101 of the file
  b.header_lines = 3;
  b.text = std::string(kW3cHeader) + W3cLine(0, "/a") + "not a w3c line\n" + W3cLine(2, "/c");
  std::vector<int64_t> lines;
  std::vector<std::string> stems, files;
  std::vector<ingest::ReadIssue> issues;
  Status st = ForEachEvent(b, [&](const detect::Event& e) {
    lines.push_back(e.Source().line);
    files.emplace_back(e.Source().file);
    stems.emplace_back(e.Get("cs-uri-stem").value_or(""));
  }, issues);
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(lines, (std::vector<int64_t>{101, 103}));
  EXPECT_EQ(stems, (std::vector<std::string>{"/a", "/c"}));
  EXPECT_EQ(files, (std::vector<std::string>{"u_ex210301.log", "u_ex210301.log"}));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 102);
  EXPECT_EQ(issues[0].file, "u_ex210301.log");
}

TEST(Batch, UnknownFormatIsRefused) {
  BatchMessage b{.file = "f", .format = "nonsense", .text = "x\n"};
  std::vector<ingest::ReadIssue> issues;
  Status st = ForEachEvent(b, [](const detect::Event&) {}, issues);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
}

TEST(Batch, LinesAndLayout) {
  std::string text = std::string(kW3cHeader) + W3cLine(0, "/a") + "#Fields: date time\n" + W3cLine(1, "/b");
  EXPECT_EQ(LineOf(text, 4), W3cLine(0, "/a").substr(0, W3cLine(0, "/a").size() - 1));
  EXPECT_EQ(LineOf(text, 99), "");
  int64_t count = 0;
  std::string layout = LayoutBefore("w3c", text, 6, count);
  EXPECT_EQ(count, 4);
  EXPECT_THAT(layout, HasSubstr("#Fields: date time\n"));
  EXPECT_EQ(LayoutBefore("jsonl", text, 6, count), "");
  EXPECT_EQ(count, 0);
  EXPECT_EQ(LayoutBefore("csv", "a,b\n1,2\n3,4\n", 3, count), "a,b\n");
  EXPECT_EQ(count, 1);
}

TEST(Alerts, JsonRoundTripAndBadInput) {
  Alert a{.version = "v1", .rule = "r", .title = "t", .file = "f", .line = 7, .format = "w3c", .layout = "#x\n",
          .text = "bytes \xff here", .matched = {{"cs-uri-stem", "/owa"}}, .source = "s", .batch = "b", .index = 2};
  auto back = AlertFromJson(AlertToJson(a));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->MessageId(), "b#2");
  EXPECT_EQ(back->matched, a.matched);
  EXPECT_EQ(back->line, 7);
  EXPECT_FALSE(AlertFromJson("[1,2]").ok());
  EXPECT_FALSE(AlertFromJson("{\"version\": 1}").ok());
  EXPECT_FALSE(AlertFromJson("{").ok());
}

TEST(Rules, VersionIsAContentHash) {
  std::vector<RuleFile> a = {{"x.yml", "title: a"}}, b = {{"x.yml", "title: b"}}, c = {{"y.yml", "title: a"}};
  EXPECT_EQ(RuleBundleVersion(a), RuleBundleVersion(a));
  EXPECT_NE(RuleBundleVersion(a), RuleBundleVersion(b));
  EXPECT_NE(RuleBundleVersion(a), RuleBundleVersion(c));
  EXPECT_EQ(RuleBundleVersion(a).size(), 16u);
  EXPECT_THAT(std::string(ReadRuleBundle({"/nonexistent/rules"}).status().message()), HasSubstr("no such file"));
  EXPECT_EQ(CompileBundle({.files = {{"x.yml", "not: a rule"}}}).status().code(), absl::StatusCode::kInvalidArgument);
}

// Pulls every alert from the alerts stream.
std::vector<Alert> DrainAlerts(Connection& conn) {
  std::vector<Alert> out;
  EXPECT_TRUE(EnsureConsumer(conn, "RAMPART_ALERTS", "test", 30, 1000).ok());
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = "RAMPART_ALERTS";
  so.Consumer = "test";
  natsSubscription* sub = nullptr;
  EXPECT_EQ(js_PullSubscribe(&sub, conn.js(), "rampart.alerts.>", "test", nullptr, &so, nullptr), NATS_OK);
  for (;;) {
    natsMsgList list{};
    if (natsSubscription_Fetch(&list, sub, 100, 500, nullptr) != NATS_OK) break;
    for (int i = 0; i < list.Count; ++i) {
      auto a = AlertFromJson(std::string_view(natsMsg_GetData(list.Msgs[i]), natsMsg_GetDataLength(list.Msgs[i])));
      EXPECT_TRUE(a.ok());
      if (a.ok()) out.push_back(*a);
      natsMsg_Ack(list.Msgs[i], nullptr);
    }
    natsMsgList_Destroy(&list);
  }
  natsSubscription_Destroy(sub);
  return out;
}

TEST(Fleet, FullStreamSlowsTheShipperDownAndLosesNothing) {
  SKIP_WITHOUT_NATS();
  TempDir dir;
  testing::NatsServer server(dir.path() + "/nats");
  std::string log = kW3cHeader;
  for (int i = 0; i < 400; ++i) log += W3cLine(i, "/owa/" + std::to_string(i));
  WriteFile(dir.File("u_ex.log"), log);
  auto conn = Connect(server.url());
  ASSERT_TRUE(conn.ok()) << conn.status();
  ShipOptions options;
  options.source = "bp";
  options.batch_bytes = 1024;  // ~12 lines a batch, ~35 batches
  options.stream.max_msgs = 4;  // the stream holds 4 batches at most
  Result<ShipStats> shipped = Internal("not run");
  std::atomic<bool> done{false};
  std::thread shipper([&] {
    auto own = Connect(server.url());
    shipped = own.ok() ? Ship(**own, {dir.File("u_ex.log")}, options) : own.status();
    done = true;
  });
  // A slow reader: one batch every 20 ms.
  while (!EnsureConsumer(**conn, "RAMPART_EVENTS", kWorkerConsumer, 30, 1000).ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = "RAMPART_EVENTS";
  so.Consumer = kWorkerConsumer;
  natsSubscription* sub = nullptr;
  ASSERT_EQ(js_PullSubscribe(&sub, (*conn)->js(), "rampart.events.>", kWorkerConsumer, nullptr, &so, nullptr), NATS_OK);
  int64_t lines = 0, batches = 0, next_line = 1;
  bool in_order = true;
  for (int idle = 0; idle < 5;) {
    natsMsgList list{};
    if (natsSubscription_Fetch(&list, sub, 1, 500, nullptr) != NATS_OK || list.Count == 0) {
      natsMsgList_Destroy(&list);
      if (done) ++idle;
      continue;
    }
    auto b = DecodeBatch(list.Msgs[0]);
    ASSERT_TRUE(b.ok());
    in_order = in_order && b->first_line == next_line;
    std::vector<ingest::ReadIssue> issues;
    ASSERT_TRUE(ForEachEvent(*b, [&](const detect::Event&) { ++lines; }, issues).ok());
    EXPECT_TRUE(issues.empty());
    next_line = b->first_line + static_cast<int64_t>(std::count(b->text.begin(), b->text.end(), '\n')) - b->header_lines;
    ++batches;
    natsMsg_AckSync(list.Msgs[0], nullptr, nullptr);
    natsMsgList_Destroy(&list);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  shipper.join();
  natsSubscription_Destroy(sub);
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_GT(shipped->retries, 0u) << "the stream never filled up";
  EXPECT_EQ(static_cast<uint64_t>(batches), shipped->batches);
  EXPECT_EQ(lines, 400);  // every record, none dropped
  EXPECT_TRUE(in_order);
}

TEST(Fleet, WorkerFollowsPublishedRulesAndStampsTheirVersion) {
  SKIP_WITHOUT_NATS();
  TempDir dir;
  testing::NatsServer server(dir.path() + "/nats");
  auto conn = Connect(server.url());
  ASSERT_TRUE(conn.ok()) << conn.status();
  EXPECT_EQ(CurrentRulesVersion(**conn).status().code(), absl::StatusCode::kNotFound);
  RuleBundle v1{.files = {{"alpha.yml", Rule("11111111-1111-4111-8111-111111111111", "alpha")}}};
  v1.version = RuleBundleVersion(v1.files);
  RuleBundle v2{.files = {{"beta.yml", Rule("22222222-2222-4222-8222-222222222222", "beta")}}};
  v2.version = RuleBundleVersion(v2.files);
  std::string log = std::string(kW3cHeader) + W3cLine(1, "/alpha") + W3cLine(2, "/beta") + W3cLine(3, "/gamma");
  WriteFile(dir.File("one.log"), log);
  WriteFile(dir.File("two.log"), log);

  WorkerOptions options;
  options.rules_from_nats = true;
  options.exit_when_idle_s = 1.5;
  ASSERT_TRUE(PublishRules(**conn, v1).ok());
  ASSERT_EQ(*CurrentRulesVersion(**conn), v1.version);
  ASSERT_TRUE(Ship(**conn, {dir.File("one.log")}, {.source = "one"}).ok());
  auto first = RunWorker(**conn, nullptr, options, stderr);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->version, v1.version);

  ASSERT_TRUE(PublishRules(**conn, v2).ok());
  auto fetched = FetchRules(**conn, v2.version);
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(fetched->files.size(), 1u);
  ASSERT_TRUE(Ship(**conn, {dir.File("two.log")}, {.source = "two"}).ok());
  auto second = RunWorker(**conn, nullptr, options, stderr);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->version, v2.version);

  std::vector<Alert> alerts = DrainAlerts(**conn);
  ASSERT_EQ(alerts.size(), 2u);
  std::sort(alerts.begin(), alerts.end(), [](const Alert& x, const Alert& y) { return x.file < y.file; });
  EXPECT_EQ(alerts[0].file, dir.File("one.log"));
  EXPECT_EQ(alerts[0].version, v1.version);
  EXPECT_EQ(alerts[0].rule, "11111111-1111-4111-8111-111111111111");
  EXPECT_EQ(alerts[0].line, 4);
  EXPECT_EQ(alerts[1].version, v2.version);
  EXPECT_EQ(alerts[1].rule, "22222222-2222-4222-8222-222222222222");
  EXPECT_EQ(alerts[1].line, 5);
  EXPECT_THAT(alerts[1].layout, HasSubstr("#Fields:"));
}

}  // namespace
}  // namespace rampart::fleet
