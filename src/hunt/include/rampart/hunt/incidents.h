// hunt --store: correlating the stored sightings into incidents (respond).
//
// IncidentCollector sits in front of the HitPrinter: it forwards every hit
// unchanged and keeps what incidents need from the event (addresses, host
// names, domains; the event dies with its batch) and the rule's actors.
// After the hunt, the k-th hit is paired with the k-th HitSighting the
// printer recorded (the aggregated sighting that counts it; UseSightings),
// correlated against the constituents' asset index: WhereSighted gives each
// sighting's constituents (where_sighted_refs), StoreIncidents writes the
// incidents into the transaction that stores the sightings, so both land or
// neither does.
//
// Thread-safety: as the HitPrinter, OnHit runs on one thread in source order.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "rampart/hunt/annotations.h"
#include "rampart/hunt/hit_printer.h"
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
  // In front of `printer`, pairing hits with its sightings (UseSightings).
  IncidentCollector(HitPrinter& printer, const Annotations& annotations)
      : next_(printer), annotations_(annotations), hit_sightings_(&printer.hit_sightings()) {}

  void OnHit(const detect::Hit& hit) override;

  // The printer's per-hit records (HitPrinter::hit_sightings); must outlive
  // the calls below. Without it, nothing pairs and both calls fail.
  void UseSightings(const std::vector<HitSighting>& hits) { hit_sightings_ = &hits; }

  // Sighting id -> the constituents (identity ids, sorted) its hits belong
  // to. Errors as StoreIncidents.
  Result<std::map<std::string, std::vector<std::string>>> WhereSighted(store::Store& kb, const IncidentFlags& flags);

  // Correlates and writes incidents into `tx`; returns what was opened and
  // updated and prints it as one line to `log` (may be null). InvalidInput
  // for a bad --incident-window or an unknown --constituent; Internal if hits
  // and sightings do not pair up (or a sighting a hit names is not among
  // `stored`).
  Result<respond::WriteSummary> StoreIncidents(store::Store& kb, store::Transaction& tx,
                                               const std::vector<stix::Object>& stored, const IncidentFlags& flags,
                                               std::FILE* log);

 private:
  struct Kept {
    respond::EventAssets assets;
    std::string rule;
    const RuleAnnotation* annotation;
  };
  Result<std::vector<respond::Observation>> Observations(store::Store& kb);
  Result<respond::CorrelationOptions> Options(const IncidentFlags& flags) const;

  detect::Sink& next_;
  const Annotations& annotations_;
  std::vector<Kept> kept_;
  const std::vector<HitSighting>* hit_sightings_ = nullptr;
};

// Before the printer's Finish or CompleteSightings: pairs `collector` with
// `printer`'s sightings and names each sighting's constituents
// (where_sighted_refs) by respond's asset matching. Errors as WhereSighted.
Status NameWhereSighted(HitPrinter& printer, IncidentCollector& collector, store::Store& kb,
                        const IncidentFlags& flags);

// hunt --store: puts `objects` (the printer's stored_objects()) and the
// incidents correlated from them into `kb` in one transaction: all of it or,
// on any error, none. `log` (may be null) gets the incidents line.
Result<respond::WriteSummary> StoreHuntResults(store::Store& kb, const std::vector<stix::Object>& objects,
                                               IncidentCollector& collector, const IncidentFlags& flags,
                                               std::FILE* log);

}  // namespace rampart::hunt
