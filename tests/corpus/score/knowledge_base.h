// The knowledge base the corpus is scored against: ATT&CK Enterprise and the
// MISP galaxy threat actors (shared/data), imported with the intel importer
// into a fresh SQLite store, and the gazetteer built from it -- the same one
// the golden extraction cases use, so scores do not depend on what a user's
// store happens to hold.
//
// Not thread-safe while building; the built gazetteer is immutable.
#pragma once

#include <memory>
#include <string>

#include "rampart/core/status.h"
#include "rampart/extract/entity.h"
#include "rampart/store/store.h"

namespace rampart::corpus {

struct KnowledgeBase {
  std::unique_ptr<store::Store> store;
  extract::Gazetteer gazetteer;
};

// Imports `data_dir`/attack/enterprise-attack.json and galaxy/threat-actor.json
// into a new store at `db_path` (which must not exist). Errors from the
// store or the importer are returned unchanged.
Result<std::unique_ptr<KnowledgeBase>> BuildKnowledgeBase(const std::string& data_dir,
                                                          const std::string& db_path);

}  // namespace rampart::corpus
