// IocSet internals shared by ioc_set.cc (building, lookups) and scanner.cc.
#pragma once

#include <array>
#include <cstdint>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "rampart/detect/ioc_set.h"

namespace rampart::detect::internal {

struct IocEntry {
  IocType type;
  std::string ioc;
  std::vector<uint32_t> tags;
};

using V6 = std::pair<uint64_t, uint64_t>;

// Byte classes for the token scanner.
enum : uint8_t {
  kWordChar = 1,  // A-Z a-z 0-9 . - _
  kHexChar = 2,   // 0-9 a-f A-F
  kNumDot = 4,    // 0-9 .
  kDotChar = 8,   // .
  kAlnum = 16,    // A-Z a-z 0-9
  kUrlStop = 32,  // ends a URL: whitespace, control, quotes, <>, `, |, ^, {, }, backslash
  kLocal = 64,    // e-mail local part: A-Z a-z 0-9 . _ % + -
};
extern const std::array<uint8_t, 256> kByteClass;

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool ParseIpv4(std::string_view s, uint32_t* out);
bool ParseIpv6(std::string_view s, V6* out);
V6 MaskV6(V6 a, int bits);
inline uint32_t MaskV4(uint32_t a, int bits) { return bits == 0 ? 0 : a & (~uint32_t{0} << (32 - bits)); }

// URL canonical form (see ioc_set.h): appends to `out`; false if no host.
bool NormalizeUrlInto(std::string_view url, std::string& out);

// A Vectorscan database of literals every hitting token must contain (see
// prefilter.cc); null when the set holds kinds no literal can stand for.
struct Prefilter;
struct PrefilterDeleter {
  void operator()(Prefilter* p) const;
};

struct IocSetImpl {
  IocSetImpl() = default;
  IocSetImpl(IocSetImpl&&) = delete;  // held by unique_ptr; the mutex pins it
  std::deque<IocEntry> entries;  // deque: views into `ioc` stay valid while adding
  absl::flat_hash_map<std::string, uint32_t> by_key;  // "<type>\x1f<ioc>" -> entry (for Add)
  absl::flat_hash_map<uint32_t, uint32_t> ipv4;
  std::array<absl::flat_hash_map<uint32_t, uint32_t>, 33> cidr4;
  std::vector<int> cidr4_lengths;  // in use, longest first
  absl::flat_hash_map<V6, uint32_t> ipv6;
  std::array<absl::flat_hash_map<V6, uint32_t>, 129> cidr6;
  std::vector<int> cidr6_lengths;
  absl::flat_hash_map<std::string, uint32_t> domains, urls, emails, hashes;
  absl::flat_hash_set<std::string> tlds;  // last labels of listed domains (quick reject)
  std::array<size_t, 11> counts{};

  void Report(uint32_t entry, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const {
    const IocEntry& e = entries[entry];
    fn(IocHit{e.type, token, e.ioc, e.tags.data(), e.tags.size()});
    ++*n;
  }
  void LookupIpv4(uint32_t addr, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const;
  void LookupIpv6(V6 addr, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const;
  // `lower` is the lower-cased domain; reports it and every listed parent.
  void LookupDomain(std::string_view lower, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn,
                    size_t* n) const;
  void LookupUrl(std::string_view url, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn,
                 size_t* n) const;
  // True if the last label of `word` (any case) is the TLD of a listed domain.
  bool TldListed(std::string_view word) const;
  // A URL found in text; also tried cut at its first '+'.
  void LookupUrlToken(std::string_view token, absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const;
  void LookupMap(const absl::flat_hash_map<std::string, uint32_t>& map, std::string_view key, std::string_view token,
                 absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const;
  size_t Scan(std::string_view value, absl::FunctionRef<void(const IocHit&)> fn) const;

  // ScanText (ioc_set.h): Scan of only the whitespace-delimited runs of
  // `text` where the prefilter finds a literal; plain Scan without one.
  size_t ScanText(std::string_view text, absl::FunctionRef<void(const IocHit&)> fn) const;
  // IocSet::FindCandidates.
  bool FindCandidates(std::string_view text, absl::FunctionRef<void(size_t)> fn) const;
  // Builds the prefilter on first use after the last Add (thread-safe).
  const Prefilter* GetPrefilter() const;
  void InvalidatePrefilter() {
    prefilter.reset();
    prefilter_state.store(0, std::memory_order_relaxed);
  }
  mutable std::mutex prefilter_mu;
  mutable std::atomic<int> prefilter_state{0};  // 0 not built, 1 built (may be null: not usable)
  mutable std::unique_ptr<Prefilter, PrefilterDeleter> prefilter;
};

}  // namespace rampart::detect::internal
