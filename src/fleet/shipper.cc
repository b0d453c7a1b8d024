#include "rampart/fleet/shipper.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "rampart/fleet/batch.h"
#include "rampart/ingest/registry.h"
#include "rampart/ingest/source.h"

namespace rampart::fleet {
namespace {

constexpr size_t kHeadBytes = 64 << 10;
constexpr size_t kReadBytes = 64 << 10;

// The lines a batch must repeat in front of its body so the reader sees the
// record layout: the last block of '#' directives (W3C, Zeek) or the
// header row (CSV). Fed every body line in order.
class LayoutLines {
 public:
  explicit LayoutLines(std::string_view format) : directives_(format == "w3c" || format == "zeek"), csv_(format == "csv") {}
  void See(std::string_view line) {
    if (csv_) {
      if (!have_csv_header_) {
        text_.assign(line).push_back('\n');
        count_ = 1;
        have_csv_header_ = true;
      }
      return;
    }
    if (!directives_) return;
    if (!line.empty() && line[0] == '#') {
      if (!in_block_) {
        text_.clear();
        count_ = 0;
        in_block_ = true;
      }
      text_.append(line).push_back('\n');
      ++count_;
    } else {
      in_block_ = false;
    }
  }
  const std::string& text() const { return text_; }
  int64_t count() const { return count_; }

 private:
  bool directives_, csv_;
  bool in_block_ = false, have_csv_header_ = false;
  std::string text_;
  int64_t count_ = 0;
};

class FileShipper {
 public:
  FileShipper(Connection& conn, const ShipOptions& options, ShipStats& stats)
      : conn_(conn), options_(options), stats_(stats), subject_(SubjectFor(options.stream.prefix, options.source)) {}

  // Ships one file; problems with the file become issues, only a refused
  // publish is returned.
  Status Ship(const std::string& path, bool walked) {
    auto file_id = FileIdentity(path);
    if (!file_id.ok()) return Issue(path, FormatError(file_id.status()));
    auto stream = ingest::OpenByteStream(path);
    if (!stream.ok()) return Issue(path, FormatError(stream.status()));
    std::string pending(kHeadBytes, '\0');
    auto got = ingest::ReadFull(**stream, pending.data(), pending.size());
    if (!got.ok()) return Issue(path, FormatError(got.status()));
    pending.resize(*got);
    std::string format = options_.format;
    if (format == "auto") format = std::string(ingest::DetectFormat(pending, path));
    if (format.empty()) {
      if (walked) return Status();  // a README among the logs
      return Issue(path, "format not recognised (give --format)");
    }
    if (format == "evtx") return Issue(path, "EVTX is not shipped (line-based text formats only); hunt it locally");
    ++stats_.files;
    LayoutLines layout(format);
    uint64_t offset = 0;
    int64_t line = 1;
    bool eof = pending.size() < kHeadBytes;
    for (;;) {
      while (!eof && pending.size() < options_.batch_bytes + 1) {
        if (!Fill(**stream, pending, eof)) return Issue(path, read_error_);
      }
      size_t cut = CutAt(pending);
      while (cut == std::string::npos && !eof) {  // one line longer than a batch
        size_t before = pending.size();
        if (!Fill(**stream, pending, eof)) return Issue(path, read_error_);
        cut = CutAt(pending, before);
      }
      size_t body_len = cut == std::string::npos ? pending.size() : cut + 1;
      if (body_len == 0) break;
      std::string_view body(pending.data(), body_len);
      BatchMessage batch;
      batch.id = BatchId(options_.source, *file_id, offset, body_len);
      batch.source = options_.source;
      batch.constituent = options_.constituent;
      batch.file = path;
      batch.format = format;
      batch.first_line = line;
      if (offset > 0) {
        batch.header_lines = layout.count();
        batch.text = layout.text();
      }
      batch.text.append(body);
      RAMPART_RETURN_IF_ERROR(Publish(batch));
      int64_t lines = 0;
      size_t at = 0;
      while (at < body.size()) {
        size_t nl = body.find('\n', at);
        size_t end = nl == std::string_view::npos ? body.size() : nl;
        layout.See(body.substr(at, end - at));
        ++lines;
        at = end + 1;
      }
      stats_.lines += static_cast<uint64_t>(lines);
      stats_.bytes += body_len;
      line += lines;
      offset += body_len;
      pending.erase(0, body_len);
      if (eof && pending.empty()) break;
    }
    return Status();
  }

 private:
  Status Issue(const std::string& path, std::string message) {
    stats_.issues.push_back({.file = path, .message = std::move(message)});
    return Status();
  }

  bool Fill(ingest::ByteStream& in, std::string& pending, bool& eof) {
    size_t before = pending.size();
    pending.resize(before + kReadBytes);
    auto n = ingest::ReadFull(in, pending.data() + before, kReadBytes);
    if (!n.ok()) {
      read_error_ = FormatError(n.status());
      return false;
    }
    pending.resize(before + *n);
    if (*n < kReadBytes) eof = true;
    return true;
  }

  // The line break ending the batch: the last one within batch_bytes, else
  // the first one after `from` (npos: none yet).
  size_t CutAt(const std::string& pending, size_t from = 0) const {
    if (pending.size() > options_.batch_bytes) {
      size_t at = pending.rfind('\n', options_.batch_bytes - 1);
      if (at != std::string::npos) return at;
      return pending.find('\n', std::max(from, options_.batch_bytes));
    }
    size_t at = pending.rfind('\n');
    return at;
  }

  Status Publish(const BatchMessage& batch) {
    RAMPART_ASSIGN_OR_RETURN(natsMsg * msg, EncodeBatch(batch, subject_));
    bool duplicate = false;
    Status st = PublishRetrying(conn_, msg, &duplicate, &stats_.retries);
    natsMsg_Destroy(msg);
    if (!st.ok()) return WithContext(st, {.file = batch.file, .object_id = batch.id});
    ++stats_.batches;
    if (duplicate) ++stats_.duplicates;
    return Status();
  }

  Connection& conn_;
  const ShipOptions& options_;
  ShipStats& stats_;
  std::string subject_;
  std::string read_error_;
};

}  // namespace

Result<ShipStats> Ship(Connection& conn, const std::vector<std::string>& inputs, const ShipOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  RAMPART_RETURN_IF_ERROR(EnsureStream(conn, options.stream));
  ShipStats stats;
  ingest::InputList list = ingest::ExpandInputs(inputs);
  stats.issues = list.issues;
  FileShipper shipper(conn, options, stats);
  for (size_t i = 0; i < list.paths.size(); ++i) {
    if (list.paths[i] == "-") {
      stats.issues.push_back({.file = "-", .message = "standard input is not shipped (a re-ship could not be recognised)"});
      continue;
    }
    RAMPART_RETURN_IF_ERROR(shipper.Ship(list.paths[i], list.walked[i]));
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace rampart::fleet
