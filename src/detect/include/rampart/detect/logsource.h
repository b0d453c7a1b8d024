// Which events a rule sees: the mapping from Sigma logsources
// (product / category / service) to event properties. The full table is
// docs/formats/logsource-mapping.md; in short:
//   * Windows (an event with a Channel field, or from the evtx reader):
//     product windows; service from the Channel (Security -> security,
//     Microsoft-Windows-Sysmon/Operational -> sysmon, ...); categories from
//     the Sysmon EventID (1 process_creation, 3 network_connection, ...),
//     Security 4688 (process_creation too: the readers add Sysmon's field
//     names, Image <- NewProcessName etc., as aliases) and
//     the PowerShell channels (4104 ps_script, 4103 ps_module, 400
//     ps_classic_start, ...).
//   * W3C (IIS/Exchange) events: category webserver.
//   * Anything else is of unknown source: a rule then sees the event only if
//     at least one field the rule names is present (keyword-only rules see it).
// A rule sees an event when every part of its logsource that is set agrees
// with the event's class.
//
// Thread-safety: pure functions over immutable tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rampart/detect/event.h"
#include "rampart/detect/sigma.h"

namespace rampart::detect {

struct EventClass {
  bool known = false;            // false: unknown source (see above)
  std::string product;           // "windows" or "" (webserver has no product)
  std::string service;           // "security", "sysmon", ... or ""
  std::vector<std::string> categories;  // usually 0 or 1; registry_event + registry_set etc.
};

EventClass ClassifyEvent(const Event& event);

// True if a rule with `logsource` sees events of `event_class` (unknown
// classes answer true: the field-presence check is the caller's).
bool LogSourceApplies(const LogSource& logsource, const EventClass& event_class);

// Whether rampart maps this logsource to any known event class at all; a rule
// whose logsource is not mapped only ever sees events of unknown source.
// `why` receives a human explanation when false.
bool LogSourceMapped(const LogSource& logsource, std::string* why = nullptr);

struct WindowsChannelMapping {
  const char* service;
  const char* channel;
};
// A category: events of `channel` with one of `event_ids` (0-terminated).
struct CategoryMapping {
  const char* category;
  const char* channel;
  int event_ids[6];
};
// The tables themselves (for docs and `rules check`).
const std::vector<WindowsChannelMapping>& WindowsChannels();
const std::vector<CategoryMapping>& WindowsCategories();

}  // namespace rampart::detect
