// Appendix A tables; one row per scale value with its STIX value and band.
#include "rampart/stix/confidence.h"

#include <absl/strings/ascii.h>

#include <algorithm>
#include <string>

#include "rampart/core/strings.h"

namespace rampart::stix {
namespace {

struct Band {
  std::string_view labels[2];  // second may be empty
  int value;                   // scale -> STIX
  int low, high;               // STIX band -> scale
};

constexpr Band kNlmh[] = {{{"None", ""}, 0, 0, 0},
                          {{"Low", ""}, 15, 1, 29},
                          {{"Med", "Medium"}, 50, 30, 69},
                          {{"High", ""}, 85, 70, 100}};
constexpr Band kAdmiralty[] = {{{"Confirmed by other sources", "Confirmed"}, 90, 80, 100},
                               {{"Probably True", ""}, 70, 60, 79},
                               {{"Possibly True", ""}, 50, 40, 59},
                               {{"Doubtful", ""}, 30, 20, 39},
                               {{"Improbable", ""}, 10, 0, 19}};
constexpr Band kWep[] = {{{"Impossible", ""}, 0, 0, 0},
                         {{"Highly Unlikely", "Almost Certainly Not"}, 10, 1, 19},
                         {{"Unlikely", "Probably Not"}, 30, 20, 39},
                         {{"Even Chance", ""}, 50, 40, 59},
                         {{"Likely", "Probable"}, 70, 60, 79},
                         {{"Highly Likely", "Almost Certain"}, 90, 80, 99},
                         {{"Certain", ""}, 100, 100, 100}};
constexpr Band kDni[] = {{{"Almost No Chance", "Remote"}, 5, 0, 9},
                         {{"Very Unlikely", "Highly Improbable"}, 15, 10, 19},
                         {{"Unlikely", "Improbable"}, 30, 20, 39},
                         {{"Roughly Even Chance", "Roughly Even Odds"}, 50, 40, 59},
                         {{"Likely", "Probable"}, 70, 60, 79},
                         {{"Very Likely", "Highly Probable"}, 85, 80, 89},
                         {{"Almost Certain", "Nearly Certain"}, 95, 90, 100}};

std::string Normalize(std::string_view text) {
  std::string s = absl::AsciiStrToLower(absl::StripAsciiWhitespace(ToAbsl(text)));
  std::string out;
  for (char c : s) {  // collapse runs of blanks and hyphens to one space
    bool blank = c == ' ' || c == '\t' || c == '\n' || c == '-';
    if (blank) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

template <size_t N>
const Band* FindLabel(const Band (&table)[N], std::string_view label) {
  std::string wanted = Normalize(label);
  for (const Band& band : table) {
    for (std::string_view l : band.labels) {
      if (!l.empty() && Normalize(l) == wanted) return &band;
    }
  }
  return nullptr;
}

template <size_t N>
const Band& FindValue(const Band (&table)[N], int confidence) {
  confidence = std::clamp(confidence, 0, 100);
  for (const Band& band : table) {
    if (confidence >= band.low && confidence <= band.high) return band;
  }
  return table[N - 1];
}

}  // namespace

std::optional<int> NoneLowMedHighToConfidence(std::string_view label) {
  const Band* band = FindLabel(kNlmh, label);
  return band ? std::optional<int>(band->value) : std::nullopt;
}
std::string_view ConfidenceToNoneLowMedHigh(int c) { return FindValue(kNlmh, c).labels[0]; }

std::optional<int> ZeroToTenToConfidence(int value) {
  if (value < 0 || value > 10) return std::nullopt;
  return value * 10;
}
int ConfidenceToZeroToTen(int c) {
  c = std::clamp(c, 0, 100);
  return c < 5 ? 0 : std::min(10, (c + 5) / 10);
}

std::optional<int> AdmiraltyToConfidence(int credibility) {
  if (credibility < 1 || credibility > 5) return std::nullopt;
  return kAdmiralty[credibility - 1].value;
}
std::optional<int> AdmiraltyLabelToConfidence(std::string_view label) {
  const Band* band = FindLabel(kAdmiralty, label);
  return band ? std::optional<int>(band->value) : std::nullopt;
}
int ConfidenceToAdmiralty(int c) {
  const Band& band = FindValue(kAdmiralty, c);
  return static_cast<int>(&band - kAdmiralty) + 1;
}
std::string_view AdmiraltyLabel(int credibility) {
  if (credibility == 6) return "Truth cannot be judged";
  if (credibility < 1 || credibility > 6) return {};
  return kAdmiralty[credibility - 1].labels[0];
}

std::optional<int> WepToConfidence(std::string_view label) {
  const Band* band = FindLabel(kWep, label);
  return band ? std::optional<int>(band->value) : std::nullopt;
}
std::string_view ConfidenceToWep(int c) { return FindValue(kWep, c).labels[0]; }

std::optional<int> DniToConfidence(std::string_view label) {
  const Band* band = FindLabel(kDni, label);
  return band ? std::optional<int>(band->value) : std::nullopt;
}
std::string_view ConfidenceToDni(int c) { return FindValue(kDni, c).labels[0]; }

std::optional<EstimativeConfidence> ConfidenceFromEstimativeLanguage(std::string_view phrase) {
  std::string p = Normalize(phrase);
  // Adverb and verb forms analysts write, onto the scales' adjective labels.
  static constexpr std::pair<std::string_view, std::string_view> kForms[] = {
      {"almost certainly not", "almost certainly not"}, {"almost certainly", "almost certain"},
      {"certainly", "certain"},          {"probably not", "probably not"},
      {"probably", "likely"},            {"highly probably", "highly probable"},
      {"very probably", "very likely"},  {"nearly certainly", "nearly certain"},
      {"even odds", "roughly even odds"}, {"roughly even", "roughly even chance"},
  };
  for (const auto& [form, label] : kForms) {
    if (p == form) {
      p = std::string(label);
      break;
    }
  }
  if (const Band* band = FindLabel(kWep, p)) {
    for (std::string_view l : band->labels) {
      if (!l.empty() && Normalize(l) == p) return EstimativeConfidence{band->value, ConfidenceScale::kWep, l};
    }
  }
  if (const Band* band = FindLabel(kDni, p)) {
    for (std::string_view l : band->labels) {
      if (!l.empty() && Normalize(l) == p) return EstimativeConfidence{band->value, ConfidenceScale::kDni, l};
    }
  }
  return std::nullopt;
}

}  // namespace rampart::stix
