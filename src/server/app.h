// The transport-independent server: authentication, routing, security
// headers and per-thread store connections. http/http_server.cc feeds it
// parsed requests; tests call Handle() directly.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "hunt/hunt_jobs.h"
#include "rampart/server/auth.h"
#include "rampart/server/http.h"
#include "rampart/server/router.h"
#include "rampart/server/server.h"
#include "rampart/store/store.h"

namespace rampart::server {

class App;

// One request as a handler sees it.
struct Call {
  const Request& request;
  const PathParams& params;
  const Principal& principal;
  App& app;
};

using Handler = std::function<Response(Call&)>;

class App {
 public:
  // `users` is borrowed and must outlive the App.
  App(ServerConfig config, UserDb& users);

  // Thread-safe. Authenticates, routes and answers; `user` receives the
  // caller's name for the access log ("-" if none).
  Response Handle(Request& request, std::string* user);

  // This thread's own connection to the store, opened on first use.
  Result<store::Store*> ThreadStore();
  // Held around every write transaction.
  std::mutex& write_mutex() { return write_mutex_; }
  UserDb& users() { return users_; }
  SessionStore& sessions() { return sessions_; }
  LoginLimiter& limiter() { return limiter_; }
  const ServerConfig& config() const { return config_; }
  const Router<Handler>& router() const { return router_; }
  // Hunt jobs and rule sets (hunt/hunt_jobs.h).
  HuntJobs& hunts() { return *hunts_; }

  // An error in the shape the path's API speaks (TAXII or REST).
  static Response ErrorFor(std::string_view path, int status, std::string_view message);

 private:
  Result<std::optional<Principal>> Authenticate(const Request& request, int* status, std::string* message);
  Response Dispatch(Request& request, const Principal* principal);

  ServerConfig config_;
  UserDb& users_;
  SessionStore sessions_;
  LoginLimiter limiter_;
  Router<Handler> router_;
  std::mutex write_mutex_;
  uint64_t serial_ = 0;  // distinguishes Apps for the per-thread stores
  std::unique_ptr<HuntJobs> hunts_;  // last: its workers stop before the rest goes
};

// Route tables, one per API (rest/*.cc, taxii/*.cc).
void AddRestRoutes(Router<Handler>& router);
void AddTaxiiRoutes(Router<Handler>& router);
void AddRespondRoutes(Router<Handler>& router);  // rest/respond_routes.cc
void AddViewRoutes(Router<Handler>& router);     // rest/view_route.cc
void AddReportRoutes(Router<Handler>& router);   // rest/report_routes.cc
void AddHuntRoutes(Router<Handler>& router);     // rest/hunt_routes.cc

// Whether `principal` may see `object` (its TLP level within the clearance;
// an object without TLP marking is clear).
bool CanSee(const Principal& principal, const stix::Object& object);

// The most restrictive TLP level among the marking-definition ids that occur
// anywhere in `json` (clear if none): the same answer as HighestTlp over the
// parsed object's markings without parsing it (an id quoted elsewhere in the
// object can only make it stricter, never looser).
stix::TlpLevel TlpOfJson(std::string_view json);
bool CanSeeJson(const Principal& principal, std::string_view json);

Principal PrincipalOf(const User& user);

}  // namespace rampart::server
