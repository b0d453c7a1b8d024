// advise -> deliver end to end through the real binary: the Exchange 2021
// vulnerabilities, ATT&CK, the galaxy and the founding article in the
// knowledge base; a webhook receiver that fails twice before accepting and an
// SMTP receiver, both real servers on loopback (tests/e2e/receivers/).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<json> JsonLines(const std::string& path) {
  std::vector<json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

// A receiver process; killed when the test ends.
class Receiver {
 public:
  Receiver(const std::string& script, std::vector<std::string> args, const std::string& port_file) {
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<std::string> argv = {"python3", script};
      argv.insert(argv.end(), args.begin(), args.end());
      std::vector<char*> c;
      for (auto& a : argv) c.push_back(a.data());
      c.push_back(nullptr);
      execvp("python3", c.data());
      _exit(127);
    }
    for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    port_ = std::filesystem::exists(port_file) ? Slurp(port_file) : "";
  }
  ~Receiver() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  const std::string& port() const { return port_; }

 private:
  pid_t pid_;
  std::string port_;
};

std::string Source(const std::string& relative) { return std::string(RAMPART_SOURCE_DIR) + "/" + relative; }

std::string Constituents(const std::string& webhook_port) {
  std::string hook = "http://127.0.0.1:" + webhook_port;
  return R"(constituents:
  - name: Department of Health
    sectors: [healthcare]
    tlp: amber
    networks: [10.2.0.0/16]
    domains: [health.example.gov]
    software:
      - {vendor: Microsoft, product: Exchange Server, version: 15.1.2176.2}
    contacts:
      email: [soc@health.example.gov, ciso@health.example.gov]
      webhook: {url: ")" + hook + R"(/health", secret: "s3cret"}
  - name: Public Health Agency
    sectors: [healthcare]
    tlp: amber
    software:
      - {vendor: Microsoft, product: Exchange Server, version: 15.1.2242.4}
    contacts:
      email: [soc@publichealth.example.gov]
      webhook: {url: ")" + hook + R"(/publichealth", secret: "s3cret"}
  - name: Department of Transport
    sectors: [transportation]
    tlp: green
    software:
      - {vendor: Microsoft, product: Exchange Server, version: 15.2.792.3}
    contacts:
      email: [soc@transport.example.gov]
      webhook: {url: ")" + hook + R"(/transport", secret: "s3cret"}
  - name: Research Council
    sectors: [education]
    tlp: amber
    software:
      - {vendor: Microsoft, product: Windows Server, version: 10.0.17763}
    contacts:
      email: [soc@research.example.gov]
)";
}

TEST(DeliverE2eTest, AdvisoriesReachEveryVulnerableExchangeExactlyOnce) {
  TempDir dir;
  std::string db = dir.File("kb.db");
  auto rampart = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {RampartBinary(), "--db", db});
    return rampart::testing::Run(args);
  };
  auto imported = rampart({"intel", "import", DataPath("attack/enterprise-attack.json"),
                           DataPath("galaxy/threat-actor.json")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto article = rampart({"report", "ingest", DataPath("seed/national-post-china-cyber-attack.txt"), "--source",
                          "National Post", "--published", "2021-07-20"});
  ASSERT_EQ(article.exit_code, 0) << article.err;

  Receiver webhook(Source("tests/e2e/receivers/webhook_receiver.py"),
                   {"--secret", "s3cret", "--fail", "2", "--port-file", dir.File("hook.port"), "--log",
                    dir.File("hook.jsonl")},
                   dir.File("hook.port"));
  Receiver smtp(Source("tests/e2e/receivers/smtp_receiver.py"),
                {"--port-file", dir.File("smtp.port"), "--log", dir.File("smtp.jsonl")}, dir.File("smtp.port"));
  ASSERT_FALSE(webhook.port().empty());
  ASSERT_FALSE(smtp.port().empty());
  WriteFile(dir.File("constituents.yaml"), Constituents(webhook.port()));

  // The article is new: it says HAFNIUM targets the healthcare sector, so
  // the health constituents are warned, whatever software they run.
  auto sector = rampart({"advise", "--constituents", dir.File("constituents.yaml"), "--json"});
  ASSERT_EQ(sector.exit_code, 0) << sector.err;
  std::set<std::string> warned;
  json sector_json = json::parse(sector.out);
  for (const auto& a : sector_json["advisories"]) {
    warned.insert(a["constituent"]);
    EXPECT_EQ(a["exposures"][0]["kind"], "sector");
  }
  EXPECT_EQ(warned, (std::set<std::string>{"Department of Health", "Public Health Agency"})) << sector.out;

  // Then the Exchange vulnerabilities with their affected builds arrive.
  ASSERT_EQ(rampart({"intel", "import", Source("examples/exchange-2021-vulnerabilities.json")}).exit_code, 0);
  auto advise = rampart({"advise", "--constituents", dir.File("constituents.yaml"), "--json", "--rules",
                         DataPath("sigma/rules-emerging-threats/2021/TA/HAFNIUM")});
  ASSERT_EQ(advise.exit_code, 0) << advise.err;
  json advised = json::parse(advise.out);
  std::set<std::string> who;
  for (const auto& a : advised["advisories"]) who.insert(a["constituent"]);
  // Every constituent running a vulnerable Exchange, and only them.
  EXPECT_EQ(who, (std::set<std::string>{"Department of Health", "Department of Transport"})) << advise.out;
  for (const auto& a : advised["advisories"]) {
    std::string md = a["markdown"];
    EXPECT_NE(md.find("HAFNIUM"), std::string::npos);
    EXPECT_NE(md.find("claimed by Microsoft"), std::string::npos) << md;
    EXPECT_NE(md.find("Exchange Exploitation Used by HAFNIUM"), std::string::npos) << md;
    EXPECT_NE(md.find("Leviathan: claimed by Global Affairs Canada, confidence 70"), std::string::npos) << md;
    EXPECT_NE(md.find("Ministry of State Security"), std::string::npos) << md;
    EXPECT_EQ(a["exposures"][0]["kind"], "software");
  }
  std::map<std::string, int> queued;
  for (const auto& d : json::parse(rampart({"deliveries", "list", "--state", "pending", "--json"}).out)) {
    queued[d["channel"]]++;
  }
  EXPECT_EQ(queued, (std::map<std::string, int>{{"email", 6}, {"webhook", 4}}));

  auto deliver = rampart({"deliver", "--drain", "--backoff", "0.05", "--smtp", "smtp://127.0.0.1:" + smtp.port(),
                          "--from", "cert@example.gov", "--json"});
  ASSERT_EQ(deliver.exit_code, 0) << deliver.out << deliver.err;
  json counts = json::parse(deliver.out);
  EXPECT_EQ(counts["sent"], 10);   // 6 e-mails + 4 webhooks
  EXPECT_EQ(counts["failed"], 8);  // two refusals per webhook delivery
  EXPECT_EQ(counts["dead"], 0);

  // Webhook: every delivery refused twice, then accepted once, signed.
  std::map<std::string, int> accepted, refused;
  for (const json& r : JsonLines(dir.File("hook.jsonl"))) {
    EXPECT_TRUE(r["signature_ok"].get<bool>()) << r.dump();
    EXPECT_EQ(r["idempotency_key"], r["delivery"]);
    (r["status"] == 200 ? accepted : refused)[r["delivery"]]++;
  }
  ASSERT_EQ(accepted.size(), 4u);
  for (const auto& [id, n] : accepted) {
    EXPECT_EQ(n, 1) << id;
    EXPECT_EQ(refused[id], 2) << id;
  }
  // E-mail: one multipart/alternative message per address, text and HTML.
  std::multiset<std::string> to;
  for (const json& m : JsonLines(dir.File("smtp.jsonl"))) {
    to.insert(m["to"][0].get<std::string>());
    EXPECT_EQ(m["content_type"], "multipart/alternative");
    EXPECT_NE(m["parts"]["text/plain"].get<std::string>().find("HAFNIUM"), std::string::npos);
    EXPECT_NE(m["parts"]["text/html"].get<std::string>().find("<h2>Why you</h2>"), std::string::npos);
    EXPECT_NE(m["subject"].get<std::string>().find("TLP:"), std::string::npos);
  }
  EXPECT_EQ(to, (std::multiset<std::string>{"ciso@health.example.gov", "soc@health.example.gov",
                                            "soc@publichealth.example.gov", "ciso@health.example.gov",
                                            "soc@health.example.gov", "soc@transport.example.gov"}));

  auto sent = rampart({"deliveries", "list", "--state", "sent", "--json"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_EQ(json::parse(sent.out).size(), 10u);
  // Nothing is sent twice, and nothing new is advised twice.
  auto again = rampart({"deliver", "--once", "--json"});
  EXPECT_EQ(json::parse(again.out)["sent"], 0);
  EXPECT_EQ(JsonLines(dir.File("smtp.jsonl")).size(), 6u);
  auto re_advise = rampart({"advise", "--constituents", dir.File("constituents.yaml"), "--json"});
  ASSERT_EQ(re_advise.exit_code, 0) << re_advise.err;
  EXPECT_TRUE(json::parse(re_advise.out)["advisories"].empty()) << re_advise.out;
}

TEST(DeliverE2eTest, UnreachableWebhookIsDeadLetteredAndRetryable) {
  TempDir dir;
  std::string db = dir.File("kb.db");
  auto rampart = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {RampartBinary(), "--db", db});
    return rampart::testing::Run(args);
  };
  ASSERT_EQ(rampart({"intel", "import", Source("examples/exchange-2021-vulnerabilities.json")}).exit_code, 0);
  WriteFile(dir.File("c.yaml"), Constituents("9"));  // port 9: nothing listens
  // The stored constituency this time.
  auto imported = rampart({"constituent", "import", dir.File("c.yaml")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto advised = rampart({"advise"});
  ASSERT_EQ(advised.exit_code, 0) << advised.err;
  EXPECT_NE(advised.out.find("2 advisories, 5 deliveries queued"), std::string::npos) << advised.out;
  auto deliver = rampart({"deliver", "--drain", "--backoff", "0.01", "--max-attempts", "3", "--json"});
  EXPECT_EQ(deliver.exit_code, 2) << deliver.out << deliver.err;  // dead letters
  auto dead = rampart({"deliveries", "list", "--state", "dead", "--json"});
  json list = json::parse(dead.out);
  ASSERT_FALSE(list.empty());
  for (const auto& d : list) {
    EXPECT_EQ(d["attempts"], d["channel"] == "webhook" ? 3 : 1) << d.dump();  // e-mail: no SMTP server given
    EXPECT_FALSE(d["last_error"].get<std::string>().empty());
  }
  std::string id = list[0]["id"];
  EXPECT_EQ(rampart({"deliveries", "retry", id}).exit_code, 0);
  EXPECT_EQ(json::parse(rampart({"deliveries", "list", "--state", "pending", "--json"}).out).size(), 1u);
  EXPECT_EQ(rampart({"deliveries", "retry", "no-such-id"}).exit_code, 1);
  EXPECT_EQ(rampart({"deliveries", "list", "--state", "lost"}).exit_code, 2);
  EXPECT_EQ(rampart({"advise", "--tlp", "purple"}).exit_code, 2);
}

}  // namespace
}  // namespace rampart::testing
