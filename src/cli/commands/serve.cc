// `rampart serve` (REST API + TAXII 2.1 server) and `rampart user ...`
// (the server's users and API tokens, kept beside the knowledge base).
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli.h"
#include "rampart/server/auth.h"
#include "rampart/server/server.h"
#include "rampart/server/taxii_client.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8480";
  std::string auth_db;
  int threads = 2;
  std::string access_log;
  std::string web_root;
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> hunt_roots;
  std::vector<std::string> rule_sets;
  size_t max_hunt_upload_mib = 32;
  int hunt_workers = 1;
  int hunt_threads = 1;
};

// Where the built dashboard is: --web-root, else $RAMPART_WEB_DIR, else the
// source tree's web/dist this binary was built from (scripts/build-web.sh
// writes it), else the install location; "" when none exists.
std::string DashboardRoot(const std::string& given) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  if (const char* env = std::getenv("RAMPART_WEB_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code error;
  for (const char* candidate : {RAMPART_DEFAULT_WEB_DIR, RAMPART_INSTALL_WEB_DIR}) {
    if (fs::is_regular_file(fs::path(candidate) / "index.html", error)) return candidate;
  }
  return "";
}

struct UserArgs {
  std::string auth_db;
  std::string name;
  std::string role;
  std::string org;
  std::string clearance;
  bool password_stdin = false;
  std::string token_id;
};

Result<std::unique_ptr<server::UserDb>> OpenUsers(const Context& context, const std::string& auth_db) {
  std::string path = auth_db;
  if (path.empty()) {
    std::string location = store::DefaultStoreLocation(context.global.db);
    {
      RAMPART_ASSIGN_OR_RETURN(auto store, store::OpenStore(location));
    }
    RAMPART_ASSIGN_OR_RETURN(path, server::AuthDbPathFor(location));
  }
  return server::UserDb::Open(path);
}

int Serve(const ServeArgs& args, const Context& context) {
  server::ServerConfig config;
  config.listen = args.listen;
  config.store_location = store::DefaultStoreLocation(context.global.db);
  config.auth_db = args.auth_db;
  config.threads = args.threads;
  config.web_root = DashboardRoot(args.web_root);
  if (config.web_root.empty()) {
    std::fprintf(stderr, "rampart: no dashboard found (run scripts/build-web.sh, or give --web-root); serving the API only\n");
  } else if (!std::filesystem::is_regular_file(std::filesystem::path(config.web_root) / "index.html")) {
    return ReportError(InvalidInput(fmt::format("--web-root {}: no index.html there", config.web_root)));
  }
  config.tls_cert = args.tls_cert;
  config.tls_key = args.tls_key;
  config.hunt_roots = args.hunt_roots;
  config.rule_sets = args.rule_sets;
  config.max_hunt_upload_bytes = args.max_hunt_upload_mib * 1024 * 1024;
  config.hunt_workers = args.hunt_workers;
  config.hunt_threads = args.hunt_threads;
  std::FILE* log = stderr;
  if (!args.access_log.empty()) {
    log = args.access_log == "-" ? stdout : std::fopen(args.access_log.c_str(), "a");
    if (log == nullptr) return ReportError(IoError(fmt::format("cannot open access log '{}'", args.access_log)));
  }
  config.access_log = log;
  config.on_bootstrap = [](const std::string& message) {
    std::printf("%s\n", message.c_str());
    std::fflush(stdout);
  };
  config.on_listening = [](const std::string& url) {
    std::printf("listening on %s\n", url.c_str());
    std::fflush(stdout);
  };
  Status status = server::RunServer(config);
  if (!status.ok()) return ReportError(status);
  return kExitOk;
}

int AddUser(const UserArgs& args, const Context& context) {
  std::optional<server::Role> role = server::ParseRole(args.role);
  if (!role) return ReportError(InvalidInput("--role must be admin, analyst or constituent-reader"));
  std::string clearance_text =
      !args.clearance.empty() ? args.clearance : (*role == server::Role::kConstituentReader ? "green" : "red");
  std::optional<stix::TlpLevel> clearance = stix::ParseTlpLevel(clearance_text);
  if (!clearance) return ReportError(InvalidInput("--clearance must be clear, green, amber, amber+strict or red"));
  std::string password;
  bool generated = false;
  if (args.password_stdin) {
    std::getline(std::cin, password);
  } else {
    password = server::RandomToken(18);
    generated = true;
  }
  Result<std::unique_ptr<server::UserDb>> users = OpenUsers(context, args.auth_db);
  if (!users.ok()) return ReportError(users.status());
  Result<int64_t> id = (*users)->AddUser(args.name, *role, args.org, *clearance, password);
  if (!id.ok()) return ReportError(id.status());
  (*users)->Audit("-", "user-add", fmt::format("{} ({})", args.name, args.role));
  std::printf("added user '%s' (role %s, clearance %s%s%s)\n", args.name.c_str(), args.role.c_str(),
              std::string(stix::TlpName(*clearance)).c_str(), args.org.empty() ? "" : ", organisation ",
              args.org.c_str());
  if (generated) std::printf("password (shown once): %s\n", password.c_str());
  return kExitOk;
}

int ListUsers(const UserArgs& args, const Context& context) {
  Result<std::unique_ptr<server::UserDb>> users = OpenUsers(context, args.auth_db);
  if (!users.ok()) return ReportError(users.status());
  Result<std::vector<server::User>> list = (*users)->ListUsers();
  if (!list.ok()) return ReportError(list.status());
  std::printf("%-20s %-20s %-14s %s\n", "NAME", "ROLE", "CLEARANCE", "ORGANISATION");
  for (const server::User& user : *list) {
    std::printf("%-20s %-20s %-14s %s\n", user.name.c_str(), std::string(server::RoleName(user.role)).c_str(),
                std::string(stix::TlpName(user.clearance)).c_str(), user.organisation.c_str());
  }
  Result<std::vector<server::TokenInfo>> tokens = (*users)->ListTokens();
  if (!tokens.ok()) return ReportError(tokens.status());
  if (!tokens->empty()) std::printf("\n%-14s %-20s %-26s %s\n", "TOKEN", "USER", "CREATED", "STATE");
  for (const server::TokenInfo& token : *tokens) {
    std::printf("%-14s %-20s %-26s %s\n", token.id.c_str(), token.user.c_str(), token.created.c_str(),
                token.revoked ? "revoked" : "active");
  }
  return kExitOk;
}

int CreateToken(const UserArgs& args, const Context& context) {
  Result<std::unique_ptr<server::UserDb>> users = OpenUsers(context, args.auth_db);
  if (!users.ok()) return ReportError(users.status());
  Result<std::string> token = (*users)->CreateToken(args.name);
  if (!token.ok()) return ReportError(token.status());
  (*users)->Audit("-", "token-create", fmt::format("{} {}", args.name, token->substr(3, 12)));
  std::printf("%s\n", token->c_str());
  return kExitOk;
}

int RevokeToken(const UserArgs& args, const Context& context) {
  Result<std::unique_ptr<server::UserDb>> users = OpenUsers(context, args.auth_db);
  if (!users.ok()) return ReportError(users.status());
  Status status = (*users)->RevokeToken(args.token_id);
  if (!status.ok()) return ReportError(status);
  (*users)->Audit("-", "token-revoke", args.token_id);
  std::printf("revoked token %s\n", args.token_id.c_str());
  return kExitOk;
}

struct ClientArgs {
  std::string url;
  std::string collection;
  std::string added_after;
  std::string token;
  std::string user;
  std::string file;
  int page_size = 500;
};

server::TaxiiCredentials Credentials(const ClientArgs& args) {
  server::TaxiiCredentials credentials{args.token, args.user};
  if (credentials.token.empty()) {
    if (const char* env = std::getenv("RAMPART_TOKEN")) credentials.token = env;
  }
  return credentials;
}

int PullCommand(const ClientArgs& args, const Context& context) {
  std::string location = store::DefaultStoreLocation(context.global.db);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(location);
  if (!store.ok()) return ReportError(store.status());
  server::PullOptions options;
  options.api_root = args.url;
  options.collection = args.collection;
  if (!args.added_after.empty()) options.added_after = args.added_after;
  options.page_size = args.page_size;
  options.credentials = Credentials(args);
  options.state_db = server::AuthDbPathFor(location).value_or("");
  Result<server::PullReport> report = server::Pull(**store, options);
  if (!report.ok()) return ReportError(report.status());
  for (const std::string& problem : report->problems) std::fprintf(stderr, "rampart: skipped: %s\n", problem.c_str());
  std::printf("pulled %lld objects in %d pages%s: %lld stored, %lld unchanged, %lld refused\n",
              static_cast<long long>(report->received), report->pages,
              report->added_after_used.empty() ? "" : fmt::format(" (added after {})", report->added_after_used).c_str(),
              static_cast<long long>(report->stored), static_cast<long long>(report->unchanged),
              static_cast<long long>(report->invalid));
  if (!report->last_added.empty()) std::printf("next pull continues after %s\n", report->last_added.c_str());
  return kExitOk;
}

int PushCommand(const ClientArgs& args) {
  Result<server::PushReport> report = server::Push(args.url, args.collection, args.file, Credentials(args));
  if (!report.ok()) return ReportError(report.status());
  for (const std::string& problem : report->problems) std::fprintf(stderr, "rampart: refused: %s\n", problem.c_str());
  std::printf("pushed %lld objects: %lld accepted, %lld refused (status %s)\n", static_cast<long long>(report->sent),
              static_cast<long long>(report->succeeded), static_cast<long long>(report->failed),
              report->status_ids.empty() ? "-" : report->status_ids.back().c_str());
  return report->failed > 0 ? kExitError : kExitOk;
}

void RegisterClient(CLI::App& app, Context& context) {
  CLI::App* intel = nullptr;
  try {
    intel = app.get_subcommand("intel");
  } catch (const CLI::OptionNotFound&) {
    intel = app.add_subcommand("intel", "The threat-intelligence knowledge base (STIX 2.1)");
  }
  auto pull_args = std::make_shared<ClientArgs>();
  CLI::App* pull = intel->add_subcommand("pull", "Copy a TAXII 2.1 collection into the knowledge base (incremental)");
  pull->add_option("url", pull_args->url, "API root URL (http://host:8480/taxii2/rampart/)")->required();
  pull->add_option("--collection", pull_args->collection, "Collection id or alias")->required();
  pull->add_option("--added-after", pull_args->added_after,
                   "Only objects added after this timestamp (default: where the last pull stopped)");
  pull->add_option("--token", pull_args->token, "API token (Bearer; default $RAMPART_TOKEN)");
  pull->add_option("--user", pull_args->user, "USER:PASSWORD for HTTP Basic");
  pull->add_option("--page-size", pull_args->page_size, "Objects per request")->check(CLI::Range(1, 1000));
  pull->callback([pull_args, &context] { context.exit_code = PullCommand(*pull_args, context); });

  auto push_args = std::make_shared<ClientArgs>();
  CLI::App* push = intel->add_subcommand("push", "Add the objects of a STIX bundle to a TAXII 2.1 collection");
  push->add_option("url", push_args->url, "API root URL")->required();
  push->add_option("file", push_args->file, "STIX bundle")->required()->check(CLI::ExistingFile);
  push->add_option("--collection", push_args->collection, "Collection id or alias")->required();
  push->add_option("--token", push_args->token, "API token (Bearer; default $RAMPART_TOKEN)");
  push->add_option("--user", push_args->user, "USER:PASSWORD for HTTP Basic");
  push->callback([push_args, &context] { context.exit_code = PushCommand(*push_args); });
}

void RegisterServe(CLI::App& app, Context& context) {
  RegisterClient(app, context);
  auto serve_args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the REST API (/api/v1) and TAXII 2.1 (/taxii2/) over HTTP");
  serve->add_option("--listen", serve_args->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--threads", serve_args->threads, "Worker threads")->check(CLI::Range(1, 256))->capture_default_str();
  serve->add_option("--tls-cert", serve_args->tls_cert, "PEM certificate chain: serve HTTPS (with --tls-key)")
      ->check(CLI::ExistingFile);
  serve->add_option("--tls-key", serve_args->tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  serve->add_option("--auth-db", serve_args->auth_db, "SQLite file of users and tokens (default: the store's file)");
  serve->add_option("--web-root", serve_args->web_root, "Built dashboard folder (default: web/dist of the build's source tree)");
  serve->add_option("--hunt-root", serve_args->hunt_roots,
                    "Folder whose logs hunts over the API may name by path (repeatable; symlinks out are refused)")
      ->check(CLI::ExistingDirectory)->allow_extra_args(false);
  serve->add_option("--rules", serve_args->rule_sets,
                    "Sigma rule file or folder hunts over the API may choose, named after its last component (repeatable)")
      ->check(CLI::ExistingPath)->allow_extra_args(false);
  serve->add_option("--max-hunt-upload", serve_args->max_hunt_upload_mib,
                    "Largest log a hunt may upload, in MiB (at most the 32 MiB request body limit)")
      ->check(CLI::Range(1, 32))->capture_default_str();
  serve->add_option("--hunt-workers", serve_args->hunt_workers, "Hunts run at once (a pool apart from --threads)")
      ->check(CLI::Range(1, 64))->capture_default_str();
  serve->add_option("--hunt-threads", serve_args->hunt_threads, "Pipeline threads per hunt")
      ->check(CLI::Range(1, 256))->capture_default_str();
  serve->add_option("--access-log", serve_args->access_log, "Append the JSON access log here ('-' = stdout; default stderr)");
  serve->callback([serve_args, &context] { context.exit_code = Serve(*serve_args, context); });

  auto user_args = std::make_shared<UserArgs>();
  CLI::App* user = app.add_subcommand("user", "Users and API tokens of `rampart serve`");
  user->require_subcommand(1);
  user->add_option("--auth-db", user_args->auth_db, "SQLite file of users and tokens (default: the store's file)");
  CLI::App* add = user->add_subcommand("add", "Add a user (a random password is printed once)");
  add->add_option("name", user_args->name, "User name")->required();
  add->add_option("--role", user_args->role, "admin, analyst or constituent-reader")->required();
  add->add_option("--org", user_args->org, "Organisation (constituent name) the user belongs to");
  add->add_option("--clearance", user_args->clearance,
                  "Highest TLP level the user may read (default red; green for constituent-reader)");
  add->add_flag("--password-stdin", user_args->password_stdin, "Read the password (12+ characters) from stdin");
  add->callback([user_args, &context] { context.exit_code = AddUser(*user_args, context); });
  CLI::App* list = user->add_subcommand("list", "List users and tokens (never a secret)");
  list->callback([user_args, &context] { context.exit_code = ListUsers(*user_args, context); });
  CLI::App* token = user->add_subcommand("token", "Create or revoke API tokens");
  token->require_subcommand(1);
  CLI::App* create = token->add_subcommand("create", "Create a token for a user (printed once)");
  create->add_option("name", user_args->name, "User name")->required();
  create->callback([user_args, &context] { context.exit_code = CreateToken(*user_args, context); });
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke a token by its id (the 12 hex digits after rt_)");
  revoke->add_option("id", user_args->token_id, "Token id")->required();
  revoke->callback([user_args, &context] { context.exit_code = RevokeToken(*user_args, context); });
}

const bool kRegistered = RegisterCommandGroup({"serve", 70, &RegisterServe});

}  // namespace
}  // namespace rampart::cli
