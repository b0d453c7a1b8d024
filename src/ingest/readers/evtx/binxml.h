// Internal: rampart's own EVTX reader, without libevtx. An EVTX file is a
// 4 KiB file header and 64 KiB chunks; a chunk holds a 512-byte header
// (record range, checksums, string and template tables) and event records,
// each a BinXML document, mostly a template instance: a template definition
// (stored once per chunk, referenced by offset) and the substitution values
// of this record. DecodeChunk walks the tokens of each record's template
// with the record's values, without writing XML, and builds the same fields
// as the libevtx reader's XML scan (evtx_xml.h): System children and
// attributes by path and short name with their aliases (Provider_Name,
// TimeCreated ...), EventData/UserData leaves, values rendered as libevtx
// renders them (docs/formats/event-fields.md).
//
// Damage: a chunk whose signature or header checksum is wrong is reported
// and skipped; a chunk whose records checksum is wrong is reported and its
// records still read one by one; a record whose header or BinXML is bad is
// reported with its number and skipped, and reading goes on with the next.
//
// Thread-safety: DecodeChunk touches only its arguments; chunks of one file
// may be decoded on several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/detect/flat_event.h"
#include "rampart/detect/string_arena.h"
#include "readers/text_reader.h"

namespace rampart::ingest::internal::evtx {

inline constexpr size_t kFileHeaderSize = 4096;
inline constexpr size_t kChunkSize = 65536;
inline constexpr size_t kChunkHeaderSize = 512;

struct ChunkIssue {
  int64_t record = 0;  // 0: about the chunk
  std::string message;
  bool bad_record = true;
};

// The events of one chunk, in record order, and what went wrong. The
// events' texts live in `arena` and `file`; reusable (Clear keeps memory).
struct DecodedChunk {
  detect::StringArena arena{256 * 1024};
  EventPool<detect::FlatEvent> events;
  std::vector<ChunkIssue> issues;

  void Clear() {
    arena.Clear();
    events.Clear();
    issues.clear();
  }
};

// Decodes the chunk at `data` (`size` bytes: kChunkSize, or fewer when the
// file is truncated), the `index`-th (0-based) of file `file` (the view must
// outlive the events), into `out` (cleared first).
void DecodeChunk(const uint8_t* data, size_t size, uint64_t index, std::string_view file, DecodedChunk& out);

}  // namespace rampart::ingest::internal::evtx
