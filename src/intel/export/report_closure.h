// One report and everything it references, for `intel export --report`.
#pragma once

#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/store/store.h"
#include "rampart/stix/object.h"

namespace rampart::intel {

// The current versions of `report_id` and of every object reachable from it
// through `*_ref` / `*_refs` properties (at any depth of the JSON), ordered by
// type then id. A referenced object is included even when revoked (the
// report names it); a reference the store does not hold is left out (the
// exporter adds the built-in TLP marking definitions itself). InvalidInput if
// `report_id` is not a report id, NotFound if the store does not hold it.
Result<std::vector<stix::Object>> ReportClosure(store::Store& store, const std::string& report_id);

}  // namespace rampart::intel
