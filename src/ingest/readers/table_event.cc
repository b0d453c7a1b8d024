#include "readers/table_event.h"

#include <algorithm>

#include <cctype>

#include "rampart/detect/event_time.h"
#include "rampart/detect/flat_event.h"
#include "fmt/format.h"
#include "rampart/core/strings.h"

namespace rampart::ingest::internal {

using detect::EqualsIgnoreCase;
using detect::Value;
using detect::ValueKind;

int TableSchema::Find(std::string_view name) const {
  if (!indexed_) return FindLinear(name);
  uint8_t sig = Signature(name);
  if (!(signatures_[sig >> 6] >> (sig & 63) & 1)) return -1;
  auto it = exact_.find(ToAbsl(name));
  if (it != exact_.end()) return it->second;
  char buf[64];
  if (name.size() > sizeof buf) return FindLinear(name);
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = name[i];
    buf[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  it = folded_.find(absl::string_view(buf, name.size()));
  return it != folded_.end() ? it->second : -1;
}

uint8_t TableSchema::Signature(std::string_view name) {
  if (name.empty()) return 0;
  auto fold = [](unsigned char c) { return static_cast<unsigned>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  return static_cast<uint8_t>(name.size() * 31 + fold(name.front()) * 7 + fold(name.back()));
}

void TableSchema::BuildIndex() {
  exact_.clear();
  folded_.clear();
  std::fill(std::begin(signatures_), std::end(signatures_), 0);
  auto mark = [this](std::string_view name) {
    uint8_t sig = Signature(name);
    signatures_[sig >> 6] |= uint64_t{1} << (sig & 63);
  };
  for (const auto& c : columns) mark(c);
  for (const auto& [alias, col] : aliases) mark(alias);
  // Insertion order = FindLinear's order of precedence (emplace keeps the first).
  for (size_t i = 0; i < columns.size(); ++i) exact_.emplace(columns[i], static_cast<int>(i));
  for (const auto& [alias, col] : aliases) exact_.emplace(alias, col);
  auto fold = [](std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return s;
  };
  for (size_t i = 0; i < columns.size(); ++i) folded_.emplace(fold(columns[i]), static_cast<int>(i));
  for (const auto& [alias, col] : aliases) folded_.emplace(fold(alias), col);
  indexed_ = true;
}

int TableSchema::FindLinear(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  for (const auto& [alias, col] : aliases)
    if (alias == name) return col;
  for (size_t i = 0; i < columns.size(); ++i)
    if (EqualsIgnoreCase(columns[i], name)) return static_cast<int>(i);
  for (const auto& [alias, col] : aliases)
    if (EqualsIgnoreCase(alias, name)) return col;
  return -1;
}

void TableSchema::Finish() {
  kinds.resize(columns.size(), ValueKind::kString);
  container.resize(columns.size(), false);
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string& c = columns[i];
    int col = static_cast<int>(i);
    std::string lower = c;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == "date" && date_col < 0) date_col = col;
    if (lower == "time" && time_col < 0) time_col = col;
    if (ts_col < 0 && (lower == "ts" || lower == "timestamp" || lower == "@timestamp" || lower == "timecreated" ||
                       lower == "utctime" || lower == "datetime" || lower == "date and time" || lower == "_time" ||
                       lower == "timegenerated" || lower == "time_generated" || lower == "eventtime" ||
                       lower == "event_time" || lower == "created_at" || lower == "date_time")) {
      ts_col = col;
    }
  }
}

void TableEvent::Emit(int col, absl::FunctionRef<void(const Value&)> fn) const {
  std::string_view v = values_[col];
  const TableSchema& s = *schema_;
  if (!s.unset.empty() && v == s.unset) {
    fn(Value{{}, ValueKind::kNull});
    return;
  }
  if (!s.empty.empty() && v == s.empty) {
    fn(Value{{}, ValueKind::kString});
    return;
  }
  if (!s.dash_empty.empty() && v == s.dash_empty) {
    fn(Value{{}, ValueKind::kString});
    return;
  }
  ValueKind kind = s.kinds[col];
  if (s.container[col]) {
    size_t start = 0;
    while (true) {
      size_t pos = v.find(s.set_separator, start);
      fn(Value{v.substr(start, pos == std::string_view::npos ? pos : pos - start), kind});
      if (pos == std::string_view::npos) return;
      start = pos + 1;
    }
  }
  fn(Value{v, kind});
  if (col == s.plus_space_col && v.find('+') != std::string_view::npos) {
    scratch_.assign(v);
    std::replace(scratch_.begin(), scratch_.end(), '+', ' ');
    fn(Value{scratch_, kind});
  }
}

bool TableEvent::Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const {
  int col = schema_->Find(name);
  if (col < 0) return false;
  Emit(col, fn);
  const TableSchema& s = *schema_;
  if (col == s.uri_query_col && s.uri_stem_col >= 0) {
    std::string_view stem = values_[s.uri_stem_col], query = values_[col];
    if (stem.empty() || stem == s.dash_empty) return true;
    uri_.assign(stem);
    if (!query.empty() && query != s.dash_empty) {
      uri_.push_back('?');
      uri_.append(query);
    }
    fn(Value{uri_, s.kinds[col]});
  }
  return true;
}

void TableEvent::Fields(absl::FunctionRef<void(std::string_view, const Value&)> fn) const {
  const TableSchema& s = *schema_;
  for (size_t i = 0; i < s.columns.size(); ++i) {
    std::string_view name = s.columns[i];
    std::string_view v = values_[i];
    // Output shows the value once, as written (no '+' decoding).
    if (!s.unset.empty() && v == s.unset) {
      fn(name, Value{{}, ValueKind::kNull});
    } else if ((!s.empty.empty() && v == s.empty) || (!s.dash_empty.empty() && v == s.dash_empty)) {
      fn(name, Value{{}, ValueKind::kString});
    } else if (s.container[i]) {
      Emit(static_cast<int>(i), [&](const Value& x) { fn(name, x); });
    } else {
      fn(name, Value{v, s.kinds[i]});
    }
  }
}

std::optional<int64_t> TableEvent::TimeUs() const {
  const TableSchema& s = *schema_;
  if (s.date_col >= 0 && s.time_col >= 0) {
    std::string_view d = values_[s.date_col], t = values_[s.time_col];
    char buf[64];
    if (d.size() + t.size() + 1 < sizeof buf) {
      std::copy(d.begin(), d.end(), buf);
      buf[d.size()] = ' ';
      std::copy(t.begin(), t.end(), buf + d.size() + 1);
      if (auto us = detect::ParseEventTime(std::string_view(buf, d.size() + t.size() + 1))) return us;
    }
  }
  if (s.ts_col >= 0) return detect::ParseEventTime(values_[s.ts_col]);
  // A lone date or time column may hold the whole timestamp ("2021-03-01",
  // "03/01/2021 10:00:00").
  if (s.date_col >= 0) {
    if (auto us = detect::ParseEventTime(values_[s.date_col])) return us;
  }
  if (s.time_col >= 0) return detect::ParseEventTime(values_[s.time_col]);
  return std::nullopt;
}

std::string_view TableEvent::SearchText() const {
  const size_t n = schema_->columns.size();
  if (!schema_->raw_values || n == 0) return {};
  const char* begin = values_[0].data();
  const char* end = values_[n - 1].data() + values_[n - 1].size();
  return std::string_view(begin, end - begin);
}

std::string TableEvent::ToJson() const { return detect::FieldsToJson(*this); }

TextBatchData& TableReader::BeginBatch(EventBatch& batch) {
  auto& d = batch.Data<TableBatchData>();
  d.Reset();
  current_ = &d;
  return d;
}

void TableReader::EndBatch(TextBatchData& data, EventBatch& batch) { static_cast<TableBatchData&>(data).Publish(batch); }

void TableReader::OnLine(std::string_view line, int64_t line_no, TextBatchData& data) {
  if (line.empty()) return;
  if (line[0] == '#') {
    Directive(line, line_no);
    return;
  }
  if (!schema_) {
    Report(line_no, 0, no_schema_);
    return;
  }
  AddRecord(line, line_no, data);
}

void TableReader::AddRecord(std::string_view record, int64_t line_no, TextBatchData& data) {
  TableBatchData& d = *current_;
  const size_t n = schema_->columns.size();
  const size_t offset = d.values.size();
  size_t found = SplitRow(record, n, data, d.values);
  if (found != n) {
    d.values.resize(offset);
    Report(line_no, 0, fmt::format("expected {} {}, found {}", n, fields_source_, found));
    return;
  }
  d.AddRow(schema_, offset, detect::EventSource{data.file, line_no, 0});
}

}  // namespace rampart::ingest::internal
