// The PostgreSQL backend (docs/design/store.md, "PostgreSQL"): the same
// tables as SQLite in one schema of a PostgreSQL database, reached through
// libpq. Selected by OpenStore("postgresql://..." or "postgres://...").
//
// Writers. Begin() opens a READ COMMITTED transaction and takes an exclusive
// transaction-scoped advisory lock for the store's schema, so writers from
// any number of processes and machines queue one after another (waiting up
// to `lock_timeout_ms`, then DeadlineExceeded; a deadlock with a session
// outside rampart is retried, `begin_attempts` in all, then Aborted);
// readers take no lock and see the last committed state (MVCC), never
// waiting for a writer.
// Puts are buffered and written with COPY at Commit (and before any read
// inside the transaction, so it reads its own Puts). A writer that dies
// (kill -9, lost connection) leaves the store as it was: the server rolls
// its transaction back.
//
// Thread-safety: one thread at a time per PostgresStore (one connection).
#pragma once

#include <memory>
#include <string>

#include "postgres/pg_conn.h"
#include "rampart/store/store.h"

namespace rampart::store::internal {

class PostgresTransaction;
struct PgWriteState;

struct PostgresOptions {
  // Milliseconds Begin() waits for another writer's lock.
  int lock_timeout_ms = 120000;
  // Attempts Begin makes when the server aborts it for a deadlock or a
  // serialisation failure (then Aborted).
  int begin_attempts = 3;
  // Puts buffered before a COPY mid-transaction (bounds client memory).
  size_t flush_bytes = 64 << 20;
};

class PostgresStore final : public Store {
 public:
  // Connects to `url` and creates or migrates the schema (in the first
  // schema of the connection's search_path). IoError naming the server if it
  // cannot connect; InvalidInput if the schema holds a newer rampart store.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url, PostgresOptions options = {});
  ~PostgresStore() override;

  Result<std::unique_ptr<Transaction>> Begin() override;
  Result<stix::Object> Get(std::string_view id) override;
  Result<std::vector<stix::Object>> Versions(std::string_view id) override;
  Result<std::vector<stix::Object>> FindByName(std::string_view name, const std::vector<std::string>& types,
                                               const LookupOptions& options) override;
  Result<std::vector<stix::Object>> FindByExternalId(std::string_view external_id,
                                                     const LookupOptions& options) override;
  Result<std::vector<SearchHit>> Search(std::string_view text, std::string_view type, int limit) override;
  Result<std::vector<Edge>> Edges(std::string_view id, Direction direction) override;
  Status Scan(const ExportFilter& filter, absl::FunctionRef<Status(const stix::Object&)> fn) override;
  Result<std::vector<TypeCount>> CountByType() override;
  Result<std::vector<stix::Object>> Containers(std::string_view id) override;
  Result<std::vector<AddedVersion>> ListAdded(const AddedQuery& query) override;  // postgres_added.cc

  // The schema version after Open (the latest this rampart knows).
  Result<int64_t> SchemaVersion();

 private:
  friend class PostgresTransaction;
  PostgresStore(std::unique_ptr<PgConn> conn, PostgresOptions options);

  Status Migrate();

  // postgres_write.cc
  Result<PutOutcome> PutCurrent(const stix::Object& object);
  Status Flush();            // COPY every buffered row
  Status DemoteStored(int64_t pk);
  Result<int64_t> NextPk();
  Status CommitTransaction();
  void RollbackTransaction();
  // Before a read: writes what the open transaction buffered.
  Status FlushForRead();

  std::unique_ptr<PgConn> conn_;
  PostgresOptions options_;
  PostgresTransaction* open_transaction_ = nullptr;  // not owned
  std::unique_ptr<PgWriteState> write_;              // set while a transaction is open
  bool in_snapshot_ = false;                         // inside Scan's read-only transaction
};

// The one write transaction of a PostgresStore; the same failure rules as
// SqliteTransaction: an input error (validation, version conflict) changes
// nothing and leaves the transaction usable; a server error breaks it
// (later Puts fail, Commit rolls back and returns that error).
class PostgresTransaction final : public Transaction {
 public:
  explicit PostgresTransaction(PostgresStore* store) : store_(store) {}
  ~PostgresTransaction() override;

  Status Commit() override;
  void Rollback() override;

 protected:
  Result<PutOutcome> DoPut(const stix::Object& object) override;

 private:
  friend class PostgresStore;
  PostgresStore* store_;  // null once finished or detached
  Status broken_;
};

// Full-text folding shared by documents and queries: diacritics removed
// (NFD, non-spacing marks dropped); nullopt when that changes nothing.
std::optional<std::string> FoldForSearch(std::string_view text);

// The to_tsquery text for the words of `folded` (postgres_search.cc); ""
// when no word has a letter or digit.
std::string BuildTsQuery(std::string_view folded);

}  // namespace rampart::store::internal
