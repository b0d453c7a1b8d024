// `rampart serve`: the HTTP server for the REST API (/api/v1), the TAXII 2.1
// server (/taxii2/) and the OpenAPI document (/api/openapi.json).
//
// Connections are HTTP/1.1 with keep-alive, served by `threads` worker
// threads on one Boost.Asio io_context; a request is handled on the thread
// that read it. Each thread opens its own Store (a Store is one-thread-at-a-
// time); writes take one process-wide lock, so they are serialised.
//
// Limits: request headers `max_header_bytes` (431 beyond), bodies
// `max_body_bytes` (413 beyond), a whole request must arrive within
// `read_timeout` and an idle keep-alive connection is closed after it too
// (slow or half-open clients cannot hold a worker: reads and writes are
// asynchronous). A response must be written within `write_timeout`.
//
// Stopping: SIGTERM or SIGINT stops accepting, lets requests being handled
// finish and their responses be written, closes idle connections, and
// returns from Run() (after at most `drain_timeout`).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::server {

struct ServerConfig {
  std::string listen = "127.0.0.1:8480";  // host:port; port 0 = any free port
  std::string store_location;             // as store::OpenStore takes it
  std::string web_root;                   // built dashboard (web/dist); "" = no dashboard
  std::string auth_db;                    // users/tokens file; "" = the store's SQLite file
  int threads = 2;
  // HTTPS when both are set (PEM certificate chain and private key; TLS 1.2
  // or later). Plain HTTP otherwise.
  std::string tls_cert;
  std::string tls_key;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 32 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds drain_timeout{10};
  // Hunts over the API: the folders a hunt may name a path under (real
  // paths; none = uploads only), the Sigma rule sets it may choose from
  // (files or folders, named after their last component), the largest log
  // upload, and the job pool: workers (separate from the HTTP threads),
  // pipeline threads per job, jobs waiting at most, ended jobs kept at most
  // and for how long.
  std::vector<std::string> hunt_roots;
  std::vector<std::string> rule_sets;
  size_t max_hunt_upload_bytes = 32 * 1024 * 1024;
  int hunt_workers = 1;
  int hunt_threads = 1;
  size_t max_hunt_queue = 16;
  size_t max_hunt_jobs = 100;
  std::chrono::seconds hunt_retention{3600};
  // One JSON line per request (time, remote, method, path, status, bytes,
  // duration, user); never a credential or a query string. Borrowed; may be null.
  std::FILE* access_log = stderr;
  // Called once the socket listens, with its URL ("http://127.0.0.1:8480").
  std::function<void(const std::string&)> on_listening;
  // Called with a one-time message when the user table was empty and an
  // admin was created (the credential is printed nowhere else).
  std::function<void(const std::string&)> on_bootstrap;
};

// The users/tokens database path for a store location: the SQLite file itself
// ("rampart.db", "sqlite:/x/kb.db"); ":memory:" for an in-memory store;
// InvalidInput for a location that is not a SQLite file (give --auth-db).
Result<std::string> AuthDbPathFor(const std::string& store_location);

// Serves until SIGTERM/SIGINT. Errors: the address cannot be parsed or bound,
// the store or the user database cannot be opened.
Status RunServer(const ServerConfig& config);

}  // namespace rampart::server
