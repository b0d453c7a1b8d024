// Sigma correlation rules (event_count, value_count, temporal,
// temporal_ordered) evaluated over the hits of detection rules.
//
// A Correlator is a Sink placed between a Matcher and the real sink: it
// forwards detection hits (except those of rules that only feed correlations
// whose `generate` is false), and pushes a Hit for a correlation rule whenever
// its condition holds inside a sliding window of `timespan` for one group
// (the values of the group-by fields, read from each hit's event, through
// `aliases` where given). Correlation hits feed further correlations (chains).
//
// Semantics (docs/formats/sigma-support.md): event times come from
// Event::TimeUs() (events without one count at time 0); hits must arrive in
// non-decreasing time per group for exact windows -- older hits than the
// window's newest are still counted, against the window they fall into.
// After a correlation fires for a group, that group's window restarts (one
// alert per burst, as Hayabusa and pySigma-based SIEM queries behave); for
// lt/lte conditions, the check happens on every hit.
//
// Deterministic: same hits in the same order -> same output.
// Thread-safety: not thread-safe; feed it from one thread, in source order.
#pragma once

#include <memory>

#include "rampart/core/status.h"
#include "rampart/detect/rule_set.h"
#include "rampart/detect/sink.h"

namespace rampart::detect {

class Correlator : public Sink {
 public:
  // Fails (InvalidInput, at the correlation's location) if a correlation
  // names a rule that `rules` does not hold, or the references form a cycle.
  // `rules` and `downstream` must outlive the Correlator.
  static Result<std::unique_ptr<Correlator>> Create(const RuleSet& rules, Sink& downstream);

  void OnHit(const Hit& hit) override;
  // Number of correlation hits emitted so far.
  int64_t fired() const { return fired_; }

  ~Correlator() override;

 private:
  struct Impl;
  explicit Correlator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int64_t fired_ = 0;
};

}  // namespace rampart::detect
