// A thin RAII layer over the SQLite C API: one connection, its prepared
// statements cached by SQL text, and errors turned into rampart::Status
// values that name the database path.
//
// Thread-safety: none; a Db belongs to one SqliteStore, used by one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <functional>
#include <unordered_map>

#include "rampart/core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace rampart::store::internal {

// A cached prepared statement, borrowed for one use. The destructor resets it
// and clears its bindings, so the next user starts clean. Move-only.
// Text bound with Bind() is NOT copied: it must outlive the last Step().
// Text read with Text() is valid until the next Step() or destruction.
class Stmt {
 public:
  // `owned` statements (prepared because the cached one was busy) are
  // finalized instead of reset.
  Stmt(sqlite3_stmt* stmt, const std::string* db_path, bool owned = false)
      : stmt_(stmt), db_path_(db_path), owned_(owned) {}
  Stmt(Stmt&& other) noexcept : stmt_(other.stmt_), db_path_(other.db_path_), owned_(other.owned_) {
    other.stmt_ = nullptr;
  }
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  ~Stmt();

  // Parameters are 1-based, as in SQLite.
  Stmt& Bind(int index, std::string_view text);
  Stmt& Bind(int index, int64_t value);
  Stmt& Bind(int index, std::optional<int> value);  // nullopt binds NULL
  Stmt& BindNull(int index);

  // Advances: true if a row is available, false when done; an error names
  // the database path and SQLite's message.
  Result<bool> Step();
  // Steps until done (for statements that return no rows).
  Status Run();

  // Columns are 0-based. Text() of NULL is "".
  std::string_view Text(int column) const;
  int64_t Int(int column) const;
  double Real(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  const std::string* db_path_;
  bool owned_;
};

// One open connection.
class Db {
 public:
  // Opens `path` (":memory:" for a private in-memory database), creating the
  // file if needed. IoError naming the path if it cannot be opened.
  // `read_only`: never creates or writes; NotFound if `path` does not exist.
  // `immutable`: read-only and assuming no other process writes, for a file
  // in a read-only folder where SQLite cannot create the WAL index.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, bool read_only = false, bool immutable = false);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements that return no rows (pragmas, DDL, BEGIN).
  Status Exec(std::string_view sql);
  // The cached statement for `sql`, prepared on first use. If the cached one
  // is in use (a caller re-entered during a Scan), a fresh one is prepared.
  Result<Stmt> Prepare(std::string_view sql);
  // Runs a statement returning one integer (e.g. a pragma); error if no row.
  Result<int64_t> QueryInt(std::string_view sql);
  Result<std::string> QueryText(std::string_view sql);

  // The error for SQLite result `rc` while doing `what`, naming the path.
  Status Error(int rc, std::string_view what) const;

  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
};

// Maps a SQLite result code and message to a Status that names `path`.
Status SqliteError(int rc, std::string_view message, std::string_view path, std::string_view what);

}  // namespace rampart::store::internal
