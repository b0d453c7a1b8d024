#include "readers/text_reader.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "fmt/format.h"

namespace rampart::ingest::internal {

// Counts in SSE2 byte lanes (a match is -1 from cmpeq, so subtracting adds 1)
// and folds the lanes with psadbw every 255 blocks, before a lane can wrap.
// No popcount: without -mpopcnt GCC calls libgcc's __popcountdi2 per block,
// which cost more than the rest of hunt --ioc's line skipping together.
size_t CountByte(std::string_view s, char c) {
  const char* p = s.data();
  const char* end = p + s.size();
  size_t n = 0;
#ifdef __SSE2__
  const __m128i needle = _mm_set1_epi8(c);
  const __m128i zero = _mm_setzero_si128();
  while (end - p >= 16) {
    const char* stop = p + 16 * std::min<ptrdiff_t>((end - p) / 16, 255);
    __m128i lanes = zero;
    for (; p < stop; p += 16) {
      __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(block, needle));
    }
    __m128i sums = _mm_sad_epu8(lanes, zero);
    n += static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
         static_cast<size_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; p < end; ++p) n += *p == c;
  return n;
}

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
    // A byte order mark (Windows editors, some IIS exports) is not part of the first line.
    if (at_start_ && data.len >= 3 && std::memcmp(data.buf.get(), "\xEF\xBB\xBF", 3) == 0) {
      std::memmove(data.buf.get(), data.buf.get() + 3, data.len - 3);
      data.len -= 3;
    }
    if (data.len >= 3 || *got == 0) at_start_ = false;
    // A short read may be the bytes before a damaged .gz tail: only an
    // empty one is the end, so the next read reports the damage.
    if (*got == 0) eof_ = true;
  }
  std::memset(data.buf.get() + data.len, 0, kChunkPadding);
  return true;
}

// The whole lines of [p, end) (all of it at end of input) go to the record
// filter once, then one by one to SkipRecord/OnLine. Candidate offsets are
// sorted, so one cursor walks them alongside the lines.
char* TextReader::Lines(char* p, char* end, TextBatchData& data) {
  char* stop = end;
  if (!eof_) {
    char* last = static_cast<char*>(memrchr(p, '\n', static_cast<size_t>(end - p)));
    stop = last ? last + 1 : p;
  }
  const char* base = p;
  size_t next = 0;
  if (filter_ != nullptr) {
    candidates_.clear();
    if (stop > p) filter_->Candidates(std::string_view(p, static_cast<size_t>(stop - p)), candidates_);
  }
  const std::string_view escape = filter_ != nullptr ? EscapeMark() : std::string_view();
  uint64_t skipped = 0;
  while (p < stop) {
    char* nl = static_cast<char*>(std::memchr(p, '\n', static_cast<size_t>(stop - p)));
    char* after = nl ? nl + 1 : stop;
    char* line_end = nl ? nl : stop;
    if (line_end > p && line_end[-1] == '\r') --line_end;
    std::string_view line(p, static_cast<size_t>(line_end - p));
    int64_t line_no = next_line_++;
    if (filter_ != nullptr) {
      const size_t line_off = static_cast<size_t>(p - base), after_off = static_cast<size_t>(after - base);
      while (next < candidates_.size() && candidates_[next] < line_off) ++next;
      bool candidate = next < candidates_.size() && candidates_[next] < after_off;
      if (!candidate && !escape.empty() && line.find(escape) != std::string_view::npos) candidate = true;
      if (candidate) {
        wanted_lines_.push_back(line_no);
      } else if (SkipRecord(line)) {
        ++skipped;
        p = after;
        continue;
      }
    }
    OnLine(line, line_no, data);
    p = after;
  }
  if (skipped > 0) AddFiltered(skipped);
  return stop;
}

// An event stands for the lines from its own to the next event's (a CSV
// record with quoted line breaks, a pretty-printed JSON object), so it is
// kept if a candidate line falls in that range. Ranges may cover a bad or
// blank line too: that keeps an event needlessly, never drops a wanted one.
void TextReader::DropUnwanted(EventBatch& batch) {
  auto& events = batch.mutable_events();
  if (events.empty()) return;
  size_t w = 0, kept = 0;
  int64_t last = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const int64_t first = events[i]->Source().line;
    int64_t next = i + 1 < events.size() ? events[i + 1]->Source().line : next_line_;
    if (next <= first) next = first + 1;
    while (w < wanted_lines_.size() && wanted_lines_[w] < first) ++w;
    if (w < wanted_lines_.size() && wanted_lines_[w] < next) events[kept++] = events[i];
    last = first;
  }
  AddFiltered(events.size() - kept);
  events.resize(kept);
  // Later events start after `last`: candidate lines before it are done.
  wanted_lines_.erase(wanted_lines_.begin(), std::lower_bound(wanted_lines_.begin(), wanted_lines_.end(), last));
}

bool TextReader::DoNext(EventBatch& batch) {
  filter_ = options().record_filter.get();
  TextBatchData* data = &BeginBatch(batch);
  data->file = path();
  while (!finished_) {
    FillChunk(*data);
    char* p = data->buf.get();
    char* end = p + data->len;
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
    p = Lines(p, end, *data);
    size_t rest = static_cast<size_t>(end - p);
    if (eof_) {
      OnEnd(*data);
      finished_ = true;
    } else if (rest > options().max_record_bytes) {
      Report(next_line_, 0,
             fmt::format("line longer than {} bytes; skipped", options().max_record_bytes));
      skipping_ = true;
    } else {
      carry_.assign(p, rest);
    }
    EndBatch(*data, batch);
    if (filter_ != nullptr) DropUnwanted(batch);
    if (!batch.empty()) return true;
    if (filter_ != nullptr && !finished_) {
      // Every event was dropped: start the batch afresh for the next chunk.
      data = &BeginBatch(batch);
      data->file = path();
    }
  }
  return false;
}

}  // namespace rampart::ingest::internal
