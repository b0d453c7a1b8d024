// The TAXII 2.1 client behind `rampart intel pull` and `rampart intel push`
// (libcurl). Talks to any TAXII 2.1 server: rampart's own or another.
//
// Pull is incremental: after a pull, the X-TAXII-Date-Added-Last of the last
// page is remembered per (API root URL, collection) in the table
// taxii_pull_state of the store's SQLite file, and the next pull asks only
// for what was added after it (unless --added-after says otherwise). All
// pages of one pull are stored in one transaction: all land or none do.
//
// Thread-safety: none needed; one call at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/store/store.h"

namespace rampart::server {

struct TaxiiCredentials {
  std::string token;  // sent as "Authorization: Bearer <token>"
  std::string user;   // "name:password" for HTTP Basic
};

struct PullOptions {
  std::string api_root;    // "http://127.0.0.1:8480/taxii2/rampart/" ('/' appended if missing)
  std::string collection;  // id or alias
  std::optional<std::string> added_after;  // overrides the remembered position
  int page_size = 500;
  TaxiiCredentials credentials;
  std::string state_db;    // SQLite file for taxii_pull_state; "" = do not remember
};

struct PullReport {
  int pages = 0;
  int64_t received = 0;
  int64_t stored = 0;      // new objects or new versions
  int64_t unchanged = 0;
  int64_t invalid = 0;     // refused by validation (listed in `problems`)
  std::string added_after_used;  // "" = from the beginning
  std::string last_added;        // remembered for the next pull ("" if nothing came)
  std::vector<std::string> problems;
};

// IoError for transport failures and HTTP errors (with the server's error
// title/description); InvalidInput for a response that is not a TAXII
// envelope. Nothing is stored on error.
Result<PullReport> Pull(store::Store& store, const PullOptions& options);

struct PushReport {
  int64_t sent = 0;
  int64_t succeeded = 0;
  int64_t failed = 0;
  std::vector<std::string> status_ids;
  std::vector<std::string> problems;  // the failures the server listed
};

// POSTs the objects of the STIX bundle at `path` (in envelopes of at most
// 500 objects) and reads each status resource.
Result<PushReport> Push(const std::string& api_root, const std::string& collection, const std::string& path,
                        const TaxiiCredentials& credentials);

}  // namespace rampart::server
