// The knowledge base: every version of every STIX object, with the indexes
// that analysts' questions need.
//
// One interface, two implementations: SQLite (the default: embedded, one file,
// WAL, FTS5) and PostgreSQL (a shared server: COPY, tsvector). Callers see only
// this header and open.h, so a backend can be added without touching them.
//
// Versions. An object is identified by `id`; each (id, modified) pair is one
// version. The current version is the one with the greatest `modified`
// (STIX 2.1 §3.6). Putting the same (id, modified) again with identical JSON
// is a no-op; with different JSON it is an error (kAlreadyExists) naming the
// id, because two different objects cannot share a version. Putting an older
// version keeps it as history without changing the current one. A revoked
// current version makes the object revoked: lookups skip it unless asked.
//
// Transactions. Every write goes through a Transaction: all of its Puts land
// at Commit() or none do (destroying an uncommitted Transaction rolls back).
// One writer at a time (other writers wait at Begin, across processes and,
// with PostgreSQL, machines); readers see the last committed state and never
// wait for a writer.
//
// Thread-safety: a Store is used by one thread at a time. Open one per thread
// for parallel readers (SQLite WAL allows many readers and one writer).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/stix/object.h"

namespace rampart::store {

// What a Put did.
enum class PutOutcome {
  kInserted,    // first version of this id
  kNewVersion,  // a newer version; it is now current
  kHistory,     // an older version; kept, current unchanged
  kUnchanged,   // this exact version was already stored
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  // Validates `object` against STIX 2.1 (stix/validate.h) and stores it.
  // InvalidInput if it is not valid; kAlreadyExists if this (id, modified)
  // exists with different content. A failed Put leaves the transaction usable
  // (the caller decides whether to skip the object or abandon everything).
  Result<PutOutcome> Put(const stix::Object& object);

  // Put for an object the caller has just checked with stix::Validate and
  // found valid (importers screen every object before the merge): the same
  // outcomes and errors as Put without validating a second time. Passing an
  // object that was not validated, or changed since, may store an invalid
  // object; that is the caller's bug.
  Result<PutOutcome> PutValidated(const stix::Object& object);

  // Makes every Put of this transaction durable and visible. After Commit (ok
  // or not) the transaction is finished. An error means nothing was stored.
  virtual Status Commit() = 0;

  // Discards every Put. Also what the destructor does if Commit was not called.
  virtual void Rollback() = 0;

 protected:
  virtual Result<PutOutcome> DoPut(const stix::Object& object) = 0;
};

// Search results and graph edges carry just enough to print and follow.
struct SearchHit {
  std::string id;
  std::string type;
  std::string name;
  std::string snippet;  // the matching text with the match marked [like this]
  double rank = 0;      // lower is better (FTS5 bm25)
};

struct Edge {
  std::string relationship_id;
  std::string relationship_type;  // "uses", "attributed-to", "targets" ...
  std::string source_ref;
  std::string target_ref;
  std::string created_by_ref;     // who claims it ("" if nobody said)
  std::optional<int> confidence;
};

enum class Direction { kOutgoing, kIncoming, kBoth };

struct LookupOptions {
  bool include_revoked = false;
  bool include_deprecated = true;
};

struct ExportFilter {
  std::vector<std::string> types;         // empty = every type
  std::optional<TimestampUs> modified_since;
  // Highest TLP level included: "clear", "green", "amber", "amber+strict", "red".
  // Objects without a TLP marking count as "clear". Empty = no limit.
  std::string max_tlp;
  bool include_revoked = false;
};

// --- Added for the TAXII server: when each version was stored. ---
// Which versions of an id ListAdded returns (TAXII match[version]); several
// may be combined.
struct VersionSelector {
  bool last = false;    // the current version
  bool first = false;   // the oldest stored version
  bool all = false;     // every version (the others are then redundant)
  std::vector<TimestampUs> modified;  // versions whose `modified` is this instant
};

struct AddedQuery {
  std::optional<TimestampUs> added_after;  // only versions stored strictly later
  // Resume strictly after this (added, seq) position (a page cursor).
  std::optional<std::pair<TimestampUs, int64_t>> after_position;
  std::vector<std::string> ids;    // empty = every id
  std::vector<std::string> types;  // empty = every type
  VersionSelector versions;        // nothing set = last
  int limit = 100;                 // > 0
};

struct AddedVersion {
  stix::Object object;    // id, type, name, created, modified, json only (no parse)
  TimestampUs added = 0;  // when this version was stored (microseconds, UTC)
  int64_t seq = 0;        // storage order; (added, seq) orders every version
};

// What an access check needs of an object, read without its JSON.
struct Glance {
  std::string id;
  std::string name;
  std::vector<std::string> marking_refs;  // object_marking_refs of the current version
};

struct TypeCount {
  std::string type;
  int64_t objects = 0;  // distinct ids (current versions)
};

class Store {
 public:
  virtual ~Store() = default;

  // Starts the one write transaction. FailedPrecondition if one is open.
  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;

  // The current version of `id`; NotFound if there is none.
  virtual Result<stix::Object> Get(std::string_view id) = 0;

  // Every stored version of `id`, oldest first; empty if none.
  virtual Result<std::vector<stix::Object>> Versions(std::string_view id) = 0;

  // Current objects whose name or an alias equals `name` after
  // NormalizeName() ("APT 40", "apt-40" and "APT40" are one key), ordered by
  // type then id. `types` narrows the search; empty = any type.
  virtual Result<std::vector<stix::Object>> FindByName(std::string_view name,
                                                       const std::vector<std::string>& types = {},
                                                       const LookupOptions& options = {}) = 0;

  // Current objects with an external reference whose external_id equals
  // `external_id` (case-insensitive: "g0065", "CVE-2021-26855").
  virtual Result<std::vector<stix::Object>> FindByExternalId(std::string_view external_id,
                                                             const LookupOptions& options = {}) = 0;

  // Full-text search over names, aliases and descriptions (FTS5 syntax is
  // not exposed: `text` is words, all of which must occur, prefix-matched).
  // Objects whose name or an alias equals `text` under NormalizeName() come
  // first ("APT 40" finds Leviathan, alias APT40), then the full-text hits by
  // rank; `limit` bounds the whole list.
  virtual Result<std::vector<SearchHit>> Search(std::string_view text, std::string_view type = {},
                                                int limit = 50) = 0;

  // Relationships (current, not revoked) that have `id` as source and/or target.
  virtual Result<std::vector<Edge>> Edges(std::string_view id, Direction direction) = 0;

  // Calls `fn` with every current object that passes `filter`, ordered by
  // type then id. Stops at and returns the first error `fn` returns.
  virtual Status Scan(const ExportFilter& filter,
                      absl::FunctionRef<Status(const stix::Object&)> fn) = 0;

  // Current object counts per type, ordered by type.
  virtual Result<std::vector<TypeCount>> CountByType() = 0;

  // The current, not revoked containers (report, grouping, note, opinion,
  // observed-data) whose object_refs name `id`, ordered by type then id;
  // empty if none. Answers "which report says this?" without a scan.
  virtual Result<std::vector<stix::Object>> Containers(std::string_view id) = 0;

  // --- Added for the TAXII server. ---

  // Versions matching `query`, ordered by (added, seq), at most query.limit.
  // `added` is the wall-clock time the version was first stored (versions
  // stored before the store recorded it carry the time of that upgrade).
  // Revoked versions are included. Objects are not parsed (see AddedVersion;
  // a page only copies JSON text). Default implementation: Unimplemented, so
  // a backend without it still builds; SQLite and PostgreSQL implement it.
  virtual Result<std::vector<AddedVersion>> ListAdded(const AddedQuery& query);

  // The current versions of `ids` (as Get finds them), in no particular
  // order; an id the store does not have is left out. For checking many
  // objects' markings at once (the server's graph and views): the SQLite
  // store answers from its name and marking indexes without reading or
  // parsing JSON. Default implementation: Get, one id at a time.
  virtual Result<std::vector<Glance>> Glances(const std::vector<std::string>& ids);
};

// The alias index key: case-folded, with spaces, punctuation and '_' removed
// ("APT 40" -> "apt40", "TEMP.Periscope" -> "tempperiscope"). Non-ASCII
// letters are kept (lower-cased where ASCII only).
std::string NormalizeName(std::string_view name);

}  // namespace rampart::store
