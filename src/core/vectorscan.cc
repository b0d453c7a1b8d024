#include "rampart/core/vectorscan.h"

#include <dlfcn.h>

#include <string>

#include "rampart/core/log.h"

namespace rampart {
namespace {

using ScanFn = hs_error_t (*)(const hs_database_t*, const char*, unsigned, unsigned, hs_scratch_t*,
                              match_event_handler, void*);

struct Runtime {
  ScanFn scan = &hs_scan;
  std::string_view name = "hs_scan";
  const hs_platform_info_t* platform = nullptr;
};

// The host's platform without AVX-512: what the AVX2 runtime can run.
const hs_platform_info_t* Avx2Platform() {
  static const hs_platform_info_t platform = [] {
    hs_platform_info_t p{};
    if (hs_populate_platform(&p) != HS_SUCCESS) p = hs_platform_info_t{};
    p.cpu_features = HS_CPU_FEATURES_AVX2;
    return p;
  }();
  return &platform;
}

int Count(unsigned, unsigned long long, unsigned long long, unsigned, void* context) {
  ++*static_cast<int*>(context);
  return 0;
}

// Whether `scan` finds ".vbs" at the end of every value of 4 to 400 bytes in
// a database of two literals compiled for `platform` (the case the AVX-512
// runtime misses).
bool FindsLongLiterals(ScanFn scan, const hs_platform_info_t* platform) {
  const char* literals[] = {".exe", ".vbs"};
  size_t lengths[] = {4, 4};
  unsigned flags[] = {HS_FLAG_CASELESS, HS_FLAG_CASELESS};
  unsigned ids[] = {0, 1};
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(literals, flags, ids, lengths, 2, HS_MODE_BLOCK, platform, &db, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return false;
  }
  hs_scratch_t* scratch = nullptr;
  bool all = hs_alloc_scratch(db, &scratch) == HS_SUCCESS;
  for (size_t n = 0; all && n <= 396; ++n) {
    std::string text(n, 'a');
    text += ".vbs";
    int matches = 0;
    all = scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, Count, &matches) == HS_SUCCESS &&
          matches == 1;
  }
  hs_free_scratch(scratch);
  hs_free_database(db);
  return all;
}

Runtime Choose() {
  Runtime chosen;
  if (!FindsLongLiterals(&hs_scan, nullptr)) {
    auto avx2 = reinterpret_cast<ScanFn>(dlsym(RTLD_DEFAULT, "avx2_hs_scan"));
    if (avx2 != nullptr && FindsLongLiterals(avx2, Avx2Platform())) {
      chosen = Runtime{avx2, "avx2_hs_scan", Avx2Platform()};
      spdlog::debug("vectorscan: this CPU's runtime misses matches; scanning with the AVX2 runtime");
    } else {
      spdlog::warn("vectorscan: this CPU's runtime misses matches on values longer than 64 bytes, and no "
                 "working runtime was found; hunts may miss detections");
    }
  }
  return chosen;
}

const Runtime& Selected() {
  static const Runtime runtime = Choose();
  return runtime;
}

}  // namespace

hs_error_t ScanBlock(const hs_database_t* db, const char* data, unsigned length, unsigned flags,
                     hs_scratch_t* scratch, match_event_handler on_match, void* context) {
  return Selected().scan(db, data, length, flags, scratch, on_match, context);
}

const hs_platform_info_t* CompilePlatform() { return Selected().platform; }

std::string_view ScanRuntimeName() { return Selected().name; }

}  // namespace rampart
