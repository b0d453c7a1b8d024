// Formats follow libevtx 20181227's XML rendering (checked by the
// differential test over every sample): decimal integers, lower-case
// zero-padded hex for HexInt32/64 and SizeT, upper-case GUIDs in braces,
// upper-case hex for binary, S-1-... SIDs, FILETIME as ISO 8601 UTC with
// nanoseconds.
#include "readers/evtx/binxml_values.h"

#include <cstring>
#include <charconv>
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

// std::to_chars, not fmt: values are the reader's hot path.
template <typename T>
void AppendInt(T v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendHex(uint64_t v, int width, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[20];
  int n = 0;
  do {
    buf[n++] = kDigits[v & 15];
    v >>= 4;
  } while (v != 0);
  while (n < width) buf[n++] = '0';
  out.append("0x");
  while (n > 0) out.push_back(buf[--n]);
}

// {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}: the first three groups little-endian.
void AppendGuid(const uint8_t* p, std::string& out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  static constexpr int kOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  char buf[38];
  int n = 0;
  buf[n++] = '{';
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buf[n++] = '-';
    uint8_t b = p[kOrder[i]];
    buf[n++] = kDigits[b >> 4];
    buf[n++] = kDigits[b & 15];
  }
  buf[n++] = '}';
  out.append(buf, n);
}

void AppendPadded(unsigned v, int width, std::string& out) {
  char buf[12];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < width) buf[n++] = '0';
  while (n > 0) out.push_back(buf[--n]);
}

// YYYY-MM-DDTHH:MM:SS. as libevtx writes dates.
void AppendDate(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s, std::string& out) {
  AppendPadded(y, 4, out);
  out.push_back('-');
  AppendPadded(mo, 2, out);
  out.push_back('-');
  AppendPadded(d, 2, out);
  out.push_back('T');
  AppendPadded(h, 2, out);
  out.push_back(':');
  AppendPadded(mi, 2, out);
  out.push_back(':');
  AppendPadded(s, 2, out);
  out.push_back('.');
}

void AppendFileTime(uint64_t ft, std::string& out) {
  // 100 ns ticks since 1601-01-01; 11644473600 s to the Unix epoch.
  int64_t secs = static_cast<int64_t>(ft / 10000000ULL) - 11644473600LL;
  uint32_t ticks = static_cast<uint32_t>(ft % 10000000ULL);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  AppendDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, out);
  AppendPadded(ticks * 100, 9, out);
  out.push_back('Z');
}

}  // namespace

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

void AppendUtf16(const uint8_t* p, size_t chars, std::string& out) {
  // ASCII runs are written straight into the string.
  size_t i = 0;
  {
    const size_t at = out.size();
    out.resize(at + chars);
    char* w = out.data() + at;
    for (; i < chars; ++i) {
      uint16_t c = Load<uint16_t>(p + 2 * i);
      if (c == 0 || c >= 0x80) break;
      w[i] = static_cast<char>(c);
    }
    out.resize(at + i);
  }
  for (; i < chars; ++i) {
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
  size_t need = FixedSize(type, size);
  if (need != 0 && size < need) return;
  switch (type) {
    case kString: AppendUtf16(p, size / 2, out); return;
    case kAnsiString: out.append(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), size)); return;
    case kInt8: AppendInt(static_cast<int>(static_cast<int8_t>(p[0])), out); return;
    case kUInt8: AppendInt(static_cast<unsigned>(p[0]), out); return;
    case kInt16: AppendInt(Load<int16_t>(p), out); return;
    case kUInt16: AppendInt(Load<uint16_t>(p), out); return;
    case kInt32: AppendInt(Load<int32_t>(p), out); return;
    case kUInt32: AppendInt(Load<uint32_t>(p), out); return;
    case kInt64: AppendInt(Load<int64_t>(p), out); return;
    case kUInt64: AppendInt(Load<uint64_t>(p), out); return;
    case kReal32: fmt::format_to(std::back_inserter(out), "{}", Load<float>(p)); return;
    case kReal64: fmt::format_to(std::back_inserter(out), "{}", Load<double>(p)); return;
    case kBool: out.append(Load<uint32_t>(p) ? "true" : "false"); return;
    case kBinary: {
      static constexpr char kDigits[] = "0123456789ABCDEF";
      for (size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[p[i] >> 4]);
        out.push_back(kDigits[p[i] & 15]);
      }
      return;
    }
    case kGuid:
      AppendGuid(p, out);
      return;
    case kSizeT:
      if (size == 4) AppendHex(Load<uint32_t>(p), 8, out);
      else AppendHex(Load<uint64_t>(p), 16, out);
      return;
    case kFileTime: AppendFileTime(Load<uint64_t>(p), out); return;
    case kSysTime:
      AppendDate(Load<uint16_t>(p), Load<uint16_t>(p + 2), Load<uint16_t>(p + 6), Load<uint16_t>(p + 8),
                 Load<uint16_t>(p + 10), Load<uint16_t>(p + 12), out);
      AppendPadded(Load<uint16_t>(p + 14), 3, out);
      out.push_back('Z');
      return;
    case kSid: {
      if (size < 8) return;
      size_t subs = p[1];
      if (size < 8 + 4 * subs) return;
      uint64_t authority = 0;
      for (int i = 2; i < 8; ++i) authority = (authority << 8) | p[i];
      out.append("S-");
      AppendInt(static_cast<unsigned>(p[0]), out);
      out.push_back('-');
      AppendInt(authority, out);
      for (size_t i = 0; i < subs; ++i) {
        out.push_back('-');
        AppendInt(Load<uint32_t>(p + 8 + 4 * i), out);
      }
      return;
    }
    case kHexInt32: AppendHex(Load<uint32_t>(p), 8, out); return;
    case kHexInt64: AppendHex(Load<uint64_t>(p), 16, out); return;
    default: return;
  }
}

}  // namespace rampart::ingest::internal::evtx
