// Loading a hunt's Sigma rules through the compiled rule cache
// (rampart/detect/rule_cache.h): the loaded rule set and its Vectorscan
// databases, keyed by every rule file's path and bytes and the options that
// change them (placeholders, filters, --min-level).
//
// LoadRules takes the rules from the cache when it holds them, else loads
// them (RuleSet::Load); SaveRules, after compiling with `databases`, writes
// the cache file when the load or the compile added anything to it. A cache
// that cannot be written is a warning on stderr: it costs the next run time,
// not this one's hits. Not thread-safe; one per hunt.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rampart/detect/rule_cache.h"
#include "rampart/detect/rule_set.h"

namespace rampart::cli {

struct RuleCacheFlags {
  std::string dir;  // --rule-cache; "" = RuleCache::DefaultDir()
  bool off = false;  // --no-rule-cache
};

struct LoadedRules {
  detect::RuleSet rules;             // as RuleSet::Load gives them
  detect::DatabaseCache databases;   // pass to Matcher::Compile (CompileOptions::databases)
  bool cache_on = false;             // the cache is used (and `databases` filled)
  bool hit = false;                  // taken from the cache
  // Private to SaveRules:
  std::optional<detect::RuleCache> cache;
  std::string key;
  std::optional<detect::RuleSet> fresh;  // a fresh load, kept to be written
};

// `extra`: the options outside ParseOptions that change the compiled set.
LoadedRules LoadRules(const std::vector<std::string>& rule_paths, const std::vector<std::string>& filter_paths,
                      const detect::ParseOptions& options, const std::string& extra, const RuleCacheFlags& flags);

// `compiled`: the rules given to Matcher::Compile (`loaded.rules`, maybe
// filtered by --min-level, which is part of the key: filtering again gives
// the same set).
void SaveRules(const LoadedRules& loaded, const detect::RuleSet& compiled);

}  // namespace rampart::cli
