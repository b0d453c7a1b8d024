// Chunk header (libevtx documentation): signature "ElfChnk\0"; at 48 the
// free-space offset (end of the records), at 52 the CRC-32 of the records
// [512, free space), at 124 the CRC-32 of header bytes [0, 120) and
// [128, 512). Records from 512: "**\0\0", size, record id, FILETIME written,
// BinXML, copy of the size.
#include <zlib.h>

#include <cstring>

#include "fmt/format.h"
#include "rampart/detect/event_time.h"
#include "readers/evtx/binxml.h"
#include "readers/evtx/binxml_decoder.h"
#include "readers/windows_fields.h"

namespace rampart::ingest::internal::evtx {
namespace {

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

uint32_t Crc(uint32_t crc, const uint8_t* p, size_t n) {
  return static_cast<uint32_t>(crc32(crc, p, static_cast<uInt>(n)));
}

bool AllZero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != 0) return false;
  return true;
}

constexpr uint32_t kRecordSignature = 0x00002a2a;
constexpr size_t kRecordHeader = 24;
constexpr uint64_t kUnixEpochAsFileTime = 116444736000000000ULL;

void SetTime(detect::FlatEvent& ev, std::string_view created, uint64_t written) {
  std::optional<int64_t> t;
  if (!created.empty()) t = detect::ParseEventTime(created);
  if (!t && written > kUnixEpochAsFileTime) t = static_cast<int64_t>((written - kUnixEpochAsFileTime) / 10);
  ev.set_time_us(t);
}

}  // namespace

void DecodeChunk(const uint8_t* data, size_t size, uint64_t index, std::string_view file, DecodedChunk& out) {
  out.Clear();
  auto report = [&](int64_t record, std::string what, bool bad = true) {
    out.issues.push_back(ChunkIssue{record, fmt::format("chunk {}: {}", index, what), bad});
  };
  if (size < kChunkHeaderSize) {
    if (!AllZero(data, size)) report(0, fmt::format("truncated to {} bytes, no records read", size));
    return;
  }
  if (std::memcmp(data, "ElfChnk\0", 8) != 0) {
    if (!AllZero(data, kChunkHeaderSize)) report(0, "bad chunk signature, skipped");
    return;
  }
  uint32_t header_crc = Crc(Crc(0, data, 120), data + 128, kChunkHeaderSize - 128);
  if (header_crc != Load<uint32_t>(data + 124)) {
    report(0, "chunk header checksum mismatch, skipped");
    return;
  }
  size_t limit = Load<uint32_t>(data + 48);
  if (limit < kChunkHeaderSize || limit > kChunkSize) {
    report(0, fmt::format("free-space offset {} outside the chunk, skipped", limit));
    return;
  }
  if (limit > size) {
    report(0, fmt::format("truncated to {} bytes: records past it lost", size), false);
    limit = size;
  } else if (Crc(0, data + kChunkHeaderSize, limit - kChunkHeaderSize) != Load<uint32_t>(data + 52)) {
    report(0, "records checksum mismatch: reading each record on its own", false);
  }

  BinXmlDecoder decoder(data, size, out.arena);
  FieldBuilder builder(out.arena);
  size_t off = kChunkHeaderSize;
  while (off + kRecordHeader <= limit) {
    const uint8_t* r = data + off;
    if (Load<uint32_t>(r) != kRecordSignature) {
      if (!AllZero(r, 4)) report(0, fmt::format("bad record signature at offset {}: rest of chunk skipped", off));
      break;
    }
    const uint32_t rsize = Load<uint32_t>(r + 4);
    const uint64_t id = Load<uint64_t>(r + 8);
    const auto record = static_cast<int64_t>(id);
    if (rsize < kRecordHeader + 4 || off + rsize > limit) {
      report(record, fmt::format("record size {} at offset {} overruns the chunk: rest of chunk skipped", rsize, off));
      break;
    }
    off += rsize;
    if (Load<uint32_t>(r + rsize - 4) != rsize) {
      report(record, "record size and its copy differ, record skipped");
      continue;
    }
    if (!decoder.Decode(r + kRecordHeader, r + rsize - 4)) {
      report(record, fmt::format("bad BinXML: {}", decoder.error()));
      continue;
    }
    detect::FlatEvent& ev = out.events.Acquire();
    ev.Reset("evtx", detect::EventSource{file, 0, record});
    builder.Build(decoder.steps(), decoder.text(), ev);
    // As AddWindowsAliases, with what the builder already knows.
    if (!builder.channel().empty()) {
      if (builder.spaced_name()) AddDespacedNames(ev, out.arena);
      AddProcessCreationAliases(ev, out.arena, builder.channel());
    }
    SetTime(ev, builder.time_created(), Load<uint64_t>(r + 16));
  }
}

}  // namespace rampart::ingest::internal::evtx
