// STIX 2.1 confidence scales (Appendix A; digest §1.10), both directions.
//
// A scale value maps to one STIX confidence (0-100); a STIX confidence maps
// back to the one scale value whose band contains it. scale -> STIX -> scale
// round-trips for every scale value; STIX -> scale -> STIX does not (bands).
// Labels are matched case-insensitively with surrounding blanks ignored.
// Functions taking a STIX value clamp it to 0-100. Stateless, thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace rampart::stix {

// None / Low / Med / High: None 0, Low 15, Med 50, High 85.
// Reverse: 0 None, 1-29 Low, 30-69 Med, 70-100 High. "Medium" accepted for Med.
std::optional<int> NoneLowMedHighToConfidence(std::string_view label);
std::string_view ConfidenceToNoneLowMedHigh(int confidence);  // "None", "Low", "Med", "High"

// 0-10: n -> 10n; reverse bands 0-4 -> 0, 5-14 -> 1, … 95-100 -> 10.
std::optional<int> ZeroToTenToConfidence(int value);  // nullopt outside 0-10
int ConfidenceToZeroToTen(int confidence);

// Admiralty credibility 1-6 (the reliability letter A-F has no mapping):
// 1 -> 90, 2 -> 70, 3 -> 50, 4 -> 30, 5 -> 10, 6 ("truth cannot be judged")
// -> nullopt (leave confidence absent). Reverse: 80-100 1, 60-79 2, 40-59 3,
// 20-39 4, 0-19 5. Labels: "Confirmed by other sources", "Probably True",
// "Possibly True", "Doubtful", "Improbable", "Truth cannot be judged".
std::optional<int> AdmiraltyToConfidence(int credibility);
std::optional<int> AdmiraltyLabelToConfidence(std::string_view label);
int ConfidenceToAdmiralty(int confidence);
std::string_view AdmiraltyLabel(int credibility);  // "" outside 1-6

// WEP (Words of Estimative Probability): Impossible 0; Highly Unlikely /
// Almost Certainly Not 10; Unlikely / Probably Not 30; Even Chance 50;
// Likely / Probable 70; Highly Likely / Almost Certain 90; Certain 100.
// Reverse: 0, 1-19, 20-39, 40-59, 60-79, 80-99, 100.
std::optional<int> WepToConfidence(std::string_view label);
std::string_view ConfidenceToWep(int confidence);  // first label of the band

// DNI (ICD-203): Almost No Chance / Remote 5; Very Unlikely / Highly
// Improbable 15; Unlikely / Improbable 30; Roughly Even Chance / Roughly Even
// Odds 50; Likely / Probable 70; Very Likely / Highly Probable 85; Almost
// Certain / Nearly Certain 95. Reverse: 0-9, 10-19, 20-39, 40-59, 60-79,
// 80-89, 90-100.
std::optional<int> DniToConfidence(std::string_view label);
std::string_view ConfidenceToDni(int confidence);

enum class ConfidenceScale { kWep, kDni };

struct EstimativeConfidence {
  int confidence = 0;
  ConfidenceScale scale = ConfidenceScale::kWep;
  std::string_view label;  // the scale's label, e.g. "Almost Certain"
};

// Estimative language as analysts write it, for the extract module. Accepts
// the WEP and DNI labels and their adverb/verb forms: "almost certainly",
// "very likely", "highly likely", "likely", "probably", "probable",
// "roughly even chance", "even chance", "unlikely", "probably not",
// "very unlikely", "almost no chance", "remote", "almost certainly not",
// "certainly", "impossible". The WEP mapping wins where both scales know a
// phrase ("almost certainly" -> 90, "likely" -> 70); phrases only DNI has
// use DNI ("very likely" -> 85, "very unlikely" -> 15, "remote" -> 5).
std::optional<EstimativeConfidence> ConfidenceFromEstimativeLanguage(std::string_view phrase);

}  // namespace rampart::stix
