// Who may open the knowledge base how: read-only commands on a store the
// user cannot write (a read-only file, a read-only folder), a mistyped --db
// that must not become a new empty store.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "intel_kb.h"

namespace rampart::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSet = "intrusion-set--1f3f2b2a-6d0e-4a57-8f0c-1b2d3e4f5a01";

std::string SmallBundle() {
  json set = {{"type", "intrusion-set"}, {"spec_version", "2.1"},       {"id", kSet},
              {"created", "2021-03-02T00:00:00.000Z"}, {"modified", "2021-03-02T00:00:00.000Z"},
              {"name", "Green Panda"},  {"aliases", {"GREENIE 1"}}, {"description", "A test group."}};
  json report = {{"type", "report"}, {"spec_version", "2.1"},
                 {"id", "report--5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a06"},
                 {"created", "2021-03-02T00:00:00.000Z"}, {"modified", "2021-03-02T00:00:00.000Z"},
                 {"name", "Green Panda report"}, {"published", "2021-03-02T00:00:00.000Z"},
                 {"object_refs", {kSet}}};
  return json{{"type", "bundle"}, {"id", "bundle--5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a05"},
              {"objects", {set, report}}}
      .dump();
}

// Root writes through file permissions, so as root the reads run as nobody.
CommandResult RunAsReader(const std::string& db, const std::vector<std::string>& args) {
  std::vector<std::string> argv;
  if (geteuid() == 0) argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  argv.push_back(RampartBinary());
  argv.push_back("--db");
  argv.push_back(db);
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

// Every read-only command works on `db`, and none of them writes it.
void ExpectReadsWork(const std::string& db) {
  struct stat before{};
  ASSERT_EQ(stat(db.c_str(), &before), 0);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"intel", "get", "Green Panda"},
                                             {"intel", "get", "GREENIE 1", "--json"},
                                             {"intel", "search", "test", "--json"},
                                             {"intel", "graph", "Green Panda", "--json"},
                                             {"intel", "export", "--type", "intrusion-set"},
                                             {"report", "list", "--json"},
                                             {"report", "show", "Green Panda report"}}) {
    CommandResult r = RunAsReader(db, args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_EQ(r.err.find("readonly"), std::string::npos) << r.err;
    EXPECT_FALSE(r.out.empty()) << args[0] << " " << args[1];
  }
  struct stat after{};
  ASSERT_EQ(stat(db.c_str(), &after), 0);
  EXPECT_EQ(before.st_size, after.st_size);
  EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
}

class StoreAccess : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::permissions(tmp_.path(), fs::perms::all, fs::perm_options::replace);
    WriteFile(tmp_.File("bundle.json"), SmallBundle());
  }
  void Import(const std::string& db) {
    CommandResult r = RunRampart(db, {"intel", "import", tmp_.File("bundle.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir tmp_;
};

TEST_F(StoreAccess, ReadOnlyFileInAWritableFolder) {
  std::string db = tmp_.File("kb.db");
  Import(db);
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read,
                  fs::perm_options::replace);
  ExpectReadsWork(db);
  json newer = json::parse(SmallBundle());
  newer["objects"][0]["modified"] = "2021-03-03T00:00:00.000Z";
  WriteFile(tmp_.File("newer.json"), newer.dump());
  CommandResult write = RunAsReader(db, {"intel", "import", tmp_.File("newer.json")});
  EXPECT_EQ(write.exit_code, 2) << write.out;
  EXPECT_NE(write.err.find(db), std::string::npos) << write.err;
}

TEST_F(StoreAccess, StoreInAReadOnlyFolder) {
  std::string folder = tmp_.File("ro");
  fs::create_directory(folder);
  std::string db = folder + "/kb.db";
  Import(db);
  // Owned by this user, readable and enterable by everyone, writable by none
  // but the owner: a read-only folder for the reader.
  fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec,
                  fs::perm_options::replace);
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read,
                  fs::perm_options::replace);
  if (geteuid() != 0) fs::permissions(folder, fs::perms::owner_write, fs::perm_options::remove);
  ExpectReadsWork(db);
  fs::permissions(folder, fs::perms::owner_all, fs::perm_options::add);
}

TEST_F(StoreAccess, AMistypedDbIsNotCreatedByAReadOnlyCommand) {
  std::string db = tmp_.File("kb.db");
  Import(db);
  std::string typo = tmp_.File("kbb.db");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"intel", "get", "Green Panda"},
                                             {"intel", "search", "green"},
                                             {"intel", "graph", "Green Panda"},
                                             {"intel", "export"},
                                             {"report", "list"},
                                             {"report", "show", "x"},
                                             {"report", "ingest", "--dry-run", DataPath("seed/national-post-china-cyber-attack.txt")}}) {
    CommandResult r = RunRampart(typo, args);
    if (args[1] == "ingest") {
      EXPECT_EQ(r.exit_code, 0) << r.err;  // a dry run needs no store
    } else {
      EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1] << ": " << r.out;
      EXPECT_NE(r.err.find("no knowledge base at '" + typo + "'"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(typo)) << args[0] << " " << args[1] << " created " << typo;
  }
  CommandResult scheme = RunRampart("sqlite:" + typo, {"intel", "get", "x"});
  EXPECT_EQ(scheme.exit_code, 2);
  EXPECT_NE(scheme.err.find("no knowledge base at"), std::string::npos) << scheme.err;
  EXPECT_FALSE(fs::exists(typo));
}

TEST_F(StoreAccess, AReportThatStoresNothingLeavesNoNewStore) {
  std::string db = tmp_.File("new.db");
  WriteFile(tmp_.File("empty.txt"), "");
  CommandResult r = RunRampart(db, {"report", "ingest", tmp_.File("empty.txt")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(db));
}

}  // namespace
}  // namespace rampart::testing
