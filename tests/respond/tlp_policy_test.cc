// TLP 2.0 on what leaves rampart, case by case.
#include "rampart/respond/tlp_policy.h"

#include <gtest/gtest.h>

namespace rampart::respond {
namespace {

using stix::TlpLevel;

TlpRecipient Recipient(TlpLevel clearance, std::string organisation = "Health Canada",
                       std::string name = "soc@health.example") {
  return TlpRecipient{std::move(name), std::move(organisation), clearance};
}

TlpItem Item(TlpLevel level, std::string organisation = "Health Canada", std::vector<std::string> named = {}) {
  return TlpItem{level, std::move(organisation), std::move(named)};
}

TEST(TlpPolicyTest, NothingAboveClearance) {
  const TlpLevel levels[] = {TlpLevel::kClear, TlpLevel::kGreen, TlpLevel::kAmber};
  for (TlpLevel clearance : levels) {
    for (TlpLevel level : levels) {
      TlpDecision d = Decide(Item(level), Recipient(clearance));
      EXPECT_EQ(d == TlpDecision::kAllowed, level <= clearance)
          << stix::TlpName(level) << " to " << stix::TlpName(clearance);
    }
  }
  EXPECT_EQ(Decide(Item(TlpLevel::kRed, "", {"soc@health.example"}), Recipient(TlpLevel::kAmber)),
            TlpDecision::kAboveClearance);
}

TEST(TlpPolicyTest, ClearGoesToAnyone) {
  EXPECT_EQ(Decide(Item(TlpLevel::kClear, ""), Recipient(TlpLevel::kClear, "")), TlpDecision::kAllowed);
}

TEST(TlpPolicyTest, AmberStrictStaysInsideTheOrganisation) {
  EXPECT_EQ(Decide(Item(TlpLevel::kAmberStrict), Recipient(TlpLevel::kAmberStrict)), TlpDecision::kAllowed);
  EXPECT_EQ(Decide(Item(TlpLevel::kAmberStrict), Recipient(TlpLevel::kRed, "Managed SOC Inc.")),
            TlpDecision::kOutsideOrganisation);
  // An item restricted to nobody in particular reaches nobody.
  EXPECT_EQ(Decide(Item(TlpLevel::kAmberStrict, ""), Recipient(TlpLevel::kRed, "")),
            TlpDecision::kOutsideOrganisation);
  // Plain AMBER may go to the recipient's partners' contacts with clearance.
  EXPECT_EQ(Decide(Item(TlpLevel::kAmber), Recipient(TlpLevel::kAmber, "Managed SOC Inc.")), TlpDecision::kAllowed);
  // Clearance still applies inside the organisation.
  EXPECT_EQ(Decide(Item(TlpLevel::kAmberStrict), Recipient(TlpLevel::kAmber)), TlpDecision::kAboveClearance);
}

TEST(TlpPolicyTest, RedOnlyToNamedRecipients) {
  TlpItem red = Item(TlpLevel::kRed, "Health Canada", {"ciso@health.example"});
  EXPECT_EQ(Decide(red, Recipient(TlpLevel::kRed, "Health Canada", "ciso@health.example")), TlpDecision::kAllowed);
  EXPECT_EQ(Decide(red, Recipient(TlpLevel::kRed, "Health Canada", "soc@health.example")), TlpDecision::kNotNamed);
  EXPECT_EQ(Decide(Item(TlpLevel::kRed), Recipient(TlpLevel::kRed)), TlpDecision::kNotNamed);
}

TEST(TlpPolicyTest, MarkingIsAtLeastTheHighestCited) {
  EXPECT_EQ(CombinedMarking({}), TlpLevel::kClear);
  EXPECT_EQ(CombinedMarking({}, TlpLevel::kGreen), TlpLevel::kGreen);
  EXPECT_EQ(CombinedMarking({TlpLevel::kGreen, TlpLevel::kAmber, TlpLevel::kClear}), TlpLevel::kAmber);
  EXPECT_EQ(CombinedMarking({TlpLevel::kAmberStrict, TlpLevel::kAmber}, TlpLevel::kGreen), TlpLevel::kAmberStrict);
  EXPECT_EQ(CombinedMarking({TlpLevel::kClear}, TlpLevel::kRed), TlpLevel::kRed);
}

TEST(TlpPolicyTest, CopyLeavesOutWhatTheRecipientMayNotSeeAndSaysSo) {
  std::vector<TlpItem> items = {Item(TlpLevel::kClear), Item(TlpLevel::kAmber),
                                Item(TlpLevel::kRed, "Health Canada", {"ciso@health.example"}),
                                Item(TlpLevel::kAmberStrict, "Defence Research")};
  CopyPlan soc = PlanCopy(items, Recipient(TlpLevel::kGreen), TlpLevel::kGreen);
  EXPECT_EQ(soc.included, (std::vector<size_t>{0}));
  EXPECT_EQ(soc.withheld.size(), 3u);
  EXPECT_EQ(soc.marking, TlpLevel::kGreen);
  EXPECT_EQ(WithheldNotice(soc), "3 items of this advisory are not in your copy: 3 above your clearance.");

  CopyPlan ciso = PlanCopy(items, Recipient(TlpLevel::kRed, "Health Canada", "ciso@health.example"));
  EXPECT_EQ(ciso.included, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(ciso.marking, TlpLevel::kRed);
  ASSERT_EQ(ciso.withheld.size(), 1u);
  EXPECT_EQ(ciso.withheld[0].second, TlpDecision::kOutsideOrganisation);
  EXPECT_EQ(WithheldNotice(ciso),
            "1 item of this advisory is not in your copy: 1 restricted to another organisation (TLP:AMBER+STRICT).");

  CopyPlan amber = PlanCopy(items, Recipient(TlpLevel::kAmber));
  EXPECT_EQ(amber.included, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(amber.marking, TlpLevel::kAmber);
  CopyPlan all = PlanCopy({Item(TlpLevel::kClear)}, Recipient(TlpLevel::kClear));
  EXPECT_EQ(WithheldNotice(all), "");
}

TEST(TlpPolicyTest, UnknownTlpIsAnError) {
  EXPECT_EQ(*ParseTlpOrError("TLP:AMBER+STRICT", "x"), TlpLevel::kAmberStrict);
  EXPECT_EQ(*ParseTlpOrError("white", "x"), TlpLevel::kClear);
  auto bad = ParseTlpOrError("purple", "constituents.yaml: Health Canada");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("purple"), std::string::npos);
}

}  // namespace
}  // namespace rampart::respond
