// What the knowledge base knows about a rule: the ATT&CK techniques of its
// tags (with names) and the actors it names (attack.gNNNN tags, resolved to
// intrusion sets) or, for an indicator, the actors it `indicates`. Built once before the hunt; read-only afterwards, so
// printers on any thread may use it.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "rampart/detect/rule_set.h"
#include "rampart/detect/stix_pattern_matcher.h"
#include "rampart/store/store.h"

namespace rampart::hunt {

struct NamedRef {
  std::string external_id;  // "T1190", "G0125"
  std::string name;         // "Exploit Public-Facing Application", "HAFNIUM" ("" if unknown)
  std::string stix_id;      // "" if the knowledge base lacks it
};

struct RuleAnnotation {
  std::vector<NamedRef> techniques;
  std::vector<NamedRef> actors;
};

class Annotations {
 public:
  // `store` may be null: then techniques and actors carry only their ids.
  static Annotations Build(const detect::RuleSet& rules, store::Store* store);

  // Adds the actors of the knowledge-base indicators in `indicators`: the
  // intrusion sets, threat actors and campaigns each `indicates` (a
  // relationship from the indicator). No-op without a store; an indicator
  // from an IOC list has no relationships and gets none.
  void AddIndicators(const detect::IndicatorMatcher& indicators, store::Store* store);

  // Never fails: a rule without annotation gets an empty one.
  const RuleAnnotation& For(const detect::RuleInfo& rule) const;

 private:
  std::unordered_map<const detect::RuleInfo*, RuleAnnotation> by_rule_;
  RuleAnnotation empty_;
};

}  // namespace rampart::hunt
