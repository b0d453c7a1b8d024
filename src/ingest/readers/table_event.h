// Internal: an Event over one row of a table-shaped log (W3C, Zeek TSV, CSV):
// a shared schema (column names, kinds, aliases, markers) plus the row's
// values as views into the batch buffer. Nothing is copied per row. And
// TableReader, the header/row loop those three readers share.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "rampart/detect/event.h"
#include "readers/text_reader.h"

namespace rampart::ingest::internal {

struct TableSchema {
  std::string_view format;
  std::vector<std::string> columns;
  std::vector<detect::ValueKind> kinds;              // per column (default kString)
  std::vector<std::pair<std::string, int>> aliases;  // extra names -> column
  // A value equal to `dash_empty` reads as "" (W3C "-").
  std::string dash_empty;
  // Zeek: a value equal to `unset` reads as null, `empty` as "".
  std::string unset;
  std::string empty;
  // Zeek: columns of type set[...]/vector[...] hold several values.
  std::vector<bool> container;
  char set_separator = ',';
  // Time: a date and a time column (W3C) or one timestamp column.
  int date_col = -1, time_col = -1, ts_col = -1;
  // W3C: the user-agent column; '+' also read as ' ' (a second value).
  int plus_space_col = -1;
  // W3C: a request's query and stem columns. The query column also reads as
  // the whole request URI, stem + '?' + query (the stem alone when the query
  // is empty), a second value: SigmaHQ's web rules put paths in cs-uri-query.
  int uri_query_col = -1, uri_stem_col = -1;
  // Every row's values are views, in column order, into the record's own
  // bytes, undecoded (W3C): the record is then its SearchText().
  bool raw_values = false;

  // Column for `name`: exact column, exact alias, then case-insensitively; -1 if none.
  int Find(std::string_view name) const;
  // Fills the per-column vectors to columns.size() and sets time columns
  // from common names.
  void Finish();
  // Optional, once columns and aliases are final: hash maps that make Find
  // two lookups instead of four passes over the names (a matcher asks every
  // event for fields it lacks, Channel and EventID). Same answers.
  void BuildIndex();

 private:
  int FindLinear(std::string_view name) const;
  // A name's signature (length, first and last byte, ASCII-folded): a bit
  // per signature of the schema's names, so that most names it lacks are
  // refused without a lookup.
  static uint8_t Signature(std::string_view name);
  bool indexed_ = false;
  uint64_t signatures_[4] = {};
  absl::flat_hash_map<std::string, int> exact_, folded_;  // first name wins
};

class TableEvent : public detect::Event {
 public:
  void Set(const TableSchema* schema, size_t offset, detect::EventSource source) {
    schema_ = schema;
    offset_ = offset;
    source_ = source;
  }
  // Points the event at its batch's value array (after the batch is complete).
  void Bind(const std::string_view* values_base) { values_ = values_base + offset_; }

  bool Values(std::string_view name, absl::FunctionRef<void(const detect::Value&)> fn) const override;
  void Fields(absl::FunctionRef<void(std::string_view, const detect::Value&)> fn) const override;
  std::string_view Format() const override { return schema_->format; }
  std::optional<int64_t> TimeUs() const override;
  std::string ToJson() const override;
  detect::EventSource Source() const override { return source_; }
  // The record from its first value to its last, if the schema's values are
  // raw (TableSchema::raw_values); else empty.
  std::string_view SearchText() const override;

 private:
  void Emit(int col, absl::FunctionRef<void(const detect::Value&)> fn) const;

  const TableSchema* schema_ = nullptr;
  const std::string_view* values_ = nullptr;
  size_t offset_ = 0;
  detect::EventSource source_;
  mutable std::string scratch_;  // '+'-decoded user agent
  mutable std::string uri_;      // stem + '?' + query
};

// Batch storage of the table readers: rows' values side by side, events
// bound to them when the batch is published.
struct TableBatchData : TextBatchData {
  EventPool<TableEvent> events;
  std::vector<std::string_view> values;
  std::vector<std::shared_ptr<const TableSchema>> schemas;

  void Reset() {
    arena.Clear();
    events.Clear();
    values.clear();
    schemas.clear();
  }
  // Adds a row whose values were appended at `offset` under `schema`.
  void AddRow(const std::shared_ptr<const TableSchema>& schema, size_t offset, detect::EventSource source) {
    if (schemas.empty() || schemas.back() != schema) schemas.push_back(schema);
    events.Acquire().Set(schema.get(), offset, source);
  }
  void Publish(EventBatch& batch) {
    auto& out = batch.mutable_events();
    out.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      events[i].Bind(values.data());
      out.push_back(&events[i]);
    }
  }
};

// The loop shared by the table readers (W3C, Zeek TSV, CSV): batches of
// TableBatchData; '#' lines go to Directive() (which sets the schema); a data
// line before any schema is reported; a data line is split by SplitRow() and
// kept only if it has exactly one value per column, else reported with the
// count found. Readers whose records are not lines (CSV with quoted line
// breaks) override OnLine and call AddRecord themselves.
class TableReader : public TextReader {
 protected:
  // `fields_source` completes "expected N fields <fields_source>, found M"
  // ("space-separated fields (per #Fields:)"); `no_schema` is the message
  // for a data line before any schema.
  TableReader(std::string_view format, std::unique_ptr<ByteStream> stream, const ReadOptions& options,
              std::string fields_source, std::string no_schema)
      : TextReader(format, std::move(stream), options),
        fields_source_(std::move(fields_source)),
        no_schema_(std::move(no_schema)) {}

  // A '#' line (directive or comment). Default: ignored.
  virtual void Directive(std::string_view line, int64_t line_no) {}
  // Appends the values of `line` to `out` (a splitter may stop after `n`)
  // and returns how many the line has; a count other than `n` rejects the
  // row (AddRecord drops what was appended).
  virtual size_t SplitRow(std::string_view line, size_t n, TextBatchData& data,
                          std::vector<std::string_view>& out) = 0;

  void OnLine(std::string_view line, int64_t line_no, TextBatchData& data) override;
  // Splits and adds one record under the current schema (reports a field
  // count mismatch).
  void AddRecord(std::string_view record, int64_t line_no, TextBatchData& data);

  TextBatchData& BeginBatch(EventBatch& batch) final;
  void EndBatch(TextBatchData& data, EventBatch& batch) final;

  std::shared_ptr<const TableSchema> schema_;
  TableBatchData* current_ = nullptr;  // the batch being filled

 private:
  std::string fields_source_;
  std::string no_schema_;
};

}  // namespace rampart::ingest::internal
