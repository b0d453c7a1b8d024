// Shared fixtures for the `rampart intel` end-to-end tests.
//
// The ATT&CK Enterprise + MISP galaxy knowledge base takes seconds to build,
// and CTest runs every test case in its own process. KnowledgeBase() builds
// it once per rampart binary (keyed by the binary's size and mtime) under the
// build tree, serialised with flock so parallel test processes wait for the
// first one, and returns its path. Tests only read it; a test that writes
// copies it first (CopyKnowledgeBase).
#pragma once

#include <string>
#include <vector>

#include "support/test_support.h"

namespace rampart::testing {

// Path of the shared, read-only ATT&CK + galaxy store. Fails the test (and
// returns "") if the import fails.
std::string KnowledgeBase();

// The galaxy cluster files imported into it, sorted.
std::vector<std::string> GalaxyFiles();

// Copies the shared store to `path` (for tests that write).
void CopyKnowledgeBase(const std::string& path);

// Runs `rampart --db <db> args...`.
CommandResult RunRampart(const std::string& db, const std::vector<std::string>& args);

// Reads a whole file ("" if missing).
std::string ReadText(const std::string& path);

}  // namespace rampart::testing
