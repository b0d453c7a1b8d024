// Shared state for the intel tests: ATT&CK Enterprise is imported once per
// test binary into a temporary SQLite file; tests that change a store work
// on a copy of it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rampart/intel/importer.h"
#include "rampart/store/store.h"
#include "support/test_support.h"

namespace rampart::intel::testing {

// The tests' own fixtures (tests/intel/data).
std::string TestData(const std::string& name);

// A new, empty store in `dir`.
std::unique_ptr<store::Store> EmptyStore(const rampart::testing::TempDir& dir,
                                         const std::string& name = "kb.db");

// The report of importing enterprise-attack.json into the shared database.
const ImportReport& AttackReport();
// A private copy of the shared ATT&CK database in `dir`, opened.
std::unique_ptr<store::Store> AttackStoreCopy(const rampart::testing::TempDir& dir);

// Imports with progress off; fails the test (and returns an empty report) on error.
ImportReport MustImport(store::Store& store, const std::vector<std::string>& paths,
                        bool strict = false);

// The current object carrying `name` (name or alias) of `type`; fails if
// not exactly one.
stix::Object One(store::Store& store, const std::string& name, const std::string& type);

// The galaxy files the tests use ("threat-actor.json" ...).
std::string Galaxy(const std::string& file);

}  // namespace rampart::intel::testing
