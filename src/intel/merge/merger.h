// Merging without erasing (docs/design/merge.md).
//
// Mergeable types: intrusion-set, threat-actor, malware, tool (by ATT&CK
// external id, then by name and aliases) and vulnerability (by CVE id only).
// For each mergeable candidate, in import order:
//  1. its id names a stored object or one imported earlier in this batch
//     -> that object (a later version, or another source's view of it);
//  2. else a "mitre-attack"/"cve" external id that resolves to exactly one
//     object of the same type -> that object;
//  (a stored object whose x_rampart_merged_from names the candidate's id --
//  an earlier import merged it there -- wins over steps 2 and 3 and over
//  their deprecation and own-source filters, so re-imports are idempotent)
//  3. else its name and aliases (store::NormalizeName keys, generic words
//     ignored) -> the objects of the same type carrying them, leaving out
//     revoked and deprecated objects and objects from the candidate's own
//     source (a source's own objects are distinct by its own account).
//     Exactly one -> merged into it; two or more -> contested (reported,
//     stored separately); none -> a new object.
// A merged object keeps the existing id; its content comes from the
// contribution with precedence (ATT&CK > other STIX producers > MISP galaxy;
// then the newest), with the union of names/aliases and external references
// (sorted), x_rampart_sources (every contributing source) and
// x_rampart_merged_from (ids merged into it). Its `modified` is 1 ms after
// the newest contribution, and no new version is written if nothing but
// `modified` would change. References to merged ids are rewritten.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/candidate.h"
#include "rampart/intel/importer.h"
#include "rampart/store/store.h"

namespace rampart::intel::internal {

struct MergeOutcome {
  // What to Put, in order (candidates that merged are replaced by their
  // group's merged object, at the position of the group's first member).
  std::vector<Candidate> to_put;
  int64_t merged = 0;           // candidates merged into another object
  int64_t resolved = 0;         // reference-only candidates that found a known object (dropped)
  int64_t unchanged = 0;        // merged groups whose result equals the stored version
  std::map<std::string, int64_t> unchanged_per_type;
  std::vector<ContestedMerge> contested;
  // rampart's notes recording each contested merge (ContestedNoteId), to
  // Put after `to_put`. A candidate named first by such a note -- stored, or
  // in the same batch -- is never merged by name or external id again: it
  // stays contested (an export read back keeps what was kept apart).
  std::vector<Candidate> notes;
};

// Id of the note recording that `incoming_id` was not merged: UUIDv5 of it.
std::string ContestedNoteId(std::string_view incoming_id);

// Resolves and merges `candidates` (validated, in-batch duplicates removed)
// against `store`. Database errors are returned; everything else is an outcome.
Result<MergeOutcome> MergeCandidates(store::Store& store, std::vector<Candidate> candidates);

// Exposed for tests: the source key of an object (x_rampart_sources if merged,
// else its "misp-galaxy:<type>" references, else created_by_ref).
std::vector<std::string> SourcesOf(const nlohmann::json& object);
// True for names that must never cause a merge ("unknown", "apt", "group" ...).
bool IsGenericName(std::string_view normalized_key);

}  // namespace rampart::intel::internal
