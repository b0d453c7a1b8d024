// STIX 2.1 object families, naming rules and vocabularies, as tables.
//
// Open vocabularies (…-ov) are SHOULD-lists: rampart stores and passes through
// values that are not in them; callers may warn. Enumerations (…-enum) are
// closed: Validate() rejects values outside them. Every table is static data,
// in the order the specification lists it. Thread-safe; no allocation except
// where a function returns a std::string.
#pragma once

#include <span>
#include <string_view>

namespace rampart::stix {

// --- Object families (STIX 2.1 §1.1 of the digest). -----------------------
bool IsSdoType(std::string_view type);  // attack-pattern … vulnerability (19 types)
bool IsSroType(std::string_view type);  // relationship, sighting
bool IsScoType(std::string_view type);  // artifact … x509-certificate (18 types)
bool IsSmoType(std::string_view type);  // marking-definition, language-content, extension-definition
// A type the specification defines (any of the four families above).
bool IsSpecType(std::string_view type);
// Every type of the four families, in specification order (SDO, SRO, SCO, SMO).
std::span<const std::string_view> SpecTypes();
// "x-…" custom object types (deprecated in 2.1 but accepted), e.g. x-mitre-tactic.
bool IsCustomType(std::string_view type);

// Type names: lower-case ASCII letters, digits and single hyphens, starting
// with a letter, 3-250 characters (schema regex ^([a-z][a-z0-9]*)+(-[a-z0-9]+)*-?$).
bool IsValidTypeName(std::string_view type);
// Property names: lower-case ASCII letters, digits and '_', 3-250 characters
// ("id" is the one two-letter name the spec defines). Custom ones start "x_".
bool IsValidPropertyName(std::string_view name);

// --- Vocabularies. Each returns the values in specification order. --------
using Vocab = std::span<const std::string_view>;
Vocab IndustrySectorOv();           // 34 values, "agriculture" … "utilities"
Vocab IdentityClassOv();            // individual, group, system, organization, class, unknown
Vocab ThreatActorTypeOv();          // 12 values
Vocab ThreatActorRoleOv();
Vocab ThreatActorSophisticationOv();
Vocab AttackMotivationOv();         // 10 values
Vocab AttackResourceLevelOv();
Vocab ReportTypeOv();               // 11 values (includes intrusion-set)
Vocab IndicatorTypeOv();            // 7 values
Vocab MalwareTypeOv();
Vocab ToolTypeOv();
Vocab InfrastructureTypeOv();
Vocab PatternTypeOv();              // stix, pcre, sigma, snort, suricata, yara
Vocab RegionOv();                   // UN M49 regions used by location.region
Vocab GroupingContextOv();          // suspicious-activity, malware-analysis, unspecified
Vocab HashingAlgorithmOv();         // MD5, SHA-1, SHA-256, SHA-512, SHA3-256, SHA3-512, SSDEEP, TLSH
Vocab ImplementationLanguageOv();
Vocab ProcessorArchitectureOv();
// Closed enumerations.
Vocab OpinionEnum();                // strongly-disagree … strongly-agree
Vocab ExtensionTypeEnum();          // new-sdo, new-sco, new-sro, property-extension, toplevel-property-extension
Vocab EncryptionAlgorithmEnum();    // AES-256-GCM, ChaCha20-Poly1305, mime-type-indicated
Vocab WindowsRegistryDatatypeEnum();
Vocab NetworkSocketAddressFamilyEnum();
Vocab NetworkSocketTypeEnum();

// True if `value` is in `vocab` (exact, case-sensitive).
bool InVocab(Vocab vocab, std::string_view value);

}  // namespace rampart::stix
