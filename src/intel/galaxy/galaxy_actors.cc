// Threat-actor and mitre-intrusion-set clusters -> intrusion sets and the
// claims the galaxy makes about them (origin, sponsor, targets).
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "common/builders.h"
#include "galaxy/galaxy_converter.h"
#include "galaxy/places.h"
#include "rampart/core/id.h"
#include "rampart/store/store.h"

namespace rampart::intel::internal {
namespace {

std::string EntryString(const nlohmann::json& entry, const char* key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// name first, then synonyms; no two with the same normalised key; ATT&CK
// group ids go to `attack_ids` instead.
nlohmann::json Aliases(const std::string& name, const std::vector<std::string>& synonyms,
                       std::vector<std::string>* attack_ids) {
  nlohmann::json aliases = nlohmann::json::array({name});
  std::set<std::string> seen = {store::NormalizeName(name)};
  for (const auto& synonym : synonyms) {
    if (IsAttackGroupId(synonym)) {
      if (attack_ids) attack_ids->push_back(synonym);
      continue;
    }
    if (seen.insert(store::NormalizeName(synonym)).second) aliases.push_back(synonym);
  }
  return aliases;
}

nlohmann::json References(const nlohmann::json& entry, const GalaxyContext& context,
                          const std::vector<std::string>& attack_ids) {
  nlohmann::json refs = nlohmann::json::array();
  nlohmann::json own = {{"source_name", context.source},
                        {"external_id", EntryString(entry, "uuid")},
                        {"description", fmt::format("MISP galaxy {} cluster '{}'",
                                                    context.galaxy_type,
                                                    EntryString(entry, "value"))}};
  if (own["external_id"].get_ref<const std::string&>().empty()) own.erase("external_id");
  refs.push_back(std::move(own));
  std::set<std::string> urls;
  for (const auto& id : attack_ids) {
    std::string url = fmt::format("https://attack.mitre.org/groups/{}", id);
    urls.insert(url);
    urls.insert(url + "/");
    refs.push_back({{"source_name", "mitre-attack"}, {"external_id", id}, {"url", url}});
  }
  for (const auto& url : MetaStrings(entry, "refs")) {
    if (urls.insert(url).second) refs.push_back(UrlReference(url));
  }
  return refs;
}

std::optional<int> Confidence(const nlohmann::json& entry) {
  auto values = MetaStrings(entry, "attribution-confidence");
  if (values.empty()) return std::nullopt;
  const std::string& text = values[0];
  if (text.empty() || text.size() > 3) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > 100) return std::nullopt;
  return value;
}

// The nation-state threat actor that stands for a state sponsor. STIX lets an
// intrusion set be attributed-to a threat-actor (not to an identity or a
// location), and a threat-actor be located-at a location.
void AddStateSponsor(const Country& country, const std::string& actor_id, std::optional<int> conf,
                     int64_t index, const GalaxyContext& context) {
  const std::string galaxy = GalaxyIdentityId();
  nlohmann::json state = NewObject("threat-actor",
                                   DerivedId("threat-actor", fmt::format("state:{}", country.iso2)),
                                   kGalaxyEpoch, kGalaxyEpoch, galaxy);
  state["name"] = country.name;
  state["threat_actor_types"] = nlohmann::json::array({"nation-state"});
  state["description"] = fmt::format(
      "The state of {} as sponsor of cyber operations (MISP galaxy "
      "cfr-suspected-state-sponsor).",
      country.name);
  nlohmann::json location = CountryLocation(country);
  nlohmann::json located = NewRelationship("located-at", state["id"].get<std::string>(),
                                           location["id"].get<std::string>(), galaxy,
                                           kGalaxyEpoch, kGalaxyEpoch);
  nlohmann::json attributed = NewRelationship("attributed-to", actor_id,
                                              state["id"].get<std::string>(), galaxy,
                                              kGalaxyEpoch, context.modified, conf);
  attributed["description"] = "MISP galaxy: cfr-suspected-state-sponsor";
  for (auto* object : {&state, &location, &located, &attributed}) {
    context.batch->Add(std::move(*object), context.file, index);
  }
}

void AddTarget(nlohmann::json target, const std::string& actor_id, int64_t index,
               const GalaxyContext& context) {
  nlohmann::json rel = NewRelationship("targets", actor_id, target["id"].get<std::string>(),
                                       GalaxyIdentityId(), kGalaxyEpoch, context.modified);
  context.batch->Add(std::move(target), context.file, index);
  context.batch->Add(std::move(rel), context.file, index);
}

void AddVictim(const std::string& victim, const std::string& actor_id, int64_t index,
               const GalaxyContext& context) {
  if (auto country = FindCountry(victim)) {
    AddTarget(CountryLocation(*country), actor_id, index, context);
  } else if (auto region = FindRegion(victim)) {
    AddTarget(RegionLocation(*region, victim), actor_id, index, context);
  } else {
    // Named organisations ("NATO", "Bank of America"): an identity of class
    // organization per name.
    nlohmann::json org = NewObject(
        "identity", DerivedId("identity", "victim:" + store::NormalizeName(victim)),
        kGalaxyEpoch, kGalaxyEpoch, GalaxyIdentityId());
    org["name"] = victim;
    org["identity_class"] = "organization";
    AddTarget(std::move(org), actor_id, index, context);
  }
}

}  // namespace

void ConvertThreatActor(const nlohmann::json& entry, int64_t index, const GalaxyContext& context) {
  std::string name = EntryString(entry, "value");
  std::string uuid = EntryString(entry, "uuid");
  std::string id = DerivedId("intrusion-set", "misp-galaxy:" + (uuid.empty() ? name : uuid));
  std::vector<std::string> attack_ids;
  nlohmann::json set = NewObject("intrusion-set", id, kGalaxyEpoch, context.modified,
                                 GalaxyIdentityId());
  set["name"] = name;
  set["aliases"] = Aliases(name, MetaStrings(entry, "synonyms"), &attack_ids);
  if (std::string description = EntryString(entry, "description"); !description.empty()) {
    set["description"] = description;
  }
  set["external_references"] = References(entry, context, attack_ids);
  context.batch->Add(std::move(set), context.file, index);

  const std::string galaxy = GalaxyIdentityId();
  for (const auto& code : MetaStrings(entry, "country")) {
    if (auto country = FindCountry(code)) {
      nlohmann::json location = CountryLocation(*country);
      nlohmann::json rel = NewRelationship("originates-from", id, location["id"].get<std::string>(),
                                           galaxy, kGalaxyEpoch, context.modified);
      context.batch->Add(std::move(location), context.file, index);
      context.batch->Add(std::move(rel), context.file, index);
    }
  }
  for (const auto& sponsor : MetaStrings(entry, "cfr-suspected-state-sponsor")) {
    if (auto country = FindCountry(sponsor)) {
      AddStateSponsor(*country, id, Confidence(entry), index, context);
    }
  }
  std::set<std::string> sectors;
  for (const char* key : {"cfr-target-category", "targeted-sector"}) {
    for (const auto& sector : MetaStrings(entry, key)) {
      std::string value = SectorValue(sector);
      if (value.empty() || value == "other" || value == "unknown") continue;
      if (sectors.insert(value).second) AddTarget(SectorIdentity(value), id, index, context);
    }
  }
  std::set<std::string> victims;
  for (const auto& victim : MetaStrings(entry, "cfr-suspected-victims")) {
    if (store::NormalizeName(victim).empty()) continue;
    if (victims.insert(store::NormalizeName(victim)).second) AddVictim(victim, id, index, context);
  }
}

void ConvertMitreIntrusionSet(const nlohmann::json& entry, int64_t index,
                              const GalaxyContext& context) {
  std::string value = EntryString(entry, "value");
  std::string uuid = EntryString(entry, "uuid");
  if (!IsUuid(uuid)) {
    context.batch->Problem(context.file, index, "", "mitre-intrusion-set entry without a uuid");
    return;
  }
  std::vector<std::string> attack_ids = MetaStrings(entry, "external_id");
  std::string name = value;
  if (auto dash = name.rfind(" - "); dash != std::string::npos &&
                                     IsAttackGroupId(std::string_view(name).substr(dash + 3))) {
    if (attack_ids.empty()) attack_ids.push_back(name.substr(dash + 3));
    name.resize(dash);
  }
  nlohmann::json set = NewObject("intrusion-set", "intrusion-set--" + uuid, kGalaxyEpoch,
                                 context.modified, GalaxyIdentityId());
  set["name"] = name;
  set["aliases"] = Aliases(name, MetaStrings(entry, "synonyms"), nullptr);
  if (std::string description = EntryString(entry, "description"); !description.empty()) {
    set["description"] = description;
  }
  set["external_references"] = References(entry, context, attack_ids);
  context.batch->Add(std::move(set), context.file, index);
}

void ConvertSoftware(const nlohmann::json& entry, int64_t index, const GalaxyContext& context) {
  static const std::set<std::string> kMalwareTypes = {
      "backdoor", "rat", "loader", "webshell", "pws", "spyware", "dropper", "rootkit",
      "banking", "miner", "worm", "ransomware", "trojan", "androidos", "packer"};
  std::string name = EntryString(entry, "value");
  std::string uuid = EntryString(entry, "uuid");
  bool malware = context.galaxy_type == "malpedia";
  for (const auto& type : MetaStrings(entry, "type")) {
    std::string lower;
    for (char c : type) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (kMalwareTypes.count(lower)) malware = true;
  }
  std::string type = malware ? "malware" : "tool";
  std::string key = fmt::format("misp-galaxy:{}:{}", context.galaxy_type, uuid.empty() ? name : uuid);
  nlohmann::json object = NewObject(type, DerivedId(type, key), kGalaxyEpoch, context.modified,
                                    GalaxyIdentityId());
  object["name"] = name;
  if (malware) object["is_family"] = true;
  nlohmann::json aliases = Aliases(name, MetaStrings(entry, "synonyms"), nullptr);
  if (aliases.size() > 1) object[malware ? "aliases" : "aliases"] = std::move(aliases);
  if (std::string description = EntryString(entry, "description"); !description.empty()) {
    object["description"] = description;
  }
  object["external_references"] = References(entry, context, {});
  context.batch->Add(std::move(object), context.file, index);
}

}  // namespace rampart::intel::internal
