// TLP 2.0 on everything that leaves rampart: which pieces of content a given
// recipient may receive, and the marking of the copy it gets.
//
// The rules (FIRST TLP 2.0, as a centre applies them to its constituents):
//   - nothing above the recipient's clearance (clear < green < amber <
//     amber+strict < red);
//   - TLP:AMBER+STRICT only to recipients inside the organisation the item
//     is restricted to (for an advisory: the constituent it is written for);
//   - TLP:RED only to recipients the item names;
//   - a copy's marking is the highest marking among what it carries, and
//     never below the floor (the advisory's own base marking).
// Content a recipient may not see is left out of its copy, which says so;
// the rest still goes. Pure functions: no I/O, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/marking.h"

namespace rampart::respond {

struct TlpRecipient {
  std::string name;          // the contact (an address or a name), as items name it for RED
  std::string organisation;  // the organisation the recipient belongs to
  stix::TlpLevel clearance = stix::TlpLevel::kClear;
};

// A piece of content with its marking.
struct TlpItem {
  stix::TlpLevel level = stix::TlpLevel::kClear;
  std::string organisation;                   // AMBER+STRICT: the only organisation it may reach
  std::vector<std::string> named_recipients;  // RED: who may receive it
};

enum class TlpDecision {
  kAllowed,
  kAboveClearance,       // the item's level is above the recipient's clearance
  kOutsideOrganisation,  // AMBER+STRICT, recipient in another organisation
  kNotNamed,             // RED, recipient not named
};
std::string_view TlpDecisionReason(TlpDecision decision);  // "above your clearance" ...

// Whether `recipient` may receive `item`.
TlpDecision Decide(const TlpItem& item, const TlpRecipient& recipient);

// The marking of content citing `cited`: the highest of them and `floor`.
stix::TlpLevel CombinedMarking(const std::vector<stix::TlpLevel>& cited, stix::TlpLevel floor = stix::TlpLevel::kClear);

// One recipient's copy of a list of items.
struct CopyPlan {
  std::vector<size_t> included;                          // indexes into the items, in order
  std::vector<std::pair<size_t, TlpDecision>> withheld;  // index and why
  stix::TlpLevel marking = stix::TlpLevel::kClear;       // CombinedMarking of the included items and the floor
};
CopyPlan PlanCopy(const std::vector<TlpItem>& items, const TlpRecipient& recipient,
                  stix::TlpLevel floor = stix::TlpLevel::kClear);

// "" when nothing was withheld, else one sentence for the copy, e.g.
// "3 items of this advisory are not in your copy: 2 above your clearance,
// 1 restricted to named recipients (TLP:RED)."
std::string WithheldNotice(const CopyPlan& plan);

// A TLP level named on the command line or in a file ("amber+strict",
// "TLP:RED", "white"); InvalidInput naming `what` and the text otherwise.
Result<stix::TlpLevel> ParseTlpOrError(std::string_view text, std::string_view what);

}  // namespace rampart::respond
