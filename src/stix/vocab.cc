// Vocabulary tables of STIX 2.1 (digest §1.7); checked against the OASIS JSON
// schemas in shared/data/stix-schemas by tests/stix/vocab_test.cc.
#include "rampart/stix/vocab.h"

#include <algorithm>
#include <array>

namespace rampart::stix {
namespace {

using SV = std::string_view;

constexpr std::array<SV, 19> kSdo = {
    "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident",
    "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis",
    "note", "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability"};
constexpr std::array<SV, 18> kSco = {
    "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message",
    "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process",
    "software", "url", "user-account", "windows-registry-key", "x509-certificate"};
constexpr std::array<SV, 3> kSmo = {"marking-definition", "language-content",
                                    "extension-definition"};

constexpr std::array<SV, 34> kIndustrySector = {
    "agriculture", "aerospace", "automotive", "chemical", "commercial", "communications",
    "construction", "defense", "education", "energy", "entertainment", "financial-services",
    "government", "emergency-services", "government-national", "government-regional",
    "government-local", "government-public-services", "healthcare", "hospitality-leisure",
    "infrastructure", "dams", "nuclear", "water", "insurance", "manufacturing", "mining",
    "non-profit", "pharmaceuticals", "retail", "technology", "telecommunications",
    "transportation", "utilities"};
constexpr std::array<SV, 6> kIdentityClass = {"individual", "group",  "system",
                                              "organization", "class", "unknown"};
constexpr std::array<SV, 12> kThreatActorType = {
    "activist", "competitor", "crime-syndicate", "criminal", "hacker", "insider-accidental",
    "insider-disgruntled", "nation-state", "sensationalist", "spy", "terrorist", "unknown"};
constexpr std::array<SV, 7> kThreatActorRole = {
    "agent", "director", "independent", "infrastructure-architect", "infrastructure-operator",
    "malware-author", "sponsor"};
constexpr std::array<SV, 7> kSophistication = {"none",   "minimal",   "intermediate", "advanced",
                                               "expert", "innovator", "strategic"};
constexpr std::array<SV, 10> kMotivation = {
    "accidental",   "coercion",      "dominance",
    "ideology",     "notoriety",     "organizational-gain",
    "personal-gain", "personal-satisfaction", "revenge", "unpredictable"};
constexpr std::array<SV, 6> kResourceLevel = {"individual",   "club",      "contest", "team",
                                              "organization", "government"};
constexpr std::array<SV, 11> kReportType = {
    "threat-report", "attack-pattern", "campaign",     "identity", "indicator",    "intrusion-set",
    "malware",       "observed-data",  "threat-actor", "tool",     "vulnerability"};
constexpr std::array<SV, 7> kIndicatorType = {"anomalous-activity", "anonymization", "benign",
                                              "compromised", "malicious-activity", "attribution",
                                              "unknown"};
constexpr std::array<SV, 22> kMalwareType = {
    "adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper", "exploit-kit",
    "keylogger", "ransomware", "remote-access-trojan", "resource-exploitation",
    "rogue-security-software", "rootkit", "screen-capture", "spyware", "trojan", "unknown",
    "virus", "webshell", "wiper", "worm"};
constexpr std::array<SV, 8> kToolType = {
    "denial-of-service", "exploitation", "information-gathering", "network-capture",
    "credential-exploitation", "remote-access", "vulnerability-scanning", "unknown"};
constexpr std::array<SV, 15> kInfrastructureType = {
    "amplification", "anonymization", "botnet", "command-and-control", "control-system",
    "exfiltration", "firewall", "hosting-malware", "hosting-target-lists", "phishing",
    "reconnaissance", "routers-switches", "staging", "workstation", "unknown"};
constexpr std::array<SV, 6> kPatternType = {"stix", "pcre", "sigma", "snort", "suricata", "yara"};
constexpr std::array<SV, 29> kRegion = {
    "africa", "eastern-africa", "middle-africa", "northern-africa", "southern-africa",
    "western-africa", "americas", "latin-america-caribbean", "south-america", "caribbean",
    "central-america", "northern-america", "asia", "central-asia", "eastern-asia",
    "southern-asia", "south-eastern-asia", "western-asia", "europe", "eastern-europe",
    "northern-europe", "southern-europe", "western-europe", "oceania", "antarctica",
    "australia-new-zealand", "melanesia", "micronesia", "polynesia"};
constexpr std::array<SV, 3> kGroupingContext = {"suspicious-activity", "malware-analysis",
                                                "unspecified"};
constexpr std::array<SV, 8> kHashingAlgorithm = {"MD5",      "SHA-1",    "SHA-256", "SHA-512",
                                                 "SHA3-256", "SHA3-512", "SSDEEP",  "TLSH"};
constexpr std::array<SV, 21> kImplementationLanguage = {
    "applescript", "bash",   "c",          "c++",        "c#",    "go",    "java",
    "javascript",  "lua",    "objective-c", "perl",      "php",   "powershell", "python",
    "ruby",        "scala",  "swift",      "typescript", "visual-basic", "x86-32", "x86-64"};
constexpr std::array<SV, 8> kProcessorArchitecture = {"alpha", "arm",   "ia-64", "mips",
                                                      "powerpc", "sparc", "x86", "x86-64"};
constexpr std::array<SV, 5> kOpinion = {"strongly-disagree", "disagree", "neutral", "agree",
                                        "strongly-agree"};
constexpr std::array<SV, 5> kExtensionType = {"new-sdo", "new-sco", "new-sro",
                                              "property-extension",
                                              "toplevel-property-extension"};
constexpr std::array<SV, 3> kEncryptionAlgorithm = {"AES-256-GCM", "ChaCha20-Poly1305",
                                                    "mime-type-indicated"};
constexpr std::array<SV, 14> kRegistryDatatype = {
    "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN",
    "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
    "REG_FULL_RESOURCE_DESCRIPTION", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
    "REG_INVALID_TYPE"};
constexpr std::array<SV, 8> kAddressFamily = {"AF_UNSPEC", "AF_INET",    "AF_IPX",  "AF_APPLETALK",
                                              "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH"};
constexpr std::array<SV, 5> kSocketType = {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM",
                                           "SOCK_SEQPACKET"};

template <size_t N>
bool Contains(const std::array<SV, N>& table, SV value) {
  return std::find(table.begin(), table.end(), value) != table.end();
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool IsSdoType(SV type) { return Contains(kSdo, type); }
bool IsSroType(SV type) { return type == "relationship" || type == "sighting"; }
bool IsScoType(SV type) { return Contains(kSco, type); }
bool IsSmoType(SV type) { return Contains(kSmo, type); }
bool IsSpecType(SV type) {
  return IsSdoType(type) || IsSroType(type) || IsScoType(type) || IsSmoType(type);
}
std::span<const SV> SpecTypes() {
  static const auto kAll = [] {
    std::array<SV, kSdo.size() + 2 + kSco.size() + kSmo.size()> all{};
    auto at = std::copy(kSdo.begin(), kSdo.end(), all.begin());
    *at++ = "relationship";
    *at++ = "sighting";
    at = std::copy(kSco.begin(), kSco.end(), at);
    std::copy(kSmo.begin(), kSmo.end(), at);
    return all;
  }();
  return kAll;
}
bool IsCustomType(SV type) { return type.size() > 2 && type.substr(0, 2) == "x-"; }

bool IsValidTypeName(SV type) {
  if (type.size() < 3 || type.size() > 250) return false;
  if (type.front() < 'a' || type.front() > 'z') return false;
  for (size_t i = 0; i < type.size(); ++i) {
    char c = type[i];
    if (c == '-') {
      if (i > 0 && type[i - 1] == '-') return false;  // no "--" inside a type
    } else if (!IsLowerAlnum(c)) {
      return false;
    }
  }
  return true;
}

bool IsValidPropertyName(SV name) {
  if (name == "id") return true;
  if (name.size() < 3 || name.size() > 250) return false;
  for (char c : name) {
    if (!IsLowerAlnum(c) && c != '_') return false;
  }
  return true;
}

Vocab IndustrySectorOv() { return kIndustrySector; }
Vocab IdentityClassOv() { return kIdentityClass; }
Vocab ThreatActorTypeOv() { return kThreatActorType; }
Vocab ThreatActorRoleOv() { return kThreatActorRole; }
Vocab ThreatActorSophisticationOv() { return kSophistication; }
Vocab AttackMotivationOv() { return kMotivation; }
Vocab AttackResourceLevelOv() { return kResourceLevel; }
Vocab ReportTypeOv() { return kReportType; }
Vocab IndicatorTypeOv() { return kIndicatorType; }
Vocab MalwareTypeOv() { return kMalwareType; }
Vocab ToolTypeOv() { return kToolType; }
Vocab InfrastructureTypeOv() { return kInfrastructureType; }
Vocab PatternTypeOv() { return kPatternType; }
Vocab RegionOv() { return kRegion; }
Vocab GroupingContextOv() { return kGroupingContext; }
Vocab HashingAlgorithmOv() { return kHashingAlgorithm; }
Vocab ImplementationLanguageOv() { return kImplementationLanguage; }
Vocab ProcessorArchitectureOv() { return kProcessorArchitecture; }
Vocab OpinionEnum() { return kOpinion; }
Vocab ExtensionTypeEnum() { return kExtensionType; }
Vocab EncryptionAlgorithmEnum() { return kEncryptionAlgorithm; }
Vocab WindowsRegistryDatatypeEnum() { return kRegistryDatatype; }
Vocab NetworkSocketAddressFamilyEnum() { return kAddressFamily; }
Vocab NetworkSocketTypeEnum() { return kSocketType; }

bool InVocab(Vocab vocab, SV value) {
  return std::find(vocab.begin(), vocab.end(), value) != vocab.end();
}

}  // namespace rampart::stix
