// EVTX without libevtx: the file header, then 64 KiB chunks read one after
// another from the stream (no seeking, so stdin and .gz need no temporary
// copy), each decoded by DecodeChunk (binxml.h). A batch is whole chunks;
// with ReadOptions::threads > 1 its chunks are decoded on several threads
// and their events handed out in file order.
//
// File header: "ElfFile\0"; at 40 the header block size (4096); at 120 the
// flags (1: dirty, not closed cleanly; 2: full); at 124 the CRC-32 of bytes
// [0, 120). A dirty or mis-summed header is reported and every chunk present
// is read: chunks past the header's count are read too, up to the first
// unused (all-zero) one.
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <future>
#include <memory>
#include <vector>

#include "fmt/format.h"
#include "readers/evtx/binxml.h"
#include "readers/readers.h"

namespace rampart::ingest::internal {
namespace {

using evtx::DecodedChunk;
using evtx::kChunkSize;
using evtx::kFileHeaderSize;

struct ChunkSlot {
  std::unique_ptr<uint8_t[]> bytes{new uint8_t[kChunkSize]};
  size_t size = 0;
  uint64_t index = 0;
  DecodedChunk decoded;
};

struct BinXmlBatchData : BatchData {
  std::string file;
  std::vector<std::unique_ptr<ChunkSlot>> slots;
};

class BinXmlEvtxReader : public Reader {
 public:
  BinXmlEvtxReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options)
      : Reader("evtx", stream->path(), options), stream_(std::move(stream)) {}

  Status Open() {
    uint8_t header[kFileHeaderSize];
    auto got = ReadFull(*stream_, reinterpret_cast<char*>(header), sizeof header);
    if (!got.ok()) return got.status();
    if (*got < 128 || std::memcmp(header, "ElfFile\0", 8) != 0) {
      return InvalidInput("not an EVTX file (it does not start with the \"ElfFile\" header)", ErrorContext{path()});
    }
    AddBytes(*got);
    if (*got < kFileHeaderSize) {
      Report(0, 0, "file truncated inside its header: no chunk to read", false);
      done_ = true;
      return absl::OkStatus();
    }
    uint32_t flags, crc;
    std::memcpy(&flags, header + 120, 4);
    std::memcpy(&crc, header + 124, 4);
    if (static_cast<uint32_t>(crc32(0, header, 120)) != crc) {
      Report(0, 0, "file header checksum mismatch: reading every chunk present", false);
    } else if (flags & 1) {
      Report(0, 0, "file header marked dirty (not closed cleanly): reading every chunk present", false);
    }
    uint16_t block;
    std::memcpy(&block, header + 40, 2);
    std::memcpy(&header_chunks_, header + 42, 2);
    // Chunks start after the header block; a larger block is skipped.
    for (size_t skip = block > kFileHeaderSize ? block - kFileHeaderSize : 0; skip > 0;) {
      char buf[4096];
      auto n = ReadFull(*stream_, buf, std::min(skip, sizeof buf));
      if (!n.ok() || *n == 0) break;
      AddBytes(*n);
      skip -= *n;
    }
    return absl::OkStatus();
  }

 protected:
  bool DoNext(EventBatch& batch) override {
    auto& d = batch.Data<BinXmlBatchData>();
    d.file = path();
    // Chunks with no readable record give no event: read on until one does.
    while (batch.empty() && !done_) FillBatch(d, batch);
    return !batch.empty();
  }

 private:
  // Reads the next chunk into `slot`; false at the end of the input.
  bool ReadChunk(ChunkSlot& slot) {
    auto got = ReadFull(*stream_, reinterpret_cast<char*>(slot.bytes.get()), kChunkSize);
    if (!got.ok()) {
      Report(0, 0, fmt::format("chunk {}: {}", next_index_, std::string(got.status().message())), false);
      done_ = true;
      return false;
    }
    AddBytes(*got);
    if (*got < kChunkSize) done_ = true;
    if (*got == 0) return false;
    if (*got < kChunkSize) std::memset(slot.bytes.get() + *got, 0, kChunkSize - *got);
    slot.size = *got;
    slot.index = next_index_++;
    return true;
  }

  void FillBatch(BinXmlBatchData& d, EventBatch& batch) {
    size_t used = 0, records = 0;
    const size_t per_batch = std::max<size_t>(1, options().batch_records);
    while (!done_ && records < per_batch) {
      if (used == d.slots.size()) d.slots.push_back(std::make_unique<ChunkSlot>());
      ChunkSlot& slot = *d.slots[used];
      if (!ReadChunk(slot)) break;
      if (slot.index >= header_chunks_ && IsUnused(slot)) {
        // Past the chunks the header counts, an unused (zero) chunk ends the
        // log: the rest of a preallocated file is not read.
        done_ = true;
        break;
      }
      ++used;
      uint64_t first, last;  // the header's record numbers: an estimate of the count
      std::memcpy(&first, slot.bytes.get() + 8, 8);
      std::memcpy(&last, slot.bytes.get() + 16, 8);
      records += (last >= first && last - first < 10000) ? last - first + 1 : 100;
    }
    Decode(d, used);
    for (size_t i = 0; i < used; ++i) {
      ChunkSlot& slot = *d.slots[i];
      for (const auto& issue : slot.decoded.issues) Report(0, issue.record, issue.message, issue.bad_record);
      for (size_t e = 0; e < slot.decoded.events.size(); ++e) batch.mutable_events().push_back(&slot.decoded.events[e]);
    }
  }

  void Decode(BinXmlBatchData& d, size_t used) {
    auto one = [&d](size_t i) {
      ChunkSlot& s = *d.slots[i];
      evtx::DecodeChunk(s.bytes.get(), s.size, s.index, d.file, s.decoded);
    };
    const size_t threads = static_cast<size_t>(std::max(1, options().threads));
    if (threads <= 1 || used <= 1) {
      for (size_t i = 0; i < used; ++i) one(i);
      return;
    }
    // Chunk i goes to worker i % threads; this thread is worker 0.
    std::vector<std::future<void>> workers;
    for (size_t w = 1; w < std::min(threads, used); ++w) {
      workers.push_back(std::async(std::launch::async, [&, w] {
        for (size_t i = w; i < used; i += threads) one(i);
      }));
    }
    for (size_t i = 0; i < used; i += threads) one(i);
    for (auto& f : workers) f.get();
  }

  static bool IsUnused(const ChunkSlot& slot) {
    static constexpr uint8_t kZero[evtx::kChunkHeaderSize] = {};
    return slot.size >= evtx::kChunkHeaderSize && std::memcmp(slot.bytes.get(), kZero, sizeof kZero) == 0;
  }

  std::unique_ptr<ByteStream> stream_;
  uint16_t header_chunks_ = 0;
  uint64_t next_index_ = 0;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<Reader>> NewBinXmlEvtxReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options) {
  auto reader = std::make_unique<BinXmlEvtxReader>(std::move(stream), options);
  RAMPART_RETURN_IF_ERROR(reader->Open());
  return std::unique_ptr<Reader>(std::move(reader));
}

Result<std::unique_ptr<Reader>> NewEvtxReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options) {
  std::string which = options.evtx_reader;
  if (which.empty()) {
    const char* env = std::getenv("RAMPART_EVTX_READER");
    which = env && *env ? env : "binxml";
  }
  if (which == "libevtx") return NewLibevtxReader(std::move(stream), options);
  if (which != "binxml") {
    return InvalidInput(fmt::format("unknown EVTX reader '{}' (known: binxml, libevtx)", which));
  }
  return NewBinXmlEvtxReader(std::move(stream), options);
}

}  // namespace rampart::ingest::internal
