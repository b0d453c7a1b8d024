// Block-mode Vectorscan scans through a self-checked runtime.
//
// Debian 12's Vectorscan (5.4.9) ships a "fat" library that picks an
// implementation by CPU at run time. On CPUs with AVX-512 that implementation
// misses matches: a database of two or more literals reports nothing in most
// inputs longer than 64 bytes (".exe"/".vbs" against "<68 x a>.vbs"), so a
// hunt would silently lose detections on long field values. The AVX2
// implementation in the same library is correct.
//
// ScanBlock is hs_scan with that repaired: on first use it runs the failing
// case through hs_scan; if a match is missing, it uses the library's exported
// AVX2 entry point (avx2_hs_scan) when that one finds it, and logs the choice.
// A database scanned by the AVX2 runtime must not hold AVX-512 engines, so
// every database is compiled for CompilePlatform().
//
// Thread-safety: ScanBlock is safe from any thread (the choice is made once).
#pragma once

#include <hs/hs.h>

#include <string_view>

namespace rampart {

hs_error_t ScanBlock(const hs_database_t* db, const char* data, unsigned length, unsigned flags,
                     hs_scratch_t* scratch, match_event_handler on_match, void* context);

// The platform to pass to hs_compile*: null (the host) with the library's own
// runtime, an AVX2 platform when ScanBlock uses the AVX2 runtime.
const hs_platform_info_t* CompilePlatform();

// Which runtime ScanBlock uses: "hs_scan" or "avx2_hs_scan" (for logs and tests).
std::string_view ScanRuntimeName();

}  // namespace rampart
