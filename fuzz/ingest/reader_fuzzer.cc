// Feeds arbitrary bytes to one reader (RAMPART_FUZZ_FORMAT) and touches every
// event the way a hunt does. Small chunks and record limits so chunk borders,
// carried lines and the long-record path are all reached.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "rampart/ingest/registry.h"

namespace {

class MemoryStream : public rampart::ingest::ByteStream {
 public:
  MemoryStream(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  rampart::Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, size_ - pos_);
    std::memcpy(buf, data_ + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& path() const override { return path_; }
  bool compressed() const override { return false; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  std::string path_ = "-";
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::ingest::ReadOptions options;
  options.format = RAMPART_FUZZ_FORMAT;
  options.chunk_bytes = 512;
  options.max_record_bytes = 4096;
  options.batch_records = 16;
  auto reader = rampart::ingest::OpenReaderOnStream(std::make_unique<MemoryStream>(data, size), "", options);
  if (!reader.ok()) return 0;
  rampart::ingest::EventBatch batch;
  size_t sink = 0;
  while ((*reader)->Next(batch)) {
    for (const rampart::detect::Event& e : batch) {
      sink += e.ToJson().size();
      sink += e.TimeUs().value_or(0) & 1;
      e.Fields([&](std::string_view name, const rampart::detect::Value& v) { sink += name.size() + v.text.size(); });
      sink += e.Get("EventID").value_or("").size() + e.Get("cs-user-agent").value_or("").size();
      sink += e.Source().line;
    }
  }
  for (const auto& issue : (*reader)->stats().issues) sink += issue.ToString().size();
  return sink == 0xdeadbeef;
}
