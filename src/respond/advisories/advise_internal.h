// The stages of Advise (advisory.h): what is new, who is exposed, what the
// advisory says, how it reads.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rampart/respond/advisory.h"
#include "rampart/respond/constituent.h"
#include "rampart/respond/tlp_policy.h"

namespace rampart::respond::internal {

struct SectorClaim {
  std::string sector;           // industry-sector value
  std::string relationship_id;  // the targets claim
  std::string actor_id;         // its source
  std::string report_id;        // the report carrying it
};

struct AssetHit {
  std::string indicator_id;
  std::string value;  // the address or name the pattern holds
};

// The new intelligence of one run.
struct Topics {
  std::set<std::string> vulnerabilities;  // ids of vulnerabilities with x_rampart_affected
  std::vector<SectorClaim> sectors;
  std::vector<AssetHit> assets;
  std::vector<std::pair<std::string, std::string>> seen;  // (id, modified) of every trigger considered
  std::string newest;                                     // greatest `modified` among them
};

Result<Topics> FindTopics(store::Store& store, Outbox& outbox, const AdviseOptions& options);

// Exposures per constituent index (AssetIndex order). InvalidInput for a
// version that is not a version, naming the constituent and the item.
Result<std::map<uint32_t, std::vector<Exposure>>> FindExposures(store::Store& store, const AssetIndex& index,
                                                                const Topics& topics);

enum class Section { kWhat, kWho, kWhy, kDo, kHunt, kReferences };
std::string_view SectionTitle(Section section);

struct Item {
  Section section;
  std::string text;  // plain text (rendered escaped)
  std::string url;   // optional link
  TlpItem tlp;
};

struct Content {
  std::string title;
  std::vector<Item> items;
  std::set<std::string> cited;  // STIX ids the advisory references
};

// Sigma rules by lower-case tag ("cve.2021-26855", "attack.g0125") -> "title (id)".
using RuleTags = std::map<std::string, std::vector<std::string>>;
Result<RuleTags> LoadRuleTags(const std::vector<std::string>& paths);

Result<Content> BuildContent(store::Store& store, const Constituent& constituent,
                             const std::vector<Exposure>& exposures, const RuleTags& rules);

// Renderings of the items `plan` includes, under `marking`, with `notice`
// (WithheldNotice) when something was left out.
std::string RenderMarkdown(const Content& content, const CopyPlan& plan, stix::TlpLevel marking,
                           const std::string& constituent);
std::string RenderHtml(const Content& content, const CopyPlan& plan, stix::TlpLevel marking,
                       const std::string& constituent);
nlohmann::json RenderJson(const Content& content, const CopyPlan& plan, stix::TlpLevel marking,
                          const std::string& advisory_id, const Constituent& constituent);

// The TLP marking of a stored object as a policy item; AMBER+STRICT content
// stays within `constituent` only if the constituent created it.
TlpItem TlpOf(const stix::Object& object, const Constituent& constituent);

}  // namespace rampart::respond::internal
