// Which importer reads a path: format detection by content.
//
//   STIX      a bundle ({"type": "bundle"}), an array of STIX objects, or one
//             STIX object (2.0 or 2.1)
//   MISP      {"Event": {...}} (or a list of them), a feed folder holding
//             manifest.json, or a manifest.json itself
//   galaxy    a MISP galaxy cluster file ({"type": ..., "values": [...]})
//
// Detection reads the first 64 KiB of a file and looks at its top-level
// keys; it never reads a large STIX bundle twice. Thread-safe; stateless.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/intel/importer.h"

namespace rampart::intel {

// "auto", "stix", "misp", "galaxy".
std::string_view FormatName(Format format);

// The format of the file or folder at `path` (never kAuto). IoError if it
// cannot be read; InvalidInput naming the file if it is none of the formats.
Result<Format> DetectFormat(const std::string& path);

// One file to import and how: what a path expands to. A folder yields every
// *.json file in it (sorted by name, not recursive); a MISP feed folder (one
// holding manifest.json) yields the events its manifest lists, in manifest
// key order. IoError if a path does not exist or cannot be listed, or a feed
// event file is missing.
struct ImportFile {
  std::string path;
  Format format = Format::kAuto;  // kAuto: detect
};
Result<std::vector<ImportFile>> ExpandPaths(const std::vector<std::string>& paths, Format format);

}  // namespace rampart::intel
