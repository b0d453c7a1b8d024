#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "fmt/format.h"
#include "rampart/ingest/source.h"

namespace rampart::ingest {
namespace {

class FdStream : public ByteStream {
 public:
  FdStream(int fd, std::string path, bool owned) : fd_(fd), path_(std::move(path)), owned_(owned) {}
  ~FdStream() override {
    if (owned_ && fd_ >= 0) ::close(fd_);
  }
  Result<size_t> Read(char* buf, size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno == EINTR) continue;
      return IoError(fmt::format("read failed: {}", std::strerror(errno)), ErrorContext{path_});
    }
  }
  const std::string& path() const override { return path_; }
  bool compressed() const override { return false; }

 private:
  int fd_;
  std::string path_;
  bool owned_;
};

// Streams gzip (and concatenated gzip members) through zlib's inflate. A
// stream cut short or corrupt yields every byte that inflated before the
// damage, then the error (zcat recovers as much).
class GzipStream : public ByteStream {
 public:
  GzipStream(std::unique_ptr<ByteStream> in, std::string prefix) : in_(std::move(in)), input_(1 << 20) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 15 + 32);
    prefix_ = std::move(prefix);
  }
  ~GzipStream() override { inflateEnd(&z_); }

  Result<size_t> Read(char* buf, size_t n) override {
    if (!error_.ok()) return error_;
    if (done_) return size_t{0};
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0) {
        if (!prefix_.empty()) {
          size_t k = std::min(prefix_.size(), input_.size());
          std::memcpy(input_.data(), prefix_.data(), k);
          prefix_.erase(0, k);
          z_.next_in = reinterpret_cast<Bytef*>(input_.data());
          z_.avail_in = static_cast<uInt>(k);
        } else if (!in_eof_) {
          auto got = in_->Read(input_.data(), input_.size());
          if (!got.ok()) return Fail(buf, got.status());
          if (*got == 0) in_eof_ = true;
          z_.next_in = reinterpret_cast<Bytef*>(input_.data());
          z_.avail_in = static_cast<uInt>(*got);
        }
        if (z_.avail_in == 0 && in_eof_) {
          if (!member_started_) {
            done_ = true;
            break;
          }
          return Fail(buf, InvalidInput("gzip stream truncated (unexpected end of file)"));
        }
      }
      member_started_ = true;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // Another member may follow (cat a.gz b.gz); garbage after the end is not tolerated.
        member_started_ = false;
        inflateReset(&z_);
        continue;
      }
      if (rc == Z_BUF_ERROR && z_.avail_in == 0) continue;
      if (rc != Z_OK) {
        return Fail(buf, InvalidInput(fmt::format("gzip data corrupt ({})", z_.msg ? z_.msg : "inflate error")));
      }
    }
    return static_cast<size_t>(reinterpret_cast<char*>(z_.next_out) - buf);
  }
  const std::string& path() const override { return in_->path(); }
  bool compressed() const override { return true; }

 private:
  // Keeps `why` for every later Read; returns what inflated into `buf` first.
  Result<size_t> Fail(char* buf, const Status& why) {
    done_ = true;
    error_ = WithContext(why, ErrorContext{in_->path()});
    size_t produced = static_cast<size_t>(reinterpret_cast<char*>(z_.next_out) - buf);
    if (produced > 0) return produced;
    return error_;
  }
  std::unique_ptr<ByteStream> in_;
  std::vector<char> input_;
  std::string prefix_;
  z_stream z_;
  bool in_eof_ = false;
  bool member_started_ = false;
  bool done_ = false;
  Status error_;
};

// Replays bytes already read (for sniffing) before the rest of the stream.
class PrefixedStream : public ByteStream {
 public:
  PrefixedStream(std::unique_ptr<ByteStream> in, std::string prefix) : in_(std::move(in)), prefix_(std::move(prefix)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      size_t k = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return in_->Read(buf, n);
  }
  const std::string& path() const override { return in_->path(); }
  bool compressed() const override { return in_->compressed(); }

 private:
  std::unique_ptr<ByteStream> in_;
  std::string prefix_;
  size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteStream> PrefixStream(std::unique_ptr<ByteStream> in, std::string prefix) {
  return std::make_unique<PrefixedStream>(std::move(in), std::move(prefix));
}

Result<size_t> ReadFull(ByteStream& stream, char* buf, size_t n) {
  size_t total = 0;
  while (total < n) {
    auto got = stream.Read(buf + total, n - total);
    if (!got.ok()) {
      if (total > 0) return total;  // the error comes again on the next read (source.h)
      return got.status();
    }
    if (*got == 0) break;
    total += *got;
  }
  return total;
}

Result<std::unique_ptr<ByteStream>> OpenByteStream(const std::string& path) {
  std::unique_ptr<ByteStream> raw;
  if (path == "-") {
    raw = std::make_unique<FdStream>(0, "-", false);
  } else {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int e = errno;
      std::string msg = fmt::format("cannot open file: {}", std::strerror(e));
      if (e == ENOENT) return NotFound(msg, ErrorContext{path});
      return IoError(msg, ErrorContext{path});
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    raw = std::make_unique<FdStream>(fd, path, true);
  }
  char magic[2];
  auto got = ReadFull(*raw, magic, 2);
  if (!got.ok()) return got.status();
  std::string prefix(magic, *got);
  if (*got == 2 && static_cast<unsigned char>(magic[0]) == 0x1f && static_cast<unsigned char>(magic[1]) == 0x8b) {
    return std::unique_ptr<ByteStream>(std::make_unique<GzipStream>(std::move(raw), std::move(prefix)));
  }
  return PrefixStream(std::move(raw), std::move(prefix));
}

}  // namespace rampart::ingest
