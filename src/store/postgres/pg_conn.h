// A thin RAII layer over libpq: one connection, parameterised queries with
// text parameters, COPY FROM STDIN, and errors turned into rampart::Status
// values that name the server (never the password).
//
// Thread-safety: none; a PgConn belongs to one PostgresStore, used by one
// thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

struct pg_conn;
struct pg_result;

namespace rampart::store::internal {

// A query result, owned. Values are text (libpq's text format); a NULL reads
// as "" from Text() and true from IsNull().
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  ~PgResult();

  int Rows() const;
  bool IsNull(int row, int column) const;
  std::string_view Text(int row, int column) const;  // valid while this result lives
  int64_t Int(int row, int column) const;             // 0 for NULL or non-numbers
  double Real(int row, int column) const;
  bool Bool(int row, int column) const;               // "t"

 private:
  pg_result* result_;
};

// A parameter: text, or NULL.
using PgParam = std::optional<std::string_view>;

class PgConn {
 public:
  // Connects to `url` (a libpq connection URI). IoError naming the server if
  // the connection fails.
  static Result<std::unique_ptr<PgConn>> Connect(const std::string& url);
  ~PgConn();

  // Runs one or more statements without parameters.
  Status Exec(std::string_view sql);
  // Runs one statement with text parameters ($1, $2 ...) and returns its rows.
  Result<PgResult> Query(std::string_view sql, const std::vector<PgParam>& params = {});

  // COPY `table_and_columns` FROM STDIN with `data` in COPY text format
  // (rows end with '\n'; see CopyBuffer).
  Status CopyIn(std::string_view table_and_columns, std::string_view data);

  // The server location without credentials, for messages: "host:port/db".
  const std::string& where() const { return where_; }
  // The SQLSTATE of the last failed statement ("" if none).
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // False once the server connection is gone.
  bool Alive() const;
  // True while a transaction block is open (or failed and not yet ended).
  bool InTransaction() const;

 private:
  PgConn(pg_conn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  Status Fail(pg_result* result, std::string_view what);

  pg_conn* conn_;
  std::string where_;
  std::string last_sqlstate_;
};

// Builds COPY text-format rows: fields separated by tabs, backslash escapes
// for '\\', '\t', '\n', '\r', and \N for NULL. NUL bytes (which PostgreSQL
// text cannot hold) are dropped.
class CopyBuffer {
 public:
  CopyBuffer& Field(std::string_view value);
  CopyBuffer& Field(int64_t value);
  CopyBuffer& Field(const std::optional<int>& value);
  CopyBuffer& Null();
  CopyBuffer& Bool(bool value) { return Raw(value ? "t" : "f"); }
  void EndRow();

  const std::string& data() const { return data_; }
  bool empty() const { return data_.empty(); }
  void clear() { data_.clear(); at_row_start_ = true; }

 private:
  CopyBuffer& Raw(std::string_view text);
  void Separator();
  std::string data_;
  bool at_row_start_ = true;
};

// `text` as valid UTF-8 without NUL bytes: invalid sequences and NULs are
// dropped (PostgreSQL refuses both in text values).
std::string SanitizeText(std::string_view text);
bool IsCleanText(std::string_view text);

}  // namespace rampart::store::internal
