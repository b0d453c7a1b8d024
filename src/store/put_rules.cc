#include "put_rules.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rampart/core/time.h"

namespace rampart::store::internal {
namespace {

void AddUnique(std::vector<std::string>& out, std::string value) {
  if (value.empty()) return;
  if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
}

bool IsContainer(std::string_view type) {
  return type == "report" || type == "grouping" || type == "note" || type == "opinion" ||
         type == "observed-data";
}

// Only containers are parsed again here, and there are few of them; a
// report's object_refs can be long, hence the set.
std::vector<std::string> ObjectRefs(const std::string& json) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!parsed.is_object()) return out;
  auto refs = parsed.find("object_refs");
  if (refs == parsed.end() || !refs->is_array()) return out;
  std::set<std::string_view> seen;
  for (const auto& ref : *refs) {
    if (!ref.is_string()) continue;
    const std::string& text = ref.get_ref<const std::string&>();
    if (!text.empty() && seen.insert(text).second) out.push_back(text);
  }
  return out;
}

}  // namespace

Result<int64_t> VersionKey(const stix::Object& object) {
  if (object.modified.empty()) return 0;
  Result<TimestampUs> t = ParseTimestamp(object.modified);
  if (!t.ok()) {
    return InvalidInput(fmt::format("'modified' is not a timestamp: {}", std::string(t.status().message())),
                        ObjectContext(object.id));
  }
  return *t;
}

bool SameJsonContent(std::string_view a, std::string_view b) {
  if (a == b) return true;
  // Parsing only happens on this slow path: a re-import of a version whose
  // text differs only in spelling (key order, spaces, number form).
  nlohmann::json ja = nlohmann::json::parse(a, nullptr, /*allow_exceptions=*/false);
  nlohmann::json jb = nlohmann::json::parse(b, nullptr, /*allow_exceptions=*/false);
  if (ja.is_discarded() || jb.is_discarded()) return false;
  return ja == jb;
}

Result<PutOutcome> DecidePut(const stix::Object& incoming, int64_t version_key,
                             const StoredVersions& stored) {
  if (stored.same_version_json) {
    if (SameJsonContent(*stored.same_version_json, incoming.json)) return PutOutcome::kUnchanged;
    std::string version = incoming.modified.empty() ? "(no modified)" : incoming.modified;
    return MakeError(absl::StatusCode::kAlreadyExists,
                     fmt::format("{} version {} is already stored with different content; a changed "
                                 "object needs a newer 'modified'",
                                 incoming.id, version),
                     ObjectContext(incoming.id));
  }
  if (!stored.current_version_key) return PutOutcome::kInserted;
  if (version_key > *stored.current_version_key) return PutOutcome::kNewVersion;
  return PutOutcome::kHistory;
}

std::string ExternalIdKey(std::string_view external_id) {
  size_t begin = 0, end = external_id.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (begin < end && space(external_id[begin])) ++begin;
  while (end > begin && space(external_id[end - 1])) --end;
  std::string key(external_id.substr(begin, end - begin));
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

IndexKeys ComputeIndexKeys(const stix::Object& object) {
  IndexKeys keys;
  AddUnique(keys.names, NormalizeName(object.name));
  for (const std::string& alias : object.aliases) AddUnique(keys.names, NormalizeName(alias));

  for (const stix::ExternalId& ext : object.external_ids) {
    std::string norm = ExternalIdKey(ext.external_id);
    if (norm.empty()) continue;
    bool seen = std::any_of(keys.external_ids.begin(), keys.external_ids.end(), [&](const auto& k) {
      return k.norm == norm && k.source_name == ext.source_name;
    });
    if (!seen) keys.external_ids.push_back({std::move(norm), ext.source_name, ext.external_id});
  }
  for (const std::string& ref : object.object_marking_refs) AddUnique(keys.marking_refs, ref);

  bool is_sro = object.type == "relationship" || object.type == "sighting";
  if (is_sro) {
    keys.edge = !object.revoked && !object.source_ref.empty();
    keys.edge_type = object.type == "sighting" ? std::string("sighting") : object.relationship_type;
  } else {
    keys.searchable = !object.revoked &&
                      (!object.name.empty() || !object.aliases.empty() || !object.description.empty());
    for (const std::string& alias : object.aliases) {
      if (alias == object.name) continue;
      if (!keys.aliases_text.empty()) keys.aliases_text += ", ";
      keys.aliases_text += alias;
    }
    if (!object.revoked && IsContainer(object.type)) keys.contained_refs = ObjectRefs(object.json);
  }
  return keys;
}

Result<PutOutcome> GuardedPut(bool finished, Status& broken, absl::FunctionRef<Result<PutOutcome>()> put) {
  if (finished) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "transaction is finished (committed, rolled "
                                                            "back or its store was closed)");
  }
  if (!broken.ok()) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     fmt::format("transaction failed earlier and can only be rolled back: {}",
                                 std::string(broken.message())));
  }
  Result<PutOutcome> outcome = put();
  if (!outcome.ok() && outcome.status().code() != absl::StatusCode::kInvalidArgument &&
      outcome.status().code() != absl::StatusCode::kAlreadyExists) {
    broken = outcome.status();
  }
  return outcome;
}

Status FinishCommit(const Status& broken, absl::FunctionRef<void()> rollback, absl::FunctionRef<Status()> commit) {
  if (!broken.ok()) {
    rollback();
    return broken;
  }
  Status status = commit();
  if (!status.ok()) {
    return MakeError(status.code(), fmt::format("commit failed, nothing was stored: {}", std::string(status.message())));
  }
  return status;
}

}  // namespace rampart::store::internal
