// Which inventoried software a vulnerability affects: version strings as
// build numbers, and the affected ranges a vulnerability carries.
//
// A vulnerability says what it affects in `x_rampart_affected` (STIX has no
// standard property for it; CVE 5 JSON's "affected" is the model):
//
//   "x_rampart_affected": [
//     {"vendor": "Microsoft", "product": "Exchange Server 2016",
//      "versions": [{"introduced": "15.1.0", "fixed": "15.1.2106.13"},
//                   {"introduced": "15.1.2176.0", "fixed": "15.1.2176.9"}]}]
//
// A range is [introduced, fixed): introduced defaults to 0, a missing fixed
// means no fixed build. One range per cumulative update, so "Exchange Server
// 2016 CU19 before the March 2021 update" is 15.1.2176.0 <= v < 15.1.2176.9:
// CU19 builds below the patched one match, CU20 (15.1.2242.4) does not.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/object.h"

namespace rampart::respond {

// A version as its numeric components: "15.1.2176.2" -> {15, 1, 2176, 2}.
// Only digits separated by single dots (1 to 8 components, each below 2^32);
// anything else ("2016 CU19", "15.1.x", "") is InvalidInput quoting the text.
Result<std::vector<uint32_t>> ParseVersion(std::string_view text);

// <0, 0, >0 like strcmp; missing trailing components count as 0
// ("15.1" == "15.1.0.0").
int CompareVersions(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

struct VersionRange {
  std::string introduced;  // "" = from the first version
  std::string fixed;       // "" = no fixed version
};

struct AffectedProduct {
  std::string vendor;
  std::string product;
  std::vector<VersionRange> versions;  // empty = every version
};

// Reads x_rampart_affected of a vulnerability (empty if it has none).
// InvalidInput naming the vulnerability and the entry if it is mistyped or
// a bound is not a version.
Result<std::vector<AffectedProduct>> AffectedOf(const stix::Object& vulnerability);

// Whether `version` falls in one of `product`'s ranges; returns the range's
// index, or -1 if none. InvalidInput if `version` is not a version.
Result<int> MatchVersion(const AffectedProduct& product, std::string_view version);

}  // namespace rampart::respond
