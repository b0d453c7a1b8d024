#include "pattern/literals.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace rampart::stix::internal {

Result<TimestampUs> ParsePatternTimestamp(std::string_view text) {
  if (!IsStixTimestamp(text)) {
    return InvalidInput(fmt::format("'{}' is not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s]Z)", text));
  }
  return ParseTimestamp(text);
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::optional<std::string> DecodeHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]), lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view b64) {
  if (b64.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(b64.size() / 4 * 3);
  for (size_t i = 0; i < b64.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = b64[i + k];
      if (c == '=' && i + 4 == b64.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;  // data after padding
      v[k] = Base64Value(c);
      if (v[k] < 0) return std::nullopt;
    }
    uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
  }
  return out;
}

std::optional<Cidr> ParseCidr(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string_view addr = text;
  int prefix = -1;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    std::string_view bits = text.substr(slash + 1);
    auto [p, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (bits.empty() || ec != std::errc() || p != bits.data() + bits.size() || prefix < 0) return std::nullopt;
  }
  char buf[65];
  std::memcpy(buf, addr.data(), addr.size());
  buf[addr.size()] = 0;
  Cidr out;
  in_addr v4;
  in6_addr v6;
  if (addr.find(':') == std::string_view::npos && inet_pton(AF_INET, buf, &v4) == 1) {
    if (prefix > 32) return std::nullopt;
    out.v4 = true;
    out.addr[10] = out.addr[11] = 0xff;
    std::memcpy(&out.addr[12], &v4, 4);
    out.prefix = 96 + (prefix < 0 ? 32 : prefix);
  } else if (inet_pton(AF_INET6, buf, &v6) == 1) {
    if (prefix > 128) return std::nullopt;
    std::memcpy(out.addr.data(), &v6, 16);
    out.prefix = prefix < 0 ? 128 : prefix;
  } else {
    return std::nullopt;
  }
  return out;
}

bool CidrContains(const Cidr& outer, const Cidr& inner) {
  if (outer.v4 != inner.v4 || inner.prefix < outer.prefix) return false;
  int bits = outer.prefix;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((outer.addr[i] & mask) != (inner.addr[i] & mask)) return false;
  }
  return true;
}

namespace {
// Length of the UTF-8 sequence starting at s[0] (1 for invalid bytes).
size_t CodePointLength(std::string_view s) {
  unsigned char c = static_cast<unsigned char>(s[0]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
  return len <= s.size() ? len : 1;
}
}  // namespace

bool LikeMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with one backtrack point (the last '%').
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    if (p < pattern.size() && pattern[p] == '_') {
      ++p;
      t += CodePointLength(text.substr(t));
      continue;
    }
    if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    star_t += CodePointLength(text.substr(star_t));
    t = star_t;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace rampart::stix::internal
