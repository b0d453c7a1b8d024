#include "rampart/core/id.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <random>

namespace rampart {
namespace {

std::string Format(const std::array<uint8_t, 16>& b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool IsUuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? t[i] != '-' : HexValue(t[i]) < 0) return false;
  }
  return true;
}

std::string UuidV4() {
  std::array<uint8_t, 16> b{};
  if (RAND_bytes(b.data(), 16) != 1) {
    // OpenSSL's generator failing is exceptional; fall back to the OS source.
    std::random_device rd;
    for (auto& x : b) x = static_cast<uint8_t>(rd());
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return Format(b);
}

std::string UuidV5(std::string_view ns, std::string_view name) {
  std::array<uint8_t, 16> ns_bytes{};
  if (IsUuid(ns)) {
    int k = 0;
    for (size_t i = 0; i < ns.size(); ++i) {
      if (ns[i] == '-') continue;
      int hi = HexValue(ns[i]), lo = HexValue(ns[i + 1]);
      ns_bytes[k++] = static_cast<uint8_t>(hi << 4 | lo);
      ++i;
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx, ns_bytes.data(), ns_bytes.size());
  EVP_DigestUpdate(ctx, name.data(), name.size());
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  std::array<uint8_t, 16> b{};
  for (int i = 0; i < 16; ++i) b[i] = digest[i];
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  return Format(b);
}

}  // namespace rampart
