// Reading files: whole-file reads and read-only memory maps.
//
// Errors name the path and the OS reason ("rampart.db: Permission denied").
// A FileSystem seam (as LevelDB's Env) lets tests inject faults; production
// code uses DefaultFileSystem().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

namespace rampart {

// A read-only view of a whole file. Move-only; the view stays valid while the
// MappedFile lives. An empty file maps to an empty view.
class MappedFile {
 public:
  static Result<MappedFile> Open(const std::string& path);
  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view view() const { return {data_, size_}; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  std::string path_;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Whole file into memory; "-" reads standard input.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Writes atomically: a temporary file in the same folder, then rename.
  virtual Status WriteFileAtomic(const std::string& path, std::string_view data) = 0;
  // Regular files under `path` (itself if a file), recursively, sorted.
  virtual Result<std::vector<std::string>> ListFiles(const std::string& path) = 0;
};

// The POSIX file system. Thread-safe; never null.
FileSystem* DefaultFileSystem();

// Convenience wrappers over DefaultFileSystem().
Result<std::string> ReadFile(const std::string& path);
Status WriteFileAtomic(const std::string& path, std::string_view data);

}  // namespace rampart
