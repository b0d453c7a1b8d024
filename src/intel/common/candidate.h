// What every format converter produces: STIX objects, each with where it
// came from, before validation, merging and storing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rampart/intel/importer.h"
#include "rampart/stix/object.h"

namespace rampart::intel::internal {

struct Candidate {
  stix::Object object;   // one STIX 2.1 object (bundles: already upgraded from 2.0)
  std::string file;      // path as given
  int64_t index = -1;    // object index in the file (bundle object, galaxy value, MISP attribute)
  // rampart derived this object itself (galaxy, MISP).
  bool derived = false;
  // A pointer to something that probably exists already (a MISP galaxy tag
  // naming an actor, a CVE): if the merge step resolves it to a stored or
  // imported object, the candidate is dropped and references to it are
  // rewritten; otherwise it is stored as given.
  bool reference_only = false;
  // stix::Validate passed on `object` as it is now (set by the importer's
  // screen; cleared by anything that changes the object), so the store need
  // not validate it again.
  bool validated = false;
};

struct Batch {
  std::vector<Candidate> objects;
  std::vector<ImportProblem> problems;
  int64_t objects_read = 0;
  int64_t skipped = 0;

  // Adds a derived object; one that FromJson rejects becomes a problem.
  void Add(const nlohmann::json& object, const std::string& file, int64_t index,
           bool reference_only = false);
  // An object that is not stored (counted in `skipped`).
  void Problem(const std::string& file, int64_t index, std::string id, std::string message) {
    problems.push_back(ImportProblem{file, index, std::move(id), std::move(message)});
    ++skipped;
  }
  // A problem with an object that is stored all the same (a dangling reference).
  void Warn(const std::string& file, int64_t index, std::string id, std::string message) {
    problems.push_back(ImportProblem{file, index, std::move(id), std::move(message), /*stored=*/true});
  }
};

}  // namespace rampart::intel::internal
