// RuleSet: the Sigma rules loaded from files and folders, ready to compile.
//
// Load() walks each path (a file, or a folder searched recursively for .yml
// and .yaml files, visited in sorted path order so rule order is
// deterministic), parses every document and keeps the usable ones. Problems
// are per file / per document: a bad file or rule is recorded in errors()
// with file:line:column and the load goes on (hunting policy: report, go on,
// exit 2 at the end). A path that does not exist is an error too.
//
// Filters (Filter()) select rules by level, tag, status; correlations are
// kept when every rule they name survives. (Not to be confused with Sigma
// `filter:` documents -- meta-filters -- which ApplyFilters() AND-s into the
// rules they name.)
//
// Thread-safety: a const RuleSet may be read from several threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/sigma.h"

namespace rampart::detect {

struct RuleFilter {
  std::optional<Level> min_level;  // keep rules at or above
  std::optional<Level> level;      // keep rules of exactly this level
  // keep rules carrying any of these tags (case-insensitive; a tag also
  // selects its sub-techniques: attack.t1059 keeps attack.t1059.001)
  std::vector<std::string> tags;
  bool include_deprecated = false;  // status deprecated/unsupported (skipped by default)
};

class RuleSet {
 public:
  RuleSet() = default;

  // Loads files and folders; see the header comment. `filter:` documents
  // found among them are kept and applied (ApplyFilters) once every file is
  // read, so a filter applies whatever the file order.
  static RuleSet Load(const std::vector<std::string>& paths, const ParseOptions& options = {});
  // The same, plus filter files and folders kept apart from the rule set
  // (the CLI's --filters: environment tuning). Documents there that are not
  // filters (detection or correlation rules) are errors and not loaded.
  static RuleSet Load(const std::vector<std::string>& paths, const ParseOptions& options,
                      const std::vector<std::string>& filter_paths);

  // Adds the documents of one YAML text (used by Load and by tests).
  void AddText(std::string_view text, std::string_view file, const ParseOptions& options = {});
  void AddRule(SigmaRule rule) { rules_.push_back(std::move(rule)); }
  void AddCorrelation(CorrelationRule rule) { correlations_.push_back(std::move(rule)); }

  const std::vector<SigmaRule>& rules() const { return rules_; }
  const std::vector<CorrelationRule>& correlations() const { return correlations_; }
  // Every `filter:` document loaded, in load order.
  const std::vector<SigmaFilter>& filters() const { return filters_; }
  void AddFilter(SigmaFilter filter) { filters_.push_back(std::move(filter)); }

  // AND-s each filter not applied yet into the rules it names (see
  // SigmaFilter); each filter is applied once, so calling this again after
  // adding rules and filters only applies the new filters (to all rules).
  // Problems are warnings, not errors (the rules still run, unfiltered): a
  // filter naming a rule that is not loaded, or a correlation, or a rule
  // whose logsource the filter's does not cover; each is located at the
  // filter and carries the filter's id as object_id.
  void ApplyFilters();
  // Every warning of ApplyFilters, in order.
  const std::vector<Status>& warnings() const { return warnings_; }
  // Rules each filter was applied to, parallel to filters().
  const std::vector<int>& filter_use() const { return filter_use_; }
  // Every rejected file or document, in load order.
  const std::vector<Status>& errors() const { return errors_; }
  // Every YAML document that is not a Sigma rule (ParsedFile::skipped), in
  // load order: not loaded, and not an error.
  const std::vector<Status>& skipped() const { return skipped_; }
  int files() const { return files_; }

  // A copy holding only the rules that pass `filter` (errors and skipped
  // documents are kept).
  RuleSet Filter(const RuleFilter& filter) const;

  // Checks that correlations name existing rules, that ids are unique.
  // Returns one error per problem (does not modify the set).
  std::vector<Status> Validate() const;

 private:
  friend class RuleSetCodec;  // rule_cache.h: the cache stores every member
  std::vector<SigmaRule> rules_;
  std::vector<CorrelationRule> correlations_;
  std::vector<SigmaFilter> filters_;
  std::vector<int> filter_use_;
  size_t filters_applied_ = 0;
  std::vector<Status> warnings_;
  std::vector<Status> errors_;
  std::vector<Status> skipped_;
  int files_ = 0;
};

// Placeholder values for the `expand` modifier (ParseOptions::placeholders).
//
// AddPlaceholder takes "NAME=VALUE" (the CLI's --placeholder); several calls
// with one NAME add values (OR-ed). Fails with InvalidInput on a missing '='
// or an empty name; an empty VALUE is a value (matches an empty field).
//
// ReadPlaceholderFile reads a YAML map name -> list of values (a scalar is a
// one-value list), either at the top level or under `vars:` as in a
// sigma-cli/pySigma processing pipeline file. Values add to those already in
// `options`. Fails, naming file:line:column, on unreadable files, YAML errors
// or a value that is a map; never throws.
Status AddPlaceholder(std::string_view spec, ParseOptions& options);
Status ReadPlaceholderFile(const std::string& path, ParseOptions& options);
// Both at once, files first then specs (the CLI's --placeholders and
// --placeholder); the first failure is returned.
Result<ParseOptions> PlaceholderOptions(const std::vector<std::string>& specs,
                                        const std::vector<std::string>& files);

// The rule files Load reads for `paths`, in load order: each file path as
// given, and the .yml/.yaml files of each folder (recursive, sorted).
// Missing paths and folders that cannot be walked are left out.
std::vector<std::string> ListRuleFiles(const std::vector<std::string>& paths);

// True if `rule` passes `filter` (exposed for the CLI's `rules list`).
bool PassesFilter(const RuleInfo& rule, const RuleFilter& filter);

}  // namespace rampart::detect
