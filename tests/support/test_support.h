// Helpers shared by every test binary: where the shared data is, temporary
// folders that clean up after themselves, and running the real binary.
#pragma once

#include <string>
#include <vector>

namespace rampart::testing {

// $RAMPART_DATA_DIR (set by CTest to ../shared/data). Fails the test with a
// clear message if unset or missing.
std::string DataDir();
// DataDir() + "/" + relative.
std::string DataPath(const std::string& relative);
// $RAMPART_TOOLS_DIR (../shared/tools).
std::string ToolsDir();
// $RAMPART_BINARY: the built `rampart` executable.
std::string RampartBinary();

// A fresh folder under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `argv` (argv[0] is the program) with stdin from `input`, capturing
// both outputs. The environment is inherited with TZ=UTC and LC_ALL=C.
CommandResult Run(const std::vector<std::string>& argv, const std::string& input = "");

// Writes `content` to `path` (creating or truncating it).
void WriteFile(const std::string& path, const std::string& content);

}  // namespace rampart::testing
