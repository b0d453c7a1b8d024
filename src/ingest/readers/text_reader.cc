#include "readers/text_reader.h"

#include <cstring>

#include "fmt/format.h"

namespace rampart::ingest::internal {

// Refills data.buf with the carried-over partial line plus one chunk.
bool TextReader::FillChunk(TextBatchData& data) {
  const size_t chunk = options().chunk_bytes;
  size_t need = carry_.size() + chunk + kChunkPadding;
  if (data.cap < need) {
    data.buf = std::make_unique<char[]>(need);
    data.cap = need;
  }
  std::memcpy(data.buf.get(), carry_.data(), carry_.size());
  data.len = carry_.size();
  carry_.clear();
  auto got = ReadFull(*stream_, data.buf.get() + data.len, chunk);
  if (!got.ok()) {
    Report(next_line_, 0, std::string(got.status().message()), false);
    eof_ = true;
  } else {
    data.len += *got;
    AddBytes(*got);
    if (*got < chunk) eof_ = true;
  }
  std::memset(data.buf.get() + data.len, 0, kChunkPadding);
  return true;
}

bool TextReader::DoNext(EventBatch& batch) {
  TextBatchData& data = BeginBatch(batch);
  data.file = path();
  while (!finished_) {
    FillChunk(data);
    char* p = data.buf.get();
    char* end = p + data.len;
    if (skipping_) {
      char* nl = static_cast<char*>(std::memchr(p, '\n', end - p));
      if (!nl) {
        if (eof_) finished_ = true;
        continue;
      }
      skipping_ = false;
      ++next_line_;
      p = nl + 1;
    }
    while (p < end) {
      char* nl = static_cast<char*>(std::memchr(p, '\n', end - p));
      if (!nl) break;
      char* line_end = (nl > p && nl[-1] == '\r') ? nl - 1 : nl;
      OnLine(std::string_view(p, line_end - p), next_line_++, data);
      p = nl + 1;
    }
    size_t rest = static_cast<size_t>(end - p);
    if (eof_) {
      if (rest > 0) {
        char* line_end = (p[rest - 1] == '\r') ? end - 1 : end;
        OnLine(std::string_view(p, line_end - p), next_line_++, data);
      }
      OnEnd(data);
      finished_ = true;
    } else if (rest > options().max_record_bytes) {
      Report(next_line_, 0,
             fmt::format("line longer than {} bytes; skipped", options().max_record_bytes));
      skipping_ = true;
    } else {
      carry_.assign(p, rest);
    }
    EndBatch(data, batch);
    if (!batch.empty()) return true;
  }
  return false;
}

}  // namespace rampart::ingest::internal

