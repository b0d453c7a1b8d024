#include "rampart/fleet/batch.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "rampart/fleet/nats.h"
#include "rampart/ingest/registry.h"
#include "rampart/ingest/source.h"

namespace rampart::fleet {
namespace {

// An in-memory input for the reader.
class TextStream final : public ingest::ByteStream {
 public:
  TextStream(std::string_view text, std::string path) : text_(text), path_(std::move(path)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, text_.size() - pos_);
    std::memcpy(buf, text_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& path() const override { return path_; }
  bool compressed() const override { return false; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  std::string path_;
};

// An event of the batch, placed at its line of the shipped file.
class PlacedEvent final : public detect::Event {
 public:
  PlacedEvent(const detect::Event& inner, std::string_view file, int64_t shift)
      : inner_(inner), file_(file), shift_(shift) {}
  bool Values(std::string_view name, absl::FunctionRef<void(const detect::Value&)> fn) const override {
    return inner_.Values(name, fn);
  }
  void Fields(absl::FunctionRef<void(std::string_view, const detect::Value&)> fn) const override {
    inner_.Fields(fn);
  }
  std::string_view Format() const override { return inner_.Format(); }
  std::optional<int64_t> TimeUs() const override { return inner_.TimeUs(); }
  std::string ToJson() const override { return inner_.ToJson(); }
  detect::EventSource Source() const override {
    detect::EventSource s = inner_.Source();
    s.file = file_;
    if (s.line > 0) s.line += shift_;
    return s;
  }
  std::string_view SearchText() const override { return inner_.SearchText(); }

 private:
  const detect::Event& inner_;
  std::string_view file_;
  int64_t shift_;
};

std::string Sha256Hex(std::string_view data, size_t bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < len && i < bytes; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

const char* Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, key, &value) != NATS_OK) return nullptr;
  return value;
}

}  // namespace

std::string BatchId(const std::string& source, const std::string& file_id, uint64_t offset, uint64_t length) {
  return fmt::format("{}:{}:{}+{}", source, file_id, offset, length);
}

Result<std::string> FileIdentity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return IoError(std::strerror(errno), {.file = path});
  char real[PATH_MAX];
  std::string name = ::realpath(path.c_str(), real) != nullptr ? real : path;
  return Sha256Hex(fmt::format("{}\n{}\n{}", name, st.st_dev, st.st_ino), 12);
}

Result<natsMsg*> EncodeBatch(const BatchMessage& batch, const std::string& subject) {
  InitNatsLibrary();
  natsMsg* msg = nullptr;
  natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, batch.text.data(), static_cast<int>(batch.text.size()));
  const std::string first = std::to_string(batch.first_line), header = std::to_string(batch.header_lines);
  const std::pair<const char*, const std::string*> headers[] = {
      {"Nats-Msg-Id", &batch.id},        {"Rampart-Source", &batch.source}, {"Rampart-Constituent", &batch.constituent},
      {"Rampart-File", &batch.file},     {"Rampart-Format", &batch.format}, {"Rampart-Line", &first},
      {"Rampart-Header-Lines", &header}};
  for (const auto& [key, value] : headers) {
    if (s == NATS_OK && !value->empty()) s = natsMsgHeader_Set(msg, key, value->c_str());
  }
  if (s != NATS_OK) {
    natsMsg_Destroy(msg);
    return NatsError(s, "build batch message");
  }
  return msg;
}

Result<BatchMessage> DecodeBatch(natsMsg* msg) {
  BatchMessage b;
  const char* file = Header(msg, "Rampart-File");
  const char* format = Header(msg, "Rampart-Format");
  const char* line = Header(msg, "Rampart-Line");
  if (file == nullptr || format == nullptr || line == nullptr) {
    return InvalidInput("not a rampart batch: Rampart-File, Rampart-Format or Rampart-Line header missing",
                        {.object_id = natsMsg_GetSubject(msg)});
  }
  b.file = file;
  b.format = format;
  b.first_line = std::strtoll(line, nullptr, 10);
  if (const char* h = Header(msg, "Rampart-Header-Lines")) b.header_lines = std::strtoll(h, nullptr, 10);
  if (const char* v = Header(msg, "Nats-Msg-Id")) b.id = v;
  if (const char* v = Header(msg, "Rampart-Source")) b.source = v;
  if (const char* v = Header(msg, "Rampart-Constituent")) b.constituent = v;
  if (b.first_line < 1 || b.header_lines < 0) {
    return InvalidInput("bad Rampart-Line or Rampart-Header-Lines header", {.file = b.file, .object_id = b.id});
  }
  b.text.assign(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
  return b;
}

Status ForEachEvent(const BatchMessage& batch, const std::function<void(const detect::Event&)>& fn,
                    std::vector<ingest::ReadIssue>& issues) {
  if (!ingest::IsReaderName(batch.format) || batch.format == "auto") {
    return InvalidInput(fmt::format("unknown format '{}'", batch.format), {.file = batch.file, .object_id = batch.id});
  }
  ingest::ReadOptions options;
  options.format = batch.format;
  // The whole batch in one chunk, and no more: a reader per batch must not
  // allocate (and fault in) the default 4 MiB buffer each time.
  options.chunk_bytes = std::max<size_t>(64 << 10, batch.text.size() + 1);
  auto reader = ingest::OpenReaderOnStream(std::make_unique<TextStream>(batch.text, batch.file), "", options);
  if (!reader.ok()) return WithContext(reader.status(), {.file = batch.file, .object_id = batch.id});
  // Reader line L (1-based, header included) is file line first_line + L - header_lines - 1.
  const int64_t shift = batch.first_line - batch.header_lines - 1;
  ingest::EventBatch events;
  while ((*reader)->Next(events)) {
    for (const detect::Event& event : events) fn(PlacedEvent(event, batch.file, shift));
  }
  for (ingest::ReadIssue issue : (*reader)->stats().issues) {
    issue.file = batch.file;
    if (issue.line > 0) issue.line += shift;
    issues.push_back(std::move(issue));
  }
  return Status();
}

std::string_view LineOf(std::string_view text, int64_t line) {
  size_t at = 0;
  for (int64_t i = 1; i < line; ++i) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) return {};
    at = nl + 1;
  }
  size_t end = text.find('\n', at);
  std::string_view out = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

}  // namespace rampart::fleet
