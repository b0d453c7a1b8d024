#include "intel_fixture.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "rampart/store/open.h"

namespace rampart::intel::testing {
namespace {

struct Shared {
  rampart::testing::TempDir dir;
  std::string path;
  ImportReport report;
};

Shared& SharedAttack() {
  static Shared* shared = [] {
    auto* s = new Shared();
    s->path = s->dir.File("attack.db");
    auto store = store::OpenStore(s->path);
    if (!store.ok()) {
      ADD_FAILURE() << FormatError(store.status());
      return s;
    }
    s->report = MustImport(**store, {rampart::testing::DataPath("attack/enterprise-attack.json")});
    return s;
  }();
  return *shared;
}

}  // namespace

std::string TestData(const std::string& name) {
  return std::string(RAMPART_INTEL_TEST_DATA) + "/" + name;
}

std::string Galaxy(const std::string& file) { return rampart::testing::DataPath("galaxy/" + file); }

std::unique_ptr<store::Store> EmptyStore(const rampart::testing::TempDir& dir,
                                         const std::string& name) {
  auto store = store::OpenStore(dir.File(name));
  if (!store.ok()) {
    ADD_FAILURE() << FormatError(store.status());
    return nullptr;
  }
  return std::move(*store);
}

const ImportReport& AttackReport() { return SharedAttack().report; }

std::unique_ptr<store::Store> AttackStoreCopy(const rampart::testing::TempDir& dir) {
  const std::string& source = SharedAttack().path;
  std::string target = dir.File("attack-copy.db");
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code error;
    if (std::filesystem::exists(source + suffix)) {
      std::filesystem::copy_file(source + suffix, target + suffix,
                                 std::filesystem::copy_options::overwrite_existing, error);
      EXPECT_FALSE(error) << error.message();
    }
  }
  auto store = store::OpenStore(target);
  if (!store.ok()) {
    ADD_FAILURE() << FormatError(store.status());
    return nullptr;
  }
  return std::move(*store);
}

ImportReport MustImport(store::Store& store, const std::vector<std::string>& paths, bool strict) {
  ImportOptions options;
  options.show_progress = false;
  options.strict = strict;
  auto report = Import(store, paths, options);
  if (!report.ok()) {
    ADD_FAILURE() << FormatError(report.status());
    return {};
  }
  return *report;
}

stix::Object One(store::Store& store, const std::string& name, const std::string& type) {
  auto found = store.FindByName(name, {type});
  if (!found.ok()) {
    ADD_FAILURE() << FormatError(found.status());
    return {};
  }
  if (found->size() != 1) {
    std::string ids;
    for (const auto& object : *found) ids += " " + object.id;
    ADD_FAILURE() << "'" << name << "' names " << found->size() << " " << type << " objects:" << ids;
    return found->empty() ? stix::Object{} : found->front();
  }
  return found->front();
}

}  // namespace rampart::intel::testing
