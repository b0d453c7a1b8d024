// What the store benches share: ATT&CK Enterprise as STIX 2.1 objects, the
// timed import (one transaction), and the checks that a store holds it
// (so a bench never times a store that answers wrong).
#pragma once

#include <string>
#include <vector>

#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::bench {

// Prints "CHECK FAILED: what" and exits 1.
[[noreturn]] void Fail(const std::string& what);

// Every object of the bundle at `path`, upgraded from STIX 2.0 as far as
// ATT&CK needs (spec_version, malware's is_family) and parsed. Fails on
// error.
std::vector<stix::Object> LoadAttackObjects(const std::string& path);

struct ImportTimes {
  double wall = 0;    // Begin, every Put, Commit (seconds)
  double cpu = 0;     // this process's CPU time over the same span
  double commit = 0;  // Commit alone (wall)
};

// Puts every object in one transaction and commits; every Put must insert.
ImportTimes ImportAll(store::Store& store, const std::vector<stix::Object>& objects);

// Fails unless `store` holds `objects` current objects, "APT 40" finds
// Leviathan, Leviathan has outgoing edges and a search finds an attack
// pattern.
void CheckAttackStore(store::Store& store, size_t objects);

}  // namespace rampart::bench
