// What an advisory says, gathered from the knowledge base around its causes.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "advisories/advise_internal.h"
#include "rampart/detect/rule_set.h"

namespace rampart::respond::internal {
namespace {

constexpr size_t kMaxAttackMitigations = 6;

nlohmann::json JsonOf(const stix::Object& o) {
  auto j = nlohmann::json::parse(o.json, nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

std::string FirstUrl(const nlohmann::json& j) {
  for (const auto& ref : j.value("external_references", nlohmann::json::array())) {
    if (ref.contains("url") && ref["url"].is_string()) return ref["url"].get<std::string>();
  }
  return "";
}

bool IsActorType(std::string_view type) {
  return type == "intrusion-set" || type == "campaign" || type == "threat-actor";
}

std::string Confidence(const std::optional<int>& c, const nlohmann::json& j) {
  if (!c) return "no confidence stated";
  std::string words = j.value("x_rampart_estimative", "");
  if (words.empty()) words = *c >= 85 ? "high" : *c >= 60 ? "moderate" : *c >= 30 ? "low" : "very low";
  return fmt::format("confidence {} ({})", *c, words);
}

// Reads objects once per advisory.
class Objects {
 public:
  explicit Objects(store::Store& store) : store_(store) {}
  const stix::Object* Get(const std::string& id) {
    auto it = cache_.find(id);
    if (it == cache_.end()) {
      auto got = store_.Get(id);
      it = cache_.emplace(id, got.ok() ? std::optional<stix::Object>(*got) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }
  std::string Name(const std::string& id) {
    const stix::Object* o = Get(id);
    return o && !o->name.empty() ? o->name : id;
  }

 private:
  store::Store& store_;
  std::unordered_map<std::string, std::optional<stix::Object>> cache_;
};

struct Builder {
  store::Store& store;
  const Constituent& constituent;
  const RuleTags& rules;
  Objects objects{store};
  Content content;
  std::set<std::string> actors;

  void Add(Section section, std::string text, const stix::Object& cited, std::string url = "") {
    content.items.push_back({section, std::move(text), std::move(url), TlpOf(cited, constituent)});
    content.cited.insert(cited.id);
  }

  Status Vulnerability(const stix::Object& v) {
    auto j = JsonOf(v);
    Add(Section::kWhat, fmt::format("{}: {}", v.name, v.description), v, FirstUrl(j));
    RAMPART_ASSIGN_OR_RETURN(auto edges, store.Edges(v.id, store::Direction::kIncoming));
    for (const auto& e : edges) {
      const stix::Object* rel = objects.Get(e.relationship_id);
      if (rel == nullptr) continue;
      if ((e.relationship_type == "targets" || e.relationship_type == "exploits") &&
          IsActorType(stix::TypeOfId(e.source_ref))) {
        actors.insert(e.source_ref);
        content.cited.insert(e.source_ref);
        auto rj = JsonOf(*rel);
        Add(Section::kWho,
            fmt::format("{} exploits {}: claimed by {}, {}", objects.Name(e.source_ref), v.name,
                        e.created_by_ref.empty() ? "no named source" : objects.Name(e.created_by_ref),
                        Confidence(e.confidence, rj)),
            *rel, FirstUrl(rj));
      } else if (e.relationship_type == "mitigates" && stix::TypeOfId(e.source_ref) == "course-of-action") {
        if (const stix::Object* coa = objects.Get(e.source_ref)) {
          Add(Section::kDo, fmt::format("{}: {}", coa->name, coa->description), *coa, FirstUrl(JsonOf(*coa)));
        }
      }
    }
    if (std::string url = FirstUrl(j); !url.empty()) Add(Section::kReferences, v.name, v, url);
    return Status();
  }

  // Attribution claims about an actor, from every report naming it and from
  // the actor's own relationships: side by side, none preferred.
  Status Attributions(const std::string& actor) {
    std::set<std::string> claims;
    RAMPART_ASSIGN_OR_RETURN(auto own, store.Edges(actor, store::Direction::kOutgoing));
    for (const auto& e : own) {
      if (e.relationship_type == "attributed-to" || e.relationship_type == "originates-from") claims.insert(e.relationship_id);
    }
    RAMPART_ASSIGN_OR_RETURN(auto containers, store.Containers(actor));
    for (const stix::Object& report : containers) {
      if (report.type != "report" || report.json.find("\"x_rampart_advisory\"") != std::string::npos) continue;
      std::vector<const stix::Object*> rels;
      std::set<std::string> sources;  // what the report attributes to this actor (e.g. the campaign)
      for (const auto& ref : JsonOf(report).value("object_refs", nlohmann::json::array())) {
        if (!ref.is_string() || stix::TypeOfId(ref.get<std::string>()) != "relationship") continue;
        const stix::Object* r = objects.Get(ref.get<std::string>());
        if (r == nullptr || (r->relationship_type != "attributed-to" && r->relationship_type != "originates-from")) continue;
        rels.push_back(r);
        if (r->target_ref == actor) sources.insert(r->source_ref);
      }
      for (const stix::Object* r : rels) {
        if (r->source_ref == actor || sources.count(r->source_ref)) claims.insert(r->id);
      }
      if (!sources.empty() || !rels.empty()) {
        Add(Section::kReferences, report.name, report, FirstUrl(JsonOf(report)));
      }
    }
    for (const std::string& id : claims) {
      const stix::Object* r = objects.Get(id);
      if (r == nullptr) continue;
      auto rj = JsonOf(*r);
      content.cited.insert(r->source_ref);
      content.cited.insert(r->target_ref);
      std::string quote = rj.value("x_rampart_quote", "");
      Add(Section::kWho,
          fmt::format("{} {} {}: claimed by {}, {}{}", objects.Name(r->source_ref), r->relationship_type,
                      objects.Name(r->target_ref),
                      r->created_by_ref.empty() ? "no named source" : objects.Name(r->created_by_ref),
                      Confidence(r->confidence, rj), quote.empty() ? "" : fmt::format(" -- \"{}\"", quote)),
          *r, FirstUrl(rj));
    }
    return Status();
  }

  // ATT&CK mitigations of the actors' techniques, those covering most first;
  // indicators of the actors; Sigma rules tagged with the actor.
  Status ActorActions(const std::string& actor) {
    const stix::Object* a = objects.Get(actor);
    if (a == nullptr) return Status();
    RAMPART_ASSIGN_OR_RETURN(auto out, store.Edges(actor, store::Direction::kOutgoing));
    std::map<std::string, int> mitigation_count;
    for (const auto& e : out) {
      if (e.relationship_type != "uses" || stix::TypeOfId(e.target_ref) != "attack-pattern") continue;
      RAMPART_ASSIGN_OR_RETURN(auto in, store.Edges(e.target_ref, store::Direction::kIncoming));
      for (const auto& m : in) {
        if (m.relationship_type == "mitigates" && stix::TypeOfId(m.source_ref) == "course-of-action") {
          ++mitigation_count[m.source_ref];
        }
      }
    }
    std::vector<std::pair<int, std::string>> ranked;
    for (const auto& [id, n] : mitigation_count) ranked.emplace_back(-n, objects.Name(id) + "\x1f" + id);
    std::sort(ranked.begin(), ranked.end());
    for (size_t i = 0; i < ranked.size() && i < kMaxAttackMitigations; ++i) {
      std::string id = ranked[i].second.substr(ranked[i].second.find('\x1f') + 1);
      if (const stix::Object* coa = objects.Get(id)) {
        Add(Section::kDo,
            fmt::format("{} (ATT&CK; mitigates {} technique{} {} uses)", coa->name, -ranked[i].first,
                        ranked[i].first == -1 ? "" : "s", a->name),
            *coa, FirstUrl(JsonOf(*coa)));
      }
    }
    RAMPART_ASSIGN_OR_RETURN(auto in, store.Edges(actor, store::Direction::kIncoming));
    for (const auto& e : in) {
      if (e.relationship_type != "indicates" || stix::TypeOfId(e.source_ref) != "indicator") continue;
      if (const stix::Object* ind = objects.Get(e.source_ref)) {
        Add(Section::kHunt, fmt::format("Indicator {}: {}", ind->name.empty() ? ind->id : ind->name,
                                        JsonOf(*ind).value("pattern", "")),
            *ind);
      }
    }
    for (const auto& ext : a->external_ids) {
      if (ext.source_name == "mitre-attack") RuleHits("attack." + ext.external_id, *a);
    }
    return Status();
  }

  void RuleHits(std::string tag, const stix::Object& cause) {
    std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return std::tolower(c); });
    auto it = rules.find(tag);
    if (it == rules.end()) return;
    for (const std::string& rule : it->second) Add(Section::kHunt, fmt::format("Sigma rule {} [{}]", rule, tag), cause);
  }
};

}  // namespace

TlpItem TlpOf(const stix::Object& object, const Constituent& constituent) {
  TlpItem item;
  item.level = stix::HighestTlp(object.object_marking_refs).value_or(stix::TlpLevel::kClear);
  if (object.created_by_ref == constituent.id) item.organisation = constituent.name;
  if (object.json.find("\"x_rampart_named_recipients\"") != std::string::npos) {
    for (const auto& r : JsonOf(object).value("x_rampart_named_recipients", nlohmann::json::array())) {
      if (r.is_string()) item.named_recipients.push_back(r.get<std::string>());
    }
  }
  return item;
}

std::string_view SectionTitle(Section section) {
  switch (section) {
    case Section::kWhat: return "What happened";
    case Section::kWho: return "Who is behind it";
    case Section::kWhy: return "Why you";
    case Section::kDo: return "What to do";
    case Section::kHunt: return "What to hunt with";
    case Section::kReferences: return "References";
  }
  return "";
}

Result<RuleTags> LoadRuleTags(const std::vector<std::string>& paths) {
  RuleTags tags;
  if (paths.empty()) return tags;
  detect::RuleSet set = detect::RuleSet::Load(paths);
  for (const auto& rule : set.rules()) {
    for (std::string tag : rule.info.tags) {
      std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return std::tolower(c); });
      tags[tag].push_back(fmt::format("\"{}\" ({})", rule.info.title, rule.info.id));
    }
  }
  for (auto& [tag, list] : tags) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return tags;
}

Result<Content> BuildContent(store::Store& store, const Constituent& constituent,
                             const std::vector<Exposure>& exposures, const RuleTags& rules) {
  Builder b{store, constituent, rules};
  std::set<std::string> vulnerabilities, names;
  for (const Exposure& e : exposures) {
    const stix::Object* cause = b.objects.Get(e.cause_id);
    if (cause == nullptr) continue;
    b.Add(Section::kWhy, e.detail, *cause);
    if (cause->type == "vulnerability" && vulnerabilities.insert(cause->id).second) {
      names.insert(cause->name);
      RAMPART_RETURN_IF_ERROR(b.Vulnerability(*cause));
      // SigmaHQ tags a CVE as "cve.2021-26855".
      if (cause->name.size() > 4 && (cause->name.starts_with("CVE-") || cause->name.starts_with("cve-"))) {
        b.RuleHits("cve." + cause->name.substr(4), *cause);
      }
    } else if (cause->type == "relationship") {
      b.actors.insert(cause->source_ref);
      names.insert(b.objects.Name(cause->source_ref));
      b.Add(Section::kWhat, fmt::format("{} targets {}: {}", b.objects.Name(cause->source_ref),
                                        b.objects.Name(cause->target_ref), cause->description), *cause);
    } else if (cause->type == "indicator") {
      names.insert(cause->name.empty() ? "an indicator" : cause->name);
      b.Add(Section::kHunt, fmt::format("Indicator {}: {}", cause->name, JsonOf(*cause).value("pattern", "")), *cause);
    }
  }
  for (const std::string& actor : std::set<std::string>(b.actors)) {
    RAMPART_RETURN_IF_ERROR(b.Attributions(actor));
    RAMPART_RETURN_IF_ERROR(b.ActorActions(actor));
  }
  // The same line cited twice (two CVEs, one course of action) is said once.
  std::vector<Item> unique;
  for (Item& item : b.content.items) {
    bool dup = std::any_of(unique.begin(), unique.end(), [&](const Item& u) {
      return u.section == item.section && u.text == item.text && u.url == item.url;
    });
    if (!dup) unique.push_back(std::move(item));
  }
  std::stable_sort(unique.begin(), unique.end(), [](const Item& a, const Item& b) { return a.section < b.section; });
  b.content.items = std::move(unique);
  b.content.cited.insert(constituent.id);
  std::vector<std::string> name_list(names.begin(), names.end());
  if (name_list.size() > 4) {
    name_list.resize(4);
    name_list.push_back("more");
  }
  b.content.title = fmt::format("{}: {}", constituent.name, fmt::join(name_list, ", "));
  return std::move(b.content);
}

}  // namespace rampart::respond::internal
