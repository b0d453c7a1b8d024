// Formats follow libevtx 20181227's XML rendering (checked by the
// differential test over every sample): decimal integers, lower-case
// zero-padded hex for HexInt32/64 and SizeT, upper-case GUIDs in braces,
// upper-case hex for binary, S-1-... SIDs, FILETIME as ISO 8601 UTC with
// nanoseconds.
#include "readers/evtx/binxml_values.h"

#include <cstring>
#include <ctime>
#include <iterator>

#include "fmt/format.h"

namespace rampart::ingest::internal::evtx {
namespace {

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void AppendFileTime(uint64_t ft, std::string& out) {
  // 100 ns ticks since 1601-01-01; 11644473600 s to the Unix epoch.
  int64_t secs = static_cast<int64_t>(ft / 10000000ULL) - 11644473600LL;
  uint32_t ticks = static_cast<uint32_t>(ft % 10000000ULL);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ticks * 100);
}

}  // namespace

void AppendUtf16(const uint8_t* p, size_t chars, std::string& out) {
  for (size_t i = 0; i < chars; ++i) {
    uint32_t c = Load<uint16_t>(p + 2 * i);
    if (c == 0) break;
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < chars) {
      uint32_t lo = Load<uint16_t>(p + 2 * i + 2);
      if (lo >= 0xDC00 && lo < 0xE000) {
        AppendUtf8(out, 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00));
        ++i;
        continue;
      }
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      AppendUtf8(out, (c >= 0xD800 && c < 0xE000) ? 0xFFFD : c);
    }
  }
}

size_t FixedSize(uint8_t type, size_t whole_size) {
  switch (type) {
    case kInt8: case kUInt8: return 1;
    case kInt16: case kUInt16: return 2;
    case kInt32: case kUInt32: case kReal32: case kBool: case kHexInt32: return 4;
    case kInt64: case kUInt64: case kReal64: case kFileTime: case kHexInt64: return 8;
    case kGuid: case kSysTime: return 16;
    case kSizeT: return whole_size == 4 ? 4 : 8;
    default: return 0;
  }
}

void AppendValue(uint8_t type, const uint8_t* p, size_t size, std::string& out) {
  auto it = std::back_inserter(out);
  size_t need = FixedSize(type, size);
  if (need != 0 && size < need) return;
  switch (type) {
    case kString: AppendUtf16(p, size / 2, out); return;
    case kAnsiString: out.append(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), size)); return;
    case kInt8: fmt::format_to(it, "{}", static_cast<int>(static_cast<int8_t>(p[0]))); return;
    case kUInt8: fmt::format_to(it, "{}", static_cast<unsigned>(p[0])); return;
    case kInt16: fmt::format_to(it, "{}", Load<int16_t>(p)); return;
    case kUInt16: fmt::format_to(it, "{}", Load<uint16_t>(p)); return;
    case kInt32: fmt::format_to(it, "{}", Load<int32_t>(p)); return;
    case kUInt32: fmt::format_to(it, "{}", Load<uint32_t>(p)); return;
    case kInt64: fmt::format_to(it, "{}", Load<int64_t>(p)); return;
    case kUInt64: fmt::format_to(it, "{}", Load<uint64_t>(p)); return;
    case kReal32: fmt::format_to(it, "{}", Load<float>(p)); return;
    case kReal64: fmt::format_to(it, "{}", Load<double>(p)); return;
    case kBool: out.append(Load<uint32_t>(p) ? "true" : "false"); return;
    case kBinary:
      for (size_t i = 0; i < size; ++i) fmt::format_to(it, "{:02X}", p[i]);
      return;
    case kGuid:
      fmt::format_to(it, "{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}", Load<uint32_t>(p),
                     Load<uint16_t>(p + 4), Load<uint16_t>(p + 6), p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
      return;
    case kSizeT:
      if (size == 4) fmt::format_to(it, "0x{:08x}", Load<uint32_t>(p));
      else fmt::format_to(it, "0x{:016x}", Load<uint64_t>(p));
      return;
    case kFileTime: AppendFileTime(Load<uint64_t>(p), out); return;
    case kSysTime:
      fmt::format_to(it, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", Load<uint16_t>(p), Load<uint16_t>(p + 2),
                     Load<uint16_t>(p + 6), Load<uint16_t>(p + 8), Load<uint16_t>(p + 10), Load<uint16_t>(p + 12),
                     Load<uint16_t>(p + 14));
      return;
    case kSid: {
      if (size < 8) return;
      size_t subs = p[1];
      if (size < 8 + 4 * subs) return;
      uint64_t authority = 0;
      for (int i = 2; i < 8; ++i) authority = (authority << 8) | p[i];
      fmt::format_to(it, "S-{}-{}", static_cast<unsigned>(p[0]), authority);
      for (size_t i = 0; i < subs; ++i) fmt::format_to(it, "-{}", Load<uint32_t>(p + 8 + 4 * i));
      return;
    }
    case kHexInt32: fmt::format_to(it, "0x{:08x}", Load<uint32_t>(p)); return;
    case kHexInt64: fmt::format_to(it, "0x{:016x}", Load<uint64_t>(p)); return;
    default: return;
  }
}

}  // namespace rampart::ingest::internal::evtx
