// Readers turn log files into detect::Events, a batch at a time.
//
//   ReadOptions options;                       // format "auto" by default
//   auto reader = OpenReader("logs/u_ex210302.log.gz", options);   // registry.h
//   if (!reader.ok()) { report reader.status(); continue with the next file; }
//   EventBatch batch;
//   while ((*reader)->Next(batch)) {
//     for (const detect::Event& event : batch) Match(event);
//   }
//   const ReadStats& stats = (*reader)->stats();   // counts and the error list
//
// Partial-failure policy (CONVENTIONS.md 3). A bad record (malformed JSON, a
// W3C line with the wrong number of fields, a corrupt EVTX record, a line
// longer than ReadOptions::max_record_bytes) is reported as a ReadIssue with
// its location (file:line, or file and EVTX record), counted in
// stats().bad_records and skipped; the read goes on with the next record.
// An I/O error that stops the file (unreadable, a broken .gz stream) is
// reported the same way and ends that reader's stream; events already
// returned stay valid. Nothing is ever thrown.
//
// Lifetime. An Event in a batch, and every string_view it hands out, stays
// valid until the batch is filled again or destroyed; Event::Source().file
// points into the batch too. A batch does not depend on the reader that
// filled it (it owns its buffers), so a caller may fill batch A, hand it to
// a worker thread, and fill batch B meanwhile.
//
// Thread-safety: a Reader is used by one thread at a time; distinct readers
// and distinct batches are independent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/detect/event.h"

namespace rampart::ingest {

// A cheap test on raw input bytes that lets a text reader skip building
// events nobody wants (ReadOptions::record_filter); `hunt --ioc` passes the
// IOC set's literal prefilter.
//
// Contract: Candidates(text, offsets) appends to `offsets`, in increasing
// order, byte offsets into `text` (whole lines of raw input); every
// occurrence in `text` of something the caller looks for must contain one
// reported offset. Reporting more is allowed (it only costs parsing), fewer
// loses records. What the caller looks for must never contain a line break.
// The reader itself takes care of values its format decodes (JSON "\u0041",
// CSV "" inside quotes): it treats lines holding the escape as candidates.
// Thread-safety: called by the reader's thread; one filter may be shared by
// readers on several threads, so Candidates must be const-safe.
class RecordFilter {
 public:
  virtual ~RecordFilter() = default;
  virtual void Candidates(std::string_view text, std::vector<size_t>& offsets) const = 0;
};

struct ReadOptions {
  // "auto" (detect from content, then file name) or a registered reader name
  // ("evtx", "jsonl", "w3c", "zeek", "syslog", "csv"; registry.h).
  std::string format = "auto";
  // Text readers read this much input per batch (the batch's buffer holds
  // one chunk plus the unfinished line carried over).
  size_t chunk_bytes = 4 << 20;
  // EVTX: records per batch (whole chunks are read until at least this many).
  size_t batch_records = 2048;
  // EVTX: the chunks of a batch are decoded on up to this many threads;
  // output order is the file's whatever the count.
  int threads = 1;
  // EVTX: "binxml" (rampart's own reader, the default) or "libevtx" (the
  // reference, slow); empty means the environment variable
  // RAMPART_EVTX_READER, else "binxml".
  std::string evtx_reader;
  // A record (line, JSON document, CSV row) longer than this is reported
  // and skipped without being held in memory. Bounds peak memory per reader
  // at about chunk_bytes + max_record_bytes (plus the parser's buffers).
  size_t max_record_bytes = 64 << 20;
  // Issues kept in stats().issues; later ones are only counted.
  size_t max_issues = 1000;
  // Text readers (w3c, zeek, csv, syslog, jsonl; not evtx): a record none of
  // whose lines holds a candidate offset is read, counted in
  // ReadStats::filtered, and not returned in a batch. Every line still goes
  // through the format's checks (a bad record is still reported, directives
  // still apply), so stats are those of an unfiltered read with `filtered`
  // taken out of `events`; returned events keep their line numbers. A
  // reader that can check a line's shape cheaply (Zeek) does not build an
  // event for a skipped line at all; the others build it and drop it.
  // Null (the default): every record is returned.
  std::shared_ptr<const RecordFilter> record_filter;
};

// One reported problem. `line` is 1-based for text formats, `record` is the
// EVTX record number (or 0); both 0 when the problem concerns the whole file.
struct ReadIssue {
  std::string file;
  int64_t line = 0;
  int64_t record = 0;
  std::string message;

  // "file:line: message", "file: record N: message" or "file: message",
  // control bytes and invalid UTF-8 escaped (EscapeControlBytes).
  std::string ToString() const;
};

struct ReadStats {
  uint64_t events = 0;       // events returned in batches
  uint64_t filtered = 0;     // records read but not returned (ReadOptions::record_filter)
  uint64_t bad_records = 0;  // records reported and skipped
  uint64_t bytes = 0;        // input bytes consumed (decompressed for .gz)
  uint64_t issues_dropped = 0;  // issues beyond ReadOptions::max_issues
  std::vector<ReadIssue> issues;

  // True if nothing was reported (no bad record, no I/O error).
  bool clean() const { return issues.empty() && issues_dropped == 0; }
};

// Storage behind a batch's events; each reader keeps its own subclass here.
class BatchData {
 public:
  virtual ~BatchData() = default;
};

// The events of one Next() call, in input order.
class EventBatch {
 public:
  EventBatch() = default;
  EventBatch(EventBatch&&) noexcept = default;
  EventBatch& operator=(EventBatch&&) noexcept = default;

  size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  const detect::Event& operator[](size_t i) const { return *events_[i]; }

  class iterator {
   public:
    using value_type = detect::Event;
    using difference_type = std::ptrdiff_t;
    explicit iterator(const detect::Event* const* p) : p_(p) {}
    const detect::Event& operator*() const { return **p_; }
    const detect::Event* operator->() const { return *p_; }
    iterator& operator++() { ++p_; return *this; }
    bool operator==(const iterator& o) const { return p_ == o.p_; }
    bool operator!=(const iterator& o) const { return p_ != o.p_; }
   private:
    const detect::Event* const* p_;
  };
  iterator begin() const { return iterator(events_.data()); }
  iterator end() const { return iterator(events_.data() + events_.size()); }

  // For reader implementations: the storage of type T, created on first use
  // or when the batch was last filled by another kind of reader.
  template <typename T>
  T& Data() {
    if (T* d = dynamic_cast<T*>(data_.get())) return *d;
    data_ = std::make_unique<T>();
    return static_cast<T&>(*data_);
  }
  // For reader implementations: the events of this batch.
  std::vector<const detect::Event*>& mutable_events() { return events_; }

 private:
  std::vector<const detect::Event*> events_;
  std::unique_ptr<BatchData> data_;
};

// A reader of one input (file, .gz file or stdin), in one format.
// Public methods are non-virtual: they keep the counts and the issue list;
// formats implement the protected DoNext.
class Reader {
 public:
  virtual ~Reader() = default;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Clears `batch` and fills it with the next events. Returns false when the
  // input is exhausted (then `batch` is empty); a batch may be empty only in
  // that case. Problems are reported into stats(), never returned.
  bool Next(EventBatch& batch);

  // The registered name of the format: "jsonl", "evtx", "w3c", ...
  std::string_view format() const { return format_; }
  // The input as the caller named it ("-" for stdin).
  const std::string& path() const { return path_; }
  const ReadStats& stats() const { return stats_; }
  const ReadOptions& options() const { return options_; }

 protected:
  Reader(std::string_view format, std::string path, const ReadOptions& options)
      : format_(format), path_(std::move(path)), options_(options) {}

  // Fills `batch` (already cleared); returns false at end of input.
  // Implementations call Report() for each bad record and AddBytes() for
  // input consumed.
  virtual bool DoNext(EventBatch& batch) = 0;

  // Records a bad record (counted in bad_records when `bad_record`) or an
  // I/O problem, with its location.
  void Report(int64_t line, int64_t record, std::string message, bool bad_record = true);
  void AddBytes(uint64_t n) { stats_.bytes += n; }
  // Records read but dropped by ReadOptions::record_filter.
  void AddFiltered(uint64_t n) { stats_.filtered += n; }

 private:
  std::string_view format_;
  std::string path_;
  ReadOptions options_;
  ReadStats stats_;
};

}  // namespace rampart::ingest
