// Helpers for the reader tests: read a whole input and keep what the
// assertions need (events live only until the next batch).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "rampart/ingest/reader.h"

namespace rampart::ingest::testing {

struct Collected {
  std::string format;
  std::vector<std::string> json;           // Event::ToJson() of every event
  std::vector<detect::EventSource> where;  // with file copied into `files`
  std::vector<std::string> files;
  ReadStats stats;
  std::string open_error;  // OpenReader failure as FormatError renders it, if any
};

// Opens `path` with `options` and reads it to the end; `each` (optional)
// sees every event while it is valid.
Collected ReadAll(const std::string& path, const ReadOptions& options = {},
                  const std::function<void(const detect::Event&)>& each = nullptr);

// Runs a shell command; returns its exit status.
int Shell(const std::string& command);

// Every issue as "file:line: message" lines, for failure messages.
std::string IssuesText(const ReadStats& stats);

}  // namespace rampart::ingest::testing
