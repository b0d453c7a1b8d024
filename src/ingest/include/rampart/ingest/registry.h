// Readers by name, and format detection.
//
// Registered readers: "evtx", "jsonl" (JSON lines and concatenated JSON
// objects, also answering to "json"), "w3c" (IIS W3C extended), "zeek" (Zeek
// TSV logs and Zeek JSON logs), "syslog" (RFC 3164 and RFC 5424), "csv"
// (header row, RFC 4180 quoting).
//
// Detection looks at the first bytes of the (decompressed) input, in order:
//   "ElfFile\0"                                   -> evtx
//   "#separator"                                  -> zeek (TSV)
//   "#Software: Microsoft Internet Information Services", "#Version:",
//   "#Date:" or "#Fields:"                        -> w3c
//   '{' ... whose first object has "ts" and "uid" or "_path" -> zeek (JSON)
//   '{' or '['                                    -> jsonl
//   "<PRI>" (1-3 digits) or an RFC 3164 month     -> syslog
//   a first line with a separator (',', ';', tab) -> csv
// and then falls back on the file name (.evtx, .json/.jsonl/.ndjson, .log
// with W3C headers, .csv, .tsv). Undecidable input is InvalidInput, naming
// the file and the formats tried.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/ingest/reader.h"
#include "rampart/ingest/source.h"

namespace rampart::ingest {

// Names of all registered readers, sorted.
std::vector<std::string_view> ReaderNames();

// True if `name` names a registered reader (or is "auto").
bool IsReaderName(std::string_view name);

// The reader name for input starting with `head` (up to 64 KiB), using
// `path` as a hint; empty if nothing fits. Bytes that are not text (a NUL,
// or more than 1% control bytes) fit nothing but EVTX (by magic or name).
std::string_view DetectFormat(std::string_view head, std::string_view path);

// True if `status` is OpenReader's "log format not recognised" (format
// "auto" and no reader fits the input).
bool IsFormatNotRecognised(const Status& status);

// Opens `path` ("-" = stdin, .gz decompressed) with the reader
// options.format names, or the detected one for "auto".
// Errors: NotFound/IoError (cannot open), InvalidInput (unknown format name,
// format not recognised, EVTX header unreadable). Empty input gives a reader
// that yields nothing.
Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, const ReadOptions& options = {});

// As OpenReader, over a stream the caller opened; `head` holds bytes already
// read from it (they are read again as the start of the input).
Result<std::unique_ptr<Reader>> OpenReaderOnStream(std::unique_ptr<ByteStream> stream, std::string head,
                                                   const ReadOptions& options = {});

}  // namespace rampart::ingest
