// The detection set a worker hunts with, and how it reaches the fleet.
//
// A RuleBundle is the text of every Sigma rule file, in the order a local
// hunt loads them (RuleSet::Load: folders walked recursively, .yml/.yaml,
// sorted). Its version is a content hash (SHA-256 over each file's path
// relative to the folder given and its text, first 16 hex digits): the
// same rules give the same version on every machine, and every hit carries
// the version it was found with.
//
// Distribution: `rampart fleet rules publish` puts a bundle into the KV
// bucket RAMPART_RULES as JSON chunks under "set.<version>.<n>" (a value
// stays below NATS's 1 MiB payload limit), then points "current" at it
// ({"version", "chunks"}). Workers read "current" between batches and load
// a new version when it changes; a half-published bundle is never current.
//
// Thread-safety: plain functions and values; a DetectionSet is immutable
// once compiled (its Matcher is thread-safe, see detect/matcher.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/fleet/nats.h"

namespace rampart::fleet {

inline constexpr char kRulesBucket[] = "RAMPART_RULES";

struct RuleFile {
  std::string path;  // relative to the folder given, or as given for a file
  std::string text;
};

struct RuleBundle {
  std::vector<RuleFile> files;
  std::string version;  // content hash (RuleBundleVersion)
};

// Reads every rule file under `paths`. IoError for a path that is
// missing or unreadable (a fleet must not hunt with fewer rules than asked).
Result<RuleBundle> ReadRuleBundle(const std::vector<std::string>& paths);

std::string RuleBundleVersion(const std::vector<RuleFile>& files);

// Publishes `bundle` (creating the bucket if missing) and makes it current.
Status PublishRules(Connection& conn, const RuleBundle& bundle);

// The current version in the bucket; NotFound if nothing was published.
Result<std::string> CurrentRulesVersion(Connection& conn);

// The bundle of `version` from the bucket. NotFound if it is not there.
Result<RuleBundle> FetchRules(Connection& conn, const std::string& version);

// Rules parsed (filters applied) and compiled with the hunt's engine.
struct DetectionSet {
  std::string version;
  detect::RuleSet rules;
  std::unique_ptr<detect::Matcher> matcher;  // null when no rule compiled
};

// Parses and compiles `bundle`. InvalidInput if no rule is usable; rules
// that fail are in rules.errors() / matcher->rule_errors() as for hunt.
Result<std::unique_ptr<DetectionSet>> CompileBundle(const RuleBundle& bundle);

}  // namespace rampart::fleet
