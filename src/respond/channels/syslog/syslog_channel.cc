// Syslog: one RFC 5424 message per delivery whose MSG is a CEF event, over
// TCP (octet-counted framing, RFC 6587 §3.4.1) or UDP (one datagram). The
// target is tcp://host:port or udp://host:port. There is no application-level
// acknowledgement in syslog: TCP counts as acknowledged when the whole frame
// was written, UDP when the kernel took the datagram.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "channels/registry.h"
#include "rampart/core/time.h"

namespace rampart::respond::internal {
namespace {

// CEF header fields escape '\' and '|'; extension values '\', '=' and line ends.
std::string CefHeader(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '|') out += '\\';
    out += (c == '\r' || c == '\n') ? ' ' : c;
  }
  return out;
}

std::string CefValue(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '=') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

int CefSeverity(std::string_view tlp) {
  if (tlp == "red") return 9;
  if (tlp == "amber+strict" || tlp == "amber") return 7;
  return 5;
}

class SyslogChannel final : public Channel {
 public:
  std::string_view name() const override { return "syslog"; }

 protected:
  Status DoSend(const Delivery& d) override {
    bool tcp = d.target.starts_with("tcp://");
    if (!tcp && !d.target.starts_with("udp://")) {
      return absl::InvalidArgumentError(fmt::format("syslog target '{}' is not tcp://host:port or udp://host:port",
                                                    d.target));
    }
    std::string hostport = d.target.substr(6);
    size_t colon = hostport.rfind(':');
    if (colon == std::string::npos) return absl::InvalidArgumentError(fmt::format("syslog target '{}' has no port", d.target));
    std::string host = hostport.substr(0, colon), port = hostport.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);

    std::string cef = fmt::format("CEF:0|rampart|rampart|0.1|advisory|{}|{}|externalId={} cs1Label=tlp cs1={} "
                                  "duser={} msg={}",
                                  CefHeader(d.subject), CefSeverity(d.tlp), CefValue(d.id), CefValue(d.tlp),
                                  CefValue(d.recipient), CefValue(d.body_text));
    char hostname[256] = "-";
    gethostname(hostname, sizeof hostname - 1);
    // PRI 110 = facility 13 (log audit) * 8 + severity 6 (informational).
    std::string msg = fmt::format("<110>1 {} {} rampart - advisory [rampart@32473 delivery=\"{}\"] {}",
                                  FormatTimestamp(d.sent ? d.sent : d.created), hostname, d.id, cef);
    std::string frame = tcp ? fmt::format("{} {}", msg.size(), msg) : msg;

    addrinfo hints{};
    hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
    addrinfo* addrs = nullptr;
    if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &addrs); rc != 0) {
      return absl::UnavailableError(fmt::format("syslog {}: {}", d.target, gai_strerror(rc)));
    }
    Status result = absl::UnavailableError(fmt::format("syslog {}: no address", d.target));
    for (addrinfo* a = addrs; a != nullptr; a = a->ai_next) {
      int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
        size_t done = 0;
        while (done < frame.size()) {
          ssize_t n = ::send(fd, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
          if (n <= 0) break;
          done += static_cast<size_t>(n);
        }
        result = done == frame.size() ? Status()
                                      : absl::UnavailableError(fmt::format("syslog {}: {}", d.target, std::strerror(errno)));
      } else {
        result = absl::UnavailableError(fmt::format("syslog {}: {}", d.target, std::strerror(errno)));
      }
      ::close(fd);
      if (result.ok()) break;
    }
    freeaddrinfo(addrs);
    return result;
  }
};

}  // namespace

std::unique_ptr<Channel> MakeSyslogChannel(const ChannelConfig&) { return std::make_unique<SyslogChannel>(); }

}  // namespace rampart::respond::internal
