// Importing intelligence into the knowledge base: STIX 2.0/2.1 bundles, MISP
// events and feeds, MISP galaxy clusters. One call imports one or more paths
// as ONE transaction: all of it lands or none.
//
// Partial-failure policy. Default: objects that are invalid (after the 2.0
// upgrade) are skipped and each is listed in ImportReport::problems with its
// file, object index and id; the rest is committed. Strict: any problem means
// nothing is stored. Invalid JSON or an unreadable file is always fatal for
// the whole import (nothing stored), reported with file:line:column.
//
// Merging without erasing (docs/design/merge.md): an incoming intrusion set,
// threat actor, malware or tool whose name/aliases resolve to exactly one
// existing object of the same type is merged into it (a new version carrying
// the union of aliases and external references); its claims stay separate
// relationships with their own created_by_ref. An alias that resolves to two
// or more existing objects is a contested merge: nothing is merged, the
// incoming object is stored separately and the conflict is listed in
// ImportReport::contested.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/store/store.h"

namespace rampart::intel {

enum class Format { kAuto, kStix, kMisp, kGalaxy };

// "auto", "stix", "misp", "galaxy"; nullopt-like InvalidInput otherwise.
Result<Format> ParseFormat(std::string_view text);

struct ImportOptions {
  Format format = Format::kAuto;
  bool strict = false;
  bool show_progress = true;  // progress on stderr after a second (core/progress.h)
};

struct ImportProblem {
  std::string file;
  int64_t object_index = -1;
  std::string object_id;
  std::string message;  // FormatError-style, what is wrong
  // The object was stored all the same (a warning, e.g. a dangling
  // reference); false: it was skipped (counted in ImportReport::skipped).
  bool stored = false;
};

struct ContestedMerge {
  std::string incoming_id;     // the object that was not merged
  std::string alias;           // the alias that is ambiguous
  std::vector<std::string> existing_ids;  // the objects it points at
};

// The counts add up: every converted object ends in exactly one of
//   converted = inserted + new_versions + unchanged + merged + resolved
//               + duplicates + skipped
// with one exception: objects merged into an object already stored are
// counted in `merged`, and the stored object's new version they make in
// `new_versions` as well.
struct ImportReport {
  int64_t objects_read = 0;  // objects/entries in the files (bundle objects, galaxy values, MISP attributes)
  int64_t converted = 0;     // STIX objects they make (a galaxy value or MISP event makes several)
  int64_t inserted = 0;      // new ids
  int64_t new_versions = 0;  // newer versions (including merges)
  int64_t unchanged = 0;     // equal to what is stored
  int64_t merged = 0;        // incoming objects merged into another (stored or imported) object
  int64_t resolved = 0;      // references (a MISP tag naming an actor) resolved to a known object
  int64_t duplicates = 0;    // the same id and version seen earlier in this import
  int64_t skipped = 0;       // invalid objects not stored
  std::map<std::string, int64_t> per_type;  // objects stored per STIX type
  std::vector<ImportProblem> problems;
  std::vector<ContestedMerge> contested;
  // rampart's notes recording contested merges written by this import (new
  // or changed); not converted objects, so outside the sum above.
  int64_t notes = 0;
  bool committed = false;
};

// Imports every path (files; a folder = every .json in it, a MISP feed
// folder = its manifest.json events). Returns the report; an error status only
// when nothing was stored (fatal input error, strict-mode problem, database
// failure) -- the error names the file and position.
Result<ImportReport> Import(store::Store& store, const std::vector<std::string>& paths,
                            const ImportOptions& options = {});

}  // namespace rampart::intel
