// A batch of raw log records as it travels from `rampart ship` to a worker.
//
// The body is whole lines of one file, cut at a line break, in the file's
// own format; the worker parses it with the same ingest reader a local hunt
// uses, so events, field values and hits are the same. Text formats whose
// records depend on earlier lines (W3C and Zeek `#` directives, the CSV
// header row) get those lines repeated in front of the body: `header_lines`
// says how many, and line numbers are mapped back to the file's.
//
// On the wire (a JetStream message):
//   subject        rampart.events.<source>
//   Nats-Msg-Id    <source>:<file identity>:<offset>+<length>   (BatchId)
//   Rampart-Source, Rampart-Constituent, Rampart-File, Rampart-Format,
//   Rampart-Line (first body line, 1-based), Rampart-Header-Lines
//   data           header lines, then the body
//
// Lifetime: a BatchMessage owns its strings; events handed out by
// ForEachEvent are valid during the callback only.
#pragma once

#include <nats/nats.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/event.h"
#include "rampart/ingest/reader.h"

namespace rampart::fleet {

struct BatchMessage {
  std::string id;           // Nats-Msg-Id (BatchId)
  std::string source;       // --source of the shipper
  std::string constituent;  // --constituent of the shipper ("" if none)
  std::string file;         // the path as given to ship
  std::string format;       // ingest reader name ("w3c", "jsonl" ...)
  int64_t first_line = 1;   // file line of the first body line
  int64_t header_lines = 0; // lines of `text` before the body
  std::string text;         // header lines + body
};

// The deduplication id of the batch of `length` bytes at byte `offset` of
// the file whose identity is `file_id` (FileIdentity), shipped as `source`.
std::string BatchId(const std::string& source, const std::string& file_id, uint64_t offset, uint64_t length);

// A stable name for the file at `path`: a hash of its real path, device and
// inode, so the same file shipped again (under another relative path) gets
// the same batch ids and a rotated file (new inode) gets new ones.
// IoError if the file cannot be examined.
Result<std::string> FileIdentity(const std::string& path);

// A new message on `subject` carrying `batch` (caller destroys it with
// natsMsg_Destroy). Errors as NatsError.
Result<natsMsg*> EncodeBatch(const BatchMessage& batch, const std::string& subject);

// The batch a message carries. InvalidInput naming the missing or bad
// header when the message is not a rampart batch.
Result<BatchMessage> DecodeBatch(natsMsg* msg);

// Parses the batch with the reader `batch.format` names and calls `fn` for
// every event, in order, with Source() giving the file and line in the
// shipped file. Bad records are appended to `issues` (file and line mapped
// the same way) and skipped. InvalidInput if the format is unknown.
Status ForEachEvent(const BatchMessage& batch, const std::function<void(const detect::Event&)>& fn,
                    std::vector<ingest::ReadIssue>& issues);

// The text of 1-based `line` of `text` without its line break ("" past the end).
std::string_view LineOf(std::string_view text, int64_t line);

}  // namespace rampart::fleet
