// Where detections go. Matchers push hits into a Sink (ripgrep's Matcher/Sink
// split): the hunt printer, the STIX sightings writer and the incident opener
// are sinks, so detect never depends on store or respond.
//
// A Hit is format-neutral: the rule's metadata, the event it fired on
// (borrowed) and the fields and values that matched.
//
// Lifetime: everything a Hit points to (event, rule metadata, the views in
// `matched` and `correlation`) is valid only during the OnHit call; a sink
// copies what it keeps. Rule metadata (`rule`) stays valid as long as the
// Matcher / Correlator that produced it lives.
//
// Thread-safety: Matcher::Match may be called from several threads at once;
// each call pushes into the sink it was given, on the calling thread. A sink
// shared between threads must synchronise itself (hunt uses one sink per
// batch and merges in source order, DESIGN.md decision 4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/detect/event.h"
#include "rampart/detect/sigma.h"

namespace rampart::detect {

// One field that contributed to a hit; `value` is empty for keyword hits
// (field "" and value = the keyword as written).
struct MatchedField {
  std::string_view field;
  std::string_view value;
};

// Extra facts of a correlation hit.
struct CorrelationInfo {
  CorrelationType type = CorrelationType::kEventCount;
  // group-by field -> value (in group-by order)
  std::vector<std::pair<std::string, std::string>> group;
  int64_t count = 0;         // events (event_count, temporal*, value_*) or distinct values
  // value_sum / value_avg / value_percentile: the aggregate that met the
  // condition (for the other types, `count` again).
  double value = 0;
  int64_t first_time_us = 0;  // window start (first contributing hit)
  int64_t last_time_us = 0;   // the hit that completed the correlation
};

struct Hit {
  const RuleInfo* rule = nullptr;  // never null
  const Event* event = nullptr;    // never null; for correlations, the completing event
  std::vector<MatchedField> matched;
  const CorrelationInfo* correlation = nullptr;  // set only for correlation hits
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void OnHit(const Hit& hit) = 0;
};

// A sink that keeps copies, for tests and small tools.
struct CollectedHit {
  std::string rule_id;
  std::string title;
  Level level = Level::kNone;
  std::vector<std::pair<std::string, std::string>> matched;
  EventSource source;  // `file` is not kept (empty view)
  bool correlation = false;
  int64_t count = 0;  // correlation count
  double value = 0;   // correlation aggregate (CorrelationInfo::value)
};
class CollectingSink : public Sink {
 public:
  void OnHit(const Hit& hit) override;
  const std::vector<CollectedHit>& hits() const { return hits_; }
  void Clear() { hits_.clear(); }

 private:
  std::vector<CollectedHit> hits_;
};

}  // namespace rampart::detect
