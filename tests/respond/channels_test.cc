// The syslog and file channels against real loopback sockets and files.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "rampart/respond/channel.h"
#include "support/test_support.h"

namespace rampart::respond {
namespace {

Delivery Sample(std::string channel, std::string target) {
  Delivery d;
  d.message_id = "report--1";
  d.recipient = "Department of Health";
  d.channel = std::move(channel);
  d.target = std::move(target);
  d.tlp = "amber";
  d.subject = "Exchange | CVE-2021-26855";
  d.body_text = "line one\nkey=value";
  d.body_json = R"({"advisory":"report--1"})";
  d.id = DeliveryId(d.message_id, d.channel, d.target);
  d.created = 1'615'000'000'000'000;
  return d;
}

// A loopback socket of `type` bound to an ephemeral port.
int Listen(int type, int& port) {
  int fd = socket(AF_INET, type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  if (type == SOCK_STREAM) listen(fd, 1);
  return fd;
}

void ExpectSyslogMessage(const std::string& msg, const Delivery& d) {
  EXPECT_TRUE(msg.starts_with("<110>1 2021-03-06T")) << msg;
  EXPECT_NE(msg.find("[rampart@32473 delivery=\"" + d.id + "\"]"), std::string::npos) << msg;
  // CEF: '|' escaped in the header, '=' and line ends in extension values.
  EXPECT_NE(msg.find("CEF:0|rampart|rampart|0.1|advisory|Exchange \\| CVE-2021-26855|7|"), std::string::npos) << msg;
  EXPECT_NE(msg.find("msg=line one\\nkey\\=value"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cs1=amber"), std::string::npos) << msg;
}

TEST(SyslogChannelTest, TcpFramesWithOctetCounting) {
  int port = 0;
  int server = Listen(SOCK_STREAM, port);
  std::string received;
  std::thread reader([&] {
    int c = accept(server, nullptr, nullptr);
    char buf[8192];
    for (ssize_t n; (n = read(c, buf, sizeof buf)) > 0;) received.append(buf, n);
    close(c);
  });
  Delivery d = Sample("syslog", "tcp://127.0.0.1:" + std::to_string(port));
  auto channel = MakeChannel("syslog", {});
  ASSERT_TRUE(channel.ok());
  EXPECT_TRUE((*channel)->Send(d).ok());
  reader.join();
  close(server);
  size_t space = received.find(' ');
  ASSERT_NE(space, std::string::npos);
  EXPECT_EQ(std::stoul(received.substr(0, space)), received.size() - space - 1);
  ExpectSyslogMessage(received.substr(space + 1), d);
}

TEST(SyslogChannelTest, UdpSendsOneDatagram) {
  int port = 0;
  int server = Listen(SOCK_DGRAM, port);
  Delivery d = Sample("syslog", "udp://127.0.0.1:" + std::to_string(port));
  auto channel = MakeChannel("syslog", {});
  EXPECT_TRUE((*channel)->Send(d).ok());
  char buf[8192];
  ssize_t n = recv(server, buf, sizeof buf, 0);
  close(server);
  ASSERT_GT(n, 0);
  ExpectSyslogMessage(std::string(buf, n), d);
}

TEST(SyslogChannelTest, BadTargetsArePermanentRefusedIsTransient) {
  auto channel = MakeChannel("syslog", {});
  EXPECT_TRUE(IsPermanent((*channel)->Send(Sample("syslog", "syslog.example.gov:514"))));
  EXPECT_TRUE(IsPermanent((*channel)->Send(Sample("syslog", "tcp://127.0.0.1"))));
  Status refused = (*channel)->Send(Sample("syslog", "tcp://127.0.0.1:9"));
  EXPECT_FALSE(refused.ok());
  EXPECT_FALSE(IsPermanent(refused));
}

TEST(FileChannelTest, AppendsOneJsonLinePerDelivery) {
  rampart::testing::TempDir dir;
  auto channel = MakeChannel("file", {});
  Delivery a = Sample("file", dir.File("out.jsonl")), b = a;
  b.message_id = "report--2";
  b.id = DeliveryId(b.message_id, b.channel, b.target);
  ASSERT_TRUE((*channel)->Send(a).ok());
  ASSERT_TRUE((*channel)->Send(b).ok());
  std::ifstream in(dir.File("out.jsonl"));
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["delivery"], a.id);
  EXPECT_EQ(lines[1]["message"], "report--2");
  EXPECT_EQ(lines[0]["body"]["advisory"], "report--1");
  EXPECT_FALSE((*channel)->Send(Sample("file", dir.File("missing/dir/out.jsonl"))).ok());
}

TEST(EmailChannelTest, NeedsAServerAndAnAddress) {
  auto no_server = MakeChannel("email", {});
  EXPECT_TRUE(IsPermanent((*no_server)->Send(Sample("email", "soc@health.example.gov"))));
  ChannelConfig config;
  config.smtp_url = "smtp://127.0.0.1:9";
  auto channel = MakeChannel("email", config);
  EXPECT_TRUE(IsPermanent((*channel)->Send(Sample("email", "not an address"))));
  Status refused = (*channel)->Send(Sample("email", "soc@health.example.gov"));
  EXPECT_FALSE(refused.ok());
  EXPECT_FALSE(IsPermanent(refused));  // nobody listening: retried later
}

}  // namespace
}  // namespace rampart::respond
