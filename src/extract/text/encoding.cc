// UTF-8 validation and the Windows-1252 fallback.
#include <algorithm>

#include "rampart/extract/document.h"

namespace rampart::extract::text {
namespace {

// Windows-1252 0x80-0x9F; the five bytes it leaves undefined keep their C1
// code point, as ICU and browsers do.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void AppendSingleByte(std::string& out, unsigned char c, bool latin1) {
  AppendUtf8(out, !latin1 && c >= 0x80 && c < 0xA0 ? kCp1252High[c - 0x80] : c);
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) { return FirstInvalidUtf8(bytes) == std::string_view::npos; }

size_t FirstInvalidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string DecodeToUtf8(std::string_view bytes, std::string* encoding) {
  if (IsValidUtf8(bytes)) {
    if (encoding) *encoding = "UTF-8";
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    return std::string(bytes);
  }
  if (encoding) *encoding = "windows-1252";
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  while (!bytes.empty()) {
    size_t bad = FirstInvalidUtf8(bytes);
    if (bad == std::string_view::npos) bad = bytes.size();
    out.append(bytes.data(), bad);
    if (bad < bytes.size()) AppendSingleByte(out, static_cast<unsigned char>(bytes[bad]), false);
    bytes.remove_prefix(std::min(bytes.size(), bad + 1));
  }
  return out;
}

std::string SingleByteToUtf8(std::string_view bytes, bool latin1) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) AppendSingleByte(out, static_cast<unsigned char>(c), latin1);
  return out;
}

}  // namespace rampart::extract::text
