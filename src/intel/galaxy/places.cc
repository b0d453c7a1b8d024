#include "galaxy/places.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "common/builders.h"

namespace rampart::intel::internal {
namespace {

constexpr Country kCountries[] = {
#include "galaxy/countries_table.inc"
};

std::string Key(std::string_view text) {
  std::string key;
  for (unsigned char c : text) {
    if (std::isalnum(c)) key += static_cast<char>(std::tolower(c));
  }
  if (key.starts_with("the") && key.size() > 6) key.erase(0, 3);  // "The Philippines"
  return key;
}

// Spellings used by the CFR cyber-operations data and by analysts that
// geonames does not carry.
constexpr std::pair<std::string_view, std::string_view> kCountryAliases[] = {
    {"iranislamicrepublicof", "IR"},
    {"russianfederation", "RU"},
    {"koreademocraticpeoplesrepublicof", "KP"},
    {"korearepublicof", "KR"},
    {"peoplesrepublicofchina", "CN"},
    {"prc", "CN"},
    {"us", "US"},
    {"usa", "US"},
    {"unitedstates", "US"},
    {"uk", "GB"},
    {"greatbritain", "GB"},
    {"palestine", "PS"},
    {"gaza", "PS"},
    {"czechrepublic", "CZ"},
    {"lebonon", "LB"},
    {"ivorycoast", "CI"},
    {"burma", "MM"},
};

const std::map<std::string, const Country*>& CountryIndex() {
  static const auto* index = [] {
    auto* map = new std::map<std::string, const Country*>();
    for (const Country& country : kCountries) {
      (*map)[Key(country.iso2)] = &country;
      (*map)[Key(country.iso3)] = &country;
      (*map)[Key(country.name)] = &country;
      (*map)[Key(country.galaxy_value)] = &country;
    }
    for (const auto& [alias, iso] : kCountryAliases) {
      if (auto it = map->find(Key(iso)); it != map->end()) (*map)[std::string(alias)] = it->second;
    }
    return map;
  }();
  return *index;
}

constexpr std::pair<std::string_view, std::string_view> kRegions[] = {
    {"europe", "europe"},           {"easterneurope", "eastern-europe"},
    {"westerneurope", "western-europe"}, {"asia", "asia"},
    {"eastasia", "eastern-asia"},   {"southeastasia", "south-eastern-asia"},
    {"southeastasian", "south-eastern-asia"}, {"southasia", "southern-asia"},
    {"centralasia", "central-asia"}, {"middleeast", "western-asia"},
    {"africa", "africa"},           {"southernafrica", "southern-africa"},
    {"northeastafrica", "northern-africa"}, {"northamerica", "northern-america"},
    {"southamerica", "south-america"}, {"latinamerica", "latin-america-caribbean"},
    {"oceania", "oceania"},
};

// Galaxy sector names (sector.json values and synonyms, threat-actor
// targeted-sector and cfr-target-category) -> industry-sector-ov.
constexpr std::pair<std::string_view, std::string_view> kSectors[] = {
    {"governmentadministration", "government"}, {"government", "government"},
    {"administration", "government"}, {"governmentagenciesandservices", "government"},
    {"governmentinstitutions", "government"}, {"intergovernmental", "government"},
    {"diplomacy", "government-national"}, {"intelligence", "government-national"},
    {"securityservice", "government-national"}, {"military", "defense"},
    {"defense", "defense"}, {"defence", "defense"}, {"defenseindustrialbase", "defense"},
    {"defensecontractor", "defense"}, {"policelawenforcement", "emergency-services"},
    {"privatesector", "commercial"}, {"business", "commercial"}, {"trade", "commercial"},
    {"civilsociety", "non-profit"}, {"ngo", "non-profit"}, {"ngos", "non-profit"},
    {"nonprofitorganisation", "non-profit"}, {"religiousorganization", "non-profit"},
    {"religiousorganizations", "non-profit"}, {"education", "education"},
    {"academiauniversity", "education"}, {"universities", "education"},
    {"highereducation", "education"}, {"researchinnovation", "education"},
    {"scientificresearch", "education"}, {"energy", "energy"}, {"energycompany", "energy"},
    {"electric", "energy"}, {"gas", "energy"}, {"oil", "energy"}, {"petroleum", "energy"},
    {"nuclear", "nuclear"}, {"water", "water"}, {"smartmeter", "utilities"},
    {"utilities", "utilities"}, {"dams", "dams"}, {"health", "healthcare"},
    {"healthcare", "healthcare"}, {"medical", "healthcare"},
    {"covid19researchorganizations", "healthcare"}, {"pharmaceuticals", "pharmaceuticals"},
    {"pharmacy", "pharmaceuticals"}, {"pharmaceutical", "pharmaceuticals"},
    {"biomedical", "pharmaceuticals"}, {"lifescience", "pharmaceuticals"},
    {"finance", "financial-services"}, {"financial", "financial-services"},
    {"financialservices", "financial-services"}, {"bank", "financial-services"},
    {"payment", "financial-services"}, {"investment", "financial-services"},
    {"cryptocurrency", "financial-services"}, {"insurance", "insurance"},
    {"telecoms", "telecommunications"}, {"telecomms", "telecommunications"},
    {"telecommunications", "telecommunications"}, {"itisp", "telecommunications"},
    {"communicationequipment", "communications"}, {"newsmedia", "communications"},
    {"media", "communications"}, {"news", "communications"},
    {"televisionbroadcast", "communications"}, {"technology", "technology"},
    {"hightech", "technology"}, {"it", "technology"}, {"informationtechnology", "technology"},
    {"semiconductors", "technology"}, {"semiconductorindustry", "technology"},
    {"electronic", "technology"}, {"digitalservices", "technology"},
    {"transport", "transportation"}, {"transportation", "transportation"},
    {"transportationsystems", "transportation"}, {"rail", "transportation"},
    {"railway", "transportation"}, {"logistics", "transportation"},
    {"logistic", "transportation"}, {"shipping", "transportation"},
    {"maritime", "transportation"}, {"aviation", "aerospace"}, {"civilaviation", "aerospace"},
    {"aerospace", "aerospace"}, {"space", "aerospace"}, {"satellitenavigation", "aerospace"},
    {"manufacturing", "manufacturing"}, {"criticalmanufacturing", "manufacturing"},
    {"industrial", "manufacturing"}, {"electronicsmanufacturers", "manufacturing"},
    {"steel", "manufacturing"}, {"metal", "manufacturing"}, {"automotive", "automotive"},
    {"chemical", "chemical"}, {"petrochemical", "chemical"}, {"construction", "construction"},
    {"civilengineering", "construction"}, {"engineering", "construction"},
    {"infrastructure", "infrastructure"}, {"digitalinfrastructure", "infrastructure"},
    {"retail", "retail"}, {"ecommerce", "retail"}, {"onlinemarketplace", "retail"},
    {"hospitality", "hospitality-leisure"}, {"hotels", "hospitality-leisure"},
    {"tourism", "hospitality-leisure"}, {"travel", "hospitality-leisure"},
    {"restaurant", "hospitality-leisure"}, {"casino", "hospitality-leisure"},
    {"gamblingcompanies", "hospitality-leisure"}, {"gamblingwebsites", "hospitality-leisure"},
    {"gaming", "entertainment"}, {"game", "entertainment"}, {"entertainment", "entertainment"},
    {"mediaandentertainment", "entertainment"}, {"sport", "entertainment"},
    {"arts", "entertainment"}, {"culture", "entertainment"}, {"mining", "mining"},
    {"agriculture", "agriculture"}, {"food", "agriculture"},
    {"foodandagriculture", "agriculture"},
};

std::string TitleOf(std::string_view slug) {
  std::string out;
  bool start = true;
  for (char c : slug) {
    if (c == '-') {
      out += ' ';
      start = true;
    } else {
      out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      start = false;
    }
  }
  return out;
}

}  // namespace

std::optional<Country> FindCountry(std::string_view name_or_code) {
  const auto& index = CountryIndex();
  auto it = index.find(Key(name_or_code));
  if (it == index.end()) return std::nullopt;
  return *it->second;
}

nlohmann::json CountryLocation(const Country& country) {
  nlohmann::json location = NewObject("location", DerivedId("location", country.iso2), kGalaxyEpoch,
                                      kGalaxyEpoch, GalaxyIdentityId());
  location["name"] = country.name;
  location["country"] = country.iso2;
  return location;
}

std::optional<std::string_view> FindRegion(std::string_view name) {
  std::string key = Key(name);
  for (const auto& [k, region] : kRegions) {
    if (k == key) return region;
  }
  return std::nullopt;
}

nlohmann::json RegionLocation(std::string_view region_ov, std::string_view display_name) {
  nlohmann::json location = NewObject("location", DerivedId("location", region_ov), kGalaxyEpoch,
                                      kGalaxyEpoch, GalaxyIdentityId());
  location["name"] = TitleOf(region_ov);
  location["region"] = region_ov;
  return location;
}

std::string SectorValue(std::string_view galaxy_sector) {
  std::string key = Key(galaxy_sector);
  for (const auto& [k, value] : kSectors) {
    if (k == key) return std::string(value);
  }
  return Slug(galaxy_sector);
}

nlohmann::json SectorIdentity(std::string_view sector_value) {
  nlohmann::json identity =
      NewObject("identity", DerivedId("identity", std::string("sector:") + std::string(sector_value)),
                kGalaxyEpoch, kGalaxyEpoch, GalaxyIdentityId());
  identity["name"] = TitleOf(sector_value) + " sector";
  identity["identity_class"] = "class";
  identity["sectors"] = nlohmann::json::array({sector_value});
  return identity;
}

}  // namespace rampart::intel::internal
