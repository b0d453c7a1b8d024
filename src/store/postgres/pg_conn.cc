// libpq glue. Every parameter is sent as text in one PQexecParams round trip;
// results come back whole (the store's result sets are bounded by paging).
#include "postgres/pg_conn.h"

#include <libpq-fe.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace rampart::store::internal {
namespace {

void IgnoreNotice(void*, const char*) {}

// "host:port/db" from a connection, for messages without credentials.
std::string Where(pg_conn* conn) {
  const char* host = PQhost(conn);
  const char* port = PQport(conn);
  const char* db = PQdb(conn);
  return fmt::format("{}:{}/{}", host ? host : "?", port ? port : "?", db ? db : "?");
}

// The URL with any password replaced, for a failed connection's message.
std::string Redact(const std::string& url) {
  size_t scheme = url.find("://");
  size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::string TrimMessage(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

PgResult::~PgResult() {
  if (result_) PQclear(result_);
}

int PgResult::Rows() const { return result_ ? PQntuples(result_) : 0; }
bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string_view PgResult::Text(int row, int column) const {
  return std::string_view(PQgetvalue(result_, row, column),
                          static_cast<size_t>(PQgetlength(result_, row, column)));
}

int64_t PgResult::Int(int row, int column) const {
  return IsNull(row, column) ? 0 : std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

double PgResult::Real(int row, int column) const {
  return IsNull(row, column) ? 0 : std::strtod(PQgetvalue(result_, row, column), nullptr);
}

bool PgResult::Bool(int row, int column) const { return Text(row, column) == "t"; }

Result<std::unique_ptr<PgConn>> PgConn::Connect(const std::string& url) {
  pg_conn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return IoError(fmt::format("cannot connect to '{}': out of memory", Redact(url)));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = TrimMessage(PQerrorMessage(conn));
    PQfinish(conn);
    return IoError(fmt::format("cannot connect to PostgreSQL at '{}': {}", Redact(url), message));
  }
  PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);
  return std::unique_ptr<PgConn>(new PgConn(conn, Where(conn)));
}

PgConn::~PgConn() { PQfinish(conn_); }

bool PgConn::Alive() const { return PQstatus(conn_) == CONNECTION_OK; }

bool PgConn::InTransaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

Status PgConn::Fail(pg_result* result, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string message = TrimMessage(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (message.empty()) message = TrimMessage(PQerrorMessage(conn_));
  if (result) PQclear(result);
  std::string text = fmt::format("PostgreSQL '{}': {} failed: {}", where_, what, message);
  // Class 23 (integrity), 22 (data), 40 (serialization) are refusals of
  // this write; anything else (connection, server) is I/O.
  if (last_sqlstate_.starts_with("40")) return MakeError(absl::StatusCode::kAborted, text);
  if (last_sqlstate_ == "55P03") return MakeError(absl::StatusCode::kDeadlineExceeded, text);
  if (last_sqlstate_.starts_with("22") || last_sqlstate_.starts_with("23")) return Internal(text);
  return IoError(text);
}

Status PgConn::Exec(std::string_view sql) {
  std::string text(sql);
  pg_result* result = PQexec(conn_, text.c_str());
  ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Fail(result, fmt::format("'{}'", sql.substr(0, 60)));
  }
  PQclear(result);
  return absl::OkStatus();
}

Result<PgResult> PgConn::Query(std::string_view sql, const std::vector<PgParam>& params) {
  std::string text(sql);
  // libpq wants NUL-terminated values; copy each once.
  std::vector<std::string> storage;
  storage.reserve(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    if (!params[i]) continue;
    storage.push_back(SanitizeText(*params[i]));
    values[i] = storage.back().c_str();
  }
  pg_result* result = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0);
  ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Fail(result, fmt::format("'{}'", sql.substr(0, 60)));
  }
  return PgResult(result);
}

Status PgConn::CopyIn(std::string_view table_and_columns, std::string_view data) {
  if (data.empty()) return absl::OkStatus();
  std::string sql = fmt::format("COPY {} FROM STDIN", table_and_columns);
  pg_result* start = PQexec(conn_, sql.c_str());
  if (start == nullptr || PQresultStatus(start) != PGRES_COPY_IN) return Fail(start, sql);
  PQclear(start);
  constexpr size_t kChunk = 1 << 20;
  for (size_t offset = 0; offset < data.size(); offset += kChunk) {
    size_t n = std::min(kChunk, data.size() - offset);
    if (PQputCopyData(conn_, data.data() + offset, static_cast<int>(n)) != 1) return Fail(nullptr, sql);
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) return Fail(nullptr, sql);
  Status status;
  while (pg_result* result = PQgetResult(conn_)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      if (status.ok()) status = Fail(result, sql);
      else PQclear(result);
      continue;
    }
    PQclear(result);
  }
  return status;
}

CopyBuffer& CopyBuffer::Raw(std::string_view text) {
  Separator();
  data_.append(text);
  return *this;
}

void CopyBuffer::Separator() {
  if (!at_row_start_) data_.push_back('\t');
  at_row_start_ = false;
}

CopyBuffer& CopyBuffer::Field(std::string_view value) {
  if (!IsCleanText(value)) return Field(std::string_view(SanitizeText(value)));
  Separator();
  for (char c : value) {
    switch (c) {
      case '\\': data_ += "\\\\"; break;
      case '\t': data_ += "\\t"; break;
      case '\n': data_ += "\\n"; break;
      case '\r': data_ += "\\r"; break;
      case '\0': break;
      default: data_.push_back(c);
    }
  }
  return *this;
}

CopyBuffer& CopyBuffer::Field(int64_t value) { return Raw(fmt::format("{}", value)); }

CopyBuffer& CopyBuffer::Field(const std::optional<int>& value) {
  return value ? Raw(fmt::format("{}", *value)) : Null();
}

CopyBuffer& CopyBuffer::Null() { return Raw("\\N"); }

void CopyBuffer::EndRow() {
  data_.push_back('\n');
  at_row_start_ = true;
}

bool IsCleanText(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] == 0) return false;
    if (s[i] < 0x80) { ++i; continue; }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string SanitizeText(std::string_view text) {
  if (IsCleanText(text)) return std::string(text);
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    if (s[i] < 0x80) {
      if (s[i] != 0) out.push_back(static_cast<char>(s[i]));
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0) out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
  return out;
}

}  // namespace rampart::store::internal
