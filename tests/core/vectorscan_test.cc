// The scan runtime finds every literal at the end of long values: Debian 12's
// Vectorscan AVX-512 runtime misses most of them past 64 bytes (see
// rampart/core/vectorscan.h), which would hide Sigma hits on long paths.
#include "rampart/core/vectorscan.h"

#include <gtest/gtest.h>

#include <string>

namespace rampart {
namespace {

int Count(unsigned, unsigned long long, unsigned long long to, unsigned, void* context) {
  ++*static_cast<int*>(context);
  return 0;
}

TEST(Vectorscan, MultiLiteralDatabasesMatchAtTheEndOfLongValues) {
  const char* literals[] = {".exe", ".vbs", ".bat"};
  size_t lengths[] = {4, 4, 4};
  unsigned flags[] = {HS_FLAG_CASELESS, HS_FLAG_CASELESS, HS_FLAG_CASELESS};
  unsigned ids[] = {0, 1, 2};
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  ASSERT_EQ(hs_compile_lit_multi(literals, flags, ids, lengths, 3, HS_MODE_BLOCK, CompilePlatform(), &db, &error),
            HS_SUCCESS);
  hs_scratch_t* scratch = nullptr;
  ASSERT_EQ(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
  int missed = 0;
  for (int n = 0; n < 400; ++n) {
    std::string text(static_cast<size_t>(n), 'a');
    text += ".VBS";
    int matches = 0;
    ASSERT_EQ(ScanBlock(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, Count, &matches), HS_SUCCESS);
    if (matches != 1) ++missed;
  }
  EXPECT_EQ(missed, 0) << "runtime " << ScanRuntimeName();
  hs_free_scratch(scratch);
  hs_free_database(db);
}

}  // namespace
}  // namespace rampart
