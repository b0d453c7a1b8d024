#include "merge/merger.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "merge/merge_json.h"
#include "rampart/core/id.h"
#include "rampart/core/time.h"

namespace rampart::intel::internal {
namespace {

using Json = nlohmann::json;

bool IsMergeable(std::string_view type) {
  return type == "intrusion-set" || type == "threat-actor" || type == "malware" ||
         type == "tool" || type == "vulnerability";
}

struct Group {
  std::string id;
  std::string type;
  std::optional<Json> stored;
  std::vector<size_t> members;
  std::set<std::string> sources;
};

struct Keys {
  std::vector<std::pair<std::string, std::string>> names;  // normalised, as written
  std::vector<std::string> strong;                          // external ids
};

Keys KeysOf(const stix::Object& object) {
  Keys keys;
  std::set<std::string> seen;
  auto add = [&](const std::string& text) {
    std::string key = store::NormalizeName(text);
    if (!IsGenericName(key) && seen.insert(key).second) keys.names.emplace_back(key, text);
  };
  if (object.type != "vulnerability") {
    add(object.name);
    for (const auto& alias : object.aliases) add(alias);
  }
  for (const auto& ext : object.external_ids) {
    bool strong = object.type == "vulnerability" ? ext.source_name == "cve"
                                                 : ext.source_name == "mitre-attack";
    if (strong) {
      std::string id = ext.external_id;
      for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      keys.strong.push_back(id);
    }
  }
  return keys;
}

class Merger {
 public:
  explicit Merger(store::Store& store) : store_(store) {}

  Result<MergeOutcome> Run(std::vector<Candidate> candidates) {
    candidates_ = std::move(candidates);
    json_.resize(candidates_.size());
    drop_.assign(candidates_.size(), false);
    group_of_candidate_.assign(candidates_.size(), -1);
    // Revoked and deprecated objects are never found by name, but they are
    // still themselves: a galaxy twin with the same id (mitre-intrusion-set
    // clusters carry ATT&CK's uuid) must join them, not be merged by name
    // into the object that replaced them -- that rewrote ATT&CK's
    // `revoked-by` relationships into self-loops and stored the twin as a
    // second, older version beside ATT&CK's. They go first, so the batch
    // order does not matter.
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const stix::Object& object = candidates_[i].object;
      if (IsMergeable(object.type) && (object.revoked || object.deprecated)) {
        RAMPART_RETURN_IF_ERROR(ResolveSameId(i));
      }
    }
    // Contested merges recorded earlier travel as rampart's notes (an
    // export read back brings them in the same batch).
    for (const Candidate& c : candidates_) {
      if (c.object.type != "note" || c.object.json.find("\"x_rampart_contested_alias\"") == std::string::npos) continue;
      RecordContestedNote(stix::ToJson(c.object));
    }
    // Resolved by precedence (ATT&CK, other STIX producers, no creator, the
    // galaxy), then by file name and position in the file: the objects that
    // should give a cluster its id are settled before the ones that join
    // them, and the order the files were named in does not matter, so one
    // import of ATT&CK and the galaxy files in any order (or an export read
    // back) merges as ATT&CK-then-galaxy does.
    struct Step {
      int rank;
      std::string_view file;
      size_t i;
    };
    std::vector<Step> order;
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const stix::Object& object = candidates_[i].object;
      if (!IsMergeable(object.type) || object.revoked || object.deprecated) continue;
      std::string_view file = candidates_[i].file;
      if (size_t slash = file.find_last_of('/'); slash != std::string_view::npos) file.remove_prefix(slash + 1);
      order.push_back({Precedence(Json{{"created_by_ref", object.created_by_ref}}), file, i});
    }
    std::stable_sort(order.begin(), order.end(), [this](const Step& a, const Step& b) {
      if (a.rank != b.rank) return a.rank < b.rank;
      if (a.file != b.file) return a.file < b.file;
      return candidates_[a.i].index < candidates_[b.i].index;
    });
    for (const Step& step : order) RAMPART_RETURN_IF_ERROR(Resolve(step.i));
    return Emit();
  }

 private:
  Result<int> GroupFor(const std::string& id) {
    if (auto it = group_by_id_.find(id); it != group_by_id_.end()) return it->second;
    auto stored = store_.Get(id);
    if (!stored.ok()) {
      if (stored.status().code() == absl::StatusCode::kNotFound) return -1;
      return stored.status();
    }
    Group group;
    group.id = id;
    group.type = stored->type;
    group.stored = stix::ToJson(*stored);
    for (auto& source : SourcesOf(*group.stored)) group.sources.insert(std::move(source));
    groups_.push_back(std::move(group));
    group_by_id_[id] = static_cast<int>(groups_.size() - 1);
    return static_cast<int>(groups_.size() - 1);
  }

  // The group's own name: its stored object's, else its first member's.
  std::string NameOf(int group) const {
    const Group& g = groups_[group];
    if (g.stored) return g.stored->value("name", "");
    return g.members.empty() ? std::string() : candidates_[g.members.front()].object.name;
  }

  bool SharesSource(int group, const std::vector<std::string>& sources) const {
    for (const auto& source : sources) {
      if (groups_[group].sources.count(source)) return true;
    }
    return false;
  }

  // The candidate was merged into this group's stored object by an earlier
  // import: it is that object whatever the source and deprecation rules say
  // (re-imports must land where the first import put them).
  void NoteSelf(int group) {
    if (group < 0 || !groups_[group].stored) return;
    const Json& stored = *groups_[group].stored;
    auto merged = stored.find("x_rampart_merged_from");
    if (merged != stored.end() && merged->is_array() &&
        std::find(merged->begin(), merged->end(), *current_id_) != merged->end()) {
      self_ = group;
    }
  }

  // Groups (existing or new from the store) that `ids` name, filtered.
  Status AddTargets(const std::vector<stix::Object>& found, const std::string& type,
                    const std::vector<std::string>& sources, std::set<int>& targets) {
    for (const auto& object : found) {
      if (object.type != type || object.revoked) continue;
      bool names_candidate = object.json.find(*current_id_) != std::string::npos;
      if (object.deprecated && !names_candidate) continue;
      RAMPART_ASSIGN_OR_RETURN(int group, GroupFor(object.id));
      if (names_candidate) NoteSelf(group);
      if (object.deprecated) continue;
      if (group >= 0 && !SharesSource(group, sources)) targets.insert(group);
    }
    return absl::OkStatus();
  }

  Status ResolveSameId(size_t i) {
    const stix::Object& object = candidates_[i].object;
    RAMPART_ASSIGN_OR_RETURN(int same, GroupFor(object.id));
    if (same < 0) {
      Group group;
      group.id = object.id;
      group.type = object.type;
      groups_.push_back(std::move(group));
      group_by_id_[object.id] = static_cast<int>(groups_.size() - 1);
      same = static_cast<int>(groups_.size() - 1);
    }
    Join(same, i, /*findable=*/false);  // never a name or id-key target itself
    return absl::OkStatus();
  }

  Status Resolve(size_t i) {
    Candidate& candidate = candidates_[i];
    const stix::Object& object = candidate.object;
    // 1. Same id: a later version or another source's view of the same object.
    RAMPART_ASSIGN_OR_RETURN(int same, GroupFor(object.id));
    if (same >= 0) {
      if (candidate.reference_only) {
        drop_[i] = true;
        ++resolved_;
        return absl::OkStatus();
      }
      Join(same, i);
      return absl::OkStatus();
    }
    std::vector<std::string> sources = SourcesOf(JsonOf(i));
    current_id_ = &object.id;
    self_ = -1;
    Keys keys = KeysOf(object);
    // 2. Strong keys (ATT&CK ids, CVE ids).
    std::set<int> targets;
    for (const auto& ext : keys.strong) {
      RAMPART_ASSIGN_OR_RETURN(auto found, store_.FindByExternalId(ext));
      RAMPART_RETURN_IF_ERROR(AddTargets(found, object.type, sources, targets));
      for (int group : batch_external_[ext]) {
        NoteSelf(group);
        if (!SharesSource(group, sources)) targets.insert(group);
      }
    }
    std::string contested_alias;
    if (targets.size() > 1) contested_alias = keys.strong.front();
    // 3. Names and aliases.
    std::set<int> same_name;  // targets whose own name is the candidate's name
    if (targets.empty()) {
      const std::string name_key = store::NormalizeName(object.name);
      for (const auto& [key, text] : keys.names) {
        std::set<int> for_key;
        RAMPART_ASSIGN_OR_RETURN(auto found, store_.FindByName(text, {object.type}));
        RAMPART_RETURN_IF_ERROR(AddTargets(found, object.type, sources, for_key));
        for (int group : batch_names_[key]) {
          if (groups_[group].type == object.type) NoteSelf(group);
          if (groups_[group].type == object.type && !SharesSource(group, sources)) {
            for_key.insert(group);
          }
        }
        if (key == name_key) {
          for (int group : for_key) {
            if (store::NormalizeName(NameOf(group)) == name_key) same_name.insert(group);
          }
        }
        bool conflict = for_key.size() > 1;
        for (int group : for_key) conflict = conflict || (!targets.empty() && !targets.count(group));
        if (conflict && contested_alias.empty()) contested_alias = text;
        targets.insert(for_key.begin(), for_key.end());
      }
    }
    // Name to name beats name to alias: BLACKCOFFEE (alias ZoxPNG) is ATT&CK's
    // BLACKCOFFEE, not its Zox (alias ZoxPNG), whichever was stored first.
    // The match is symmetric, so the outcome does not depend on import order.
    if (targets.size() > 1 && same_name.size() == 1) targets = same_name;
    if (self_ >= 0) targets = {self_};
    if (targets.size() == 1 && self_ < 0 && !candidate.reference_only) {
      // Once contested, never merged later (a note records it): the
      // candidate that was contested stays so, and the objects it was kept
      // apart from do not join it either.
      RAMPART_ASSIGN_OR_RETURN(bool noted, ContestedBefore(object.id));
      if (noted) {
        const auto& [alias, existing] = noted_contested_.at(object.id);
        contested_.push_back(ContestedMerge{object.id, alias, existing});
        return NewGroup(i);
      }
      const std::string& target_id = groups_[*targets.begin()].id;
      RAMPART_ASSIGN_OR_RETURN(bool target_noted, ContestedBefore(target_id));
      if (target_noted) {
        const auto& existing = noted_contested_.at(target_id).second;
        if (std::find(existing.begin(), existing.end(), object.id) != existing.end()) return NewGroup(i);
      }
    }
    if (targets.size() == 1) {
      int target = *targets.begin();
      if (candidate.reference_only) {
        remap_group_[object.id] = target;
        drop_[i] = true;
        ++resolved_;
        return absl::OkStatus();
      }
      ++merged_;
      joined_.insert(i);
      Join(target, i);
      return absl::OkStatus();
    }
    if (targets.size() > 1) {
      ContestedMerge contested;
      contested.incoming_id = object.id;
      contested.alias = contested_alias.empty() ? object.name : contested_alias;
      for (int group : targets) contested.existing_ids.push_back(groups_[group].id);
      contested_.push_back(std::move(contested));
    }
    return NewGroup(i);  // new object (or contested: stored separately)
  }

  Status NewGroup(size_t i) {
    const stix::Object& object = candidates_[i].object;
    Group group;
    group.id = object.id;
    group.type = object.type;
    groups_.push_back(std::move(group));
    group_by_id_[object.id] = static_cast<int>(groups_.size() - 1);
    Join(static_cast<int>(groups_.size() - 1), i);
    return absl::OkStatus();
  }

  void RecordContestedNote(const Json& note) {
    auto refs = note.find("object_refs");
    if (refs == note.end() || !refs->is_array() || refs->empty() || !(*refs)[0].is_string()) return;
    std::vector<std::string> existing;
    for (size_t k = 1; k < refs->size(); ++k) {
      if ((*refs)[k].is_string()) existing.push_back((*refs)[k].get<std::string>());
    }
    noted_contested_.try_emplace((*refs)[0].get<std::string>(), note.value("x_rampart_contested_alias", ""),
                                 std::move(existing));
  }

  // True if a contested-merge note (in this batch or stored) names `id`.
  Result<bool> ContestedBefore(const std::string& id) {
    if (noted_contested_.count(id)) return true;
    auto stored = store_.Get(ContestedNoteId(id));
    if (!stored.ok()) {
      if (stored.status().code() == absl::StatusCode::kNotFound) return false;
      return stored.status();
    }
    RecordContestedNote(stix::ToJson(*stored));
    return noted_contested_.count(id) > 0;
  }

  // The note recording `contested` (existing ids already remapped): dated as
  // the contested object, so the same inputs give the same note.
  Result<Candidate> ContestedNote(const ContestedMerge& contested) {
    int group = group_by_id_.at(contested.incoming_id);
    const Group& g = groups_[group];
    const stix::Object& incoming = candidates_[g.members.front()].object;
    const std::string& modified = incoming.modified;
    Json refs = Json::array({contested.incoming_id});
    for (const std::string& id : contested.existing_ids) refs.push_back(id);
    Json note = {{"type", "note"},
                 {"spec_version", "2.1"},
                 {"id", ContestedNoteId(contested.incoming_id)},
                 {"created", incoming.created.empty() ? modified : std::min(incoming.created, modified)},
                 {"modified", modified},
                 {"abstract", fmt::format("Contested merge: '{}'", contested.alias)},
                 {"content", fmt::format("The name or alias '{}' of {} also names {}; rampart keeps them apart "
                                         "until an analyst decides.",
                                         contested.alias, contested.incoming_id, fmt::join(contested.existing_ids, ", "))},
                 {"object_refs", refs},
                 {"x_rampart_contested_alias", contested.alias}};
    RAMPART_ASSIGN_OR_RETURN(stix::Object object, stix::FromJson(note));
    const Candidate& first = candidates_[g.members.front()];
    return Candidate{std::move(object), first.file, first.index, /*derived=*/true, false, /*validated=*/false};
  }

  void Join(int group, size_t i, bool findable = true) {
    const stix::Object& object = candidates_[i].object;
    Group& g = groups_[group];
    g.members.push_back(i);
    group_of_candidate_[i] = group;
    for (auto& source : SourcesOf(JsonOf(i))) g.sources.insert(std::move(source));
    if (!findable) return;
    Keys keys = KeysOf(object);
    for (const auto& [key, text] : keys.names) {
      auto& list = batch_names_[key];
      if (std::find(list.begin(), list.end(), group) == list.end()) list.push_back(group);
    }
    for (const auto& ext : keys.strong) {
      auto& list = batch_external_[ext];
      if (std::find(list.begin(), list.end(), group) == list.end()) list.push_back(group);
    }
  }

  // True if the group's members can be stored as they are: one source's
  // versions of its own object, never merged with anything.
  bool IsPlain(const Group& g, const std::vector<size_t>& members) {
    std::vector<std::string> first;
    for (size_t i : members) {
      if (candidates_[i].object.id != g.id) return false;
      auto sources = SourcesOf(JsonOf(i));
      if (first.empty()) first = sources;
      if (sources != first) return false;
    }
    if (!g.stored) return true;
    if (g.stored->contains("x_rampart_sources")) return false;
    return SourcesOf(*g.stored) == first;
  }

  // Settles a group: which members contribute (references only point), and
  // for a group not yet stored, its canonical id (the contribution with
  // precedence, so ATT&CK's id wins within one import whatever the order).
  std::vector<size_t> Settle(Group& g) {
    std::vector<size_t> real;
    for (size_t i : g.members) {
      if (!candidates_[i].reference_only) real.push_back(i);
    }
    if (real.empty()) real = g.members;
    for (size_t i : g.members) {
      if (std::find(real.begin(), real.end(), i) == real.end()) drop_[i] = true;
    }
    if (!g.stored) {
      size_t best = real.front();
      for (size_t i : real) {
        int rank = Precedence(JsonOf(i));
        int best_rank = Precedence(JsonOf(best));
        if (rank < best_rank) best = i;
      }
      g.id = candidates_[best].object.id;
    }
    for (size_t i : g.members) {
      if (candidates_[i].object.id != g.id) remap_[candidates_[i].object.id] = g.id;
    }
    return real;
  }

  Result<MergeOutcome> Emit() {
    MergeOutcome outcome;
    outcome.merged = merged_;
    outcome.resolved = resolved_;
    // A merged group is written once, where its first member was.
    std::vector<std::optional<Candidate>> replacement(candidates_.size());
    for (auto& g : groups_) {
      if (g.members.empty()) continue;
      std::vector<size_t> members = Settle(g);
      if (IsPlain(g, members)) continue;
      Json merged = g.stored ? *g.stored : JsonOf(members[0]);
      TimestampUs newest = 0;
      if (g.stored) {
        if (auto t = ParseTimestamp(merged.value("modified", "")); t.ok()) newest = *t;
      }
      for (size_t i : members) {
        merged = MergeJson(merged, JsonOf(i), g.id);
        if (auto t = ParseTimestamp(candidates_[i].object.modified); t.ok()) newest = std::max(newest, *t);
        drop_[i] = true;
      }
      if (g.stored && EqualExceptModified(merged, *g.stored)) {
        // Members merged by name are counted in `merged` already.
        for (size_t i : members) outcome.unchanged += joined_.count(i) ? 0 : 1;
        outcome.unchanged_per_type[g.type] += static_cast<int64_t>(members.size());
        continue;
      }
      merged["modified"] = FormatTimestamp(newest + 1000);
      const Candidate& first = candidates_[members[0]];
      auto object = stix::FromJson(merged);
      if (!object.ok()) {
        return WithContext(object.status(), ErrorContext{.file = first.file,
                                                         .object_index = first.index,
                                                         .object_id = g.id});
      }
      replacement[g.members[0]] = Candidate{std::move(*object), first.file, first.index,
                                            first.derived, false, /*validated=*/false};
    }
    for (const auto& [id, group] : remap_group_) {
      if (id != groups_[group].id) remap_[id] = groups_[group].id;
    }
    for (auto& contested : contested_) {
      for (auto& id : contested.existing_ids) {
        if (auto it = remap_.find(id); it != remap_.end()) id = it->second;
      }
    }
    for (const auto& contested : contested_) {
      RAMPART_ASSIGN_OR_RETURN(Candidate note, ContestedNote(contested));
      outcome.notes.push_back(std::move(note));
    }
    outcome.contested = std::move(contested_);
    for (size_t i = 0; i < candidates_.size(); ++i) {
      if (replacement[i]) {
        outcome.to_put.push_back(std::move(*replacement[i]));
      } else if (!drop_[i]) {
        outcome.to_put.push_back(std::move(candidates_[i]));
      }
    }
    if (!remap_.empty()) {
      for (auto& candidate : outcome.to_put) RAMPART_RETURN_IF_ERROR(Remap(candidate));
    }
    return outcome;
  }

  // True if a JSON string value of `json` that looks like a STIX id
  // ("type--uuid") is a merged id. One pass over the text with a lookup per
  // id: searching the text for every merged id instead made an ATT&CK +
  // galaxy import quadratic (25k objects x ~700 merged ids, ~10 s).
  bool MentionsRemappedId(const std::string& json) const {
    for (size_t dash = json.find("--"); dash != std::string::npos; dash = json.find("--", dash + 2)) {
      size_t open = json.rfind('"', dash);
      size_t close = json.find('"', dash);
      if (open == std::string::npos || close == std::string::npos) return false;
      if (remap_.count(json.substr(open + 1, close - open - 1))) return true;
      dash = close;
    }
    return false;
  }

  // Rewrites *_ref / *_refs properties that name a merged id.
  Status Remap(Candidate& candidate) {
    const stix::Object& object = candidate.object;
    bool hit = remap_.count(object.source_ref) || remap_.count(object.target_ref);
    if (!hit && object.json.find("_refs\"") != std::string::npos) hit = MentionsRemappedId(object.json);
    if (!hit) return absl::OkStatus();
    Json json = stix::ToJson(object);
    auto map = [&](Json& value) {
      if (!value.is_string()) return;
      if (auto it = remap_.find(value.get<std::string>()); it != remap_.end()) value = it->second;
    };
    for (auto& [key, value] : json.items()) {
      if (key.ends_with("_ref")) map(value);
      if (key.ends_with("_refs") && value.is_array()) {
        Json unique = Json::array();
        for (auto& item : value) {
          map(item);
          if (std::find(unique.begin(), unique.end(), item) == unique.end()) unique.push_back(item);
        }
        value = std::move(unique);
      }
    }
    RAMPART_ASSIGN_OR_RETURN(candidate.object, stix::FromJson(json));
    candidate.validated = false;  // changed: the store validates it
    return absl::OkStatus();
  }

  // Candidate i parsed once (a mergeable candidate is looked at up to six
  // times; parsing ATT&CK's long descriptions each time was ~8% of an import).
  const Json& JsonOf(size_t i) {
    if (!json_[i]) json_[i] = stix::ToJson(candidates_[i].object);
    return *json_[i];
  }

  store::Store& store_;
  std::vector<Candidate> candidates_;
  std::vector<std::optional<Json>> json_;
  std::vector<bool> drop_;
  std::vector<int> group_of_candidate_;
  std::vector<Group> groups_;
  std::map<std::string, int> group_by_id_;
  std::map<std::string, std::vector<int>> batch_names_, batch_external_;
  std::map<std::string, std::string> remap_;
  std::map<std::string, int> remap_group_;
  std::vector<ContestedMerge> contested_;
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> noted_contested_;  // id -> alias, others
  int64_t merged_ = 0;
  int64_t resolved_ = 0;
  std::set<size_t> joined_;  // candidates merged into another by name (counted in merged_)
  const std::string* current_id_ = nullptr;
  int self_ = -1;
};

}  // namespace

std::string ContestedNoteId(std::string_view incoming_id) {
  return "note--" + UuidV5(kRampartNamespace, fmt::format("contested-merge:{}", incoming_id));
}

std::vector<std::string> SourcesOf(const nlohmann::json& object) {
  std::set<std::string> sources;
  if (auto it = object.find("x_rampart_sources"); it != object.end() && it->is_array()) {
    for (const auto& s : *it) {
      if (s.is_string()) sources.insert(s.get<std::string>());
    }
    return {sources.begin(), sources.end()};
  }
  if (auto refs = object.find("external_references"); refs != object.end() && refs->is_array()) {
    for (const auto& ref : *refs) {
      if (!ref.is_object()) continue;
      auto name = ref.find("source_name");
      if (name != ref.end() && name->is_string() &&
          name->get_ref<const std::string&>().starts_with("misp-galaxy:")) {
        sources.insert(name->get<std::string>());
      }
    }
  }
  if (sources.empty()) {
    auto creator = object.find("created_by_ref");
    sources.insert(creator != object.end() && creator->is_string() ? creator->get<std::string>()
                                                                    : std::string("-"));
  }
  return {sources.begin(), sources.end()};
}

bool IsGenericName(std::string_view key) {
  static const std::set<std::string_view> kGeneric = {
      "unknown", "other",   "none",     "apt",     "group",    "team",     "hacker",
      "hackers", "admin",   "agent",    "tool",    "tools",    "malware",  "backdoor",
      "trojan",  "rat",     "loader",   "stealer", "ransomware", "test",   "generic",
      "operation", "campaign", "actor", "threatactor", "unc",  "dev",      "storm",
      "china",   "iran",    "russia",   "northkorea", "spy",   "bot",      "botnet",
      "worm",    "virus",   "dropper",  "downloader", "webshell", "miner", "rootkit",
      "exploit", "client",  "server",   "update",  "service",  "windows",  "linux"};
  if (key.size() < 3) return true;
  if (std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  return kGeneric.count(key) > 0;
}

Result<MergeOutcome> MergeCandidates(store::Store& store, std::vector<Candidate> candidates) {
  return Merger(store).Run(std::move(candidates));
}

}  // namespace rampart::intel::internal
