// Rules every backend shares when it stores an object: which outcome a Put
// has (versions), and which index keys a current version contributes.
// Backends only fetch what these functions need and write what they return,
// so SQLite and PostgreSQL cannot drift apart.
//
// Thread-safe; stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/store/store.h"
#include "rampart/stix/object.h"

namespace rampart::store::internal {

// Error context naming a STIX object.
inline ErrorContext ObjectContext(std::string_view id) {
  ErrorContext context;
  context.object_id = std::string(id);
  return context;
}

// The version key of an object: `modified` in microseconds since the epoch,
// so that "…00Z" and "…00.000Z" are one version. 0 for objects without
// `modified` (SCOs). InvalidInput naming the id if `modified` is malformed.
Result<int64_t> VersionKey(const stix::Object& object);

// What the backend found for the incoming object's id.
struct StoredVersions {
  // The JSON stored under (id, incoming version key), if that version exists.
  std::optional<std::string> same_version_json;
  // The version key of the current version, if the id exists at all.
  std::optional<int64_t> current_version_key;
};

// The outcome of storing `incoming` (with version key `version_key`) given
// what is stored: kUnchanged if the same version holds the same content;
// kAlreadyExists (naming the id and version) if it holds different content;
// otherwise kInserted, kNewVersion (strictly newer than current) or kHistory.
Result<PutOutcome> DecidePut(const stix::Object& incoming, int64_t version_key,
                             const StoredVersions& stored);

// True if two JSON texts hold the same value: byte-equal, or equal once
// parsed (key order and number spelling do not matter). Unparseable text is
// only equal to itself byte for byte.
bool SameJsonContent(std::string_view a, std::string_view b);

// The index rows a current version contributes.
struct IndexKeys {
  // NormalizeName() of the name and every alias; unique, non-empty.
  std::vector<std::string> names;
  struct ExternalKey {
    std::string norm;  // ExternalIdKey(external_id)
    std::string source_name;
    std::string external_id;
  };
  std::vector<ExternalKey> external_ids;  // unique by (norm, source_name)
  std::vector<std::string> marking_refs;  // unique
  // A relationship or sighting that is not revoked: one edge.
  bool edge = false;
  std::string edge_type;  // relationship_type, or "sighting"
  // Objects other than relationships and sightings that are not revoked and
  // have a name, alias or description: one full-text document.
  bool searchable = false;
  std::string aliases_text;  // aliases joined by ", "
  // A container (report, grouping, note, opinion, observed-data) that is not
  // revoked: the ids its object_refs name, unique.
  std::vector<std::string> contained_refs;
};
IndexKeys ComputeIndexKeys(const stix::Object& object);

// The external-id lookup key: ASCII-lower-cased, surrounding spaces removed.
std::string ExternalIdKey(std::string_view external_id);

// A backend transaction's Put: FailedPrecondition if the transaction is
// finished or `broken` holds an earlier failure; otherwise `put`, and a
// failure other than an input error (InvalidArgument, AlreadyExists, found
// before anything is written) is kept in `broken`, so every later Put fails
// and Commit rolls back.
Result<PutOutcome> GuardedPut(bool finished, Status& broken, absl::FunctionRef<Result<PutOutcome>()> put);

// A backend transaction's Commit once it is marked finished: `rollback` and
// `broken` if a Put broke it; otherwise `commit`, whose error is reported as
// "commit failed, nothing was stored: ...".
Status FinishCommit(const Status& broken, absl::FunctionRef<void()> rollback, absl::FunctionRef<Status()> commit);

}  // namespace rampart::store::internal
