#include "rampart/respond/software_match.h"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rampart::respond {

Result<std::vector<uint32_t>> ParseVersion(std::string_view text) {
  std::vector<uint32_t> parts;
  std::string_view rest = text;
  while (true) {
    size_t dot = rest.find('.');
    std::string_view part = rest.substr(0, dot);
    uint32_t value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || parts.size() == 8) {
      return InvalidInput(fmt::format("'{}' is not a version (expected build numbers such as 15.1.2176.2)", text));
    }
    parts.push_back(value);
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return parts;
}

int CompareVersions(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    uint32_t x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

Result<std::vector<AffectedProduct>> AffectedOf(const stix::Object& vulnerability) {
  std::vector<AffectedProduct> out;
  auto json = nlohmann::json::parse(vulnerability.json, nullptr, false);
  if (json.is_discarded() || !json.contains("x_rampart_affected")) return out;
  auto bad = [&](size_t i, std::string_view why) {
    return InvalidInput(fmt::format("x_rampart_affected[{}]: {}", i, why),
                        ErrorContext{.object_id = vulnerability.id});
  };
  const auto& list = json["x_rampart_affected"];
  if (!list.is_array()) return bad(0, "not a list");
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& entry = list[i];
    if (!entry.is_object() || !entry.contains("product") || !entry["product"].is_string()) {
      return bad(i, "needs a product");
    }
    AffectedProduct p;
    p.vendor = entry.value("vendor", "");
    p.product = entry["product"].get<std::string>();
    for (const auto& range : entry.value("versions", nlohmann::json::array())) {
      if (!range.is_object()) return bad(i, "a version range is not an object");
      VersionRange r{range.value("introduced", ""), range.value("fixed", "")};
      for (const std::string& bound : {r.introduced, r.fixed}) {
        if (!bound.empty() && !ParseVersion(bound).ok()) return bad(i, fmt::format("'{}' is not a version", bound));
      }
      p.versions.push_back(std::move(r));
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<int> MatchVersion(const AffectedProduct& product, std::string_view version) {
  RAMPART_ASSIGN_OR_RETURN(std::vector<uint32_t> v, ParseVersion(version));
  if (product.versions.empty()) return 0;
  for (size_t i = 0; i < product.versions.size(); ++i) {
    const VersionRange& r = product.versions[i];
    // Bounds were checked by AffectedOf; an unchecked bad bound never matches.
    if (!r.introduced.empty()) {
      auto lo = ParseVersion(r.introduced);
      if (!lo.ok() || CompareVersions(v, *lo) < 0) continue;
    }
    if (!r.fixed.empty()) {
      auto hi = ParseVersion(r.fixed);
      if (!hi.ok() || CompareVersions(v, *hi) >= 0) continue;
    }
    return static_cast<int>(i);
  }
  return -1;
}

}  // namespace rampart::respond
