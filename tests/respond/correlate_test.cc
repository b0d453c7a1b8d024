// Correlation of sightings into incidents: grouping by constituent, actor
// and window; the unassigned queue; the sensor override; idempotent writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/respond/incident.h"
#include "rampart/store/open.h"

namespace rampart::respond {
namespace {

using ::testing::ElementsAre;

constexpr TimestampUs kHour = 3600LL * 1000000;
constexpr TimestampUs kDay0 = 1614556800LL * 1000000;  // 2021-03-01T00:00:00Z
const std::string kHafnium = "intrusion-set--2688b13e-8e8e-4f6a-9f0a-3fd8c4bd0b2b";
const std::string kApt40 = "intrusion-set--1b6b7f0e-0000-4000-8000-000000000040";

AssetIndex Index() {
  Constituent health, energy;
  health.name = "Department of Health";
  health.sectors = {"healthcare"};
  health.networks = {"10.2.0.0/16"};
  health.hosts = {"mail01.health.example.gov"};
  energy.name = "Ministry of Energy";
  energy.sectors = {"energy"};
  energy.networks = {"10.5.0.0/16"};
  energy.domains = {"energy.example.gov"};
  EXPECT_TRUE(Canonicalize(health).ok());
  EXPECT_TRUE(Canonicalize(energy).ok());
  return AssetIndex({health, energy});
}

Observation Obs(std::string id, TimestampUs time, std::string server, std::string client = "",
                std::vector<std::string> actors = {}) {
  Observation o;
  o.sighting_id = "sighting--" + id;
  o.indicator_id = "indicator--00000000-0000-4000-8000-000000000001";
  o.rule = "67bce556-312f-4c81-9162-c3c9ff2599b2";
  o.time = time;
  if (!server.empty()) o.server_addresses = {server};
  if (!client.empty()) o.client_addresses = {client};
  o.actor_ids = actors;
  for (const auto& a : actors) o.actor_names.push_back(a == kHafnium ? "HAFNIUM" : "APT40");
  return o;
}

TEST(Correlate, GroupsByConstituentActorAndWindow) {
  AssetIndex index = Index();
  std::vector<Observation> obs = {
      Obs("a", kDay0 + 1 * kHour, "10.2.10.25", "104.250.191.110", {kHafnium}),
      Obs("b", kDay0 + 5 * kHour, "10.2.10.25", "161.35.45.41", {kHafnium}),   // same incident
      Obs("c", kDay0 + 25 * kHour, "10.2.10.25", "161.35.45.41", {kHafnium}),  // next window
      Obs("d", kDay0 + 2 * kHour, "10.2.10.25", "1.2.3.4", {kApt40}),          // other actor
      Obs("e", kDay0 + 3 * kHour, "10.5.10.25", "1.2.3.4", {kHafnium}),        // other constituent
      Obs("f", kDay0 + 3 * kHour, "127.0.0.1", "127.0.0.1", {kHafnium}),       // nobody
  };
  auto drafts = Correlate(obs, index, {});
  ASSERT_TRUE(drafts.ok()) << drafts.status();
  ASSERT_EQ(drafts->size(), 5u);
  std::map<std::string, const IncidentDraft*> by_id;
  for (const auto& d : *drafts) by_id[d.id] = &d;
  const IncidentDraft* first = by_id.at(IncidentId(ConstituentId("Department of Health"), {kHafnium}, kDay0));
  EXPECT_THAT(first->sighting_ids, ElementsAre("sighting--a", "sighting--b"));
  EXPECT_EQ(first->first_seen, kDay0 + kHour);
  EXPECT_EQ(first->last_seen, kDay0 + 5 * kHour);
  EXPECT_EQ(first->window_end, kDay0 + 24 * kHour);
  EXPECT_TRUE(by_id.count(IncidentId(ConstituentId("Department of Health"), {kHafnium}, kDay0 + 24 * kHour)));
  EXPECT_TRUE(by_id.count(IncidentId(ConstituentId("Department of Health"), {kApt40}, kDay0)));
  EXPECT_TRUE(by_id.count(IncidentId(ConstituentId("Ministry of Energy"), {kHafnium}, kDay0)));
  const IncidentDraft* unassigned = by_id.at(IncidentId("", {kHafnium}, kDay0));
  EXPECT_EQ(unassigned->constituent, -1);
}

TEST(Correlate, ServerSideWinsOverClientSide) {
  AssetIndex index = Index();
  // A Health client talking to Energy's server: Energy's incident.
  auto drafts = Correlate({Obs("a", kDay0, "10.5.10.25", "10.2.3.4")}, index, {});
  ASSERT_TRUE(drafts.ok());
  ASSERT_EQ(drafts->size(), 1u);
  EXPECT_EQ(index.at(static_cast<uint32_t>((*drafts)[0].constituent)).name, "Ministry of Energy");
  // Unknown server: the client's owner.
  drafts = Correlate({Obs("b", kDay0, "192.0.2.1", "10.2.3.4")}, index, {});
  ASSERT_EQ(drafts->size(), 1u);
  EXPECT_EQ(index.at(static_cast<uint32_t>((*drafts)[0].constituent)).name, "Department of Health");
  // Host names and domains identify the server too.
  Observation host = Obs("c", kDay0, "");
  host.hosts = {"MAIL01"};
  Observation domain = Obs("d", kDay0, "");
  domain.domains = {"owa.energy.example.gov"};
  drafts = Correlate({host, domain}, index, {});
  ASSERT_EQ(drafts->size(), 2u);
}

TEST(Correlate, SensorConstituentNamesTheOwner) {
  AssetIndex index = Index();
  CorrelationOptions options;
  options.sensor_constituent = "Ministry of Energy";
  auto drafts = Correlate({Obs("a", kDay0, "127.0.0.1")}, index, options);
  ASSERT_TRUE(drafts.ok());
  EXPECT_EQ(index.at(static_cast<uint32_t>((*drafts)[0].constituent)).name, "Ministry of Energy");
  options.sensor_constituent = "Nobody";
  EXPECT_EQ(Correlate({Obs("a", kDay0, "")}, index, options).status().code(), absl::StatusCode::kInvalidArgument);
  options = {};
  options.window_us = 0;
  EXPECT_FALSE(Correlate({}, index, options).ok());
}

TEST(Correlate, WritingTwiceOpensNothingNewAndNewSightingsUpdate) {
  auto s = store::OpenStore("sqlite::memory:");
  ASSERT_TRUE(s.ok());
  AssetIndex index = Index();
  std::vector<Observation> obs = {Obs("a", kDay0, "10.2.10.25", "", {kHafnium}),
                                  Obs("b", kDay0 + kHour, "127.0.0.1")};
  auto write = [&](const std::vector<Observation>& o, TimestampUs now) {
    auto drafts = Correlate(o, index, {});
    EXPECT_TRUE(drafts.ok());
    auto tx = (*s)->Begin();
    EXPECT_TRUE(tx.ok());
    auto summary = WriteIncidents(**s, **tx, *drafts, index, "test", now);
    EXPECT_TRUE(summary.ok()) << summary.status();
    EXPECT_TRUE((*tx)->Commit().ok());
    return *summary;
  };
  WriteSummary first = write(obs, kDay0 + 48 * kHour);
  EXPECT_EQ(first.opened, 2);
  EXPECT_EQ(first.unassigned, 1);
  WriteSummary again = write(obs, kDay0 + 49 * kHour);
  EXPECT_EQ(again.opened, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 2);
  obs.push_back(Obs("c", kDay0 + 2 * kHour, "10.2.10.25", "", {kHafnium}));
  WriteSummary more = write(obs, kDay0 + 50 * kHour);
  EXPECT_EQ(more.updated, 1);
  auto incidents = LoadIncidents(**s);
  ASSERT_TRUE(incidents.ok());
  ASSERT_EQ(incidents->size(), 2u);
  const Incident& health = (*incidents)[0];
  EXPECT_EQ(health.constituent_name, "Department of Health");
  EXPECT_THAT(health.sectors, ElementsAre("healthcare"));
  EXPECT_THAT(health.actor_names, ElementsAre("HAFNIUM"));
  EXPECT_EQ(health.sighting_ids.size(), 2u);
  EXPECT_EQ(health.history.size(), 2u);  // opened, then 1 sighting added
  EXPECT_EQ(health.state, IncidentState::kNew);
  // The link to the actor is a relationship with a deterministic id.
  auto edges = (*s)->Edges(health.id, store::Direction::kOutgoing);
  ASSERT_TRUE(edges.ok());
  EXPECT_EQ(edges->size(), 2u);  // the intrusion set and the constituent
}

}  // namespace
}  // namespace rampart::respond
