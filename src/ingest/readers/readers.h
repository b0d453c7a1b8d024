// Internal: the factories of the registered readers (registry.cc lists them).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "rampart/core/status.h"
#include "rampart/ingest/reader.h"
#include "rampart/ingest/source.h"

namespace rampart::ingest::internal {

// JSON lines / concatenated objects; `format` is "jsonl" or "zeek" (Zeek JSON).
std::unique_ptr<Reader> NewJsonlReader(std::string_view format, std::unique_ptr<ByteStream> stream,
                                       const ReadOptions& options);
std::unique_ptr<Reader> NewW3cReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options);
std::unique_ptr<Reader> NewZeekTsvReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options);
std::unique_ptr<Reader> NewSyslogReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options);
std::unique_ptr<Reader> NewCsvReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options);
// EVTX with the reader options.evtx_reader names (reader.h): rampart's own
// BinXML reader (streams the file chunk by chunk) or libevtx's.
Result<std::unique_ptr<Reader>> NewEvtxReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options);
Result<std::unique_ptr<Reader>> NewBinXmlEvtxReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options);
// libevtx needs a seekable file: a plain file is opened by path; a stream
// (stdin, .gz) is first copied to a temporary file.
Result<std::unique_ptr<Reader>> NewLibevtxReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options);

}  // namespace rampart::ingest::internal
