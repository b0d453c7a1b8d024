// `rampart serve` as a process: started on 127.0.0.1:0, spoken to over real
// sockets (libcurl and raw), stopped with SIGTERM.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace rampart {
namespace {

using testing::RampartBinary;
using testing::TempDir;

std::string Uuid(int n) { return fmt::format("00000000-0000-4000-8000-{:012}", n); }

std::string Bundle(int first, int count, const std::string& marking = "") {
  nlohmann::json objects = nlohmann::json::array();
  for (int i = first; i < first + count; ++i) {
    nlohmann::json object = {{"type", "intrusion-set"}, {"spec_version", "2.1"}, {"id", "intrusion-set--" + Uuid(i)},
                             {"created", "2021-03-02T00:00:00.000Z"}, {"modified", "2021-03-02T00:00:00.000Z"},
                             {"name", fmt::format("Set {}", i)}};
    if (!marking.empty()) object["object_marking_refs"] = {marking};
    objects.push_back(object);
  }
  return nlohmann::json{{"type", "bundle"}, {"id", "bundle--" + Uuid(first)}, {"objects", objects}}.dump();
}

// A running `rampart serve`; SIGTERM on destruction.
class Server {
 public:
  explicit Server(const std::string& db, std::vector<std::string> extra = {}) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      std::string binary = RampartBinary();
      std::string log = db + ".access.log";
      std::vector<std::string> args = {binary, "--db", db, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
                                       "--access-log", log};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    FILE* stream = fdopen(out[0], "r");
    char line[4096];
    while (std::fgets(line, sizeof line, stream) != nullptr) {
      std::string text(line);
      if (text.find("token:") != std::string::npos) token_ = text.substr(text.find("rt_"), 59);
      if (text.rfind("listening on ", 0) == 0) {
        url_ = text.substr(13, text.size() - 14);
        address_ = url_.substr(url_.find("://") + 3);
        break;
      }
    }
    out_ = stream;
  }
  ~Server() { Stop(); }

  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (out_) std::fclose(out_);
    out_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string& address() const { return address_; }
  const std::string& token() const { return token_; }
  std::string Url(const std::string& path) const { return url_ + path; }
  int port() const { return std::stoi(address_.substr(address_.rfind(':') + 1)); }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string address_;
  std::string url_;
  std::string token_;
};

struct Answer {
  long status = 0;
  std::string body;
  std::string headers;
};

size_t Append(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

Answer Http(const std::string& method, const std::string& url, const std::string& token, const std::string& body = "",
            const std::vector<std::string>& extra = {}) {
  CURL* curl = curl_easy_init();
  Answer answer;
  curl_slist* headers = nullptr;
  if (!token.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  for (const std::string& header : extra) headers = curl_slist_append(headers, header.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);  // the test's self-signed certificate
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return answer;
}

// Sends `raw` bytes on a fresh connection and returns what comes back
// before the server closes (or 5 s pass).
std::string RawExchange(int port, const std::string& raw, bool close_early = false) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "";
  }
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
  std::string out;
  if (!close_early) {
    char buffer[65536];
    ssize_t n;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) out.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

constexpr const char* kAccept = "Accept: application/taxii+json;version=2.1";

TEST(Serve, TaxiiDiscoverPagePushStatusAndPull) {
  TempDir dir;
  std::string db_a = dir.File("a.db");
  testing::WriteFile(dir.File("clear.json"), Bundle(1, 23));
  testing::WriteFile(dir.File("amber.json"),
                     Bundle(100, 2, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"));
  ASSERT_EQ(testing::Run({RampartBinary(), "--db", db_a, "intel", "import", dir.File("clear.json"), dir.File("amber.json")})
                .exit_code,
            0);
  Server server(db_a);
  ASSERT_FALSE(server.address().empty());
  ASSERT_FALSE(server.token().empty());

  Answer discovery = Http("GET", server.Url("/taxii2/"), "", "", {kAccept});
  ASSERT_EQ(discovery.status, 200) << discovery.body;
  std::string root = nlohmann::json::parse(discovery.body)["default"];
  EXPECT_EQ(root, server.Url("/taxii2/rampart/"));
  EXPECT_EQ(Http("GET", root, "", "", {kAccept}).status, 401);

  // Page through the clear collection: the amber sets never appear.
  std::set<std::string> ids;
  std::string next;
  int pages = 0;
  do {
    std::string url = root + "collections/tlp-clear/objects/?limit=5" + (next.empty() ? "" : "&next=" + next);
    Answer page = Http("GET", url, server.token(), "", {kAccept});
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.headers.find("X-TAXII-Date-Added-Last"), std::string::npos);
    nlohmann::json envelope = nlohmann::json::parse(page.body);
    for (const auto& object : envelope["objects"]) ids.insert(object["id"].get<std::string>());
    next = envelope.value("next", "");
    ++pages;
  } while (!next.empty());
  EXPECT_EQ(ids.size(), 23u);
  EXPECT_EQ(pages, 5);

  // Push three more with the client and read the status.
  testing::WriteFile(dir.File("push.json"), Bundle(200, 3));
  auto push = testing::Run({RampartBinary(), "intel", "push", root, dir.File("push.json"), "--collection", "tlp-clear",
                   "--token", server.token()});
  ASSERT_EQ(push.exit_code, 0) << push.err;
  EXPECT_NE(push.out.find("3 accepted"), std::string::npos) << push.out;
  std::string status_id = push.out.substr(push.out.find("(status ") + 8, 36);
  Answer status = Http("GET", root + "status/" + status_id + "/", server.token(), "", {kAccept});
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(nlohmann::json::parse(status.body)["status"], "complete");

  // A second store copies the collection, then pulls nothing new.
  std::string db_b = dir.File("b.db");
  auto pull = testing::Run({RampartBinary(), "--db", db_b, "intel", "pull", root, "--collection", "tlp-clear", "--token",
                   server.token(), "--page-size", "4"});
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_NE(pull.out.find("pulled 26 objects in 7 pages"), std::string::npos) << pull.out;
  auto again = testing::Run({RampartBinary(), "--db", db_b, "intel", "pull", root, "--collection", "tlp-clear", "--token",
                    server.token()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("pulled 0 objects"), std::string::npos) << again.out;
  auto get = testing::Run({RampartBinary(), "--db", db_b, "intel", "get", "Set 201"});
  EXPECT_EQ(get.exit_code, 0) << get.err;
  auto amber = testing::Run({RampartBinary(), "--db", db_b, "intel", "get", "Set 100"});
  EXPECT_EQ(amber.exit_code, 1);

  EXPECT_EQ(server.Stop(), 0);
}

TEST(Serve, BadInputOnTheWireIsA4xxAndTheServerStaysUp) {
  TempDir dir;
  Server server(dir.File("kb.db"));
  ASSERT_FALSE(server.address().empty());
  std::string big_header = "GET /taxii2/ HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40000, 'a') + "\r\n\r\n";
  EXPECT_NE(RawExchange(server.port(), big_header).find("HTTP/1.1 431"), std::string::npos);
  EXPECT_NE(RawExchange(server.port(), "NONSENSE\r\n\r\n").find("HTTP/1.1 400"), std::string::npos);
  EXPECT_NE(RawExchange(server.port(), "GET /../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").find("HTTP/1.1 400"),
            std::string::npos);
  std::string oversized =
      "POST /taxii2/rampart/collections/tlp-clear/objects/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
      server.token() + "\r\nContent-Type: application/taxii+json;version=2.1\r\nContent-Length: 999999999\r\n\r\n{";
  EXPECT_NE(RawExchange(server.port(), oversized).find("HTTP/1.1 413"), std::string::npos);
  // Disconnect before reading the answer, several times; then a normal request.
  for (int i = 0; i < 20; ++i) {
    RawExchange(server.port(), "GET /taxii2/ HTTP/1.1\r\nHost: x\r\n\r\n", true);
  }
  // A half-sent request does not block others.
  std::thread slow([&] { RawExchange(server.port(), "GET /taxii2/ HTTP/1.1\r\nHost: x\r\n"); });
  Answer ok = Http("GET", server.Url("/api/v1/me"), server.token());
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Http("GET", server.Url("/api/v1/me"), "rt_000000000000_" + std::string(43, 'A')).status, 401);
  Answer post = Http("POST", server.Url("/taxii2/rampart/collections/tlp-clear/objects/"), server.token(), "{[}",
                     {kAccept, "Content-Type: application/taxii+json;version=2.1"});
  EXPECT_EQ(post.status, 400) << post.body;
  // A token created and revoked by `rampart user` while the server runs.
  auto created = testing::Run({RampartBinary(), "--db", dir.File("kb.db"), "user", "token", "create", "admin"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string token = created.out.substr(0, 59);
  EXPECT_EQ(Http("GET", server.Url("/api/v1/me"), token).status, 200);
  auto revoked = testing::Run({RampartBinary(), "--db", dir.File("kb.db"), "user", "token", "revoke", token.substr(3, 12)});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(Http("GET", server.Url("/api/v1/me"), token).status, 401);
  auto listed = testing::Run({RampartBinary(), "--db", dir.File("kb.db"), "user", "list"});
  EXPECT_NE(listed.out.find("revoked"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(token.substr(16)), std::string::npos);  // never a secret
  EXPECT_EQ(server.Stop(), 0);
  slow.join();
  // The access log names no secret either.
  std::FILE* log = std::fopen(dir.File("kb.db.access.log").c_str(), "r");
  ASSERT_NE(log, nullptr);
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, log)) > 0) text.append(buffer, n);
  std::fclose(log);
  EXPECT_NE(text.find("\"path\":\"/api/v1/me\""), std::string::npos);
  EXPECT_EQ(text.find(server.token().substr(16)), std::string::npos);
}

TEST(Serve, HttpsWithACertificateAndKey) {
  TempDir dir;
  std::string command = fmt::format(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout {} -out {} 2>/dev/null",
      dir.File("key.pem"), dir.File("cert.pem"));
  ASSERT_EQ(std::system(command.c_str()), 0);
  Server server(dir.File("kb.db"), {"--tls-cert", dir.File("cert.pem"), "--tls-key", dir.File("key.pem")});
  ASSERT_EQ(server.Url("/").rfind("https://", 0), 0u) << server.Url("/");
  Answer discovery = Http("GET", server.Url("/taxii2/"), "");
  ASSERT_EQ(discovery.status, 200) << discovery.body;
  EXPECT_EQ(nlohmann::json::parse(discovery.body)["default"], server.Url("/taxii2/rampart/"));
  EXPECT_EQ(Http("GET", server.Url("/api/v1/me"), server.token()).status, 200);
  // Plain HTTP on the TLS port gets no answer, and the server stays up.
  EXPECT_EQ(RawExchange(server.port(), "GET /taxii2/ HTTP/1.1\r\nHost: x\r\n\r\n").find("HTTP/1.1 200"),
            std::string::npos);
  EXPECT_EQ(Http("GET", server.Url("/api/v1/me"), server.token()).status, 200);
  EXPECT_EQ(server.Stop(), 0);
}

// Hunts over the wire (upload and path, the same hits as `rampart hunt`),
// the hunt root enforced, and a constituent's TAXII collection pulled.
TEST(Serve, HuntsOverTheWireAndAConstituentCollectionPulled) {
  TempDir dir;
  std::string db = dir.File("kb.db");
  std::string logs = dir.File("logs");
  ASSERT_TRUE(std::filesystem::create_directories(logs));
  std::string log = logs + "/ex.log";
  ASSERT_EQ(testing::Run({testing::ToolsDir() + "/gen-exchange-logs", "--events", "5000", "--attack-rate", "0.004",
                          "--seed", "2", "--server-ip", "10.2.10.25", "--quiet", "--out", log})
                .exit_code,
            0);
  ASSERT_EQ(testing::Run({RampartBinary(), "--db", db, "constituent", "import",
                          std::string(RAMPART_SOURCE_DIR) + "/examples/constituents.yaml"})
                .exit_code,
            0);
  std::string rules = testing::DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM");
  auto cli = testing::Run({RampartBinary(), "--db", dir.File("cli.db"), "hunt", "--rules", rules, "--output", "jsonl", log});
  ASSERT_EQ(cli.exit_code, 1) << cli.err;
  const auto cli_hits = static_cast<size_t>(std::count(cli.out.begin(), cli.out.end(), '\n'));
  ASSERT_GT(cli_hits, 0u);
  Server server(db, {"--rules", rules, "--hunt-root", logs});
  ASSERT_FALSE(server.token().empty());

  std::ifstream in(log, std::ios::binary);
  const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(body.empty());
  Answer uploaded = Http("POST", server.Url("/api/v1/hunts?rules=HAFNIUM&filename=ex.log&store=true"), server.token(), body,
                         {"Content-Type: text/plain"});
  ASSERT_EQ(uploaded.status, 202) << uploaded.body;
  Answer by_path = Http("POST", server.Url("/api/v1/hunts"), server.token(),
                        nlohmann::json{{"path", log}, {"rules", {"HAFNIUM"}}}.dump(), {"Content-Type: application/json"});
  ASSERT_EQ(by_path.status, 202) << by_path.body;
  for (const Answer& started : {uploaded, by_path}) {
    std::string id = nlohmann::json::parse(started.body)["id"];
    nlohmann::json job;
    for (int i = 0; i < 600; ++i) {
      job = nlohmann::json::parse(Http("GET", server.Url("/api/v1/hunts/" + id), server.token()).body);
      if (job["state"] != "queued" && job["state"] != "running") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(job["state"], "done") << job.dump();
    Answer hits = Http("GET", server.Url("/api/v1/hunts/" + id + "/hits"), server.token(), "",
                       {"Accept: application/x-ndjson"});
    ASSERT_EQ(hits.status, 200);
    EXPECT_EQ(static_cast<size_t>(std::count(hits.body.begin(), hits.body.end(), '\n')), cli_hits);
  }
  Answer outside = Http("POST", server.Url("/api/v1/hunts"), server.token(),
                        nlohmann::json{{"path", "/etc/passwd"}, {"rules", {"HAFNIUM"}}}.dump(),
                        {"Content-Type: application/json"});
  EXPECT_EQ(outside.status, 403) << outside.body;

  // The stored hunt's incident is about the Department of Health (10.2.10.25):
  // its collection carries the identity, the incident, the relationship and
  // the sighting (sighted there).
  std::string root = server.Url("/taxii2/rampart/");
  auto pull = testing::Run({RampartBinary(), "--db", dir.File("copy.db"), "intel", "pull", root, "--collection",
                            "constituent-department-of-health", "--token", server.token()});
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_NE(pull.out.find("pulled 4 objects"), std::string::npos) << pull.out;
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace rampart
