// The cache's stable hash: two 64-bit lanes over 8-byte words (FNV-1a style
// and a multiply-xorshift), fast enough to key 20 MB of rules in a few ms.
#include <fmt/format.h>

#include "cache/codec.h"

namespace rampart::detect::internal {
namespace {

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace

void Hasher::Add(std::string_view bytes) {
  constexpr uint64_t kPrime = 0x100000001b3ull;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    a_ = (a_ ^ w) * kPrime;
    a_ ^= a_ >> 29;
    b_ = Mix(b_ + w) ^ (b_ << 7);
  }
  for (; i < bytes.size(); ++i) {
    uint64_t c = static_cast<uint8_t>(bytes[i]);
    a_ = (a_ ^ c) * kPrime;
    b_ = Mix(b_ + c + 0x100) ^ (b_ << 7);
  }
}

std::string Hasher::Hex() const { return fmt::format("{:016x}{:016x}", Mix(a_), Mix(b_ ^ a_)); }

std::string Hasher::Raw() const {
  ByteWriter w;
  w.U64(Mix(a_));
  w.U64(Mix(b_ ^ a_));
  return w.bytes();
}

}  // namespace rampart::detect::internal
