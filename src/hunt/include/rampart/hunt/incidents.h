// hunt --store: correlating the stored sightings into incidents (respond).
//
// IncidentCollector sits in front of the HitPrinter: it forwards every hit
// unchanged and keeps what incidents need from the event (addresses, host
// names, domains; the event dies with its batch) and the rule's actors.
// After the hunt, StoreIncidents pairs the k-th hit with the k-th sighting
// the printer made (the printer makes exactly one per hit, in the same
// order), correlates them against the constituents' asset index and writes
// the incidents into the transaction that stores the sightings, so both land
// or neither does.
//
// Thread-safety: as the HitPrinter, OnHit runs on one thread in source order.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "rampart/hunt/annotations.h"
#include "rampart/detect/sink.h"
#include "rampart/respond/event_assets.h"
#include "rampart/respond/incident.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::hunt {

struct IncidentFlags {
  std::string constituent;      // --constituent NAME: the log came from its sensor
  std::string window = "24h";   // --incident-window
};

class IncidentCollector : public detect::Sink {
 public:
  // `next` and `annotations` must outlive the collector.
  IncidentCollector(detect::Sink& next, const Annotations& annotations) : next_(next), annotations_(annotations) {}

  void OnHit(const detect::Hit& hit) override;

  // Correlates and writes incidents into `tx`; returns what was opened and
  // updated and prints it as one line to `log` (may be null). InvalidInput
  // for a bad --incident-window or an unknown --constituent; Internal if
  // hits and sightings do not pair up.
  Result<respond::WriteSummary> StoreIncidents(store::Store& kb, store::Transaction& tx,
                                               const std::vector<stix::Object>& stored, const IncidentFlags& flags,
                                               std::FILE* log);

 private:
  struct Kept {
    respond::EventAssets assets;
    std::string rule;
    const RuleAnnotation* annotation;
  };
  detect::Sink& next_;
  const Annotations& annotations_;
  std::vector<Kept> kept_;
};

// hunt --store: puts `objects` (the printer's stored_objects()) and the
// incidents correlated from them into `kb` in one transaction: all of it or,
// on any error, none. `log` (may be null) gets the incidents line.
Result<respond::WriteSummary> StoreHuntResults(store::Store& kb, const std::vector<stix::Object>& objects,
                                               IncidentCollector& collector, const IncidentFlags& flags,
                                               std::FILE* log);

}  // namespace rampart::hunt
