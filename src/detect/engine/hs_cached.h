// Vectorscan compiles through a DatabaseCache (rule_cache.h): a result
// found under the hash of the call's inputs is deserialised instead of
// compiled; a new one is compiled and stored. With a null cache these are
// the plain Vectorscan calls.
#pragma once

#include <hs/hs.h>

#include <string>

#include "rampart/detect/rule_cache.h"

namespace rampart::detect::internal {

struct HsCompileCall {
  bool literal = false;  // hs_compile_lit_multi (lens used) or hs_compile_multi
  const char* const* exprs = nullptr;
  const size_t* lens = nullptr;
  const unsigned* flags = nullptr;
  const unsigned* ids = nullptr;
  unsigned count = 0;
};

// True with *db set on success; false with the index of the refused
// expression in *bad (-1 if the failure is not one expression's) and
// Vectorscan's message. Failures are cached too (the PCRE2 fallback loop
// replays them without compiling).
bool HsCompileCached(const HsCompileCall& call, DatabaseCache* cache, hs_database_t** db, int* bad,
                     std::string* message);

// Vectorscan accepts the regex `expr` with `flags` and it cannot match an
// empty value (cached by expression and flags).
bool VectorscanTakesCached(const std::string& expr, unsigned flags, DatabaseCache* cache);

}  // namespace rampart::detect::internal
