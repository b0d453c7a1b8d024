// Statistics over incidents, advisories (reports with x_rampart_advisory) and
// the delivery outbox's table.
#include <sqlite3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/respond/incident.h"
#include "rampart/respond/stats.h"
#include "rampart/store/open.h"
#include "support/test_support.h"

namespace rampart::respond {
namespace {

constexpr TimestampUs kDay0 = 1614556800LL * 1000000;  // 2021-03-01
const std::string kHafnium = "intrusion-set--2688b13e-8e8e-4f6a-9f0a-3fd8c4bd0b2b";

class StatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite::memory:");
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    Constituent health, energy;
    health.name = "Department of Health";
    health.sectors = {"healthcare", "government-national"};
    health.networks = {"10.2.0.0/16"};
    energy.name = "Ministry of Energy";
    energy.sectors = {"energy"};
    energy.networks = {"10.5.0.0/16"};
    ASSERT_TRUE(Canonicalize(health).ok());
    ASSERT_TRUE(Canonicalize(energy).ok());
    index_ = AssetIndex({health, energy});
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.ok());
    for (const Constituent& c : index_.constituents()) ASSERT_TRUE(PutConstituent(*store_, **tx, c, kDay0).ok());
    auto actor = stix::FromJson({{"type", "intrusion-set"}, {"spec_version", "2.1"}, {"id", kHafnium},
                                 {"created", "2021-03-02T00:00:00.000Z"}, {"modified", "2021-03-02T00:00:00.000Z"},
                                 {"name", "HAFNIUM"}});
    ASSERT_TRUE(actor.ok());
    ASSERT_TRUE((*tx)->Put(*actor).ok());
    std::vector<Observation> obs(3);
    const char* servers[] = {"10.2.0.1", "10.2.0.2", "10.5.0.1"};
    TimestampUs times[] = {kDay0, kDay0 + 40LL * 86400 * 1000000, kDay0};
    for (int i = 0; i < 3; ++i) {
      obs[i].sighting_id = "sighting--00000000-0000-4000-8000-00000000000" + std::to_string(i);
      obs[i].time = times[i];
      obs[i].server_addresses = {servers[i]};
      obs[i].actor_ids = {kHafnium};
      obs[i].actor_names = {"HAFNIUM"};
    }
    auto drafts = Correlate(obs, index_, {});
    ASSERT_TRUE(drafts.ok());
    ASSERT_TRUE(WriteIncidents(*store_, **tx, *drafts, index_, "test", kDay0 + 100).ok());
    // One advisory for Health citing HAFNIUM.
    auto advisory = stix::FromJson(
        {{"type", "report"}, {"spec_version", "2.1"}, {"id", kAdvisory},
         {"created", "2021-03-03T00:00:00.000Z"}, {"modified", "2021-03-03T00:00:00.000Z"},
         {"name", "HAFNIUM exploits Exchange"}, {"published", "2021-03-03T00:00:00.000Z"},
         {"report_types", {"threat-report"}}, {"object_refs", {kHafnium, index_.at(0).id}},
         {"x_rampart_advisory", {{"constituent", index_.at(0).id}, {"constituent_name", index_.at(0).name}}}});
    ASSERT_TRUE(advisory.ok()) << advisory.status();
    ASSERT_TRUE((*tx)->Put(*advisory).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  Stats Compute(StatsBy by, std::vector<DeliveryRecord> deliveries = {}, std::optional<TimestampUs> to = {}) {
    StatsOptions options;
    options.by = by;
    options.to = to;
    auto stats = ComputeStats(*store_, deliveries, options);
    EXPECT_TRUE(stats.ok()) << stats.status();
    return *stats;
  }
  const std::string kAdvisory = "report--5b1e4c8a-1d2f-5e3a-9c4b-6a7d8e9f0a1b";
  std::unique_ptr<store::Store> store_;
  AssetIndex index_;
};

TEST_F(StatsTest, BySectorCountsEachSectorAndTheTotalOnce) {
  std::vector<DeliveryRecord> deliveries = {{kAdvisory, "Department of Health", "sent", 0},
                                            {kAdvisory, "Department of Health", "sent", 0},  // second channel
                                            {kAdvisory, "Department of Health", "dead", 0},
                                            {"report--other", "Nobody", "sent", 0}};
  Stats stats = Compute(StatsBy::kSector, deliveries);
  std::map<std::string, StatsRow> rows;
  for (const StatsRow& r : stats.rows) rows[r.key] = r;
  EXPECT_EQ(rows["healthcare"].incidents, 2);  // two windows
  EXPECT_EQ(rows["energy"].incidents, 1);
  EXPECT_EQ(rows["healthcare"].advisories, 1);
  EXPECT_EQ(rows["energy"].advisories, 0);
  EXPECT_EQ(rows["healthcare"].recipients_reached, 1);
  EXPECT_EQ(rows["healthcare"].deliveries["sent"], 2);
  EXPECT_EQ(rows["healthcare"].deliveries["dead"], 1);
  EXPECT_EQ(stats.total.incidents, 3);
  EXPECT_EQ(stats.total.advisories, 1);
  EXPECT_EQ(stats.total.deliveries["sent"], 2);  // the unknown message is not counted
}

TEST_F(StatsTest, ByActorMonthStateAndTimeRange) {
  Stats by_actor = Compute(StatsBy::kActor);
  ASSERT_EQ(by_actor.rows.size(), 1u);
  EXPECT_EQ(by_actor.rows[0].key, "HAFNIUM");
  EXPECT_EQ(by_actor.rows[0].advisories, 1);
  Stats by_month = Compute(StatsBy::kMonth);
  ASSERT_EQ(by_month.rows.size(), 2u);
  EXPECT_EQ(by_month.rows[0].key, "2021-03");
  EXPECT_EQ(by_month.rows[1].key, "2021-04");
  Stats march = Compute(StatsBy::kNone, {}, kDay0 + 31LL * 86400 * 1000000);
  EXPECT_EQ(march.total.incidents, 2);
  EXPECT_TRUE(march.rows.empty());
  Stats by_state = Compute(StatsBy::kState);
  ASSERT_EQ(by_state.rows.size(), 2u);  // "new" and "-" (the advisory has no state)
  EXPECT_EQ(by_state.rows[0].key, "new");
  EXPECT_EQ(by_state.rows[1].key, "-");
}

TEST(OutboxReader, ReadsTheDeliveryTableAndToleratesNoFile) {
  ::rampart::testing::TempDir dir;
  auto none = ReadOutboxDeliveries(dir.File("missing.outbox"));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("kb.db.outbox").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE delivery (id TEXT PRIMARY KEY, message_id TEXT, recipient TEXT, state TEXT,"
                         " created_us INTEGER, extra TEXT);"
                         "INSERT INTO delivery VALUES ('a','report--1','Health','sent',5,'x'),"
                         "('b','report--1','Energy','failed',6,'y');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto rows = ReadOutboxDeliveries(dir.File("kb.db.outbox"));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].state, "failed");
  ::rampart::testing::WriteFile(dir.File("bad.outbox"), "not a database at all, just text");
  EXPECT_FALSE(ReadOutboxDeliveries(dir.File("bad.outbox")).ok());
}

}  // namespace
}  // namespace rampart::respond
