// The cyber-observables a hit shows, for its sighting's observed data: the
// matched values that are IOC-typed (IPv4/IPv6 address, domain, URL, e-mail
// address, file hash) and what the event says about the machines and
// accounts involved (respond::ReadEventAssets' addresses and domains, host
// names with a dot as domains, the file names of process and file fields,
// the user account of user fields).
//
// Every SCO carries its STIX deterministic id (stix/sco_id.h), so the same
// value is one object however many hits show it. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rampart/detect/sink.h"

namespace rampart::hunt {

// SCO objects (JSON, with "id"), unique by id, in the order found.
std::vector<nlohmann::json> ObservedScos(const detect::Hit& hit);

}  // namespace rampart::hunt
