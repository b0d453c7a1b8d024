#include "rampart/core/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "fmt/format.h"

namespace rampart {
namespace {
ErrorContext At(const std::string& path) {
  ErrorContext context;
  context.file = path;
  return context;
}
}  // namespace

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

Status CheckOutputPath(std::string_view flag, const std::string& output, const std::vector<std::string>& inputs,
                       std::string_view what) {
  if (output.empty() || output == "-") return Status();
  for (const std::string& input : inputs) {
    if (input == "-" || !SameFile(output, input)) continue;
    std::string same = input == output ? "" : fmt::format(" ({})", input);
    return InvalidInput(fmt::format("{} {} is also {}{}: refusing to overwrite it", flag, output, what, same));
  }
  return Status();
}

Result<OutputFile> OutputFile::Create(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  OutputFile out;
  out.path_ = path;
  out.temp_ = fmt::format("{}.{}.rampart-XXXXXX", dir, name);
  int fd = ::mkostemp(out.temp_.data(), O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return IoError(fmt::format("cannot create file: {}", std::strerror(err)), At(path));
  }
  // mkstemp makes it 0600; give it the mode a plain create (or the old file) would have.
  struct stat old;
  mode_t mode;
  if (::stat(path.c_str(), &old) == 0) {
    mode = old.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  out.file_ = ::fdopen(fd, "wb");
  if (out.file_ == nullptr) {
    int err = errno;
    ::close(fd);
    ::unlink(out.temp_.c_str());
    return IoError(fmt::format("cannot create file: {}", std::strerror(err)), At(path));
  }
  return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::move(other.temp_)), file_(std::exchange(other.file_, nullptr)) {}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
  if (this != &other) {
    Discard();
    path_ = std::move(other.path_);
    temp_ = std::move(other.temp_);
    file_ = std::exchange(other.file_, nullptr);
  }
  return *this;
}

OutputFile::~OutputFile() { Discard(); }

void OutputFile::Discard() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  file_ = nullptr;
  ::unlink(temp_.c_str());
}

Status OutputFile::Commit() {
  if (file_ == nullptr) return Internal("output file already committed", At(path_));
  bool failed = std::ferror(file_) != 0 || std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0;
  int err = errno;
  if (std::fclose(file_) != 0 && !failed) failed = true, err = errno;
  file_ = nullptr;
  if (!failed && ::rename(temp_.c_str(), path_.c_str()) != 0) failed = true, err = errno;
  if (failed) {
    ::unlink(temp_.c_str());
    return IoError(fmt::format("cannot write file: {}", std::strerror(err)), At(path_));
  }
  return Status();
}

}  // namespace rampart
