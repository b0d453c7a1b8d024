// Writing output files without destroying anything.
//
// Two guards every command that writes a file uses:
//  * SameFile / CheckOutputPath refuse an output path that is one of the
//    command's inputs or the knowledge base, compared by device and inode
//    (so "./a.log", "logs/../a.log", a symlink and a hard link to it are all
//    caught), before anything is opened for writing;
//  * OutputFile writes to a temporary file in the destination's folder and
//    renames it into place only on Commit, so a run that fails, is killed or
//    never commits leaves the old file (or no file), never half a file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

namespace rampart {

// True if `a` and `b` both exist and are the same file (same device and
// inode, symlinks followed). False if either does not exist.
bool SameFile(const std::string& a, const std::string& b);

// OK unless `output` is the same file as one of `inputs` ("-" is skipped in
// both): then InvalidInput naming `flag` and the path, e.g.
//   "--out hits.txt is also an input (refusing to overwrite it)".
// An output that does not exist yet is always OK.
Status CheckOutputPath(std::string_view flag, const std::string& output, const std::vector<std::string>& inputs,
                       std::string_view what = "an input");

// A file written in full or not at all. Move-only. Not thread-safe.
class OutputFile {
 public:
  // Creates a hidden temporary file ".<name>.rampart-XXXXXX" beside `path`
  // (hidden, so a folder being read does not pick it up). IoError with the
  // OS reason if the folder is not writable.
  static Result<OutputFile> Create(const std::string& path);
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&& other) noexcept;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  // Removes the temporary file unless Commit succeeded.
  ~OutputFile();

  // Where to write; valid until Commit or destruction.
  std::FILE* file() const { return file_; }
  const std::string& path() const { return path_; }
  // Flushes, syncs and renames the temporary file over `path` (mode: the
  // replaced file's, else 0666 less the umask). IoError with the OS reason if
  // any write failed; the temporary file is then removed.
  Status Commit();

 private:
  OutputFile() = default;
  void Discard();
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
};

}  // namespace rampart
