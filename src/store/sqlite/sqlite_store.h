// The SQLite backend: one file, WAL, FTS5 (docs/design/store.md,
// docs/formats/database.md). Reached through OpenStore(); tests include this
// header directly for the fault-injection option.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "rampart/store/store.h"
#include "sqlite/sqlite_bulk.h"
#include "sqlite/sqlite_db.h"

namespace rampart::store::internal {

class SqliteTransaction;

struct SqliteOptions {
  // Open without creating or writing anything (OpenMode::kReadOnly): no
  // schema migration, no pragma that writes; a read-only file works.
  bool read_only = false;
  // Fault injection for tests: called at every COMMIT; returning true makes
  // SQLite turn the commit into a rollback (sqlite3_commit_hook), exactly as
  // a failed commit behaves.
  std::function<bool()> fail_commit;
  // Milliseconds a writer waits for another process's write lock.
  int busy_timeout_ms = 5000;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates `path` (":memory:" = a private in-memory database) and
  // creates or migrates the schema (read-only: see SqliteOptions::read_only). IoError naming the path if it cannot be
  // opened or is not a database; InvalidInput if it is another program's
  // database or was written by a newer rampart.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, SqliteOptions options = {});
  ~SqliteStore() override;

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
  Result<std::vector<AddedVersion>> ListAdded(const AddedQuery& query) override;
  Result<std::vector<Glance>> Glances(const std::vector<std::string>& ids) override;

  // "wal" for a file database, "memory" for ":memory:".
  Result<std::string> JournalMode();

 private:
  // Name/alias matches for Search (sqlite_search.cc).

 private:
  friend class SqliteTransaction;
  SqliteStore(std::unique_ptr<Db> db, SqliteOptions options);

  Status Configure();
  Status Migrate();
  Result<int64_t> SchemaVersion();

  // Called by SqliteTransaction.
  Result<PutOutcome> PutCurrent(const stix::Object& object);
  Result<int64_t> InsertObjectRow(const stix::Object& object, int64_t version_key, bool current);
  Status WriteIndexRows(const IndexRows& rows);
  Status DeleteIndexRows(int64_t pk, std::string_view id);
  Status CommitTransaction();
  void RollbackTransaction();

  // Bulk loading (sqlite_bulk.h), sqlite_bulk.cc.
  Status StartBulk();
  Result<PutOutcome> PutBulk(const stix::Object& object, int64_t version_key);
  Status FinishBulk();
  // Before a read that uses the index tables: writes what bulk loading holds
  // back, so a transaction reads its own Puts. A failure breaks the open
  // transaction.
  Status FlushBulk();

  std::unique_ptr<Db> db_;
  SqliteOptions options_;
  SqliteTransaction* open_transaction_ = nullptr;  // not owned
  std::unique_ptr<BulkState> bulk_;                // set while bulk loading
};

// The one write transaction of a SqliteStore. A Put that fails on input
// (validation, version conflict) changes nothing; a Put that fails inside
// SQLite (I/O, disk full) breaks the transaction: later Puts fail and Commit
// rolls back and returns that first error.
class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteStore* store) : store_(store) {}
  ~SqliteTransaction() override;

  Status Commit() override;
  void Rollback() override;

 protected:
  Result<PutOutcome> DoPut(const stix::Object& object) override;

 private:
  friend class SqliteStore;
  void Detach();  // the store is closing: roll back, refuse further use

  SqliteStore* store_;  // null once finished or detached
  Status broken_;       // first SQLite failure inside a Put
};

}  // namespace rampart::store::internal
