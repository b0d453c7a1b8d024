#include <array>

#include "rampart/respond/incident.h"

namespace rampart::respond {
namespace {

constexpr std::array<std::string_view, 5> kStateNames = {"new", "triaged", "assisting", "resolved",
                                                         "false-positive"};

bool IsClosed(IncidentState s) { return s == IncidentState::kResolved || s == IncidentState::kFalsePositive; }

}  // namespace

std::string_view StateName(IncidentState state) { return kStateNames[static_cast<size_t>(state)]; }

std::optional<IncidentState> ParseState(std::string_view text) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (text == kStateNames[i]) return static_cast<IncidentState>(i);
  }
  if (text == "false_positive" || text == "falsepositive") return IncidentState::kFalsePositive;
  return std::nullopt;
}

bool IsAllowedTransition(IncidentState from, IncidentState to) {
  if (from == to) return false;
  if (IsClosed(from)) return to == IncidentState::kTriaged;  // reopen
  if (to == IncidentState::kFalsePositive) return true;
  if (to == IncidentState::kNew) return false;
  return static_cast<int>(to) > static_cast<int>(from);  // forward through triaged, assisting, resolved
}

}  // namespace rampart::respond
