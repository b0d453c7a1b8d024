// The incident state machine and UpdateIncident's history.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/respond/incident.h"
#include "rampart/store/open.h"

namespace rampart::respond {
namespace {

using S = IncidentState;

TEST(IncidentState, Transitions) {
  EXPECT_TRUE(IsAllowedTransition(S::kNew, S::kTriaged));
  EXPECT_TRUE(IsAllowedTransition(S::kTriaged, S::kAssisting));
  EXPECT_TRUE(IsAllowedTransition(S::kAssisting, S::kResolved));
  EXPECT_TRUE(IsAllowedTransition(S::kNew, S::kAssisting));
  EXPECT_TRUE(IsAllowedTransition(S::kAssisting, S::kFalsePositive));
  EXPECT_TRUE(IsAllowedTransition(S::kResolved, S::kTriaged));  // reopen
  EXPECT_FALSE(IsAllowedTransition(S::kAssisting, S::kNew));
  EXPECT_FALSE(IsAllowedTransition(S::kTriaged, S::kNew));
  EXPECT_FALSE(IsAllowedTransition(S::kResolved, S::kAssisting));
  EXPECT_FALSE(IsAllowedTransition(S::kFalsePositive, S::kResolved));
  EXPECT_FALSE(IsAllowedTransition(S::kNew, S::kNew));
  for (std::string_view name : {"new", "triaged", "assisting", "resolved", "false-positive"}) {
    ASSERT_TRUE(ParseState(name).has_value()) << name;
    EXPECT_EQ(StateName(*ParseState(name)), name);
  }
  EXPECT_FALSE(ParseState("closed").has_value());
}

class UpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite::memory:");
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    IncidentDraft d;
    d.id = IncidentId("", {}, 0);
    d.window_end = 86400LL * 1000000;
    d.sighting_ids = {"sighting--00000000-0000-4000-8000-000000000001"};
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(WriteIncidents(*store_, **tx, {d}, index_, "hunt", 1000000).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
    id_ = d.id;
  }
  Result<Incident> Update(const IncidentChange& change, TimestampUs now) {
    auto tx = store_->Begin();
    if (!tx.ok()) return tx.status();
    auto in = UpdateIncident(*store_, **tx, id_.substr(10, 8), change, "alice", now);
    if (in.ok()) RAMPART_RETURN_IF_ERROR((*tx)->Commit());
    return in;
  }
  AssetIndex index_;
  std::unique_ptr<store::Store> store_;
  std::string id_;
};

TEST_F(UpdateTest, HistoryRecordsWhoWhenWhat) {
  auto in = Update({S::kTriaged, std::string("bob"), std::string("looks real")}, 2000000);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->state, S::kTriaged);
  EXPECT_EQ(in->assignee, "bob");
  ASSERT_EQ(in->history.size(), 4u);
  EXPECT_EQ(in->history[1].who, "alice");
  EXPECT_EQ(in->history[1].what, "state new -> triaged");
  EXPECT_EQ(in->history[2].what, "assignee (none) -> bob");
  EXPECT_EQ(in->history[3].what, "note added");
  ASSERT_EQ(in->notes.size(), 1u);
  EXPECT_EQ(in->notes[0].text, "looks real");
  auto versions = store_->Versions(id_);
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 2u);
}

TEST_F(UpdateTest, InvalidTransitionChangesNothing) {
  ASSERT_TRUE(Update({S::kAssisting, {}, {}}, 2000000).ok());
  auto back = Update({S::kNew, {}, {}}, 3000000);
  EXPECT_EQ(back.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(back.status().message()), ::testing::HasSubstr("assisting -> new is not allowed"));
  EXPECT_EQ(store_->Versions(id_)->size(), 2u);
  EXPECT_FALSE(Update({}, 3000000).ok());  // nothing to change
  EXPECT_EQ(FindIncident(*store_, "incident--ffffffff").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rampart::respond
