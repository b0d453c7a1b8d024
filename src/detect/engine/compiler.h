// Builds the compiled groups of a rule set (compiler.cc).
#pragma once

#include <memory>
#include <vector>

#include "engine/compiled.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_cache.h"

namespace rampart::detect::internal {

// Rules that fail to compile go to `rule_errors` (with location) and are left
// out; fails only on a Vectorscan error that no fallback can absorb.
// `prefilter`: split each logsource's rules by whether they have a required
// literal set and give those groups a prefilter database. `cache`
// (optional): Vectorscan results are taken from it and new ones added.
Result<std::vector<std::unique_ptr<Group>>> BuildGroups(const RuleSet& rules, MatcherStats* stats,
                                                        std::vector<Status>* rule_errors, bool prefilter = true,
                                                        DatabaseCache* cache = nullptr);

}  // namespace rampart::detect::internal
