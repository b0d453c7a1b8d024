// Constituents as STIX identities in a store: versions, revocation, reload.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/respond/constituent.h"
#include "rampart/store/open.h"

namespace rampart::respond {
namespace {

Constituent Health() {
  Constituent c;
  c.name = "Department of Health";
  c.sectors = {"healthcare"};
  c.networks = {"10.2.0.0/16", "2001:db8:2::/48"};
  c.domains = {"health.example.gov"};
  c.software = {{"Microsoft", "Exchange Server", "15.1.2176.2", ""}};
  c.contacts.emails = {"soc@health.example.gov"};
  c.contacts.webhook = Webhook{"https://hooks.health.example.gov/r", "s3cret"};
  c.clearance = stix::TlpLevel::kAmber;
  c.parent = "Government of Example";
  EXPECT_TRUE(Canonicalize(c).ok());
  return c;
}

Result<store::PutOutcome> Put(store::Store& s, const Constituent& c, TimestampUs now) {
  auto tx = s.Begin();
  if (!tx.ok()) return tx.status();
  auto out = PutConstituent(s, **tx, c, now);
  if (out.ok()) RAMPART_RETURN_IF_ERROR((*tx)->Commit());
  return out;
}

TEST(ConstituentStore, RoundTripsThroughStix) {
  Constituent c = Health();
  stix::Object o = ToStix(c, 1'600'000'000'000'000);
  EXPECT_EQ(o.type, "identity");
  EXPECT_EQ(o.id, ConstituentId(c.name));
  EXPECT_TRUE(IsConstituent(o));
  auto back = FromStix(o);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->SameContent(c));
}

TEST(ConstituentStore, VersionsAndRevocation) {
  auto s = store::OpenStore("sqlite::memory:");
  ASSERT_TRUE(s.ok());
  Constituent c = Health();
  EXPECT_EQ(*Put(**s, c, 1'000'000), store::PutOutcome::kInserted);
  EXPECT_EQ(*Put(**s, c, 2'000'000), store::PutOutcome::kUnchanged);
  c.hosts = {"mail01.health.example.gov"};
  EXPECT_EQ(*Put(**s, c, 3'000'000), store::PutOutcome::kNewVersion);
  auto all = LoadConstituents(**s);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].hosts, c.hosts);

  auto tx = (*s)->Begin();
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(*RevokeConstituent(**s, **tx, "Department of Health", 4'000'000), store::PutOutcome::kNewVersion);
  ASSERT_TRUE((*tx)->Commit().ok());
  EXPECT_TRUE(LoadConstituents(**s)->empty());
  EXPECT_EQ(LoadConstituents(**s, true)->size(), 1u);
  auto versions = (*s)->Versions(ConstituentId(c.name));
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 3u);  // history kept
  // Revocation is permanent (STIX 2.1): the name cannot come back.
  auto again = Put(**s, c, 5'000'000);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ConstituentStore, UnknownNameIsNotFound) {
  auto s = store::OpenStore("sqlite::memory:");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(FindConstituent(**s, "Nobody").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rampart::respond
