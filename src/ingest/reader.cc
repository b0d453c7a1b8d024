#include "rampart/ingest/reader.h"

#include "fmt/format.h"
#include "rampart/core/escape.h"

namespace rampart::ingest {

std::string ReadIssue::ToString() const {
  // Messages quote input bytes: never echo them raw to a terminal.
  if (line > 0) return EscapeControlBytes(fmt::format("{}:{}: {}", file, line, message));
  if (record > 0) return EscapeControlBytes(fmt::format("{}: record {}: {}", file, record, message));
  return EscapeControlBytes(fmt::format("{}: {}", file, message));
}

bool Reader::Next(EventBatch& batch) {
  batch.mutable_events().clear();
  bool more = DoNext(batch);
  stats_.events += batch.size();
  return more && !batch.empty();
}

void Reader::Report(int64_t line, int64_t record, std::string message, bool bad_record) {
  if (bad_record) ++stats_.bad_records;
  if (stats_.issues.size() >= options_.max_issues) {
    ++stats_.issues_dropped;
    return;
  }
  stats_.issues.push_back(ReadIssue{path_, line, record, std::move(message)});
}

}  // namespace rampart::ingest
