// Reads the delivery outbox's `delivery` table read-only. The table is the
// outbox's (delivery/outbox.cc); only the four columns statistics need are
// read, so the outbox may grow columns freely.
#include <sqlite3.h>
#include <sys/stat.h>

#include "rampart/respond/stats.h"

namespace rampart::respond {

Result<std::vector<DeliveryRecord>> ReadOutboxDeliveries(const std::string& path) {
  std::vector<DeliveryRecord> out;
  struct stat info;
  if (path.empty() || path == ":memory:" || ::stat(path.c_str(), &info) != 0) return out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return IoError("cannot open outbox: " + message, {.file = path});
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* stmt = nullptr;
  const char* sql = "SELECT message_id, recipient, state, created_us FROM delivery ORDER BY id";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    return IoError("not a delivery outbox: " + message, {.file = path});
  }
  int rc;
  auto text = [&](int column) {
    const unsigned char* value = sqlite3_column_text(stmt, column);
    return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
  };
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    out.push_back({text(0), text(1), text(2), sqlite3_column_int64(stmt, 3)});
  }
  sqlite3_finalize(stmt);
  std::string message = sqlite3_errmsg(db);
  sqlite3_close(db);
  if (rc != SQLITE_DONE) return IoError("reading the outbox: " + message, {.file = path});
  return out;
}

}  // namespace rampart::respond
