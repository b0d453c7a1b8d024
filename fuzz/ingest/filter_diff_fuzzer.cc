// Differential fuzzer of ReadOptions::record_filter (the raw-line prefilter
// `hunt --ioc` hands the text readers). One text format per target
// (RAMPART_FUZZ_FORMAT). The input is read twice from memory, once without a
// filter and once with a filter over a few literals taken from the input
// itself, and the runs must agree (reader.h's record_filter contract):
//   - stats: same bad records, issues, bytes; unfiltered events ==
//     filtered-run events + filtered-run `filtered`;
//   - every event of the filtered run is an event of the unfiltered run
//     (same line, same JSON, same fields), in the same order;
//   - every unfiltered event with a non-number field value (Event::Fields,
//     what hunt --ioc matches) holding one of the literals is in the
//     filtered run.
// Any disagreement prints both sides and aborts.
//
// Input layout: byte 0 picks the literal count (1-3), whether the filter
// also reports spurious offsets (allowed by the contract), whether the
// literals come from the raw text or from decoded values, and the chunk
// size; then two bytes per literal (position in the rest or value index,
// length 1-8 and offset in the value); the rest is the log text. A literal stops before a line break (the contract
// excludes line breaks) and empty literals are dropped.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/ingest/registry.h"

namespace {

class MemoryStream : public rampart::ingest::ByteStream {
 public:
  explicit MemoryStream(std::string_view data) : data_(data) {}
  rampart::Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& path() const override { return path_; }
  bool compressed() const override { return false; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  std::string path_ = "fuzz.log";
};

// Offsets of every occurrence of every literal, plus (if `noisy`) every
// 97th byte: more offsets than needed are allowed and only cost parsing.
class LiteralFilter : public rampart::ingest::RecordFilter {
 public:
  LiteralFilter(std::vector<std::string> literals, bool noisy) : literals_(std::move(literals)), noisy_(noisy) {}
  void Candidates(std::string_view text, std::vector<size_t>& offsets) const override {
    const size_t first = offsets.size();
    for (const std::string& lit : literals_) {
      for (size_t pos = text.find(lit); pos != std::string_view::npos; pos = text.find(lit, pos + 1)) {
        offsets.push_back(pos);
      }
    }
    if (noisy_) {
      for (size_t pos = 0; pos < text.size(); pos += 97) offsets.push_back(pos);
    }
    std::sort(offsets.begin() + first, offsets.end());
    offsets.erase(std::unique(offsets.begin() + first, offsets.end()), offsets.end());
  }

 private:
  std::vector<std::string> literals_;
  bool noisy_;
};

struct Record {
  int64_t line = 0;
  std::string json;
  std::string fields;  // name=value\x1f... as Fields() hands them out
  std::vector<std::string> values;  // the non-number values
  bool operator==(const Record& o) const { return line == o.line && json == o.json && fields == o.fields; }
};

struct Run {
  std::vector<Record> records;
  rampart::ingest::ReadStats stats;
};

bool ReadAll(std::string_view text, const rampart::ingest::ReadOptions& options, Run* run) {
  auto reader = rampart::ingest::OpenReaderOnStream(std::make_unique<MemoryStream>(text), "", options);
  if (!reader.ok()) return false;
  rampart::ingest::EventBatch batch;
  while ((*reader)->Next(batch)) {
    if (batch.empty()) {
      std::fprintf(stderr, "Next returned true with an empty batch\n");
      std::abort();
    }
    for (const rampart::detect::Event& e : batch) {
      Record r;
      r.line = e.Source().line;
      r.json = e.ToJson();
      e.Fields([&](std::string_view name, const rampart::detect::Value& v) {
        r.fields.append(name).append("=").append(v.text).append("\x1f");
        // Numbers are left out: a reader may derive them (syslog's facility
        // and severity from "<13>"), and no IOC type is a bare number.
        if (v.kind != rampart::detect::ValueKind::kNumber) r.values.emplace_back(v.text);
      });
      run->records.push_back(std::move(r));
    }
  }
  run->stats = (*reader)->stats();
  return true;
}

[[noreturn]] void Fail(const char* what, const std::vector<std::string>& literals, const Record* r) {
  std::fprintf(stderr, "record filter disagreement (%s): %s\n", RAMPART_FUZZ_FORMAT, what);
  for (const auto& l : literals) std::fprintf(stderr, "  literal: '%s'\n", l.c_str());
  if (r) std::fprintf(stderr, "  record at line %lld: %s\n", static_cast<long long>(r->line), r->json.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const uint8_t mode = data[0];
  const size_t count = 1 + mode % 3;
  const size_t header = 1 + 2 * count;
  if (size < header) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + header, size - header);
  if (text.empty()) return 0;
  rampart::ingest::ReadOptions options;
  options.format = RAMPART_FUZZ_FORMAT;
  static const size_t kChunks[] = {61, 512, 4096, 1 << 16};
  options.chunk_bytes = kChunks[(mode >> 2) % 4];
  options.max_record_bytes = 1024;
  options.max_issues = 64;
  Run plain, filtered;
  if (!ReadAll(text, options, &plain)) return 0;

  // Literals cut from the raw text, or (mode bit 0x40) from the values the
  // unfiltered run decoded, which the raw text may not show (CSV "a""b",
  // JSON "\u0041").
  std::vector<std::string_view> values;
  if (mode & 0x40) {
    for (const Record& r : plain.records) values.insert(values.end(), r.values.begin(), r.values.end());
  }
  std::vector<std::string> literals;
  for (size_t i = 0; i < count; ++i) {
    size_t len = 1 + data[2 + 2 * i] % 8;
    std::string_view lit;
    if (mode & 0x40) {
      if (values.empty()) break;
      std::string_view v = values[data[1 + 2 * i] * values.size() / 256];
      lit = v.substr(v.empty() ? 0 : (data[2 + 2 * i] / 8) % v.size(), len);
    } else {
      lit = text.substr(data[1 + 2 * i] * text.size() / 256, len);
    }
    lit = lit.substr(0, lit.find_first_of("\r\n"));
    if (!lit.empty()) literals.emplace_back(lit);
  }
  if (literals.empty()) return 0;
  options.record_filter = std::make_shared<LiteralFilter>(literals, (mode & 0x80) != 0);
  if (!ReadAll(text, options, &filtered)) Fail("the filtered reader did not open", literals, nullptr);

  const auto& u = plain.stats;
  const auto& f = filtered.stats;
  if (u.filtered != 0) Fail("unfiltered run counts filtered records", literals, nullptr);
  if (f.events != filtered.records.size() || u.events != plain.records.size()) {
    Fail("stats().events differs from the events returned", literals, nullptr);
  }
  if (f.events + f.filtered != u.events) {
    std::fprintf(stderr, "unfiltered events %llu, filtered run events %llu + filtered %llu\n",
                 static_cast<unsigned long long>(u.events), static_cast<unsigned long long>(f.events),
                 static_cast<unsigned long long>(f.filtered));
    Fail("events + filtered != unfiltered events", literals, nullptr);
  }
  if (f.bad_records != u.bad_records || f.bytes != u.bytes || f.issues_dropped != u.issues_dropped ||
      f.issues.size() != u.issues.size()) {
    Fail("bad records, bytes or issues differ", literals, nullptr);
  }
  for (size_t i = 0; i < u.issues.size(); ++i) {
    if (u.issues[i].ToString() != f.issues[i].ToString()) {
      std::fprintf(stderr, "  unfiltered: %s\n  filtered:   %s\n", u.issues[i].ToString().c_str(),
                   f.issues[i].ToString().c_str());
      Fail("issue differs", literals, nullptr);
    }
  }
  // Walk both in order: each filtered record must be the next unfiltered
  // record that is equal to it; unfiltered records skipped on the way must
  // hold no literal in a field value.
  size_t j = 0;
  auto holds_literal = [&](const Record& r) {
    for (const auto& v : r.values) {
      for (const auto& l : literals) {
        if (v.find(l) != std::string::npos) return true;
      }
    }
    return false;
  };
  for (const Record& r : filtered.records) {
    while (j < plain.records.size() && !(plain.records[j] == r)) {
      if (holds_literal(plain.records[j])) Fail("a record holding a literal was filtered out", literals, &plain.records[j]);
      ++j;
    }
    if (j == plain.records.size()) Fail("a filtered-run record is not in the unfiltered run (or out of order)", literals, &r);
    ++j;
  }
  for (; j < plain.records.size(); ++j) {
    if (holds_literal(plain.records[j])) Fail("a record holding a literal was filtered out", literals, &plain.records[j]);
  }
  return 0;
}
