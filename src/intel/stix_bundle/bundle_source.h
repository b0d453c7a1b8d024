// STIX 2.0/2.1 bundles, arrays and single objects -> candidates, through the
// stix bundle reader (which upgrades 2.0 and handles files of any size).
#pragma once

#include <string>

#include "common/candidate.h"
#include "rampart/core/status.h"

namespace rampart::intel::internal {

// Appends every object of `path`; an element the reader rejects becomes a
// problem (file, index, id). InvalidInput/IoError if the file as a whole
// cannot be read.
Status ReadStixFile(const std::string& path, Batch& batch);

}  // namespace rampart::intel::internal
