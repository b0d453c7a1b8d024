// Internal: the chunked line loop shared by the text readers, and the pools
// that keep per-batch event objects alive and reusable.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/detect/string_arena.h"
#include "rampart/ingest/reader.h"
#include "rampart/ingest/source.h"

namespace rampart::ingest::internal {

// Event objects reused across batches; addresses are stable (deque).
template <typename T>
class EventPool {
 public:
  T& Acquire() {
    if (used_ == items_.size()) items_.emplace_back();
    return items_[used_++];
  }
  void ReleaseLast() { --used_; }
  void Clear() { used_ = 0; }
  size_t size() const { return used_; }
  T& operator[](size_t i) { return items_[i]; }

 private:
  std::deque<T> items_;
  size_t used_ = 0;
};

// What every text batch owns: the chunk bytes, an arena, the file name.
struct TextBatchData : BatchData {
  std::unique_ptr<char[]> buf;
  size_t cap = 0;
  size_t len = 0;
  detect::StringArena arena{256 * 1024};
  std::string file;

  // Bytes readable from `p` (inside buf) including the padding after len.
  size_t Readable(const char* p) const { return static_cast<size_t>(buf.get() + cap - p); }
};

// Padding kept after the data in every chunk (simdjson reads past the end).
inline constexpr size_t kChunkPadding = 64;

// Reads the input in chunks and hands complete lines to OnLine, in order,
// with 1-based line numbers. A batch is one chunk (with a record filter:
// as many chunks as it takes to have an event left). '\r' before '\n' is
// dropped. A line longer than max_record_bytes is reported and skipped
// without being buffered.
//
// ReadOptions::record_filter: each chunk's whole lines are handed to the
// filter once; a line without a candidate offset (and, if the format
// decodes escapes, without its EscapeMark) goes to SkipRecord, and if that
// declines, to OnLine as usual. After EndBatch, an event is dropped (counted
// as filtered) unless a candidate line lies in [its line, the next event's
// line), which also covers records spanning lines (CSV quotes, JSON).
class TextReader : public Reader {
 protected:
  TextReader(std::string_view format, std::unique_ptr<ByteStream> stream, const ReadOptions& options)
      : Reader(format, stream->path(), options), stream_(std::move(stream)) {}

  // The batch's storage (a TextBatchData subclass); called once per batch.
  virtual TextBatchData& BeginBatch(EventBatch& batch) = 0;
  // One complete line of `data`'s buffer (it has kChunkPadding readable
  // bytes after its end).
  virtual void OnLine(std::string_view line, int64_t line_no, TextBatchData& data) = 0;
  // End of input: flush a multi-line record left open (CSV quotes, JSON).
  virtual void OnEnd(TextBatchData& data) {}
  // Publishes the batch's events into `batch` (after all OnLine calls).
  virtual void EndBatch(TextBatchData& data, EventBatch& batch) = 0;
  // Record filter fast path: a line with no candidate. Return true only if
  // OnLine would have made exactly one event of it and reported nothing and
  // changed no reader state; the line is then counted as a filtered record
  // and OnLine is not called. Default: false (OnLine runs, the event is
  // dropped after EndBatch).
  virtual bool SkipRecord(std::string_view line) { return false; }
  // For formats whose values decode escapes, the raw text that starts one
  // (JSON "\\" for \u0041, CSV "\"\"" for a quote inside quotes): a line
  // holding it may not show a value's text literally, so it is a candidate
  // whatever the filter says. Empty (the default): values are the raw text.
  virtual std::string_view EscapeMark() const { return {}; }

  bool DoNext(EventBatch& batch) final;

  const std::string& file() const { return path(); }

 private:
  bool FillChunk(TextBatchData& data);
  // The line loop over [p, end) of one chunk; returns where it stopped
  // (the start of an incomplete last line).
  char* Lines(char* p, char* end, TextBatchData& data);
  // Drops the published events no candidate line asks for.
  void DropUnwanted(EventBatch& batch);

  std::unique_ptr<ByteStream> stream_;
  std::string carry_;
  int64_t next_line_ = 1;
  bool eof_ = false;
  bool finished_ = false;
  bool skipping_ = false;
  bool at_start_ = true;  // the UTF-8 byte order mark, if any, is still ahead
  const RecordFilter* filter_ = nullptr;  // options().record_filter
  std::vector<size_t> candidates_;        // this chunk's candidate offsets
  std::vector<int64_t> wanted_lines_;     // candidate line numbers not yet matched to events
};

// How many times `c` occurs in `s` (16 bytes at a time: the record
// filter's shape check runs it on every skipped line).
size_t CountByte(std::string_view s, char c);

// Splits `s` at every `sep`, calling fn(piece) in order.
template <typename Fn>
inline void SplitEach(std::string_view s, char sep, Fn&& fn) {
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      fn(s.substr(start));
      return;
    }
    fn(s.substr(start, pos - start));
    start = pos + 1;
  }
}

}  // namespace rampart::ingest::internal
