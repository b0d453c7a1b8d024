#include "intel_kb.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rampart::testing {
namespace fs = std::filesystem;

std::vector<std::string> GalaxyFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(DataPath("galaxy")))
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

CommandResult RunRampart(const std::string& db, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {RampartBinary(), "--db", db};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string KnowledgeBase() {
  struct stat st{};
  if (stat(RampartBinary().c_str(), &st) != 0) {
    ADD_FAILURE() << "rampart binary not found: '" << RampartBinary() << "'";
    return "";
  }
  fs::create_directories(RAMPART_E2E_CACHE_DIR);
  std::string key = std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "-" +
                    std::to_string(st.st_mtim.tv_nsec);
  std::string db = std::string(RAMPART_E2E_CACHE_DIR) + "/kb-" + key + ".db";
  std::string done = db + ".ok";
  int lock = open((std::string(RAMPART_E2E_CACHE_DIR) + "/lock").c_str(), O_CREAT | O_RDWR, 0644);
  flock(lock, LOCK_EX);
  if (!fs::exists(done)) {
    // Older knowledge bases belong to older binaries.
    for (const auto& entry : fs::directory_iterator(RAMPART_E2E_CACHE_DIR))
      if (entry.path().filename().string().rfind("kb-", 0) == 0) fs::remove(entry.path());
    std::vector<std::string> args = {"intel", "import", DataPath("attack/enterprise-attack.json")};
    for (const auto& f : GalaxyFiles()) args.push_back(f);
    CommandResult r = RunRampart(db, args);
    if (r.exit_code == 0) {
      std::ofstream(done) << r.out;
    } else {
      ADD_FAILURE() << "importing ATT&CK + galaxy failed (" << r.exit_code << "):\n" << r.out << r.err;
      db.clear();
    }
  }
  flock(lock, LOCK_UN);
  close(lock);
  return db;
}

void CopyKnowledgeBase(const std::string& path) {
  std::string db = KnowledgeBase();
  ASSERT_FALSE(db.empty());
  fs::copy_file(db, path, fs::copy_options::overwrite_existing);
  for (const char* suffix : {"-wal"}) {  // -shm is rebuilt on open
    if (fs::exists(db + suffix)) fs::copy_file(db + suffix, path + suffix, fs::copy_options::overwrite_existing);
  }
}

}  // namespace rampart::testing
