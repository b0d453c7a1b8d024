// Matching events against Sigma rules.
//
// Matcher (DESIGN.md decision 2: compile, never interpret per event): all
// rules of one logsource compile into one group; per field, every literal and
// wildcard atom of every rule of the group goes into one Vectorscan database
// (caseless unless `cased`, anchored for whole-value / startswith / endswith);
// regexes go into the same database when Vectorscan accepts them and to PCRE2
// with JIT otherwise. Per event, each field a group reads is scanned once;
// rule conditions are then evaluated over the bitset of atoms that hit.
//
// ReferenceEvaluator interprets the parsed rules directly, per event and per
// rule; it is slow and exists to check the Matcher (tests, RAMPART_VERIFY).
//
// Semantics shared by both (docs/formats/sigma-support.md):
//  * strings match whole values, ASCII case-insensitively unless `cased`;
//    `*` any run of bytes, `?` one byte; numbers/booleans match as their text;
//  * `re` is PCRE, case-sensitive unless `i`, searched anywhere in the value;
//  * keyword items search every value of the event (contains);
//  * null/JSON-null values never match a string; `field: null` matches an
//    absent or null field; `exists` tests presence only;
//  * a rule sees an event only as logsource.h decides.
//
// Thread-safety: Compile() returns an immutable Matcher; Match() may be called
// concurrently from many threads. Each call needs scratch space: pass a
// MatchScratch owned by the calling thread, or use the overload without one,
// which borrows scratch from an internal pool (a short lock per call).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/event.h"
#include "rampart/detect/rule_set.h"
#include "rampart/detect/sink.h"

namespace rampart::detect {

class DatabaseCache;

struct CompileOptions {
  // Also run the ReferenceEvaluator on every event and count (and log) every
  // rule where the two disagree. Default: on if $RAMPART_VERIFY is set and not "0".
  bool verify = false;
  bool verify_from_env = true;
  // Skip a group of rules for events that hold none of the literals its
  // rules require (see docs/design/detect.md). Same hits either way; off
  // only to measure what it saves.
  bool prefilter = true;
  // Vectorscan databases of an earlier compile (rule_cache.h): used where
  // the inputs are the same, and every database compiled now is added.
  // Not owned; null: compile everything.
  DatabaseCache* databases = nullptr;
};

// Per-thread working memory for Matcher::Match (Vectorscan scratch, the atom
// bitset). Not thread-safe; one per thread.
class MatchScratch {
 public:
  virtual ~MatchScratch() = default;
};

struct MatcherStats {
  int rules = 0;            // rules compiled
  int groups = 0;           // logsource groups
  int atoms = 0;            // string atoms in Vectorscan databases
  int vectorscan_regexes = 0;
  int pcre_regexes = 0;     // regexes Vectorscan refused (PCRE2 JIT)
  int other_leaves = 0;     // cidr, numeric, exists, null, fieldref, match-anything
  int databases = 0;
};

// What one group of compiled rules did over the events matched with one
// scratch (Matcher::Activity; a diagnostic for benchmarks and tuning).
struct GroupActivity {
  std::string logsource;               // "product/category/service"
  bool bucket = false;                 // prefiltered: run only when woken
  int64_t runs = 0;                    // events whose fields it scanned
  std::vector<std::string> rules;      // titles of its rules
  std::vector<std::string> required;   // a bucket's required literals (folded)
};

class Matcher {
 public:
  virtual ~Matcher() = default;

  // Compiles every rule of `rules` (correlations are the Correlator's).
  // A rule that cannot be compiled (never happens for a rule the parser
  // accepted, short of a Vectorscan/PCRE2 failure) is listed in
  // rule_errors() and left out; the rest compile. Fails only when nothing
  // can be built at all (out of memory, Vectorscan platform error).
  // `rules` must outlive the Matcher (rule metadata in hits points into it).
  static Result<std::unique_ptr<Matcher>> Compile(const RuleSet& rules,
                                                  const CompileOptions& options = {});

  // Pushes one Hit per rule that matches `event` into `sink`, in rule order.
  virtual void Match(const Event& event, Sink& sink, MatchScratch& scratch) const = 0;
  void Match(const Event& event, Sink& sink) const;

  virtual std::unique_ptr<MatchScratch> NewScratch() const = 0;
  virtual const std::vector<Status>& rule_errors() const = 0;
  virtual MatcherStats stats() const = 0;
  // Number of (event, rule) disagreements found in verify mode so far.
  virtual int64_t verify_failures() const = 0;
  // Per group (in compile order), how often it ran over the events matched
  // with `scratch` since it was created (first-pass scans only; re-scans to
  // report hits are not counted), and the number of those events.
  // `scratch` must come from this matcher. Default: nothing recorded.
  virtual std::vector<GroupActivity> Activity(const MatchScratch& scratch, int64_t* events) const {
    if (events) *events = 0;
    return {};
  }

 protected:
  virtual std::unique_ptr<MatchScratch> AcquireScratch() const = 0;
  virtual void ReleaseScratch(std::unique_ptr<MatchScratch> scratch) const = 0;
};

class ReferenceEvaluator {
 public:
  // `rules` must outlive the evaluator. Regexes that PCRE2 rejects make
  // that rule never match (the parser already rejected them).
  explicit ReferenceEvaluator(const RuleSet& rules);
  ~ReferenceEvaluator();
  ReferenceEvaluator(const ReferenceEvaluator&) = delete;
  ReferenceEvaluator& operator=(const ReferenceEvaluator&) = delete;

  // Same contract as Matcher::Match.
  void Match(const Event& event, Sink& sink) const;
  // Whether the rule at `index` in rules().rules() matches `event`
  // (logsource included).
  bool Matches(size_t index, const Event& event) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::detect
