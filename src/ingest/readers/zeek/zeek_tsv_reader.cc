// Zeek's ASCII (TSV) logs: "#separator \x09" first, then "#set_separator",
// "#empty_field", "#unset_field", "#path", "#fields" and "#types" directives
// (separated by the separator), data rows, and "#close". A file may hold
// several header blocks (rotated logs concatenated); each #fields starts a
// new schema. Unset fields read as null, empty ones as "", set[...] and
// vector[...] columns as one value per element; count/int/double/time/
// interval/port columns are numbers. Zeek JSON logs go to the JSON reader.
#include <memory>
#include <string>

#include "fmt/format.h"
#include "readers/readers.h"
#include "readers/table_event.h"
#include "readers/text_reader.h"

namespace rampart::ingest::internal {
namespace {

// "\x09" -> tab; other text as is.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      auto hex = [](char c) { return (c >= '0' && c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10; };
      out.push_back(static_cast<char>(hex(s[i + 2]) * 16 + hex(s[i + 3])));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

class ZeekTsvReader : public TableReader {
 public:
  ZeekTsvReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options)
      : TableReader("zeek", std::move(stream), options, "fields (per #fields)",
                    "data line before the #fields directive") {}

 protected:
  size_t SplitRow(std::string_view line, size_t n, TextBatchData&, std::vector<std::string_view>& out) override {
    size_t found = 0;
    SplitEach(line, sep_, [&](std::string_view v) {
      if (found < n) out.push_back(v);
      ++found;
    });
    return found;
  }

  // A data line under a schema with one value per column is exactly what
  // TableReader::OnLine would turn into one event without a report.
  bool SkipRecord(std::string_view line) override {
    if (line.empty() || line[0] == '#' || !schema_) return false;
    return CountByte(line, sep_) + 1 == schema_->columns.size();
  }

  void Directive(std::string_view line, int64_t line_no) override {
    if (line.substr(0, 11) == "#separator ") {
      std::string s = Unescape(line.substr(11));
      if (s.size() != 1) {
        Report(line_no, 0, "#separator must be one character");
        return;
      }
      sep_ = s[0];
      return;
    }
    size_t cut = line.find(sep_);
    std::string_view key = line.substr(1, cut == std::string_view::npos ? line.size() : cut - 1);
    std::string_view rest = cut == std::string_view::npos ? std::string_view() : line.substr(cut + 1);
    if (key == "set_separator") {
      std::string s = Unescape(rest);
      set_sep_ = s.empty() ? ',' : s[0];
    } else if (key == "empty_field") {
      empty_ = Unescape(rest);
    } else if (key == "unset_field") {
      unset_ = Unescape(rest);
    } else if (key == "fields") {
      auto schema = std::make_shared<TableSchema>();
      schema->format = "zeek";
      SplitEach(rest, sep_, [&](std::string_view f) { schema->columns.emplace_back(f); });
      schema->unset = unset_;
      schema->empty = empty_;
      schema->set_separator = set_sep_;
      schema->Finish();
      schema_ = schema;
    } else if (key == "types" && schema_) {
      auto schema = std::make_shared<TableSchema>(*schema_);
      size_t i = 0;
      SplitEach(rest, sep_, [&](std::string_view t) {
        if (i < schema->columns.size()) {
          if (t == "count" || t == "int" || t == "double" || t == "time" || t == "interval" || t == "port")
            schema->kinds[i] = detect::ValueKind::kNumber;
          if (t.substr(0, 4) == "set[" || t.substr(0, 7) == "vector[") schema->container[i] = true;
        }
        ++i;
      });
      if (i != schema->columns.size())
        Report(line_no, 0, fmt::format("#types lists {} types for {} fields", i, schema->columns.size()));
      schema_ = schema;
    }
  }


 private:
  char sep_ = '\t';
  char set_sep_ = ',';
  std::string empty_ = "(empty)";
  std::string unset_ = "-";
};

}  // namespace

std::unique_ptr<Reader> NewZeekTsvReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options) {
  return std::make_unique<ZeekTsvReader>(std::move(stream), options);
}

}  // namespace rampart::ingest::internal
