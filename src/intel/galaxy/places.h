// Countries, regions and industry sectors as MISP galaxies name them, mapped
// to the STIX objects that stand for them (location, identity of class
// "class"). Every object here has a deterministic id and content that depends
// only on the tables, so whichever import creates it first, it is the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rampart::intel::internal {

struct Country {
  std::string_view iso2;
  std::string_view iso3;
  std::string_view name;          // "China", "United States of America"
  std::string_view galaxy_value;  // "china"
};

// By ISO alpha-2/alpha-3 code or by name, case and punctuation ignored,
// including the CFR spellings ("Iran (Islamic Republic of)", "Russian
// Federation", "Korea (Democratic People's Republic of)", "US").
std::optional<Country> FindCountry(std::string_view name_or_code);

// The STIX location for a country: location--<v5 of the ISO code>,
// name, country (ISO alpha-2).
nlohmann::json CountryLocation(const Country& country);

// A region-ov value for loose region names ("Middle East" -> "western-asia",
// "Europe" -> "europe"); nullopt if not a region rampart knows.
std::optional<std::string_view> FindRegion(std::string_view name);
nlohmann::json RegionLocation(std::string_view region_ov, std::string_view display_name);

// The industry-sector-ov value for a galaxy sector name ("Government,
// Administration" -> "government", "Telecoms" -> "telecommunications");
// names outside the vocabulary become their slug ("Think Tanks" ->
// "think-tanks": the vocabulary is open).
std::string SectorValue(std::string_view galaxy_sector);

// The identity (identity_class "class", sectors [value]) standing for every
// organisation of a sector; id from the value.
nlohmann::json SectorIdentity(std::string_view sector_value);

}  // namespace rampart::intel::internal
