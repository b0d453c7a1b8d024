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

#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "hunt/annotations.h"
#include "hunt/hit_printer.h"
#include "rampart/detect/sink.h"
#include "rampart/respond/event_assets.h"
#include "rampart/respond/incident.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::cli {

struct IncidentFlags {
  std::string constituent;      // --constituent NAME: the log came from its sensor
  std::string window = "24h";   // --incident-window
};

// Defines --constituent and --incident-window on the hunt command.
void AddIncidentFlags(CLI::App& hunt, IncidentFlags& flags);

class IncidentCollector : public detect::Sink {
 public:
  // `next` and `annotations` must outlive the collector.
  IncidentCollector(detect::Sink& next, const Annotations& annotations) : next_(next), annotations_(annotations) {}

  void OnHit(const detect::Hit& hit) override;

  // The printer's per-hit records (HitPrinter::hit_sightings); must outlive
  // the calls below. Without it, nothing pairs and both calls fail.
  void UseSightings(const std::vector<HitSighting>& hits) { hit_sightings_ = &hits; }

  // Sighting id -> the constituents (identity ids, sorted) its hits belong
  // to. Errors as StoreIncidents.
  Result<std::map<std::string, std::vector<std::string>>> WhereSighted(store::Store& kb, const IncidentFlags& flags);

  // Correlates and writes incidents into `tx`; prints a one-line summary to
  // `log`. InvalidInput for a bad --incident-window or an unknown
  // --constituent; Internal if hits and sightings do not pair up (or a
  // sighting a hit names is not among `stored`).
  Status StoreIncidents(store::Store& kb, store::Transaction& tx, const std::vector<stix::Object>& stored,
                        const IncidentFlags& flags, std::FILE* log);

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

}  // namespace rampart::cli
