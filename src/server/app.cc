// Authentication, dispatch and the headers every answer carries.
#include "app.h"
#include "rampart/server/static_files.h"

#include <sodium.h>

#include <string.h>

#include <atomic>

#include <fmt/format.h>

#include "rampart/server/query.h"
#include "rampart/store/open.h"

namespace rampart::server {

Status ServeOn(App& app, const ServerConfig& config);  // http/http_server.cc

namespace {

constexpr std::string_view kCookieName = "rampart_session";

bool IsTaxiiPath(std::string_view path) { return path.substr(0, 8) == "/taxii2/" || path == "/taxii2"; }

void AddSecurityHeaders(Response& response) {
  response.SetHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("Referrer-Policy", "no-referrer");
  response.SetHeader("Cross-Origin-Resource-Policy", "same-origin");
  if (response.Header("Cache-Control").empty()) response.SetHeader("Cache-Control", "no-store");
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return {};
}

std::optional<std::pair<std::string, std::string>> DecodeBasic(std::string_view encoded) {
  std::string out(encoded.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), encoded.data(), encoded.size(),
                        nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  size_t colon = out.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(out.substr(0, colon), out.substr(colon + 1));
}

Response Login(App& app, const Request& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("user") || !body["user"].is_string() || !body.contains("password") ||
      !body["password"].is_string()) {
    return ApiError(400, "expected {\"user\": ..., \"password\": ...}");
  }
  std::string name = body["user"];
  std::string key = request.remote.substr(0, request.remote.rfind(':')) + "|" + name;
  if (!app.limiter().Allowed(key)) return ApiError(429, "too many failed logins; try again later");
  Result<std::optional<User>> user = app.users().CheckPassword(name, body["password"].get<std::string>());
  if (!user.ok()) return ApiError(500, "user database error");
  if (!*user) {
    app.limiter().Failed(key);
    app.users().Audit(name, "login-failed", request.remote);
    return ApiError(401, "wrong user name or password");
  }
  app.limiter().Succeeded(key);
  app.users().Audit(name, "login", request.remote);
  SessionStore::Created session = app.sessions().Create((*user)->id);
  Response response = JsonResponse(200, {{"user", name}, {"role", RoleName((*user)->role)}, {"csrf_token", session.csrf}});
  response.SetHeader("Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800",
                                               kCookieName, session.cookie));
  return response;
}

}  // namespace

Principal PrincipalOf(const User& user) {
  return Principal{user.id, user.name, user.role, user.organisation, user.clearance, false};
}

bool CanSee(const Principal& principal, const stix::Object& object) {
  std::optional<stix::TlpLevel> level = stix::HighestTlp(object.object_marking_refs);
  return static_cast<int>(level.value_or(stix::TlpLevel::kClear)) <= static_cast<int>(principal.clearance);
}

stix::TlpLevel TlpOfJson(std::string_view json) {
  // memmem, not string_view::find: find stops at every 'm' of the text
  // (memchr, then a compare), which made this scan 14% of a TAXII page.
  constexpr std::string_view kPrefix = "marking-definition--";
  constexpr size_t kUuid = 36;
  int highest = static_cast<int>(stix::TlpLevel::kClear);
  const char* begin = json.data();
  const char* end = begin + json.size();
  for (const char* at = begin; at < end;) {
    const void* found = memmem(at, static_cast<size_t>(end - at), kPrefix.data(), kPrefix.size());
    if (found == nullptr) break;
    at = static_cast<const char*>(found);
    if (static_cast<size_t>(end - at) < kPrefix.size() + kUuid) break;
    std::optional<stix::TlpLevel> level = stix::TlpLevelOfMarking(std::string_view(at, kPrefix.size() + kUuid));
    if (level) highest = std::max(highest, static_cast<int>(*level));
    at += kPrefix.size();
  }
  return static_cast<stix::TlpLevel>(highest);
}

bool CanSeeJson(const Principal& principal, std::string_view json) {
  return static_cast<int>(TlpOfJson(json)) <= static_cast<int>(principal.clearance);
}

App::App(ServerConfig config, UserDb& users) : config_(std::move(config)), users_(users) {
  static std::atomic<uint64_t> next_serial{1};
  serial_ = next_serial++;
  router_.Add("POST", "/api/v1/login", "exchanges a user name and password for a session cookie",
              [](Call& call) { return Login(call.app, call.request); });
  AddRestRoutes(router_);
  AddRespondRoutes(router_);
  AddViewRoutes(router_);
  AddReportRoutes(router_);
  AddHuntRoutes(router_);
  AddTaxiiRoutes(router_);
  hunts_ = std::make_unique<HuntJobs>(config_, write_mutex_);
}

Result<store::Store*> App::ThreadStore() {
  // Keyed by the App's serial, not its address: a later App may be built
  // where an earlier one was, on another store.
  thread_local std::unique_ptr<store::Store> store;
  thread_local uint64_t owner = 0;
  if (store == nullptr || owner != serial_) {
    store.reset();
    RAMPART_ASSIGN_OR_RETURN(store, store::OpenStore(config_.store_location));
    owner = serial_;
  }
  return store.get();
}

Response App::ErrorFor(std::string_view path, int status, std::string_view message) {
  if (!IsTaxiiPath(path)) return ApiError(status, message);
  Response response = JsonResponse(status, {{"title", std::string(StatusReason(status))},
                                            {"description", message},
                                            {"http_status", std::to_string(status)}});
  response.content_type = "application/taxii+json;version=2.1";
  return response;
}

Result<std::optional<Principal>> App::Authenticate(const Request& request, int* status, std::string* message) {
  std::string_view authorization = request.Header("authorization");
  if (authorization.substr(0, 7) == "Bearer ") {
    RAMPART_ASSIGN_OR_RETURN(std::optional<User> user, users_.CheckToken(authorization.substr(7)));
    if (!user) {
      *status = 401;
      *message = "invalid or revoked token";
      return std::optional<Principal>();
    }
    return std::optional<Principal>(PrincipalOf(*user));
  }
  if (authorization.substr(0, 6) == "Basic ") {
    auto credentials = DecodeBasic(authorization.substr(6));
    if (!credentials) {
      *status = 401;
      *message = "malformed Basic credentials";
      return std::optional<Principal>();
    }
    std::string key = request.remote.substr(0, request.remote.rfind(':')) + "|" + credentials->first;
    if (!limiter_.Allowed(key)) {
      *status = 429;
      *message = "too many failed logins; try again later";
      return std::optional<Principal>();
    }
    RAMPART_ASSIGN_OR_RETURN(std::optional<User> user, users_.CheckPassword(credentials->first, credentials->second));
    if (!user) {
      limiter_.Failed(key);
      users_.Audit(credentials->first, "login-failed", request.remote);
      *status = 401;
      *message = "wrong user name or password";
      return std::optional<Principal>();
    }
    limiter_.Succeeded(key);
    return std::optional<Principal>(PrincipalOf(*user));
  }
  std::string cookie = CookieValue(request.Header("cookie"), kCookieName);
  if (!cookie.empty()) {
    auto session = sessions_.Find(cookie);
    if (session) {
      RAMPART_ASSIGN_OR_RETURN(std::optional<User> user, users_.UserById(session->first));
      if (user) {
        bool safe = request.method == "GET" || request.method == "HEAD";
        std::string_view csrf = request.Header("x-csrf-token");
        if (!safe && (csrf.size() != session->second.size() ||
                      sodium_memcmp(csrf.data(), session->second.data(), csrf.size()) != 0)) {
          *status = 403;
          *message = "a cookie-authenticated write needs the X-CSRF-Token header";
          return std::optional<Principal>();
        }
        Principal principal = PrincipalOf(*user);
        principal.via_cookie = true;
        return std::optional<Principal>(principal);
      }
    }
  }
  *status = 401;
  *message = "authentication required (Bearer token, Basic or session cookie)";
  return std::optional<Principal>();
}

Response App::Handle(Request& request, std::string* user) {
  Response response;
  Result<Target> target = ParseTarget(request.target);
  if (!target.ok()) {
    response = ErrorFor(request.target, 400, std::string(target.status().message()));
  } else {
    request.path = target->path;
    request.query = std::move(target->params);
    bool login = request.path == "/api/v1/login/" || request.path == "/api/v1/login";
    if (!config_.web_root.empty() && IsStaticPath(request.path)) {
      // The dashboard's files are public (the sign-in page loads first); its
      // data comes from the API below, which authenticates every call.
      response = ServeStatic(config_.web_root, request.method, request.path);
      AddSecurityHeaders(response);
      response.SetHeader("Content-Security-Policy", DashboardContentSecurityPolicy());
      return response;
    }
    bool discovery = IsTaxiiPath(request.path) && Router<Handler>::Split(request.path).size() == 1;
    if (login || discovery) {
      response = Dispatch(request, nullptr);  // the login itself and TAXII discovery are public
    } else {
      int status = 401;
      std::string message;
      Result<std::optional<Principal>> principal = Authenticate(request, &status, &message);
      if (!principal.ok()) {
        response = ErrorFor(request.path, 500, "user database error");
      } else if (!*principal) {
        response = ErrorFor(request.path, status, message);
        if (status == 401) response.SetHeader("WWW-Authenticate", "Basic realm=\"rampart\", Bearer");
      } else {
        *user = (*principal)->name;
        response = Dispatch(request, &**principal);
      }
    }
  }
  AddSecurityHeaders(response);
  return response;
}

Response App::Dispatch(Request& request, const Principal* principal) {
  auto match = router_.Find(request.method, request.path);
  if (match.handler == nullptr) {
    if (!match.allowed.empty()) {
      Response response = ErrorFor(request.path, 405, "method not allowed");
      std::string allow;
      for (const std::string& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
      response.SetHeader("Allow", allow);
      return response;
    }
    return ErrorFor(request.path, 404, "no such resource");
  }
  static const Principal kAnonymous{};
  Call call{request, match.params, principal ? *principal : kAnonymous, *this};
  try {
    return (*match.handler)(call);
  } catch (const std::exception& error) {
    return ErrorFor(request.path, 500, "internal error");
  }
}

Result<std::string> AuthDbPathFor(const std::string& store_location) {
  std::string location = store_location;
  if (location.rfind("sqlite:", 0) == 0) location = location.substr(7);
  if (location.find("://") != std::string::npos) {
    return InvalidInput(fmt::format("store '{}' is not a SQLite file: give --auth-db PATH", store_location));
  }
  return location;
}

Status RunServer(const ServerConfig& config) {
  std::string auth_path = config.auth_db;
  if (auth_path.empty()) {
    RAMPART_ASSIGN_OR_RETURN(auth_path, AuthDbPathFor(config.store_location));
  }
  {
    RAMPART_ASSIGN_OR_RETURN(auto store, store::OpenStore(config.store_location));  // create/migrate once
  }
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<UserDb> users, UserDb::Open(auth_path));
  RAMPART_ASSIGN_OR_RETURN(int64_t count, users->CountUsers());
  if (count == 0) {
    std::string password = RandomToken(18);
    RAMPART_RETURN_IF_ERROR(users->AddUser("admin", Role::kAdmin, "", stix::TlpLevel::kRed, password).status());
    RAMPART_ASSIGN_OR_RETURN(std::string token, users->CreateToken("admin"));
    users->Audit("-", "bootstrap-admin", "admin");
    if (config.on_bootstrap) {
      config.on_bootstrap(fmt::format("created user 'admin' (role admin); shown once:\n  password: {}\n  token:    {}",
                                      password, token));
    }
  }
  App app(config, *users);
  return ServeOn(app, config);
}

}  // namespace rampart::server
