// Advisories: for intelligence new since the last run, find every
// constituent exposed to it and write one advisory per constituent.
//
// What is new. The trigger objects are vulnerabilities, relationships,
// reports and indicators. By default an object version (id, modified) is new
// if no earlier run has seen it (the outbox remembers every version it
// advised on, in the same transaction that queues the deliveries), so
// re-running with nothing new produces nothing, whatever the producers'
// timestamps. With `since`, every trigger object modified at or after it is
// considered again (advisories already written keep their ids and are not
// queued twice).
//
// Exposure:
//   software - a new vulnerability carrying x_rampart_affected
//              (software_match.h), or one newly cited (a new relationship
//              targeting it, a new report citing it, a new indicator of an
//              intrusion set that targets it): every constituent with the
//              product at a version in an affected range;
//   sector   - a new report carrying a claim that an actor targets a sector,
//              with no stop_time or one within the last 365 days (a report
//              of targeting in 2017 is history, not a warning): every
//              constituent in that sector;
//   asset    - a new indicator whose pattern names an address in a
//              constituent's networks or a name under its domains.
// A constituent that is exposed to nothing gets nothing.
//
// Content (each item keeps its own TLP marking, tlp_policy.h): what
// happened (the vulnerabilities, the targeting claims), who is behind it
// (the actors linked to it, each claim with its claimant and confidence, and
// the attribution claims of the reports naming those actors, side by side),
// why this constituent (the matching software/version and range, sector or
// asset), what to do (courses of action mitigating the vulnerabilities, the
// ATT&CK mitigations of the actors' techniques, Sigma rules tagged with the
// CVE or the actor, indicators of the actors), references.
//
// The advisory is a STIX `report` (report_types ["threat-report"]) whose
// object_refs are what it cites plus the constituent, marked with the
// highest TLP of what it cites (never below `floor`), with
// x_rampart_advisory {constituent, constituent_name, exposure, rendering:
// {markdown, html}}. Its id is UUIDv5 of the constituent and the triggers,
// its timestamps the newest trigger's `modified`: the same intelligence
// gives the same advisory, byte for byte.
//
// Thread-safety: none (uses one Store and one Outbox).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/respond/asset_index.h"
#include "rampart/respond/outbox.h"
#include "rampart/stix/marking.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::respond {

struct AdviseOptions {
  std::optional<TimestampUs> since;       // see "What is new"
  TimestampUs now = 0;                    // for the sector recency rule
  bool dry_run = false;                   // write and queue nothing
  stix::TlpLevel floor = stix::TlpLevel::kGreen;  // lowest marking of an advisory
  std::vector<std::string> rule_paths;    // Sigma rules to suggest (files/folders)
};

struct Exposure {
  std::string kind;    // "software", "sector", "asset"
  std::string detail;  // "Exchange Server 2016 15.1.2176.2 (affected: 15.1.2176.0 up to 15.1.2176.9)"
  std::string cause_id;  // the vulnerability / claim / indicator
};

struct Advisory {
  std::string constituent;        // name
  std::string constituent_id;
  std::string title;
  stix::TlpLevel marking = stix::TlpLevel::kGreen;
  std::vector<Exposure> exposures;
  std::string markdown, html;     // the full advisory
  stix::Object report;            // as stored
  std::vector<Delivery> deliveries;  // one copy per contact, TLP-filtered
  bool stored = false;            // false when it was already stored (or dry run)
  int queued = 0;                 // deliveries newly queued
};

struct AdviseResult {
  int64_t triggers = 0;           // new trigger objects considered
  std::vector<Advisory> advisories;  // by constituent name
};

// Runs advise over `store` for `constituents` (AssetIndex over the current
// ones), writing reports to `store` and deliveries to `outbox` unless
// dry_run. InvalidInput naming the constituent and the software item for a
// version that is not a version, or a webhook without its secret; nothing is
// written then.
Result<AdviseResult> Advise(store::Store& store, Outbox& outbox, const AssetIndex& constituents,
                            const AdviseOptions& options);

}  // namespace rampart::respond
