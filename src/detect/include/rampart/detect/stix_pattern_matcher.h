// STIX indicators and IOC lists matched against events, pushing hits into a
// Sink (sink.h) like the Sigma matcher does.
//
// What goes where:
//  * Plain IOC list entries (IocList::entries) go into one IocSet and are
//    found in whichever field holds them (token scan, ioc_set.h): a domain
//    hits its subdomains, case does not matter, a domain inside a URL inside
//    a query string hits. That is what an analyst means by "any sighting of
//    this value" in a list of bare values, and it costs the same whatever
//    the number of entries.
//  * STIX indicators always follow STIX pattern semantics (spec 9, the OASIS
//    stix2-matcher): `[domain-name:value = 'example.org']` holds only on an
//    event whose mapped domain-name field is byte for byte "example.org".
//    Patterns that are one `[...]` of non-negated `=` / IN tests on strings
//    joined by OR go into an exact-value index (path -> value -> indicators)
//    that each event's mapped values are looked up in: an optimisation with
//    the same answers as the compiled evaluation below.
//  * Every other pattern is compiled onto event fields through a FieldMap.
//    Patterns whose every observation can be satisfied by one event (one
//    `[...]`, OR of them, START/STOP and WITHIN on them) are evaluated per
//    event and are stateless. Patterns that need several events (observation
//    AND, FOLLOWEDBY, REPEATS k > 1) keep, per pattern, the most recent
//    events that satisfied one of their observations (at most
//    `max_retained`, and only those inside the pattern's outer WITHIN
//    window) and fire on the event that completes a binding; the retained
//    events of that pattern are then cleared, so one sequence fires once.
//    Events without a time take the last time seen in the stream (in
//    MatchStateful; stateless START/STOP treat them as time 0).
//  * Nothing is dropped silently: an indicator that does not parse, is
//    revoked or expired is returned as an IndicatorProblem. One that cannot
//    hold on any event because a path it needs is not in the FieldMap
//    (`network-traffic:protocols[*]`, `x509-certificate:...`) is returned
//    with `not_huntable` set: it is listed, not an input error. A path that
//    is unknown where the pattern can still hold without it (one side of an
//    OR) is reported as a warning (tests on it are false) and the pattern
//    still runs.
//
// Hits: one Hit per (event, indicator), with every field and value that
// matched; `rule` points at a RuleInfo built from the indicator (id, name as
// title, description, labels as tags, level high) and lives as long as the
// matcher. Hits of one event come in indicator order (the order indicators
// were added), so output is deterministic.
//
// Thread-safety: Add* are not thread-safe. After that, MatchStateless may run
// on many threads at once (it reads only); MatchStateful keeps stream state
// and must be called from one thread, once per event, in source order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rampart/core/time.h"
#include "rampart/detect/event.h"
#include "rampart/detect/field_map.h"
#include "rampart/detect/ioc_list.h"
#include "rampart/detect/sigma.h"
#include "rampart/detect/sink.h"

namespace rampart::detect {

struct IndicatorProblem {
  std::string indicator_id;
  std::string message;
  bool warning = false;  // true: the indicator still runs
  // true: the pattern needs event fields the FieldMap does not provide; the
  // indicator cannot be hunted on these logs (not an error in its input).
  bool not_huntable = false;
};

struct IndicatorMatcherOptions {
  // Indicators whose valid_until is at or before `now` are skipped (and
  // reported); unset = keep every unrevoked indicator (retro-hunting).
  std::optional<TimestampUs> now;
  // Events kept per multi-event pattern.
  size_t max_retained = 256;
  // Cap on bindings enumerated per evaluation (see stix::FindBindings).
  size_t max_bindings = 4096;
  // Level given to indicator hits.
  Level level = Level::kHigh;
};

class IndicatorMatcher {
 public:
  // `field_map` must outlive the matcher.
  explicit IndicatorMatcher(const FieldMap& field_map = FieldMap::Default(), IndicatorMatcherOptions options = {});
  ~IndicatorMatcher();
  IndicatorMatcher(const IndicatorMatcher&) = delete;
  IndicatorMatcher& operator=(const IndicatorMatcher&) = delete;

  // Adds a parsed IOC list: its entries to the IOC set, its other patterns
  // to the pattern matcher. Returns the problems (the list's own `rejected`
  // entries are the caller's to report).
  std::vector<IndicatorProblem> AddIocList(const IocList& list);

  // Adds indicators (from the knowledge base or a bundle).
  std::vector<IndicatorProblem> AddIndicators(std::span<const IndicatorSpec> indicators);

  // IOC set hits and stateless patterns. Thread-safe (see above).
  void MatchStateless(const Event& event, Sink& sink) const;
  // Multi-event patterns; one thread, source order.
  void MatchStateful(const Event& event, Sink& sink);
  // Both, stateless hits first.
  void Match(const Event& event, Sink& sink) {
    MatchStateless(event, sink);
    MatchStateful(event, sink);
  }

  size_t indicator_count() const;  // indicators accepted
  size_t ioc_count() const;        // distinct values in the IOC set
  // The IOC set MatchStateless scans every event with (plain IOC list
  // entries). Callers may prefilter with it (IocSet::ScanText
  // over many events' values at once): when stateless_pattern_count() is 0,
  // an event in which it finds nothing gets no hit from MatchStateless.
  // Lives as long as the matcher; read-only, thread-safe as MatchStateless.
  const IocSet& ioc_set() const;
  // Patterns evaluated on every event: compiled one-event patterns and the
  // exact-equality ones.
  size_t stateless_pattern_count() const;
  size_t exact_pattern_count() const;  // of which in the exact-value index
  size_t stateful_pattern_count() const;
  // The rule metadata of indicator `index` (in the order added).
  const RuleInfo& rule(size_t index) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::detect
