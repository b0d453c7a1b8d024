// Opening, schema migration and the transaction life cycle of the SQLite
// backend. Reads are in sqlite_read.cc, Put in sqlite_write.cc, full-text
// search in sqlite_search.cc.
#include "sqlite/sqlite_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "put_rules.h"
#include "schema/sqlite_schema.h"

namespace rampart::store::internal {
namespace {

int CommitHook(void* options) {
  const auto* opts = static_cast<const SqliteOptions*>(options);
  return opts->fail_commit && opts->fail_commit() ? 1 : 0;
}

Status NewerSchemaError(const std::string& path, int64_t version, int latest) {
  return InvalidInput(fmt::format("database '{}' has schema version {}, newer than this rampart understands "
                                  "({}); upgrade rampart",
                                  path, version, latest));
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Db> db, SqliteOptions options)
    : db_(std::move(db)), options_(std::move(options)) {}

SqliteStore::~SqliteStore() {
  if (open_transaction_ != nullptr) open_transaction_->Detach();
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, SqliteOptions options) {
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(path, options.read_only));
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db), options));
  Status configured = store->Configure();
  if (!configured.ok() && options.read_only && path != ":memory:") {
    // A WAL store in a read-only folder: SQLite cannot create the -shm index
    // beside it. Nobody can write there either, so read it as immutable.
    RAMPART_ASSIGN_OR_RETURN(db, Db::Open(path, true, /*immutable=*/true));
    store.reset(new SqliteStore(std::move(db), std::move(options)));
    configured = store->Configure();
  }
  RAMPART_RETURN_IF_ERROR(configured);
  RAMPART_RETURN_IF_ERROR(store->Migrate());
  if (store->options_.fail_commit) sqlite3_commit_hook(store->db_->raw(), &CommitHook, &store->options_);
  return store;
}

Status SqliteStore::Configure() {
  sqlite3_busy_timeout(db_->raw(), options_.busy_timeout_ms);
  // The first read of the file: a file that is not a database fails here.
  Result<int64_t> app_id = db_->QueryInt("PRAGMA application_id");
  if (!app_id.ok()) return app_id.status();
  RAMPART_ASSIGN_OR_RETURN(int64_t tables, db_->QueryInt("SELECT count(*) FROM sqlite_schema"));
  if (*app_id != kSqliteApplicationId && tables > 0) {
    return InvalidInput(fmt::format("database '{}' is an SQLite database but not a rampart store "
                                    "(application_id {:#x})",
                                    db_->path(), *app_id));
  }
  if (options_.read_only) return absl::OkStatus();  // the pragmas below write
  // A new file: 16 KiB pages (set before the first write; fixed from then
  // on). Most ATT&CK objects are 1-8 KB of JSON: with 4 KiB pages a third of
  // them spilled into overflow chains, and every page costs a WAL frame
  // header and a checkpoint write of its own.
  if (tables == 0) RAMPART_RETURN_IF_ERROR(db_->Exec("PRAGMA page_size = 16384"));
  // WAL: readers never block the writer and a crash mid-commit leaves the
  // last committed state. NORMAL is durable across application crashes; a
  // power loss may lose the last commit but never corrupts the file.
  RAMPART_ASSIGN_OR_RETURN(std::string mode, db_->QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal" && mode != "memory") {
    return IoError(fmt::format("database '{}': cannot switch to WAL mode (journal_mode is '{}')",
                               db_->path(), mode));
  }
  // cache_size: up to 256 MB of pages. An import is one transaction; when its
  // dirty pages outgrow the cache SQLite spills them to the WAL mid-way and
  // rewrites them as the random-keyed index B-trees keep changing (ATT&CK
  // alone makes a ~80 MB store). Pages are only allocated as they are used.
  return db_->Exec(
      "PRAGMA synchronous = NORMAL;"
      "PRAGMA foreign_keys = ON;"
      "PRAGMA temp_store = MEMORY;"
      "PRAGMA cache_size = -262144;");
}

Result<int64_t> SqliteStore::SchemaVersion() {
  RAMPART_ASSIGN_OR_RETURN(int64_t has_table, db_->QueryInt("SELECT count(*) FROM sqlite_schema WHERE "
                                                            "type = 'table' AND name = 'schema_version'"));
  if (has_table == 0) return 0;
  return db_->QueryInt("SELECT max(version) FROM schema_version");
}

Status SqliteStore::Migrate() {
  const std::vector<Migration>& migrations = SqliteMigrations();
  const int latest = migrations.back().version;
  // Up to date (the usual case): no write lock, so a reader can open the
  // store while another process imports.
  RAMPART_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());
  if (version == latest) return absl::OkStatus();
  if (version > latest) return NewerSchemaError(db_->path(), version, latest);
  if (options_.read_only && version == 0) {
    return InvalidInput(fmt::format("database '{}' is not a rampart store (empty)", db_->path()));
  }
  if (options_.read_only) {
    return InvalidInput(fmt::format("database '{}' has schema version {}, older than this rampart's ({}); "
                                    "a command that writes (rampart intel import) upgrades it",
                                    db_->path(), version, latest));
  }
  RAMPART_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  auto run = [&]() -> Status {
    RAMPART_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());  // another process may have migrated
    if (version > latest) return NewerSchemaError(db_->path(), version, latest);
    for (const Migration& migration : migrations) {
      if (migration.version <= version) continue;
      RAMPART_RETURN_IF_ERROR(db_->Exec(migration.sql));
      RAMPART_RETURN_IF_ERROR(
          db_->Exec(fmt::format("UPDATE schema_version SET version = {}", migration.version)));
    }
    return db_->Exec(fmt::format("PRAGMA application_id = {}", kSqliteApplicationId));
  };
  Status status = run();
  if (!status.ok()) {
    (void)db_->Exec("ROLLBACK");
    return status;
  }
  return db_->Exec("COMMIT");
}

Result<std::string> SqliteStore::JournalMode() { return db_->QueryText("PRAGMA journal_mode"); }

Result<std::unique_ptr<Transaction>> SqliteStore::Begin() {
  if (open_transaction_ != nullptr) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     fmt::format("database '{}': a write transaction is already open", db_->path()));
  }
  if (options_.read_only) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     fmt::format("database '{}' was opened read-only", db_->path()));
  }
  // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so
  // a concurrent writer is reported here and not at the first Put.
  RAMPART_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  // An empty store is bulk loaded (sqlite_bulk.h); checked under the write
  // lock, so no other writer can fill it meanwhile.
  Result<int64_t> empty = db_->QueryInt("SELECT NOT EXISTS (SELECT 1 FROM objects)");
  Status bulk = empty.ok() ? (*empty != 0 ? StartBulk() : Status()) : empty.status();
  if (!bulk.ok()) {
    bulk_.reset();
    (void)db_->Exec("ROLLBACK");
    return bulk;
  }
  auto transaction = std::make_unique<SqliteTransaction>(this);
  open_transaction_ = transaction.get();
  return std::unique_ptr<Transaction>(std::move(transaction));
}

Status SqliteStore::CommitTransaction() {
  open_transaction_ = nullptr;
  Status status = bulk_ ? FinishBulk() : Status();
  if (status.ok()) status = db_->Exec("COMMIT");
  if (!status.ok() && sqlite3_get_autocommit(db_->raw()) == 0) (void)db_->Exec("ROLLBACK");
  return status;
}

void SqliteStore::RollbackTransaction() {
  open_transaction_ = nullptr;
  bulk_.reset();
  if (sqlite3_get_autocommit(db_->raw()) == 0) (void)db_->Exec("ROLLBACK");
}

SqliteTransaction::~SqliteTransaction() {
  if (store_ != nullptr) store_->RollbackTransaction();
}

Result<PutOutcome> SqliteTransaction::DoPut(const stix::Object& object) {
  return GuardedPut(store_ == nullptr, broken_, [&] { return store_->PutCurrent(object); });
}

Status SqliteTransaction::Commit() {
  if (store_ == nullptr) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "transaction is already finished");
  }
  SqliteStore* store = store_;
  store_ = nullptr;
  return FinishCommit(broken_, [&] { store->RollbackTransaction(); }, [&] { return store->CommitTransaction(); });
}

void SqliteTransaction::Rollback() {
  if (store_ == nullptr) return;
  store_->RollbackTransaction();
  store_ = nullptr;
}

void SqliteTransaction::Detach() {
  Rollback();
}

}  // namespace rampart::store::internal
