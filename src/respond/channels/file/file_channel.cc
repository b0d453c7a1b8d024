// File: one JSON line per delivery appended to the target file. The line is
// written with a single write() on an O_APPEND descriptor (atomic against
// other appenders for a regular file) and fsync'ed before Send returns OK.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "channels/registry.h"

namespace rampart::respond::internal {
namespace {

class FileChannel final : public Channel {
 public:
  std::string_view name() const override { return "file"; }

 protected:
  Status DoSend(const Delivery& d) override {
    nlohmann::json line = {{"delivery", d.id}, {"message", d.message_id}, {"recipient", d.recipient},
                           {"tlp", d.tlp}, {"subject", d.subject}};
    auto body = nlohmann::json::parse(d.body_json, nullptr, false);
    line["body"] = body.is_discarded() ? nlohmann::json(d.body_json) : body;
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    int fd = ::open(d.target.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return absl::UnavailableError(fmt::format("open {}: {}", d.target, std::strerror(errno)));
    ssize_t n = ::write(fd, text.data(), text.size());
    int write_errno = errno;
    bool synced = n == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size())) {
      return absl::UnavailableError(fmt::format("append to {}: {}", d.target,
                                                n < 0 ? std::strerror(write_errno) : "short write"));
    }
    if (!synced) return absl::UnavailableError(fmt::format("fsync {}", d.target));
    return Status();
  }
};

}  // namespace

std::unique_ptr<Channel> MakeFileChannel(const ChannelConfig&) { return std::make_unique<FileChannel>(); }

}  // namespace rampart::respond::internal
