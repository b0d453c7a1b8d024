// CSV with a header row (RFC 4180): fields separated by ',' (or ';' or tab,
// whichever the header uses most outside quotes), optionally quoted with '"',
// "" inside quotes for a quote, and line breaks inside quoted fields (the
// record then spans lines; its line number is the first one). A row with a
// different field count than the header is reported and skipped. Column
// names are the header's, trimmed; values are strings, views into the batch
// unless they needed unquoting.
#include <memory>
#include <string>

#include "fmt/format.h"
#include "readers/readers.h"
#include "readers/table_event.h"
#include "readers/text_reader.h"

namespace rampart::ingest::internal {
namespace {

// True if `s` leaves a quoted field open (odd number of quotes).
bool QuotesOpen(std::string_view s, bool open) {
  for (char c : s)
    if (c == '"') open = !open;
  return open;
}

char GuessSeparator(std::string_view header) {
  size_t counts[3] = {0, 0, 0};
  const char seps[3] = {',', ';', '\t'};
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (int i = 0; i < 3; ++i)
      if (c == seps[i]) ++counts[i];
  }
  int best = 0;
  for (int i = 1; i < 3; ++i)
    if (counts[i] > counts[best]) best = i;
  return seps[best];
}

class CsvReader : public TableReader {
 public:
  CsvReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options)
      : TableReader("csv", std::move(stream), options, "fields (per the header)", "") {}

 protected:
  void OnLine(std::string_view line, int64_t line_no, TextBatchData& data) override {
    if (pending_open_) {
      if (pending_.size() + line.size() > options().max_record_bytes) {
        Report(pending_line_, 0, "quoted field never closes (record too long); skipped");
        pending_.clear();
        pending_open_ = false;
        return;
      }
      pending_.push_back('\n');
      pending_.append(line);
      pending_open_ = QuotesOpen(line, true);
      if (!pending_open_) {
        Record(data.arena.Copy(pending_), pending_line_, data);
        pending_.clear();
      }
      return;
    }
    if (line.empty()) return;
    if (QuotesOpen(line, false)) {
      pending_.assign(line);
      pending_line_ = line_no;
      pending_open_ = true;
      return;
    }
    Record(line, line_no, data);
  }

  void OnEnd(TextBatchData& data) override {
    if (pending_open_) Report(pending_line_, 0, "quoted field not closed at end of input");
    pending_open_ = false;
  }

  // "" inside quotes is one quote: the raw line does not show such a value.
  std::string_view EscapeMark() const override { return "\"\""; }

  // Splits one record into `values` (all of them: the header's count is not
  // known when the header itself is split). Returns the count.
  size_t SplitRow(std::string_view rec, size_t, TextBatchData& data, std::vector<std::string_view>& values) override {
    size_t count = 0;
    size_t i = 0;
    while (true) {
      if (i < rec.size() && rec[i] == '"') {
        std::string value;
        size_t j = i + 1;
        bool copied = false;
        for (; j < rec.size(); ++j) {
          if (rec[j] == '"') {
            if (j + 1 < rec.size() && rec[j + 1] == '"') {
              value.push_back('"');
              copied = true;
              ++j;
            } else {
              break;
            }
          } else {
            value.push_back(rec[j]);
          }
        }
        values.push_back(copied ? data.arena.Copy(value) : rec.substr(i + 1, j - i - 1));
        ++count;
        // Skip to the separator (text after the closing quote is tolerated).
        size_t sep = rec.find(sep_, j);
        if (sep == std::string_view::npos) return count;
        i = sep + 1;
      } else {
        size_t sep = rec.find(sep_, i);
        values.push_back(rec.substr(i, sep == std::string_view::npos ? std::string_view::npos : sep - i));
        ++count;
        if (sep == std::string_view::npos) return count;
        i = sep + 1;
      }
    }
  }

 private:
  void Record(std::string_view rec, int64_t line_no, TextBatchData& data) {
    TableBatchData& d = *current_;
    if (!schema_) {
      sep_ = GuessSeparator(rec);
      size_t offset = d.values.size();
      size_t n = SplitRow(rec, 0, data, d.values);
      auto schema = std::make_shared<TableSchema>();
      schema->format = "csv";
      for (size_t i = 0; i < n; ++i) {
        std::string_view name = d.values[offset + i];
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (i == 0 && name.substr(0, 3) == "\xEF\xBB\xBF") name.remove_prefix(3);
        schema->columns.emplace_back(name.empty() ? fmt::format("column{}", i + 1) : std::string(name));
      }
      d.values.resize(offset);
      schema->Finish();
      schema_ = schema;
      return;
    }
    AddRecord(rec, line_no, data);
  }

  char sep_ = ',';
  std::string pending_;
  int64_t pending_line_ = 0;
  bool pending_open_ = false;
};

}  // namespace

std::unique_ptr<Reader> NewCsvReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options) {
  return std::make_unique<CsvReader>(std::move(stream), options);
}

}  // namespace rampart::ingest::internal
