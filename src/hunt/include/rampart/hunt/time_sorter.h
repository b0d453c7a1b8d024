// Output records sorted by time, in bounded memory (hunt --sort time).
//
// Add() takes each rendered record (one or more lines of output) with its
// event time; records stay in memory until they take `memory_bytes`, then
// the buffer is sorted and written to a temporary run file in `temp_dir`
// (unlinked at once: nothing is left behind, even on a crash). Finish()
// merges the runs and the last buffer into `out`: by time, then in the
// order added (stable, so equal times keep source order); records without
// a time come last. Memory stays near `memory_bytes` plus one record per run.
//
// Errors (a run that cannot be written or read back) are values from
// Add/Finish. Not thread-safe; the hunt's in-order sink owns it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::hunt {

class TimeSorter {
 public:
  // `temp_dir` "": $TMPDIR, else /tmp.
  TimeSorter(size_t memory_bytes, std::string temp_dir = "");
  ~TimeSorter();
  TimeSorter(const TimeSorter&) = delete;
  TimeSorter& operator=(const TimeSorter&) = delete;

  Status Add(std::optional<int64_t> time_us, std::string_view record);
  Status Finish(std::FILE* out);
  size_t runs() const { return runs_.size(); }  // spilled so far

 private:
  struct Record {
    int64_t key;
    uint64_t seq;
    std::string text;
  };
  Status Spill();

  size_t memory_bytes_;
  std::string temp_dir_;
  std::vector<Record> buffer_;
  size_t buffered_bytes_ = 0;
  uint64_t next_seq_ = 0;
  std::vector<std::FILE*> runs_;
};

}  // namespace rampart::hunt
