// Internal: BinXML substitution values as libevtx renders them in its XML,
// so that both EVTX readers give the same texts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace rampart::ingest::internal::evtx {

// BinXML value types (the 0x80 bit marks an array of the type).
enum ValueType : uint8_t {
  kNull = 0x00, kString = 0x01, kAnsiString = 0x02, kInt8 = 0x03, kUInt8 = 0x04, kInt16 = 0x05,
  kUInt16 = 0x06, kInt32 = 0x07, kUInt32 = 0x08, kInt64 = 0x09, kUInt64 = 0x0a, kReal32 = 0x0b,
  kReal64 = 0x0c, kBool = 0x0d, kBinary = 0x0e, kGuid = 0x0f, kSizeT = 0x10, kFileTime = 0x11,
  kSysTime = 0x12, kSid = 0x13, kHexInt32 = 0x14, kHexInt64 = 0x15, kEvtHandle = 0x20,
  kBinXml = 0x21, kEvtXml = 0x23, kArray = 0x80,
};

// Appends the code point `cp` as UTF-8 (no check: callers pass what UTF-16
// decoding gives, surrogate halves included, as libevtx renders them).
void AppendUtf8(std::string& out, uint32_t cp);

// Appends UTF-16LE text (`chars` code units at `p`, stopping at a NUL) as UTF-8.
void AppendUtf16(const uint8_t* p, size_t chars, std::string& out);

// Appends the text of one value of scalar type `type` (no array bit) held
// in `size` bytes at `p`. Unknown types and sizes that do not fit the type
// append nothing.
void AppendValue(uint8_t type, const uint8_t* p, size_t size, std::string& out);

// Splits an array value of element type `type` into items: calls
// `item(p, size)` for each. Strings are NUL-separated; SIDs sized by their
// sub-authority count; other types have a fixed size. Returns the count.
template <typename F>
size_t ForEachArrayItem(uint8_t type, const uint8_t* p, size_t size, F&& item);

// Fixed size in bytes of a scalar of `type`, or 0 if variable or unknown.
size_t FixedSize(uint8_t type, size_t whole_size);

template <typename F>
size_t ForEachArrayItem(uint8_t type, const uint8_t* p, size_t size, F&& item) {
  size_t n = 0;
  if (type == kString) {
    size_t start = 0;
    for (size_t i = 0; i + 1 < size; i += 2) {
      if (p[i] == 0 && p[i + 1] == 0) {
        item(p + start, i - start);
        ++n;
        start = i + 2;
      }
    }
    if (start + 1 < size) item(p + start, size - start), ++n;
    return n;
  }
  if (type == kAnsiString) {
    size_t start = 0;
    for (size_t i = 0; i < size; ++i) {
      if (p[i] == 0) {
        item(p + start, i - start);
        ++n;
        start = i + 1;
      }
    }
    if (start < size) item(p + start, size - start), ++n;
    return n;
  }
  if (type == kSid) {
    size_t at = 0;
    while (at + 8 <= size) {
      size_t len = 8 + 4 * static_cast<size_t>(p[at + 1]);
      if (at + len > size) break;
      item(p + at, len);
      ++n;
      at += len;
    }
    return n;
  }
  size_t each = FixedSize(type, 0);
  if (each == 0) return 0;
  for (size_t at = 0; at + each <= size; at += each) item(p + at, each), ++n;
  return n;
}

}  // namespace rampart::ingest::internal::evtx
