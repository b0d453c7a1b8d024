// Builds the compiled groups of a rule set (compiler.cc).
#pragma once

#include <memory>
#include <vector>

#include "engine/compiled.h"
#include "rampart/detect/matcher.h"

namespace rampart::detect::internal {

// Rules that fail to compile go to `rule_errors` (with location) and are left
// out; fails only on a Vectorscan error that no fallback can absorb.
Result<std::vector<std::unique_ptr<Group>>> BuildGroups(const RuleSet& rules, MatcherStats* stats,
                                                        std::vector<Status>* rule_errors);

}  // namespace rampart::detect::internal
