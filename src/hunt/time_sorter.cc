// External merge sort of output records by time (time_sorter.h). A run file
// is a sequence of (key i64, seq u64, length u64, bytes), native byte order:
// it never outlives the process that wrote it.
#include "rampart/hunt/time_sorter.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <queue>

namespace rampart::hunt {
namespace {

constexpr int64_t kUntimed = std::numeric_limits<int64_t>::max();
// Bookkeeping per record in memory, on top of its bytes.
constexpr size_t kOverhead = sizeof(int64_t) + sizeof(uint64_t) + sizeof(std::string);

bool WriteAll(std::FILE* f, const void* data, size_t n) { return std::fwrite(data, 1, n, f) == n; }

// One record from a run: false at the end or on a short read (`bad` set).
bool ReadRecord(std::FILE* f, int64_t* key, uint64_t* seq, std::string* text, bool* bad) {
  uint64_t length = 0;
  if (std::fread(key, sizeof *key, 1, f) != 1) return false;
  if (std::fread(seq, sizeof *seq, 1, f) != 1 || std::fread(&length, sizeof length, 1, f) != 1) {
    *bad = true;
    return false;
  }
  text->resize(length);
  if (length > 0 && std::fread(text->data(), 1, length, f) != length) {
    *bad = true;
    return false;
  }
  return true;
}

}  // namespace

TimeSorter::TimeSorter(size_t memory_bytes, std::string temp_dir)
    : memory_bytes_(std::max<size_t>(memory_bytes, 1)), temp_dir_(std::move(temp_dir)) {
  if (temp_dir_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    temp_dir_ = tmp && *tmp ? tmp : "/tmp";
  }
}

TimeSorter::~TimeSorter() {
  for (std::FILE* f : runs_) std::fclose(f);
}

Status TimeSorter::Add(std::optional<int64_t> time_us, std::string_view record) {
  buffer_.push_back({time_us.value_or(kUntimed), next_seq_++, std::string(record)});
  buffered_bytes_ += record.size() + kOverhead;
  if (buffered_bytes_ >= memory_bytes_) return Spill();
  return Status();
}

Status TimeSorter::Spill() {
  std::sort(buffer_.begin(), buffer_.end(),
            [](const Record& a, const Record& b) { return a.key != b.key ? a.key < b.key : a.seq < b.seq; });
  std::string path = temp_dir_ + "/rampart-sort-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return IoError(fmt::format("--sort: cannot create a temporary file: {}", std::strerror(errno)),
                   ErrorContext{.file = temp_dir_});
  }
  ::unlink(path.c_str());
  std::FILE* f = ::fdopen(fd, "w+b");
  if (f == nullptr) {
    ::close(fd);
    return IoError("--sort: cannot open a temporary file", ErrorContext{.file = temp_dir_});
  }
  runs_.push_back(f);
  for (const Record& r : buffer_) {
    uint64_t length = r.text.size();
    if (!WriteAll(f, &r.key, sizeof r.key) || !WriteAll(f, &r.seq, sizeof r.seq) ||
        !WriteAll(f, &length, sizeof length) || !WriteAll(f, r.text.data(), r.text.size())) {
      return IoError("--sort: cannot write a temporary file (disk full?)", ErrorContext{.file = temp_dir_});
    }
  }
  if (std::fflush(f) != 0) return IoError("--sort: cannot write a temporary file", ErrorContext{.file = temp_dir_});
  buffer_.clear();
  buffered_bytes_ = 0;
  return Status();
}

Status TimeSorter::Finish(std::FILE* out) {
  if (runs_.empty()) {
    // Everything fit: one in-memory sort.
    std::stable_sort(buffer_.begin(), buffer_.end(), [](const Record& a, const Record& b) { return a.key < b.key; });
    for (const Record& r : buffer_) std::fwrite(r.text.data(), 1, r.text.size(), out);
    buffer_.clear();
    return Status();
  }
  if (!buffer_.empty()) RAMPART_RETURN_IF_ERROR(Spill());
  // k-way merge: one head record per run.
  struct Head {
    int64_t key;
    uint64_t seq;
    size_t run;
    std::string text;
  };
  auto later = [](const Head& a, const Head& b) { return a.key != b.key ? a.key > b.key : a.seq > b.seq; };
  std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
  bool bad = false;
  for (size_t i = 0; i < runs_.size(); ++i) {
    std::rewind(runs_[i]);
    Head h{0, 0, i, {}};
    if (ReadRecord(runs_[i], &h.key, &h.seq, &h.text, &bad)) heads.push(std::move(h));
  }
  while (!heads.empty() && !bad) {
    Head h = std::move(const_cast<Head&>(heads.top()));
    heads.pop();
    std::fwrite(h.text.data(), 1, h.text.size(), out);
    if (ReadRecord(runs_[h.run], &h.key, &h.seq, &h.text, &bad)) heads.push(std::move(h));
  }
  if (bad) return IoError("--sort: a temporary file was cut short", ErrorContext{.file = temp_dir_});
  return Status();
}

}  // namespace rampart::hunt
