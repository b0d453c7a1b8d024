// The BinXML EVTX reader's chunk decoder on arbitrary bytes. The input
// becomes one chunk whose checksums are made right (random bytes would
// otherwise stop at the checksum check): the first byte picks a record
// layout, the rest is the chunk from its string table on, so the fuzzer
// reaches the record walk, template instances, substitutions and names.
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "readers/evtx/binxml.h"

namespace evtx = rampart::ingest::internal::evtx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::vector<uint8_t> chunk(evtx::kChunkSize, 0);
  std::memcpy(chunk.data(), "ElfChnk\0", 8);
  size_t body = std::min(size - 1, evtx::kChunkSize - 128);
  std::memcpy(chunk.data() + 128, data + 1, body);
  // Free-space offset: where the input ends, or (first byte odd) the chunk's end.
  uint32_t free_space = static_cast<uint32_t>((data[0] & 1) ? evtx::kChunkSize : std::max<size_t>(512, 128 + body));
  std::memcpy(chunk.data() + 48, &free_space, 4);
  uint32_t records_crc = static_cast<uint32_t>(crc32(0, chunk.data() + 512, free_space - 512));
  std::memcpy(chunk.data() + 52, &records_crc, 4);
  uint32_t header_crc = static_cast<uint32_t>(crc32(crc32(0, chunk.data(), 120), chunk.data() + 128, 512 - 128));
  std::memcpy(chunk.data() + 124, &header_crc, 4);
  size_t chunk_size = (data[0] & 2) ? std::max<size_t>(512, 128 + body) : evtx::kChunkSize;  // a truncated file
  evtx::DecodedChunk out;
  evtx::DecodeChunk(chunk.data(), chunk_size, 0, "fuzz.evtx", out);
  size_t sink = 0;
  for (size_t i = 0; i < out.events.size(); ++i) {
    sink += out.events[i].ToJson().size();
    sink += out.events[i].TimeUs().value_or(0) & 1;
  }
  for (const auto& issue : out.issues) sink += issue.message.size();
  return sink == 0xdeadbeef;
}
