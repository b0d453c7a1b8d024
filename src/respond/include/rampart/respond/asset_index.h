// The asset index: which constituents own an address, a domain, a host name,
// a sector or a software product. Built once from a list of constituents,
// then read-only.
//
//   * Addresses: every network (v4 and v6 on one 128-bit line, address.h) is
//     cut into disjoint elementary ranges, each with the sorted list of
//     constituents whose networks cover it; a lookup is one binary search.
//     Overlapping networks of two constituents give both (a network claimed
//     by two constituents: hits go to both).
//   * Domains: a hash map of domain -> constituents; a name is looked up by
//     its suffixes, longest first ("owa.health.example.gov" finds the owner
//     of "health.example.gov" before that of "example.gov").
//   * Host names: exact (case-insensitive) match of the full name, or of the
//     first label when the query has no dot ("EXCH01" finds
//     "exch01.health.example.gov").
//   * Sectors, software: exact sector value; product name compared
//     case-insensitively, ignoring spaces and punctuation ("Exchange Server",
//     "exchange_server" and the CPE product part are one key).
//
// Results are indexes into constituents(), ascending, as spans that stay
// valid as long as the index lives. Thread-safety: const methods may be
// called from many threads at once.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rampart/respond/address.h"
#include "rampart/respond/constituent.h"

namespace rampart::respond {

class AssetIndex {
 public:
  using Owners = std::span<const uint32_t>;

  AssetIndex() = default;
  // Copies `constituents` (revoked ones are left out of every lookup).
  explicit AssetIndex(std::vector<Constituent> constituents);

  const std::vector<Constituent>& constituents() const { return constituents_; }
  const Constituent& at(uint32_t index) const { return constituents_[index]; }

  // Constituents whose networks contain `address` (text, v4 or v6); empty if
  // none or if `address` is not an address.
  Owners ByAddress(std::string_view address) const;
  Owners ByAddress(Address address) const;
  // Constituents owning `name` or its nearest parent domain.
  Owners ByDomain(std::string_view name) const;
  // Constituents listing `host` as a host name (see above).
  Owners ByHost(std::string_view host) const;
  Owners BySector(std::string_view sector) const;
  // By product name ("Exchange Server 2016") or CPE product ("exchange_server").
  Owners BySoftware(std::string_view product) const;
  // The constituent named exactly `name`; -1 if none.
  int64_t ByName(std::string_view name) const;

  // The product key used by BySoftware ("Exchange Server" -> "exchangeserver").
  static std::string ProductKey(std::string_view product);

 private:
  using Map = std::unordered_map<std::string, std::vector<uint32_t>>;
  static Owners Find(const Map& map, const std::string& key);

  std::vector<Constituent> constituents_;
  std::vector<Address> range_starts_;              // ascending elementary range starts
  std::vector<std::vector<uint32_t>> range_owners_;  // owners of [start_i, start_{i+1})
  Map domains_, hosts_, short_hosts_, sectors_, products_, names_;
};

}  // namespace rampart::respond
