// Which kinds of events a hunt saw, so it can say when none of its Sigma
// rules could apply to them ("no loaded rule applies to webserver events")
// instead of a bare "0 hits".
//
// A pipeline Detector that never hits: on each batch it classifies the first
// event it is shown (detect::ClassifyEvent) and records the class. Thread-safe
// (a mutex taken once per batch).
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "rampart/hunt/pipeline.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/rule_set.h"

namespace rampart::hunt {

class SourceCoverage final : public Detector {
 public:
  std::unique_ptr<Scratch> NewScratch() const override;
  void Match(const detect::Event& event, detect::Sink& sink, Scratch& scratch) const override;

  // Names of the known event classes seen ("webserver", "windows/security",
  // "windows/sysmon process_creation") to which no rule of `rules` applies.
  std::vector<std::string> Uncovered(const detect::RuleSet& rules) const;

 private:
  mutable std::mutex mu_;
  mutable std::vector<detect::EventClass> classes_;  // distinct, known only
  mutable std::set<std::string> names_;
};

}  // namespace rampart::hunt
