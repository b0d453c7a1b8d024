#include "sqlite/sqlite_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

namespace rampart::store::internal {

Status SqliteError(int rc, std::string_view message, std::string_view path, std::string_view what) {
  std::string text = fmt::format("database '{}': {}: {}", path, what, message);
  switch (rc & 0xff) {
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return IoError(text);
    default:
      return Internal(text);
  }
}

Stmt::~Stmt() {
  if (stmt_ != nullptr && owned_) {
    sqlite3_finalize(stmt_);
  } else if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Stmt& Stmt::Bind(int index, std::string_view text) {
  // A non-null pointer even for "", so that "" binds as '' and not NULL.
  sqlite3_bind_text(stmt_, index, text.empty() ? "" : text.data(), static_cast<int>(text.size()),
                    SQLITE_STATIC);
  return *this;
}

Stmt& Stmt::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Stmt& Stmt::Bind(int index, std::optional<int> value) {
  if (value) sqlite3_bind_int64(stmt_, index, *value);
  else sqlite3_bind_null(stmt_, index);
  return *this;
}

Stmt& Stmt::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  if (sql.size() > 60) sql = sql.substr(0, 57) + "...";
  return SqliteError(rc, sqlite3_errmsg(db), *db_path_, sql);
}

Status Stmt::Run() {
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return absl::OkStatus();
  }
}

std::string_view Stmt::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

int64_t Stmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Stmt::Real(int column) const { return sqlite3_column_double(stmt_, column); }

bool Stmt::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, bool read_only, bool immutable) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= read_only || immutable ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  std::string name = path;
  if (read_only && path != ":memory:") {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return NotFound(fmt::format("no knowledge base at '{}'", path));
  }
  if (immutable) {
    // A URI, so that the path's own '?' and '#' are escaped.
    name = "file:";
    for (char c : path) name += c == '?' ? "%3f" : c == '#' ? "%23" : c == '%' ? "%25" : std::string(1, c);
    name += "?immutable=1";
    flags |= SQLITE_OPEN_URI;
  }
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return IoError(fmt::format("cannot open database '{}': {}", path, message));
  }
  sqlite3_extended_result_codes(raw, 1);
  return std::unique_ptr<Db>(new Db(raw, path));
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Db::Error(int rc, std::string_view what) const {
  return SqliteError(rc, sqlite3_errmsg(db_), path_, what);
}

Status Db::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return absl::OkStatus();
  std::string what = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return SqliteError(rc, what, path_, text);
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  bool busy = it != cache_.end() && sqlite3_stmt_busy(it->second);
  if (it != cache_.end() && !busy) return Stmt(it->second, &path_);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, fmt::format("preparing '{}'", sql.substr(0, 60)));
  if (busy) return Stmt(stmt, &path_, /*owned=*/true);
  cache_.emplace(std::string(sql), stmt);
  return Stmt(stmt, &path_);
}

Result<int64_t> Db::QueryInt(std::string_view sql) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, Prepare(sql));
  RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal(fmt::format("database '{}': '{}' returned no row", path_, sql));
  return stmt.Int(0);
}

Result<std::string> Db::QueryText(std::string_view sql) {
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, Prepare(sql));
  RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal(fmt::format("database '{}': '{}' returned no row", path_, sql));
  return std::string(stmt.Text(0));
}

}  // namespace rampart::store::internal
