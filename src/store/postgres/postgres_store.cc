// Opening, schema migration and the transaction life cycle of the
// PostgreSQL backend. Put and the COPY buffer are in postgres_write.cc,
// lookups in postgres_read.cc, full-text search in postgres_search.cc.
#include "postgres/postgres_store.h"

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "postgres/postgres_write.h"
#include "put_rules.h"
#include "schema/postgres_schema.h"

namespace rampart::store::internal {
namespace {

const std::string& LockSql() {
  static const std::string sql =
      fmt::format("SELECT pg_advisory_xact_lock({}, hashtext(current_schema()))", kPostgresLockSpace);
  return sql;
}

}  // namespace

PostgresStore::PostgresStore(std::unique_ptr<PgConn> conn, PostgresOptions options)
    : conn_(std::move(conn)), options_(options) {}

PostgresStore::~PostgresStore() {
  if (open_transaction_ != nullptr) open_transaction_->Rollback();
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url, PostgresOptions options) {
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<PgConn> conn, PgConn::Connect(url));
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(conn), options));
  RAMPART_RETURN_IF_ERROR(store->conn_->Exec("SET client_encoding = 'UTF8'"));
  RAMPART_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Result<int64_t> PostgresStore::SchemaVersion() {
  RAMPART_ASSIGN_OR_RETURN(PgResult where, conn_->Query("SELECT current_schema(), to_regclass('schema_version') "
                                                        "IS NOT NULL, to_regclass('objects') IS NOT NULL"));
  if (where.IsNull(0, 0)) {
    return InvalidInput(fmt::format("PostgreSQL '{}': no schema of the search_path exists to hold the store",
                                    conn_->where()));
  }
  if (!where.Bool(0, 1)) {
    if (where.Bool(0, 2)) {
      return InvalidInput(fmt::format("PostgreSQL '{}': schema '{}' holds an 'objects' table that is not a "
                                      "rampart store",
                                      conn_->where(), where.Text(0, 0)));
    }
    return 0;
  }
  RAMPART_ASSIGN_OR_RETURN(PgResult version, conn_->Query("SELECT max(version) FROM schema_version"));
  return version.Int(0, 0);
}

Status PostgresStore::Migrate() {
  const std::vector<Migration>& migrations = PostgresMigrations();
  const int latest = migrations.back().version;
  auto newer = [&](int64_t version) {
    return InvalidInput(fmt::format("PostgreSQL '{}' has a rampart schema version {}, newer than this rampart "
                                    "understands ({}); upgrade rampart",
                                    conn_->where(), version, latest));
  };
  // Up to date (the usual case): no lock, no write.
  RAMPART_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());
  if (version == latest) return absl::OkStatus();
  if (version > latest) return newer(version);
  RAMPART_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
  auto run = [&]() -> Status {
    RAMPART_RETURN_IF_ERROR(conn_->Exec(LockSql()));
    RAMPART_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());  // another process may have migrated
    if (version > latest) return newer(version);
    for (const Migration& migration : migrations) {
      if (migration.version <= version) continue;
      RAMPART_RETURN_IF_ERROR(conn_->Exec(migration.sql));
      RAMPART_RETURN_IF_ERROR(conn_->Exec(fmt::format("UPDATE schema_version SET version = {}", migration.version)));
    }
    return absl::OkStatus();
  };
  Status status = run();
  if (!status.ok()) {
    (void)conn_->Exec("ROLLBACK");
    return status;
  }
  return conn_->Exec("COMMIT");
}

Result<std::unique_ptr<Transaction>> PostgresStore::Begin() {
  if (open_transaction_ != nullptr || in_snapshot_) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     fmt::format("PostgreSQL '{}': a transaction is already open on this store", conn_->where()));
  }
  auto start = [&]() -> Result<bool> {
    RAMPART_RETURN_IF_ERROR(conn_->Exec(fmt::format("SET LOCAL lock_timeout = {}", options_.lock_timeout_ms)));
    Status locked = conn_->Exec(LockSql());
    if (!locked.ok() && locked.code() == absl::StatusCode::kDeadlineExceeded) {
      return MakeError(locked.code(), fmt::format("PostgreSQL '{}': another writer held the store for more than "
                                                  "{} ms",
                                                  conn_->where(), options_.lock_timeout_ms));
    }
    RAMPART_RETURN_IF_ERROR(locked);
    RAMPART_ASSIGN_OR_RETURN(PgResult empty, conn_->Query("SELECT NOT EXISTS (SELECT 1 FROM objects)"));
    return empty.Bool(0, 0);
  };
  // Rampart writers cannot deadlock each other (the lock comes first), but a
  // session outside rampart that holds a table lock and then waits for ours
  // can: the server aborts one side (SQLSTATE 40P01, or 40001), and if it is
  // this Begin, nothing was written yet, so it starts again.
  Result<bool> empty = false;
  for (int attempt = 1;; ++attempt) {
    RAMPART_RETURN_IF_ERROR(conn_->Exec("BEGIN ISOLATION LEVEL READ COMMITTED"));
    empty = start();
    if (empty.ok()) break;
    (void)conn_->Exec("ROLLBACK");
    if (empty.status().code() != absl::StatusCode::kAborted || attempt >= options_.begin_attempts) {
      return empty.status();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
  }
  write_ = std::make_unique<PgWriteState>();
  write_->store_was_empty = *empty;
  auto transaction = std::make_unique<PostgresTransaction>(this);
  open_transaction_ = transaction.get();
  return std::unique_ptr<Transaction>(std::move(transaction));
}

Status PostgresStore::CommitTransaction() {
  open_transaction_ = nullptr;
  Status status = Flush();
  write_.reset();
  if (status.ok()) status = conn_->Exec("COMMIT");
  if (!status.ok() && conn_->InTransaction()) (void)conn_->Exec("ROLLBACK");
  return status;
}

void PostgresStore::RollbackTransaction() {
  open_transaction_ = nullptr;
  write_.reset();
  if (conn_->InTransaction()) (void)conn_->Exec("ROLLBACK");
}

Status PostgresStore::FlushForRead() {
  if (!write_) return absl::OkStatus();
  Status status = Flush();
  if (!status.ok() && open_transaction_ != nullptr && open_transaction_->broken_.ok()) {
    open_transaction_->broken_ = status;
  }
  return status;
}

PostgresTransaction::~PostgresTransaction() {
  if (store_ != nullptr) store_->RollbackTransaction();
}

Result<PutOutcome> PostgresTransaction::DoPut(const stix::Object& object) {
  return GuardedPut(store_ == nullptr, broken_, [&] { return store_->PutCurrent(object); });
}

Status PostgresTransaction::Commit() {
  if (store_ == nullptr) return MakeError(absl::StatusCode::kFailedPrecondition, "transaction is already finished");
  PostgresStore* store = store_;
  store_ = nullptr;
  return FinishCommit(broken_, [&] { store->RollbackTransaction(); }, [&] { return store->CommitTransaction(); });
}

void PostgresTransaction::Rollback() {
  if (store_ == nullptr) return;
  store_->RollbackTransaction();
  store_ = nullptr;
}

}  // namespace rampart::store::internal
