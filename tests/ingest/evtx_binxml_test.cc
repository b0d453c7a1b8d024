// rampart's BinXML EVTX reader against libevtx, the reference: every record
// of every EVTX file in the shared data (the attack samples and the Sigma
// regression cases) gives the same event from both readers: record number,
// time, and every field (path, name, kind, text, alias) in order. And the
// BinXML reader on damaged files: a bad chunk, a truncated file and a dirty
// header are reported with file, chunk and record, and the rest is read.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

#include <cstring>

#include "gtest/gtest.h"
#include "ingest_test_util.h"
#include "rampart/detect/flat_event.h"
#include "rampart/ingest/registry.h"
#include "support/test_support.h"

namespace rampart::ingest {
namespace {

struct Record {
  int64_t record = 0;
  std::optional<int64_t> time;
  std::vector<std::string> fields;  // "path|name|kind|alias|text"
};

std::vector<Record> ReadRecords(const std::string& path, const std::string& reader, int threads, ReadStats* stats,
                                std::string* error) {
  ReadOptions options;
  options.format = "evtx";
  options.evtx_reader = reader;
  options.threads = threads;
  std::vector<Record> out;
  auto opened = OpenReader(path, options);
  if (!opened.ok()) {
    *error = std::string(opened.status().message());
    return out;
  }
  EventBatch batch;
  while ((*opened)->Next(batch)) {
    for (const detect::Event& e : batch) {
      const auto& flat = dynamic_cast<const detect::FlatEvent&>(e);
      Record r{e.Source().record, e.TimeUs(), {}};
      for (const auto& f : flat.fields()) {
        r.fields.push_back(std::string(f.path) + "|" + std::string(f.name) + "|" +
                           std::to_string(static_cast<int>(f.value.kind)) + "|" + (f.alias ? "a" : "-") + "|" +
                           std::string(f.value.text));
      }
      out.push_back(std::move(r));
    }
  }
  *stats = (*opened)->stats();
  return out;
}

std::vector<std::string> EvtxFiles() {
  std::vector<std::string> files;
  for (const char* root : {"evtx", "sigma/regression"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(rampart::testing::DataPath(root))) {
      if (entry.is_regular_file() && entry.path().extension() == ".evtx") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(EvtxBinXmlTest, EveryRecordOfEverySampleEqualsLibevtx) {
  std::vector<std::string> files = EvtxFiles();
  ASSERT_GE(files.size(), 277u + 136u);
  size_t records = 0, fields = 0, failures = 0;
  for (const std::string& file : files) {
    ReadStats ref_stats, our_stats;
    std::string ref_error, our_error;
    std::vector<Record> ref = ReadRecords(file, "libevtx", 1, &ref_stats, &ref_error);
    std::vector<Record> ours = ReadRecords(file, "binxml", 1, &our_stats, &our_error);
    ASSERT_EQ(ref_error, our_error) << file;
    EXPECT_EQ(ref_stats.bad_records, our_stats.bad_records) << file << "\n" << testing::IssuesText(our_stats);
    EXPECT_EQ(ref.size(), ours.size()) << file;
    for (size_t i = 0; i < std::min(ref.size(), ours.size()) && failures < 40; ++i) {
      const Record& a = ref[i];
      const Record& b = ours[i];
      ++records;
      fields += a.fields.size();
      if (a.record != b.record || a.time != b.time || a.fields != b.fields) {
        ++failures;
        std::ostringstream why;
        why << file << " record " << a.record << " (ours " << b.record << ")";
        if (a.time != b.time) why << "\n  time " << a.time.value_or(-1) << " vs " << b.time.value_or(-1);
        for (size_t f = 0; f < std::max(a.fields.size(), b.fields.size()); ++f) {
          std::string x = f < a.fields.size() ? a.fields[f] : "<none>";
          std::string y = f < b.fields.size() ? b.fields[f] : "<none>";
          if (x != y) why << "\n  libevtx: " << x << "\n  binxml:  " << y;
        }
        ADD_FAILURE() << why.str();
      }
    }
  }
  EXPECT_EQ(failures, 0u);
  EXPECT_GT(records, 8000u);
  std::printf("compared %zu records, %zu fields in %zu files\n", records, fields, files.size());
}

// Several threads decode the chunks of a batch; the events come out in the
// file's order all the same.
TEST(EvtxBinXmlTest, ThreadsKeepFileOrder) {
  std::string file;
  uintmax_t biggest = 0;
  for (const std::string& f : EvtxFiles()) {
    if (std::filesystem::file_size(f) > biggest) biggest = std::filesystem::file_size(f), file = f;
  }
  ReadStats s1, s4;
  std::string e1, e4;
  std::vector<Record> one = ReadRecords(file, "binxml", 1, &s1, &e1);
  std::vector<Record> four = ReadRecords(file, "binxml", 4, &s4, &e4);
  ASSERT_GT(one.size(), 500u) << file;
  ASSERT_EQ(one.size(), four.size());
  for (size_t i = 0; i < one.size(); ++i) {
    ASSERT_EQ(one[i].record, four[i].record) << i;
    ASSERT_EQ(one[i].fields, four[i].fields) << i;
  }
}

// Damaged copies of a 16-chunk sample.
class EvtxDamageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(rampart::testing::DataPath("evtx/EVTX-ATTACK-SAMPLES/Command and Control/bits_openvpn.evtx"),
                     std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes_ = ss.str();
    ASSERT_GT(bytes_.size(), 4096u + 16 * 65536u);
    std::string error;
    ReadStats stats;
    all_ = ReadRecords(Write(bytes_), "binxml", 1, &stats, &error);
    ASSERT_TRUE(stats.clean()) << testing::IssuesText(stats);
    ASSERT_GT(all_.size(), 1000u);
  }
  std::string Write(const std::string& content) {
    std::string path = dir_.File("damaged.evtx");
    rampart::testing::WriteFile(path, content);
    return path;
  }
  static size_t Chunk(size_t i) { return 4096 + i * 65536; }
  static uint64_t U64(const std::string& s, size_t at) {
    uint64_t v;
    std::memcpy(&v, s.data() + at, 8);
    return v;
  }
  // Records of chunk i according to its header.
  uint64_t ChunkRecords(size_t i) const { return U64(bytes_, Chunk(i) + 16) - U64(bytes_, Chunk(i) + 8) + 1; }
  std::vector<Record> Read(const std::string& content, ReadStats* stats) {
    std::string error;
    auto out = ReadRecords(Write(content), "binxml", 2, stats, &error);
    EXPECT_EQ(error, "");
    return out;
  }
  static bool Reported(const ReadStats& stats, const std::string& what) {
    for (const auto& issue : stats.issues) {
      if (issue.ToString().find(what) != std::string::npos) return true;
    }
    return false;
  }

  rampart::testing::TempDir dir_;
  std::string bytes_;
  std::vector<Record> all_;
};

TEST_F(EvtxDamageTest, BadChunkChecksumSkipsThatChunkOnly) {
  std::string bad = bytes_;
  bad[Chunk(3) + 60] ^= 0x5a;  // inside the header's checksummed bytes
  ReadStats stats;
  std::vector<Record> got = Read(bad, &stats);
  EXPECT_TRUE(Reported(stats, "damaged.evtx: chunk 3: chunk header checksum mismatch, skipped"))
      << testing::IssuesText(stats);
  EXPECT_EQ(got.size(), all_.size() - ChunkRecords(3));
  EXPECT_EQ(got.back().record, all_.back().record);
}

TEST_F(EvtxDamageTest, TruncatedFileReadsUpToTheCut) {
  std::string cut = bytes_.substr(0, Chunk(5) + 20000);
  ReadStats stats;
  std::vector<Record> got = Read(cut, &stats);
  EXPECT_TRUE(Reported(stats, "chunk 5: truncated to 20000 bytes")) << testing::IssuesText(stats);
  uint64_t before = 0;
  for (size_t i = 0; i < 5; ++i) before += ChunkRecords(i);
  EXPECT_GT(got.size(), before);  // chunk 5's records before the cut
  EXPECT_LT(got.size(), before + ChunkRecords(5));
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i].fields, all_[i].fields) << i;
}

TEST_F(EvtxDamageTest, DirtyHeaderIsReportedAndEverythingRead) {
  std::string dirty = bytes_;
  uint32_t flags = 1;
  std::memcpy(dirty.data() + 120, &flags, 4);
  uint32_t crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(dirty.data()), 120));
  std::memcpy(dirty.data() + 124, &crc, 4);
  ReadStats stats;
  std::vector<Record> got = Read(dirty, &stats);
  EXPECT_TRUE(Reported(stats, "file header marked dirty")) << testing::IssuesText(stats);
  EXPECT_EQ(stats.bad_records, 0u);
  EXPECT_EQ(got.size(), all_.size());
}

TEST_F(EvtxDamageTest, BadRecordIsReportedByNumberAndTheRestRead) {
  std::string bad = bytes_;
  // The second record of chunk 2: its BinXML starts 24 bytes in.
  size_t first = Chunk(2) + 512;
  uint32_t size;
  std::memcpy(&size, bad.data() + first + 4, 4);
  size_t second = first + size;
  uint64_t id = U64(bad, second + 8);
  bad[second + 24] = '\x7f';
  ReadStats stats;
  std::vector<Record> got = Read(bad, &stats);
  EXPECT_TRUE(Reported(stats, "damaged.evtx: record " + std::to_string(id) + ": chunk 2: bad BinXML"))
      << testing::IssuesText(stats);
  EXPECT_TRUE(Reported(stats, "chunk 2: records checksum mismatch")) << testing::IssuesText(stats);
  EXPECT_EQ(stats.bad_records, 1u);
  EXPECT_EQ(got.size(), all_.size() - 1);
}

}  // namespace
}  // namespace rampart::ingest
