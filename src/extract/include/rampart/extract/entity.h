// Entities: the actors, organisations, countries, sectors, products,
// software and vulnerabilities a text names, resolved against the knowledge
// base.
//
// A Gazetteer holds every name and alias to look for: the store's intrusion
// sets, threat actors, malware, tools, campaigns, identities, locations and
// vulnerabilities (AddFromStore), and rampart's built-in tables of countries
// (names, demonyms, "U.S."-style abbreviations; from the MISP galaxy country
// cluster), organisations (agencies, ministries, alliances, companies),
// products and industry-sector phrases (AddBuiltins). Keys are normalised as
// the store's alias index does (store::NormalizeName: case-folded, spaces and
// punctuation removed), so "APT 40", "apt-40" and "APT40" are one key; a
// match must start and end on word boundaries and never crosses a sentence.
//
// Common words never become actors: an alias that is an English word (or
// shorter than four letters) only matches when written with the alias's own
// capitals and not as the first word of a sentence; any store alias needs at
// least one capital letter in the text ("cutting edge" is not the campaign
// "Cutting Edge").
//
// Thread-safety: a built Gazetteer is immutable; Find() may run on many
// threads at once. Add* are not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/extract/sentence.h"

namespace rampart::store {
class Store;
}

namespace rampart::extract {

enum class EntityKind {
  kIntrusionSet,
  kThreatActor,    // also state agencies that act (MSS, GRU) -- see docs/design/extract.md
  kCampaign,
  kMalware,
  kTool,
  kOrganization,   // STIX identity, identity_class organization
  kCountry,        // STIX location with country
  kSector,         // STIX identity, identity_class class, sectors [...]
  kProduct,        // STIX software (SCO)
  kVulnerability,
  kAttackPattern,
};

// "intrusion-set", "threat-actor", "campaign", "malware", "tool",
// "organization", "country", "sector", "product", "vulnerability",
// "attack-pattern".
std::string_view EntityKindName(EntityKind kind);
// The STIX type an entity of `kind` becomes.
std::string_view StixTypeOf(EntityKind kind);

// Entry flags.
inline constexpr uint32_t kCaseSensitive = 1;   // letters must match the alias exactly
inline constexpr uint32_t kNeedsCapital = 2;    // the text must have a capital letter
inline constexpr uint32_t kCompany = 4;         // "the company" refers to it
inline constexpr uint32_t kGovernment = 8;      // a government, ministry or agency ("the department")
inline constexpr uint32_t kStateActor = 16;     // a state organ that conducts operations
inline constexpr uint32_t kCollective = 32;     // "Western allies": a group of governments
inline constexpr uint32_t kFromStore = 64;      // the object exists in the store
inline constexpr uint32_t kNotSentenceStart = 128;
// A name rampart built from a description ("Four Chinese nationals affiliated
// with the MSS", "Campaign of ..."): stored with x_rampart_descriptive_name,
// and not read back into a gazetteer (the text that describes them again
// builds the same name, and its parts stay mentions of their own).
inline constexpr uint32_t kDescriptiveName = 256;

struct GazetteerEntry {
  std::string alias;    // the name or alias as written in its source
  EntityKind kind;
  std::string stix_id;  // the store's id, or the deterministic id rampart gives it
  std::string name;     // canonical display name
  std::string code;     // country: ISO alpha-2; organisation: its country; sector:
                        // industry-sector-ov value; product: vendor
  uint32_t flags = 0;
};

// One recognised mention in a text.
struct Mention {
  size_t begin = 0;     // byte offsets in the text
  size_t end = 0;
  uint32_t entry = 0;   // index into Gazetteer::entries()
};

class Gazetteer {
 public:
  Gazetteer();
  ~Gazetteer();
  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;

  // Adds one entry. An alias whose key normalises to fewer than two
  // characters, or to digits only, is ignored.
  void Add(GazetteerEntry entry);
  // The built-in tables (deterministic ids; see entities/builtin_tables.cc).
  void AddBuiltins();
  // Every name and alias of the store's current (not revoked) objects of the
  // entity types, flagged kFromStore. Store errors are returned unchanged.
  Status AddFromStore(store::Store& store);

  // Mentions in `text`, longest match first, non-overlapping, in text order.
  // `sentences` must be SplitSentences(text).
  std::vector<Mention> Find(std::string_view text, const std::vector<Sentence>& sentences) const;

  // Entries whose key equals NormalizeKey(name), best first (the order Find
  // prefers); empty if none.
  std::vector<uint32_t> Lookup(std::string_view name) const;

  const std::vector<GazetteerEntry>& entries() const;
  size_t size() const;

  // The alias-index key (same rule as store::NormalizeName).
  static std::string NormalizeKey(std::string_view name);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The deterministic id rampart gives an entity it names itself:
// "<type>--UUIDv5(kRampartNamespace, "<type>:" + NormalizeKey(name))".
std::string DeterministicId(std::string_view stix_type, std::string_view name);

// The STIX 2.1 deterministic id of a software SCO (contributing properties
// name and vendor; UUIDv5 in the SCO namespace over the canonical JSON).
std::string SoftwareId(std::string_view name, std::string_view vendor);

namespace internal {
// The tracking names of threat groups in `sentence` of `text` ("UNC2452",
// "APT 40" -> APT40, "Advanced Persistent Threat Group 40" -> APT40,
// "Midnight Blizzard"), in text order, as RecognizeEntities reads them:
// `take(begin, end, name)` (byte offsets in `text`) answers whether the name
// became a mention; the scan goes on after its last word if so, else at the
// next word. ScanGroupNamesByWords is the plain version over a list of the
// sentence's words that ScanGroupNames must agree with (for the tests).
using GroupNameTake = std::function<bool(size_t begin, size_t end, const std::string& name)>;
void ScanGroupNames(std::string_view text, const Sentence& sentence, const GroupNameTake& take);
void ScanGroupNamesByWords(std::string_view text, const Sentence& sentence, const GroupNameTake& take);
}  // namespace internal

}  // namespace rampart::extract
