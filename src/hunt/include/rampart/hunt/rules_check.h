// `rampart rules check` as a value: every rule, filter and correlation of a
// loaded RuleSet with its status (ok, warning, error, skipped), compiled as a
// hunt would compile them, plus a summary. The CLI prints `lines` (or
// `json` with --json); the server answers `json` for an uploaded rule.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rampart/core/status.h"
#include "rampart/detect/rule_set.h"

namespace rampart::hunt {

struct RulesCheckReport {
  // "STATUS  text" per result, then the summary line.
  std::vector<std::string> lines;
  // {"summary": {files, rules_ok, correlations_ok, unsupported, warnings,
  //  skipped, filters, logsource_groups, atoms, vectorscan_regexes,
  //  pcre_regexes}, "results": [{status, file, line, id, title|message ...}]}
  nlohmann::ordered_json json;
  int failed = 0;    // rules that do not load or compile
  int warnings = 0;  // usable rules with a note (logsource not mapped ...)
};

// `quiet` leaves out the rules that are fine. Errors: the matcher cannot be
// built at all (a rule's own problems are results, not errors).
Result<RulesCheckReport> CheckRules(const detect::RuleSet& set, bool quiet);

}  // namespace rampart::hunt
