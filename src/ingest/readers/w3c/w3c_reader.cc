// IIS W3C extended log format. "#Fields:" sets the column order and may
// repeat mid-file with another order (IIS restarts, config changes); other
// "#" directives are skipped. Data lines are split on single spaces (IIS
// writes spaces inside values as '+'), memchr-based, into views of the batch
// buffer: this is the hot path of an Exchange log hunt.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "fmt/format.h"
#include "readers/readers.h"
#include "readers/table_event.h"
#include "readers/text_reader.h"

namespace rampart::ingest::internal {
namespace {

bool IsNumericColumn(std::string_view c) {
  static constexpr std::string_view kNumeric[] = {"sc-status", "sc-substatus", "sc-win32-status", "time-taken",
                                                  "s-port",    "sc-bytes",     "cs-bytes"};
  return std::find(std::begin(kNumeric), std::end(kNumeric), c) != std::end(kNumeric);
}

std::shared_ptr<const TableSchema> ParseFields(std::string_view spec) {
  auto schema = std::make_shared<TableSchema>();
  schema->format = "w3c";
  schema->dash_empty = "-";
  schema->raw_values = true;  // SplitRow's views into the line, '+' and %xx kept
  SplitEach(spec, ' ', [&](std::string_view name) {
    if (!name.empty()) schema->columns.emplace_back(name);
  });
  schema->Finish();
  for (size_t i = 0; i < schema->columns.size(); ++i) {
    const std::string& c = schema->columns[i];
    int col = static_cast<int>(i);
    if (IsNumericColumn(c)) schema->kinds[i] = detect::ValueKind::kNumber;
    // cs(User-Agent) -> cs-user-agent, sc(Content-Type) -> sc-content-type, as Sigma names them.
    size_t open = c.find('(');
    if (open != std::string::npos && c.back() == ')' && open > 0) {
      std::string alias = c.substr(0, open) + "-" + c.substr(open + 1, c.size() - open - 2);
      std::transform(alias.begin(), alias.end(), alias.begin(), [](unsigned char ch) { return std::tolower(ch); });
      schema->aliases.emplace_back(alias, col);
      if (alias == "cs-referer") schema->aliases.emplace_back("cs-referrer", col);
    }
    if (c == "cs(User-Agent)" || c == "cs-user-agent") schema->plus_space_col = col;
    if (c == "cs-uri-query") schema->uri_query_col = col;
    if (c == "cs-uri-stem") schema->uri_stem_col = col;
  }
  schema->BuildIndex();
  return schema;
}

class W3cReader : public TableReader {
 public:
  W3cReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options)
      : TableReader("w3c", std::move(stream), options, "space-separated fields (per #Fields:)",
                    "data line before any #Fields: directive") {}

 protected:
  void Directive(std::string_view line, int64_t line_no) override {
    if (line.substr(0, 8) != "#Fields:") return;
    schema_ = ParseFields(line.substr(8));
    if (schema_->columns.empty()) {
      Report(line_no, 0, "#Fields: directive names no field");
      schema_.reset();
    }
  }

  // A line the record filter (hunt --ioc) does not want is skipped without
  // splitting if SplitRow would accept it: one value per column means exactly
  // columns - 1 spaces. Others still go to OnLine, so bad rows are reported.
  bool SkipRecord(std::string_view line) override {
    if (line.empty() || line[0] == '#' || !schema_) return false;
    return CountByte(line, ' ') + 1 == schema_->columns.size();
  }

  size_t SplitRow(std::string_view line, size_t n, TextBatchData&, std::vector<std::string_view>& out) override {
    const char* p = line.data();
    const char* end = p + line.size();
    for (size_t i = 0; i + 1 < n; ++i) {
      const char* sp = static_cast<const char*>(std::memchr(p, ' ', end - p));
      if (!sp) return i + 1;
      out.emplace_back(p, sp - p);
      p = sp + 1;
    }
    if (std::memchr(p, ' ', end - p) != nullptr) return n + std::count(p, end, ' ');
    out.emplace_back(p, end - p);
    return n;
  }
};

}  // namespace

std::unique_ptr<Reader> NewW3cReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options) {
  return std::make_unique<W3cReader>(std::move(stream), options);
}

}  // namespace rampart::ingest::internal
