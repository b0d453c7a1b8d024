#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <system_error>

#include <fmt/format.h>
#include "rampart/core/fs.h"

namespace rampart {
namespace {

Status OsError(const std::string& path, int err) {
  return IoError(std::strerror(err), ErrorContext{.file = path});
}

class PosixFileSystem final : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) override {
    if (path == "-") {
      std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      return data;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return OsError(path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return OsError(path, err);
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return IoError("is a directory", ErrorContext{.file = path});
    }
    std::string data;
    data.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (true) {
      if (done == data.size()) data.resize(data.size() + 65536);  // pipes, /proc
      ssize_t n = ::read(fd, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        return OsError(path, err);
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    data.resize(done);
    return data;
  }

  Status WriteFileAtomic(const std::string& path, std::string_view data) override {
    std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return OsError(tmp, errno);
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return OsError(path, err);
      }
      done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      return OsError(path, err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      return OsError(path, err);
    }
    return Status();
  }

  Result<std::vector<std::string>> ListFiles(const std::string& path) override {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<std::string> out;
    if (fs::is_regular_file(path, ec)) return std::vector<std::string>{path};
    if (!fs::is_directory(path, ec)) return IoError("No such file or directory", ErrorContext{.file = path});
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) out.push_back(it->path().string());
    }
    if (ec) return IoError(ec.message(), ErrorContext{.file = path});
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

FileSystem* DefaultFileSystem() {
  static PosixFileSystem fs;
  return &fs;
}

Result<std::string> ReadFile(const std::string& path) { return DefaultFileSystem()->ReadFile(path); }
Status WriteFileAtomic(const std::string& path, std::string_view data) {
  return DefaultFileSystem()->WriteFileAtomic(path, data);
}

Result<MappedFile> MappedFile::Open(const std::string& path) {
  MappedFile file;
  file.path_ = path;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OsError(path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return OsError(path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IoError("is a directory", ErrorContext{.file = path});
  }
  file.size_ = static_cast<size_t>(st.st_size);
  if (file.size_ > 0) {
    void* p = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      return OsError(path, err);
    }
    ::madvise(p, file.size_, MADV_SEQUENTIAL);
    file.data_ = static_cast<const char*>(p);
    file.mapped_ = true;
  }
  ::close(fd);
  return file;
}

MappedFile::MappedFile(MappedFile&& o) noexcept { *this = std::move(o); }
MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (mapped_) ::munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
    mapped_ = std::exchange(o.mapped_, false);
    path_ = std::move(o.path_);
  }
  return *this;
}
MappedFile::~MappedFile() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace rampart
