// rampart's own gazetteer tables: countries (generated from the MISP galaxy
// country cluster, plus demonyms and abbreviations), organisations, products
// and industry-sector phrases. Ids are deterministic (DeterministicId), so
// every report that names "Global Affairs Canada" points at one identity.
#include <string>

#include <nlohmann/json.hpp>

#include "rampart/core/id.h"
#include "rampart/stix/sco_id.h"

#include "rampart/extract/entity.h"

namespace rampart::extract {
namespace {

struct CountryRow {
  const char* iso2;
  const char* iso3;
  const char* name;
  const char* value;
};
constexpr CountryRow kCountries[] = {
#include "entities/generated/countries.inc"
};

// Other names, demonyms and abbreviations. Flags: kCaseSensitive for
// abbreviations that are also English words ("US", "PRC").
struct AliasRow {
  const char* iso2;
  const char* alias;
  uint32_t flags;
};
constexpr AliasRow kCountryAliases[] = {
    {"US", "United States", 0}, {"US", "U.S.", kCaseSensitive}, {"US", "US", kCaseSensitive},
    {"US", "USA", kCaseSensitive}, {"US", "U.S.A.", kCaseSensitive}, {"US", "America", 0},
    {"US", "American", 0}, {"US", "Americans", 0},
    {"GB", "UK", kCaseSensitive}, {"GB", "U.K.", kCaseSensitive}, {"GB", "Britain", 0},
    {"GB", "Great Britain", 0}, {"GB", "British", 0},
    {"CN", "People's Republic of China", 0}, {"CN", "PRC", kCaseSensitive}, {"CN", "Chinese", 0},
    {"RU", "Russian Federation", 0}, {"RU", "Russian", 0}, {"RU", "Russians", 0},
    {"KP", "DPRK", kCaseSensitive}, {"KP", "North Korean", 0},
    {"KP", "Democratic People's Republic of Korea", 0},
    {"KR", "Republic of Korea", 0}, {"KR", "South Korean", 0},
    {"IR", "Iranian", 0}, {"IR", "Islamic Republic of Iran", 0},
    {"CA", "Canadian", 0}, {"CA", "Canadians", 0}, {"JP", "Japanese", 0},
    {"AU", "Australian", 0}, {"AU", "Australians", 0}, {"NZ", "New Zealander", 0},
    {"DE", "German", 0}, {"FR", "French", 0}, {"IT", "Italian", 0}, {"ES", "Spanish", 0},
    {"NL", "Dutch", 0}, {"NL", "Holland", 0}, {"BE", "Belgian", 0}, {"SE", "Swedish", 0},
    {"NO", "Norwegian", 0}, {"DK", "Danish", 0}, {"FI", "Finnish", 0}, {"PL", "Polish", 0},
    {"UA", "Ukrainian", 0}, {"BY", "Belarusian", 0}, {"IL", "Israeli", 0}, {"IN", "Indian", 0},
    {"PK", "Pakistani", 0}, {"VN", "Vietnamese", 0}, {"VN", "Viet Nam", 0}, {"TW", "Taiwanese", 0},
    {"TR", "Turkish", 0}, {"TR", "Turkiye", 0}, {"SA", "Saudi", 0}, {"AE", "UAE", kCaseSensitive},
    {"AE", "Emirati", 0}, {"SY", "Syrian", 0}, {"LB", "Lebanese", 0}, {"EG", "Egyptian", 0},
    {"BR", "Brazilian", 0}, {"MX", "Mexican", 0}, {"SG", "Singaporean", 0}, {"MY", "Malaysian", 0},
    {"PH", "Filipino", 0}, {"ID", "Indonesian", 0}, {"TH", "Thai", 0}, {"HK", "Hong Kong", 0},
};

struct OrgRow {
  const char* name;
  const char* aliases;  // '|' separated; abbreviations are matched case-sensitively
  const char* country;  // ISO alpha-2 or ""
  uint32_t flags;
};
constexpr OrgRow kOrganizations[] = {
    // State organs that conduct operations (become threat actors; see design doc).
    // No aliases that fold in a country or a parent organ ("China's
    // Ministry of State Security", "Hainan State Security Department's
    // regional MSS office"): written apart, they give the claims that
    // link the organ to its country and parent (claims.cc, Structure).
    {"Ministry of State Security", "MSS", "CN", kStateActor | kGovernment},
    {"Hainan State Security Department", "HSSD|Hainan SSD", "CN", kStateActor | kGovernment},
    {"People's Liberation Army", "PLA|Chinese People's Liberation Army", "CN", kStateActor | kGovernment},
    {"PLA Unit 61398", "Unit 61398", "CN", kStateActor | kGovernment},
    {"Main Intelligence Directorate (GRU)", "GRU|Russian military intelligence|Main Directorate of the General Staff|GU", "RU", kStateActor | kGovernment},
    {"Foreign Intelligence Service of the Russian Federation (SVR)", "SVR|SVR RF|Foreign Intelligence Service|Russian Foreign Intelligence Service", "RU", kStateActor | kGovernment},
    {"Federal Security Service (FSB)", "FSB|Federal Security Service|Russian Federal Security Service", "RU", kStateActor | kGovernment},
    {"Reconnaissance General Bureau", "RGB", "KP", kStateActor | kGovernment},
    {"Islamic Revolutionary Guard Corps", "IRGC", "IR", kStateActor | kGovernment},
    {"Ministry of Intelligence and Security", "MOIS|Iranian Ministry of Intelligence", "IR", kStateActor | kGovernment},
    // Governments, ministries and agencies.
    {"Global Affairs Canada", "GAC", "CA", kGovernment},
    {"Communications Security Establishment", "CSE|Communications Security Establishment Canada|CSEC", "CA", kGovernment},
    {"Canadian Centre for Cyber Security", "Cyber Centre|CCCS", "CA", kGovernment},
    {"Canadian Security Intelligence Service", "CSIS", "CA", kGovernment},
    {"Royal Canadian Mounted Police", "RCMP", "CA", kGovernment},
    {"Government of Canada", "Canadian government|federal government of Canada", "CA", kGovernment},
    {"Government of the United States", "U.S. government|US government|United States government|American government|Biden administration|White House", "US", kGovernment},
    {"Government of the United Kingdom", "UK government|U.K. government|British government|His Majesty's Government|Her Majesty's Government", "GB", kGovernment},
    {"Government of Australia", "Australian government", "AU", kGovernment},
    {"Government of New Zealand", "New Zealand government", "NZ", kGovernment},
    {"Government of Japan", "Japanese government", "JP", kGovernment},
    {"Cybersecurity and Infrastructure Security Agency", "CISA", "US", kGovernment},
    {"Federal Bureau of Investigation", "FBI", "US", kGovernment},
    {"National Security Agency", "NSA", "US", kGovernment},
    {"United States Department of Justice", "Department of Justice|Justice Department|DOJ|U.S. Department of Justice", "US", kGovernment},
    {"United States Department of State", "Department of State|State Department|U.S. Department of State", "US", kGovernment},
    {"United States Department of the Treasury", "U.S. Treasury|Treasury Department|Department of the Treasury|US Treasury", "US", kGovernment},
    {"United States Department of Commerce", "Commerce Department|Department of Commerce|U.S. Department of Commerce", "US", kGovernment},
    {"United States Department of Homeland Security", "Department of Homeland Security|DHS", "US", kGovernment},
    {"Office of the Director of National Intelligence", "ODNI", "US", kGovernment},
    {"National Cyber Security Centre", "NCSC|UK National Cyber Security Centre|UK's National Cyber Security Centre", "GB", kGovernment},
    {"Government Communications Headquarters", "GCHQ", "GB", kGovernment},
    {"Foreign, Commonwealth and Development Office", "Foreign, Commonwealth & Development Office|FCDO|Foreign Office", "GB", kGovernment},
    {"Australian Cyber Security Centre", "ACSC", "AU", kGovernment},
    {"Australian Signals Directorate", "ASD", "AU", kGovernment},
    {"New Zealand National Cyber Security Centre", "NZ NCSC", "NZ", kGovernment},
    {"Government Communications Security Bureau", "GCSB", "NZ", kGovernment},
    {"Federal Office for Information Security", "BSI", "DE", kGovernment},
    {"European Union", "EU|E.U.", "", kGovernment},
    {"North Atlantic Treaty Organization", "NATO", "", kGovernment},
    {"Western governments", "Western allies|Western governments|allied governments|Five Eyes", "", kGovernment | kCollective},
    // Companies.
    {"Microsoft", "Microsoft Corporation|Microsoft Corp.|Microsoft Threat Intelligence Center|MSTIC|Microsoft Threat Intelligence", "US", kCompany},
    {"SolarWinds", "SolarWinds Corporation|SolarWinds Corp.", "US", kCompany},
    {"FireEye", "FireEye Inc.", "US", kCompany},
    {"Mandiant", "Google Mandiant", "US", kCompany},
    {"CrowdStrike", "", "US", kCompany},
    {"Volexity", "", "US", kCompany},
    {"Palo Alto Networks", "Unit 42", "US", kCompany},
    {"Cisco", "Cisco Talos|Talos", "US", kCompany},
    {"Google", "Google Threat Analysis Group", "US", kCompany},
    {"Kaspersky", "Kaspersky Lab", "RU", kCompany},
    {"ESET", "", "SK", kCompany},
    {"Symantec", "Broadcom Symantec", "US", kCompany},
    {"Trend Micro", "", "JP", kCompany},
    {"Recorded Future", "", "US", kCompany},
    {"Secureworks", "Dell SecureWorks", "US", kCompany},
    {"Proofpoint", "", "US", kCompany},
    {"Citrix", "", "US", kCompany},
    {"Fortinet", "", "US", kCompany},
    {"VMware", "", "US", kCompany},
    {"Ivanti", "", "US", kCompany},
    {"Kaseya", "", "US", kCompany},
    {"Accellion", "", "US", kCompany},
    {"Colonial Pipeline", "", "US", kCompany},
    {"Apple", "", "US", kCompany},
};

struct ProductRow {
  const char* name;
  const char* aliases;
  const char* vendor;
};
constexpr ProductRow kProducts[] = {
    {"Microsoft Exchange Server", "Microsoft Exchange|Exchange Server|Exchange Servers|Microsoft Exchange servers|Microsoft exchange server|Microsoft email software|Microsoft Exchange email servers|Exchange email servers|on-premises Exchange|on-premises Exchange Server", "Microsoft"},
    {"SolarWinds Orion", "Orion Platform|SolarWinds Orion Platform|Orion IT monitoring platform|SolarWinds Orion IT", "SolarWinds"},
    {"Microsoft SharePoint Server", "SharePoint|Microsoft SharePoint", "Microsoft"},
    {"Microsoft Outlook", "Outlook Web Access|Outlook Web App|OWA", "Microsoft"},
    {"Microsoft 365", "Office 365|M365|O365", "Microsoft"},
    {"Microsoft Entra ID", "Azure Active Directory|Azure AD", "Microsoft"},
    {"Active Directory", "Microsoft Active Directory", "Microsoft"},
    {"Pulse Connect Secure", "Pulse Secure VPN|Pulse Secure", "Ivanti"},
    {"Citrix ADC", "Citrix NetScaler|NetScaler ADC|NetScaler Gateway|Citrix Gateway", "Citrix"},
    {"FortiOS", "FortiGate", "Fortinet"},
    {"VMware vCenter Server", "vCenter Server|VMware vCenter", "VMware"},
    {"Kaseya VSA", "", "Kaseya"},
    {"Accellion File Transfer Appliance", "Accellion FTA", "Accellion"},
    {"MOVEit Transfer", "MOVEit", "Progress"},
    {"Apache Log4j", "Log4j|Log4j2", "Apache"},
    {"Atlassian Confluence", "Confluence Server", "Atlassian"},
    {"Zoho ManageEngine ADSelfService Plus", "ADSelfService Plus", "Zoho"},
};

struct SectorRow {
  const char* name;     // the identity's name
  const char* sector;   // STIX industry-sector-ov value
  const char* phrases;  // '|' separated
};
constexpr SectorRow kSectors[] = {
    {"Defense sector", "defense", "defence|defense|defence sector|defense sector|defence contractors|defense contractors|defence industry|defense industry|defense industrial base|defence industrial base|military|defence research|defense research|military-adjacent installations|military installations|armed forces"},
    {"Pharmaceutical sector", "pharmaceuticals", "biopharmaceutical|biopharmaceuticals|pharmaceutical|pharmaceuticals|biotechnology|biotech|vaccine research|Ebola vaccine research|COVID-19 vaccine research|vaccine|drug makers"},
    {"Ocean technology sector", "technology", "ocean technology|ocean technologies|oceanic technology|oceanic technologies|maritime|maritime industry|maritime industries|maritime research|maritime research institutes|naval technology|shipbuilding"},
    {"Healthcare sector", "healthcare", "health|health sector|healthcare|health care|healthcare sector|hospitals|infectious disease experts|infectious disease researchers|infectious disease research|medical|public health|healthcare providers|healthcare organizations|healthcare organisations"},
    {"Government sector", "government", "government entities|government agencies|government departments|government departments and agencies|government operations|government networks|government organizations|government organisations|government sector|government officials|federal agencies|federal government agencies|government and corporate operations|departments and agencies|government entities in the U.S|local government|local governments|state and local governments|foreign governments|governments|government institutions|government bodies|ministries|ministries of foreign affairs|foreign ministries|public sector|public administration|diplomatic entities|embassies"},
    {"Education sector", "education", "universities|university|academia|academe|academic institutions|educational institutions|research institutes|research institutions|education|higher education|schools|academics|academic sector|academic institutions and think tanks"},
    {"Legal sector", "legal-services", "law firms|legal|legal services"},
    {"Financial services sector", "financial-services", "financial services|financial institutions|banks|banking|finance sector|financial sector|cryptocurrency exchange|cryptocurrency exchanges|cryptocurrency|crypto exchanges|fintech|blockchain companies"},
    {"Energy sector", "energy", "energy|energy sector|oil and gas|oil and natural gas|natural gas|power grid|electric utilities|electricity|energy companies|energy utilities|power plants|nuclear power"},
    {"Telecommunications sector", "telecommunications", "telecommunications|telecoms|telecom|telecommunications providers|telecommunications companies|internet service providers|telcos"},
    {"Technology sector", "technology", "technology companies|tech companies|IT companies|software companies|information technology|managed service providers|IT service providers"},
    {"Manufacturing sector", "manufacturing", "manufacturing|manufacturers|industrial"},
    {"Aerospace sector", "aerospace", "aerospace|aviation|airlines|airports"},
    {"Transportation sector", "transportation", "transportation|shipping|logistics|transportation systems|railways"},
    {"Non-profit sector", "non-profit", "non-profit|NGOs|nongovernmental organizations|think tanks|think-tanks|think tank|think-tank|non-governmental organizations|non-governmental organisations|human rights organizations|civil society"},
    {"Commercial sector", "commercial", "companies|businesses|private sector|private companies|corporate"},
    {"Communications sector", "communications", "media|news media|media organizations|media organisations|journalists|broadcasters|news organizations|news organization|news outlets|media outlets|communications"},
    {"Critical infrastructure", "infrastructure", "critical infrastructure|critical infrastructure partners|critical infrastructure sectors|critical infrastructure organizations|critical infrastructure organisations|water infrastructure|water treatment facilities|water utilities|water systems|wastewater|water and wastewater"},
};

void AddAliases(Gazetteer* g, const char* list, const GazetteerEntry& base) {
  std::string_view rest = list;
  while (!rest.empty()) {
    size_t bar = rest.find('|');
    std::string_view alias = rest.substr(0, bar);
    rest = bar == std::string_view::npos ? "" : rest.substr(bar + 1);
    if (alias.empty()) continue;
    GazetteerEntry e = base;
    e.alias = std::string(alias);
    // An alias without lower-case letters is an abbreviation: "CSE", "MSS".
    bool has_lower = false;
    for (char c : alias) has_lower = has_lower || (c >= 'a' && c <= 'z');
    if (!has_lower) e.flags |= kCaseSensitive;
    g->Add(std::move(e));
  }
}

}  // namespace

std::string SoftwareId(std::string_view name, std::string_view vendor) {
  nlohmann::json sco = {{"type", "software"}, {"name", name}, {"vendor", vendor}};
  auto id = stix::MakeScoId(sco);
  return id.ok() ? id->id : DeterministicId("software", name);
}

void Gazetteer::AddBuiltins() {
  for (const CountryRow& row : kCountries) {
    GazetteerEntry e{row.name, EntityKind::kCountry, DeterministicId("location", row.iso2), row.name,
                     row.iso2, 0};
    Add(e);
    e.alias = row.value;
    Add(e);
  }
  for (const AliasRow& row : kCountryAliases) {
    for (const CountryRow& country : kCountries) {
      if (std::string_view(country.iso2) != row.iso2) continue;
      Add(GazetteerEntry{row.alias, EntityKind::kCountry, DeterministicId("location", row.iso2),
                         country.name, row.iso2, row.flags});
    }
  }
  for (const OrgRow& row : kOrganizations) {
    bool actor = row.flags & kStateActor;
    EntityKind kind = actor ? EntityKind::kThreatActor : EntityKind::kOrganization;
    GazetteerEntry base{row.name, kind,
                        DeterministicId(actor ? "threat-actor" : "identity", row.name), row.name,
                        row.country, row.flags};
    Add(base);
    AddAliases(this, row.aliases, base);
  }
  for (const ProductRow& row : kProducts) {
    GazetteerEntry base{row.name, EntityKind::kProduct, SoftwareId(row.name, row.vendor), row.name,
                        row.vendor, 0};
    Add(base);
    AddAliases(this, row.aliases, base);
  }
  for (const SectorRow& row : kSectors) {
    GazetteerEntry base{row.name, EntityKind::kSector, DeterministicId("identity", row.name), row.name,
                        row.sector, 0};
    AddAliases(this, row.phrases, base);
  }
}

}  // namespace rampart::extract
