#include "rampart/respond/tlp_policy.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace rampart::respond {

using stix::TlpLevel;

std::string_view TlpDecisionReason(TlpDecision decision) {
  switch (decision) {
    case TlpDecision::kAllowed: return "allowed";
    case TlpDecision::kAboveClearance: return "above your clearance";
    case TlpDecision::kOutsideOrganisation: return "restricted to another organisation (TLP:AMBER+STRICT)";
    case TlpDecision::kNotNamed: return "restricted to named recipients (TLP:RED)";
  }
  return "";
}

TlpDecision Decide(const TlpItem& item, const TlpRecipient& recipient) {
  if (item.level > recipient.clearance) return TlpDecision::kAboveClearance;
  if (item.level == TlpLevel::kAmberStrict &&
      (item.organisation.empty() || item.organisation != recipient.organisation)) {
    return TlpDecision::kOutsideOrganisation;
  }
  if (item.level == TlpLevel::kRed &&
      std::find(item.named_recipients.begin(), item.named_recipients.end(), recipient.name) ==
          item.named_recipients.end()) {
    return TlpDecision::kNotNamed;
  }
  return TlpDecision::kAllowed;
}

TlpLevel CombinedMarking(const std::vector<TlpLevel>& cited, TlpLevel floor) {
  TlpLevel out = floor;
  for (TlpLevel level : cited) out = std::max(out, level);
  return out;
}

CopyPlan PlanCopy(const std::vector<TlpItem>& items, const TlpRecipient& recipient, TlpLevel floor) {
  CopyPlan plan;
  plan.marking = floor;
  for (size_t i = 0; i < items.size(); ++i) {
    TlpDecision decision = Decide(items[i], recipient);
    if (decision == TlpDecision::kAllowed) {
      plan.included.push_back(i);
      plan.marking = std::max(plan.marking, items[i].level);
    } else {
      plan.withheld.emplace_back(i, decision);
    }
  }
  return plan;
}

std::string WithheldNotice(const CopyPlan& plan) {
  if (plan.withheld.empty()) return "";
  std::map<TlpDecision, int> by_reason;
  for (const auto& [index, decision] : plan.withheld) ++by_reason[decision];
  std::vector<std::string> parts;
  for (const auto& [decision, count] : by_reason) parts.push_back(fmt::format("{} {}", count, TlpDecisionReason(decision)));
  size_t n = plan.withheld.size();
  return fmt::format("{} item{} of this advisory {} not in your copy: {}.", n, n == 1 ? "" : "s",
                     n == 1 ? "is" : "are", fmt::join(parts, ", "));
}

Result<TlpLevel> ParseTlpOrError(std::string_view text, std::string_view what) {
  if (auto level = stix::ParseTlpLevel(text)) return *level;
  return InvalidInput(fmt::format("{}: unknown TLP '{}' (expected clear, green, amber, amber+strict or red)", what, text));
}

}  // namespace rampart::respond
