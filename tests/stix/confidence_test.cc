#include "rampart/stix/confidence.h"

#include <gtest/gtest.h>

namespace rampart::stix {
namespace {

TEST(Confidence, NoneLowMedHigh) {
  EXPECT_EQ(NoneLowMedHighToConfidence("None"), 0);
  EXPECT_EQ(NoneLowMedHighToConfidence(" low "), 15);
  EXPECT_EQ(NoneLowMedHighToConfidence("Medium"), 50);
  EXPECT_EQ(NoneLowMedHighToConfidence("HIGH"), 85);
  EXPECT_EQ(NoneLowMedHighToConfidence("very high"), std::nullopt);
  EXPECT_EQ(ConfidenceToNoneLowMedHigh(0), "None");
  EXPECT_EQ(ConfidenceToNoneLowMedHigh(1), "Low");
  EXPECT_EQ(ConfidenceToNoneLowMedHigh(29), "Low");
  EXPECT_EQ(ConfidenceToNoneLowMedHigh(30), "Med");
  EXPECT_EQ(ConfidenceToNoneLowMedHigh(69), "Med");
  EXPECT_EQ(ConfidenceToNoneLowMedHigh(70), "High");
  EXPECT_EQ(ConfidenceToNoneLowMedHigh(100), "High");
}

TEST(Confidence, ZeroToTen) {
  EXPECT_EQ(ZeroToTenToConfidence(7), 70);
  EXPECT_EQ(ZeroToTenToConfidence(11), std::nullopt);
  EXPECT_EQ(ConfidenceToZeroToTen(4), 0);
  EXPECT_EQ(ConfidenceToZeroToTen(5), 1);
  EXPECT_EQ(ConfidenceToZeroToTen(14), 1);
  EXPECT_EQ(ConfidenceToZeroToTen(15), 2);
  EXPECT_EQ(ConfidenceToZeroToTen(94), 9);
  EXPECT_EQ(ConfidenceToZeroToTen(95), 10);
  EXPECT_EQ(ConfidenceToZeroToTen(100), 10);
  for (int n = 0; n <= 10; ++n) EXPECT_EQ(ConfidenceToZeroToTen(*ZeroToTenToConfidence(n)), n);
}

TEST(Confidence, Admiralty) {
  EXPECT_EQ(AdmiraltyToConfidence(1), 90);
  EXPECT_EQ(AdmiraltyToConfidence(5), 10);
  EXPECT_EQ(AdmiraltyToConfidence(6), std::nullopt);
  EXPECT_EQ(AdmiraltyLabelToConfidence("probably true"), 70);
  EXPECT_EQ(ConfidenceToAdmiralty(80), 1);
  EXPECT_EQ(ConfidenceToAdmiralty(79), 2);
  EXPECT_EQ(ConfidenceToAdmiralty(40), 3);
  EXPECT_EQ(ConfidenceToAdmiralty(20), 4);
  EXPECT_EQ(ConfidenceToAdmiralty(0), 5);
  EXPECT_EQ(AdmiraltyLabel(6), "Truth cannot be judged");
  for (int n = 1; n <= 5; ++n) EXPECT_EQ(ConfidenceToAdmiralty(*AdmiraltyToConfidence(n)), n);
}

TEST(Confidence, WepAndDni) {
  EXPECT_EQ(WepToConfidence("Impossible"), 0);
  EXPECT_EQ(WepToConfidence("almost certainly not"), 10);
  EXPECT_EQ(WepToConfidence("Probably Not"), 30);
  EXPECT_EQ(WepToConfidence("even chance"), 50);
  EXPECT_EQ(WepToConfidence("Probable"), 70);
  EXPECT_EQ(WepToConfidence("Almost Certain"), 90);
  EXPECT_EQ(WepToConfidence("Certain"), 100);
  EXPECT_EQ(ConfidenceToWep(0), "Impossible");
  EXPECT_EQ(ConfidenceToWep(19), "Highly Unlikely");
  EXPECT_EQ(ConfidenceToWep(99), "Highly Likely");
  EXPECT_EQ(ConfidenceToWep(100), "Certain");
  EXPECT_EQ(DniToConfidence("remote"), 5);
  EXPECT_EQ(DniToConfidence("Highly Improbable"), 15);
  EXPECT_EQ(DniToConfidence("roughly even odds"), 50);
  EXPECT_EQ(DniToConfidence("very likely"), 85);
  EXPECT_EQ(DniToConfidence("Nearly Certain"), 95);
  EXPECT_EQ(ConfidenceToDni(9), "Almost No Chance");
  EXPECT_EQ(ConfidenceToDni(89), "Very Likely");
  EXPECT_EQ(ConfidenceToDni(90), "Almost Certain");
  for (std::string_view l : {"Impossible", "Highly Unlikely", "Unlikely", "Even Chance", "Likely",
                             "Highly Likely", "Certain"}) {
    EXPECT_EQ(ConfidenceToWep(*WepToConfidence(l)), l);
  }
}

TEST(Confidence, EstimativeLanguage) {
  auto value = [](std::string_view phrase) {
    auto c = ConfidenceFromEstimativeLanguage(phrase);
    return c ? c->confidence : -1;
  };
  EXPECT_EQ(value("almost certainly"), 90);
  EXPECT_EQ(value("Almost  Certainly"), 90);
  EXPECT_EQ(value("very likely"), 85);
  EXPECT_EQ(value("highly likely"), 90);
  EXPECT_EQ(value("likely"), 70);
  EXPECT_EQ(value("probably"), 70);
  EXPECT_EQ(value("roughly even chance"), 50);
  EXPECT_EQ(value("unlikely"), 30);
  EXPECT_EQ(value("probably not"), 30);
  EXPECT_EQ(value("very unlikely"), 15);
  EXPECT_EQ(value("almost no chance"), 5);
  EXPECT_EQ(value("remote"), 5);
  EXPECT_EQ(value("almost certainly not"), 10);
  EXPECT_EQ(value("perhaps"), -1);
  EXPECT_EQ(ConfidenceFromEstimativeLanguage("very likely")->scale, ConfidenceScale::kDni);
  EXPECT_EQ(ConfidenceFromEstimativeLanguage("likely")->scale, ConfidenceScale::kWep);
}

}  // namespace
}  // namespace rampart::stix
