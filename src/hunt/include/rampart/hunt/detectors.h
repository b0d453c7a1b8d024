// The detectors a hunt runs, as pipeline Detectors: compiled Sigma rules,
// and IOC lists with STIX-pattern indicators; the record filter that lets an
// IOC-only hunt skip records holding no IOC literal; the knowledge base's
// indicators as specs for the IndicatorMatcher. `rampart hunt` and the
// server's hunt jobs build their hunts from these.
//
// Thread-safety: as Detector (pipeline.h): Match and Prefilter may run on
// several threads with distinct scratches; the stateful Match runs on the
// merging thread only. The matchers are borrowed and must outlive the
// detectors.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/stix_pattern_matcher.h"
#include "rampart/hunt/hunted_indicators.h"
#include "rampart/hunt/pipeline.h"
#include "rampart/ingest/reader.h"
#include "rampart/store/store.h"

namespace rampart::hunt {

// Sigma rules as a pipeline Detector.
class SigmaDetector final : public Detector {
 public:
  explicit SigmaDetector(const detect::Matcher& matcher) : matcher_(matcher) {}
  struct SigmaScratch : Scratch {
    std::unique_ptr<detect::MatchScratch> scratch;
  };
  std::unique_ptr<Scratch> NewScratch() const override {
    auto s = std::make_unique<SigmaScratch>();
    s->scratch = matcher_.NewScratch();
    return s;
  }
  void Match(const detect::Event& event, detect::Sink& sink, Scratch& scratch) const override {
    matcher_.Match(event, sink, *static_cast<SigmaScratch&>(scratch).scratch);
  }

 private:
  const detect::Matcher& matcher_;
};

// IOC lists and STIX indicators: the stateless part (IOC sets, one-event
// patterns) runs on the workers, the multi-event patterns in source order.
class IndicatorDetector final : public Detector, public StatefulDetector {
 public:
  explicit IndicatorDetector(detect::IndicatorMatcher& matcher) : matcher_(matcher) {}
  struct IndicatorScratch : Scratch {
    std::string text;             // the batch's field values, '\n'-separated
    std::vector<size_t> starts;   // where each event's values begin in `text`
  };
  std::unique_ptr<Scratch> NewScratch() const override { return std::make_unique<Scratch>(); }
  void Match(const detect::Event& event, detect::Sink& sink, Scratch&) const override {
    matcher_.MatchStateless(event, sink);
  }
  // With only IOC-set entries stateless (no per-event pattern to evaluate),
  // an event gets a hit only if ScanValue finds one in a field value. Every
  // value of the batch is joined with '\n' (whitespace ends every token, so
  // the tokens are those of the values one by one) and scanned once with
  // ScanText (one Vectorscan literal pass, then the exact scanner only
  // around candidates); events with no hit are skipped, the others go
  // through MatchStateless unchanged, so hits and their order do not change.
  bool Prefilter(const ingest::EventBatch& batch, std::vector<uint8_t>& may_hit, Scratch& scratch) const override;
  void Match(const detect::Event& event, detect::Sink& sink) override { matcher_.MatchStateful(event, sink); }

 private:
  detect::IndicatorMatcher& matcher_;
};

// IOC-only hunts (no Sigma rule, no per-event or multi-event STIX pattern):
// an event can only hit if some field value holds a token ScanValue hits,
// and such a token contains one of the IOC set's prefilter literals. The
// text readers' field values are their raw line's bytes (W3C, Zeek, CSV,
// syslog) or decode escapes (JSON: those lines are kept by the reader), so a
// record none of whose lines holds a literal cannot hit; the reader drops it
// before building its event (ingest::RecordFilter). Candidate records still
// go through the batch prefilter and MatchStateless, so hits, their order,
// line numbers and the summary counts are those of the unfiltered hunt
// (--no-ioc-prefilter; e2e tests compare both) -- except with --since or
// --until, where a dropped record's time is unknown: it is counted as
// unread rather than in or out of the time range.
//
// With several threads, a large chunk is cut at a line break near its middle
// and the halves are scanned at once (no literal spans a line break, so the
// candidates are the same); the reader thread otherwise does all the work.
class IocRecordFilter final : public ingest::RecordFilter {
 public:
  IocRecordFilter(const detect::IocSet& iocs, int threads) : iocs_(iocs), threads_(threads) {}
  // False if the set has no literal prefilter (IPv6, CIDR): nothing to filter with.
  bool usable() const {
    return iocs_.FindCandidates("\n", [](size_t) {});  // hs_scan rejects a null buffer
  }
  void Candidates(std::string_view text, std::vector<size_t>& offsets) const override;

 private:
  static constexpr size_t kSplitBytes = 1 << 20;
  const detect::IocSet& iocs_;
  int threads_;
};

// The knowledge base's indicators for --intel: STIX patterns go to the
// pattern matcher (`specs`), Sigma patterns are rule YAML (`sigma`: id and
// text, loaded as rules named by the indicator id); any other pattern type
// is listed in `not_huntable` with the reason. Every one is registered with
// `hunted` so that its sightings point at it as written.
struct StoredIndicators {
  std::vector<detect::IndicatorSpec> specs;
  std::vector<std::pair<std::string, std::string>> sigma;
  std::vector<std::pair<std::string, std::string>> not_huntable;  // id, reason
};

Result<StoredIndicators> IndicatorsFromStore(store::Store& kb, HuntedIndicators& hunted);

}  // namespace rampart::hunt
