// libcurl transport, TAXII paging, and the remembered pull position.
#include "rampart/server/taxii_client.h"

#include <curl/curl.h>
#include <sqlite3.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rampart/stix/bundle.h"
#include "rampart/stix/validate.h"

namespace rampart::server {
namespace {

constexpr const char* kTaxii = "application/taxii+json;version=2.1";

struct HttpResult {
  long status = 0;
  std::string body;
  std::string date_added_last;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "x-taxii-date-added-last:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kName) {
      std::string_view value = line.substr(kName.size());
      while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
      *static_cast<std::string*>(user) = std::string(value);
    }
  }
  return size * count;
}

Result<HttpResult> Send(const std::string& method, const std::string& url, const std::string& body,
                        const TaxiiCredentials& credentials) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised) return Internal("libcurl failed to initialise");
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Internal("libcurl: no handle");
  HttpResult result;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, fmt::format("Accept: {}", kTaxii).c_str());
  if (method == "POST") headers = curl_slist_append(headers, fmt::format("Content-Type: {}", kTaxii).c_str());
  std::string authorization;
  if (!credentials.token.empty()) {
    authorization = "Authorization: Bearer " + credentials.token;
    headers = curl_slist_append(headers, authorization.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (!credentials.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERPWD, credentials.user.c_str());
  }
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.date_added_last);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 300L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) return IoError(fmt::format("{} {}: {}", method, url, curl_easy_strerror(code)));
  if (result.status >= 300) {
    nlohmann::json error = nlohmann::json::parse(result.body, nullptr, false);
    std::string detail = error.is_object() ? fmt::format("{}: {}", error.value("title", ""), error.value("description", ""))
                                           : result.body.substr(0, 200);
    return IoError(fmt::format("{} {}: HTTP {} ({})", method, url, result.status, detail));
  }
  return result;
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string WithSlash(std::string url) {
  if (url.empty() || url.back() != '/') url.push_back('/');
  return url;
}

// taxii_pull_state in the store's SQLite file.
class PullState {
 public:
  explicit PullState(const std::string& path) {
    if (path.empty()) return;
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) return;
    sqlite3_busy_timeout(db_, 5000);
    sqlite3_exec(db_,
                 "CREATE TABLE IF NOT EXISTS taxii_pull_state (api_root TEXT NOT NULL, collection TEXT NOT NULL, "
                 "added_after TEXT NOT NULL, PRIMARY KEY (api_root, collection))",
                 nullptr, nullptr, nullptr);
  }
  ~PullState() { sqlite3_close(db_); }
  std::string Get(const std::string& root, const std::string& collection) {
    std::string out;
    sqlite3_stmt* stmt = nullptr;
    if (db_ && sqlite3_prepare_v2(db_, "SELECT added_after FROM taxii_pull_state WHERE api_root = ?1 AND collection = ?2",
                                  -1, &stmt, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(stmt, 1, root.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(stmt, 2, collection.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(stmt) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  Status Set(const std::string& root, const std::string& collection, const std::string& added_after) {
    if (!db_) return absl::OkStatus();
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO taxii_pull_state VALUES (?1, ?2, ?3)", -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
      sqlite3_bind_text(stmt, 1, root.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(stmt, 2, collection.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(stmt, 3, added_after.c_str(), -1, SQLITE_TRANSIENT);
      rc = sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return IoError(fmt::format("cannot remember the pull position: {}", sqlite3_errmsg(db_)));
    return absl::OkStatus();
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

Result<PullReport> Pull(store::Store& store, const PullOptions& options) {
  std::string root = WithSlash(options.api_root);
  PullState state(options.state_db);
  PullReport report;
  report.added_after_used = options.added_after ? *options.added_after : state.Get(root, options.collection);
  std::string base = fmt::format("{}collections/{}/objects/?limit={}", root, UrlEncode(options.collection),
                                 std::max(1, options.page_size));
  if (!report.added_after_used.empty()) base += "&added_after=" + UrlEncode(report.added_after_used);
  std::vector<stix::Object> objects;
  std::string next;
  while (true) {
    std::string url = next.empty() ? base : base + "&next=" + UrlEncode(next);
    RAMPART_ASSIGN_OR_RETURN(HttpResult page, Send("GET", url, "", options.credentials));
    nlohmann::json envelope = nlohmann::json::parse(page.body, nullptr, false);
    if (!envelope.is_object()) return InvalidInput(fmt::format("{}: the answer is not a TAXII envelope", url));
    ++report.pages;
    if (!page.date_added_last.empty()) report.last_added = page.date_added_last;
    for (const nlohmann::json& value : envelope.value("objects", nlohmann::json::array())) {
      ++report.received;
      Result<stix::Object> object = stix::FromJson(value);
      Status valid = object.ok() ? stix::Validate(*object) : object.status();
      if (!valid.ok()) {
        ++report.invalid;
        report.problems.push_back(FormatError(valid));
        continue;
      }
      objects.push_back(std::move(*object));
    }
    bool more = envelope.value("more", false);
    if (!more) break;
    if (!envelope.contains("next") || !envelope["next"].is_string()) {
      // A server without `next`: continue from the page's last date_added.
      if (page.date_added_last.empty()) break;
      base = fmt::format("{}collections/{}/objects/?limit={}&added_after={}", root, UrlEncode(options.collection),
                         std::max(1, options.page_size), UrlEncode(page.date_added_last));
      next.clear();
      continue;
    }
    next = envelope["next"].get<std::string>();
  }
  RAMPART_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.Begin());
  for (const stix::Object& object : objects) {
    Result<store::PutOutcome> outcome = tx->PutValidated(object);
    if (!outcome.ok()) {
      ++report.invalid;
      report.problems.push_back(FormatError(outcome.status()));
    } else if (*outcome == store::PutOutcome::kUnchanged) {
      ++report.unchanged;
    } else {
      ++report.stored;
    }
  }
  RAMPART_RETURN_IF_ERROR(tx->Commit());
  if (!report.last_added.empty()) RAMPART_RETURN_IF_ERROR(state.Set(root, options.collection, report.last_added));
  return report;
}

Result<PushReport> Push(const std::string& api_root, const std::string& collection, const std::string& path,
                        const TaxiiCredentials& credentials) {
  RAMPART_ASSIGN_OR_RETURN(std::vector<stix::Object> objects, stix::ReadBundleFile(path));
  std::string url = fmt::format("{}collections/{}/objects/", WithSlash(api_root), UrlEncode(collection));
  PushReport report;
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < objects.size(); start += kChunk) {
    std::string body = "{\"objects\":[";
    for (size_t i = start; i < std::min(objects.size(), start + kChunk); ++i) {
      if (i > start) body += ',';
      body += objects[i].json;
      ++report.sent;
    }
    body += "]}";
    RAMPART_ASSIGN_OR_RETURN(HttpResult answer, Send("POST", url, body, credentials));
    nlohmann::json status = nlohmann::json::parse(answer.body, nullptr, false);
    if (!status.is_object()) return InvalidInput(fmt::format("{}: the answer is not a TAXII status", url));
    report.succeeded += status.value("success_count", int64_t{0});
    report.failed += status.value("failure_count", int64_t{0});
    report.status_ids.push_back(status.value("id", ""));
    for (const nlohmann::json& failure : status.value("failures", nlohmann::json::array())) {
      report.problems.push_back(fmt::format("{}: {}", failure.value("id", "?"), failure.value("message", "")));
    }
  }
  return report;
}

}  // namespace rampart::server
