// The STIX indicator each hunted rule or IOC stands for, so that a sighting
// points at what was actually hunted:
//
//   * a Sigma rule: an indicator with pattern_type "sigma" whose pattern is
//     the rule file's YAML, id UUIDv5("sigma-rule:" + rule id), created from
//     the rule's `date` and modified from its `modified` (the file's
//     modification time when the rule has no date);
//   * a plain IOC-list entry: an indicator with the equivalent STIX pattern
//     (`[ipv4-addr:value = '198.51.100.7']`, `[file:hashes.'SHA-256' = ...]`),
//     id UUIDv5 over type and value (the same IOC in any list, from any
//     folder, is one indicator), dated when the list was read -- unless the
//     knowledge base already holds that indicator, which is then used as is;
//   * an indicator of a STIX bundle given to --ioc, or of the knowledge base
//     (--intel, also a stored Sigma indicator hunted again): itself, exactly
//     as its producer wrote it.
//
// Built before the hunt (Add*); For() is then called by the printer on one
// thread (it caches what it builds). Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "rampart/core/time.h"
#include "rampart/detect/ioc_list.h"
#include "rampart/detect/sigma.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::hunt {

class HuntedIndicators {
 public:
  // `kb` may be null; it must outlive this object.
  explicit HuntedIndicators(store::Store* kb) : kb_(kb) {}

  // Registers the indicators of an IOC list read from `path` at `read_time`.
  // For a STIX bundle, the bundle's indicator objects are kept as written
  // (`path` is read again; an unreadable bundle leaves them to be rebuilt
  // from their IndicatorSpec).
  void AddIocList(const detect::IocList& list, const std::string& path, TimestampUs read_time);

  // A knowledge-base indicator (STIX or Sigma pattern) hunted with --intel.
  void AddStored(const stix::Object& indicator);

  // The YAML of the rule file `file` when the rules were not read from disk
  // (the fleet's rule sets travel as text): a Sigma indicator's pattern is
  // taken from here before the file is read.
  void AddRuleText(const std::string& file, std::string text) { rule_texts_[file] = std::move(text); }

  // The indicator a hit of `rule` is a sighting of. Never null for a rule
  // that was registered or is a Sigma rule; null only if an object could not
  // be built (logged by the caller as a missing sighting).
  const stix::Object* For(const detect::RuleInfo& rule);

 private:
  std::optional<stix::Object> BuildSigma(const detect::RuleInfo& rule) const;
  std::optional<stix::Object> BuildIoc(const std::string& spec_id) const;

  struct IocSource {
    detect::IocValue value;
    std::string text;  // the value as written (refanged), for URL schemes
    std::string name;
    TimestampUs read_time = 0;
  };
  store::Store* kb_;
  std::map<std::string, stix::Object> known_;      // indicator id -> object as written
  std::map<std::string, IocSource> ioc_entries_;   // plain-list spec id ("file:line") -> value
  std::map<std::string, stix::Object> built_;      // rule / spec key -> indicator made for it
  std::map<std::string, std::string> rule_texts_;  // rule file -> its YAML (AddRuleText)
};

// The STIX pattern equivalent to an IOC-list value (`text`: the value as
// written, used for URLs that carry a scheme).
std::string IocPattern(const detect::IocValue& value, std::string_view text);

}  // namespace rampart::hunt
