// JSON lines, and concatenated (pretty-printed) JSON objects as evtx_dump
// writes them. A line that holds a whole object is one event; a line that
// opens an object without closing it starts a multi-line record that runs
// until the braces balance. While such a record is open, a line starting
// with '{' in column 0 means the open one was truncated: it is reported and
// the new line starts afresh, so one bad record never swallows the rest.
#include <string>

#include "fmt/format.h"
#include "rampart/detect/json_event.h"
#include "readers/readers.h"
#include "readers/text_reader.h"
#include "readers/windows_fields.h"

namespace rampart::ingest::internal {
namespace {

struct JsonBatchData : TextBatchData {
  EventPool<detect::FlatEvent> events;
};

// Tracks nesting across lines, outside of strings.
struct DepthScanner {
  int depth = 0;
  bool in_string = false;
  bool escape = false;
  void Feed(std::string_view s) {
    for (char c : s) {
      if (in_string) {
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        --depth;
      }
    }
  }
};

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

class JsonlReader : public TextReader {
 public:
  JsonlReader(std::string_view format, std::unique_ptr<ByteStream> stream, const ReadOptions& options)
      : TextReader(format, std::move(stream), options) {}

 protected:
  TextBatchData& BeginBatch(EventBatch& batch) override {
    JsonBatchData& d = batch.Data<JsonBatchData>();
    d.arena.Clear();
    d.events.Clear();
    flattener_.ForgetPaths();
    current_ = &d;
    return d;
  }

  // "\u0041" decodes to 'A': a raw line may not show a value's text.
  std::string_view EscapeMark() const override { return "\\"; }

  void OnLine(std::string_view line, int64_t line_no, TextBatchData& data) override {
    if (pending_open_) {
      if (!line.empty() && line[0] == '{') {
        Report(pending_line_, 0, "truncated JSON object (a new object starts before it closes)");
        ClearPending();
      } else {
        AppendPending(line);
        if (!pending_open_) FlushPending(data);
        return;
      }
    }
    if (IsBlank(line)) return;
    detect::FlatEvent& ev = current_->events.Acquire();
    ev.Reset(format(), detect::EventSource{data.file, line_no, 0});
    Status st = flattener_.Flatten(line, data.Readable(line.data()), data.arena, ev);
    if (st.ok()) {
      AddWindowsAliases(ev, data.arena);  // Security 4688 exported as JSON answers process_creation too
      return;
    }
    current_->events.ReleaseLast();
    // An object that does not close on its line starts a multi-line record.
    DepthScanner scan;
    scan.Feed(line);
    size_t first = line.find_first_not_of(" \t");
    if (scan.depth > 0 && first != std::string_view::npos && line[first] == '{') {
      pending_.assign(line);
      pending_.push_back('\n');
      pending_scan_ = scan;
      pending_line_ = line_no;
      pending_open_ = true;
      return;
    }
    Report(line_no, 0, fmt::format("invalid JSON: {}", std::string(st.message())));
  }

  void OnEnd(TextBatchData& data) override {
    if (pending_open_) {
      Report(pending_line_, 0, "truncated JSON object at end of input");
      ClearPending();
    }
  }

  void EndBatch(TextBatchData& data, EventBatch& batch) override {
    auto& d = static_cast<JsonBatchData&>(data);
    for (size_t i = 0; i < d.events.size(); ++i) batch.mutable_events().push_back(&d.events[i]);
  }

 private:
  void AppendPending(std::string_view line) {
    if (pending_.size() + line.size() > options().max_record_bytes) {
      Report(pending_line_, 0, fmt::format("JSON object longer than {} bytes; skipped", options().max_record_bytes));
      ClearPending();
      return;
    }
    pending_.append(line);
    pending_.push_back('\n');
    pending_scan_.Feed(line);
    if (pending_scan_.depth <= 0) pending_open_ = false;
  }

  void FlushPending(TextBatchData& data) {
    std::string_view text = data.arena.Copy(pending_);
    detect::FlatEvent& ev = current_->events.Acquire();
    ev.Reset(format(), detect::EventSource{data.file, pending_line_, 0});
    Status st = flattener_.Flatten(text, text.size(), data.arena, ev);
    if (st.ok()) {
      AddWindowsAliases(ev, data.arena);
    } else {
      current_->events.ReleaseLast();
      Report(pending_line_, 0, fmt::format("invalid JSON: {}", std::string(st.message())));
    }
    ClearPending();
  }

  void ClearPending() {
    pending_.clear();
    pending_open_ = false;
    pending_scan_ = {};
  }

  detect::JsonFlattener flattener_;
  JsonBatchData* current_ = nullptr;
  std::string pending_;
  DepthScanner pending_scan_;
  int64_t pending_line_ = 0;
  bool pending_open_ = false;
};

}  // namespace

std::unique_ptr<Reader> NewJsonlReader(std::string_view format, std::unique_ptr<ByteStream> stream,
                                       const ReadOptions& options) {
  return std::make_unique<JsonlReader>(format, std::move(stream), options);
}

}  // namespace rampart::ingest::internal
