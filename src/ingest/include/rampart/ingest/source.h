// Where log bytes come from: paths as a user types them, expanded into an
// ordered list of inputs, and each input opened as a byte stream.
//
//  * a file                       -> itself
//  * a folder                     -> every regular file below it, recursively,
//                                    sorted by path (byte order), hidden files
//                                    (names starting with '.') skipped
//  * a glob ("logs/*.log", "**" is not special; '*', '?', '[...]' are)
//                                 -> the matching paths, sorted; folders among
//                                    them expand as above
//  * "-"                          -> standard input (at most once)
// Streams decompress gzip transparently: by content (magic 1f 8b), whatever
// the name, including concatenated gzip members. Reading is streamed in
// chunks the caller chooses; nothing is read whole.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/ingest/reader.h"

namespace rampart::ingest {

// The result of expanding the user's paths: what to read, in order, and what
// could not be expanded (a missing path, a glob with no match, an unreadable
// folder), each reported with the argument it came from.
struct InputList {
  std::vector<std::string> paths;
  // Parallel to `paths`: true for a file found by walking a folder (not
  // named by the user, nor matched by a glob), which a caller may skip when
  // its format is not recognised (IsFormatNotRecognised).
  std::vector<bool> walked;
  std::vector<ReadIssue> issues;
};

// Expands `args` in order. Duplicates are kept (the user asked twice).
InputList ExpandInputs(const std::vector<std::string>& args);

// A sequential source of bytes. Not thread-safe.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `n` bytes into `buf`; returns how many, 0 at end of input.
  // An I/O or decompression error is returned as IoError/InvalidInput with
  // the path in its context (not in the message). A gzip stream cut short
  // first returns every byte that decompressed, then the error; after an
  // error every further Read returns it again.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Input path as given ("-" for stdin).
  virtual const std::string& path() const = 0;
  // True if the bytes are decompressed from gzip.
  virtual bool compressed() const = 0;
};

// Opens `path` ("-" = stdin). gzip is detected from the first bytes and
// decompressed on the fly. NotFound/IoError ("cannot open file: <why>", the
// path in the context) on failure.
Result<std::unique_ptr<ByteStream>> OpenByteStream(const std::string& path);

// A stream that yields `prefix` (bytes already taken from `in`, e.g. to sniff
// gzip magic or the log format) and then the rest of `in`. path() and
// compressed() are `in`'s. Takes ownership of `in`.
std::unique_ptr<ByteStream> PrefixStream(std::unique_ptr<ByteStream> in, std::string prefix);

// Reads until `n` bytes or the end: Read() may return short counts. An error
// after some bytes were read returns those bytes; the next call reports it.
Result<size_t> ReadFull(ByteStream& stream, char* buf, size_t n);

}  // namespace rampart::ingest
