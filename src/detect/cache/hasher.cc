// The cache's stable hash: two 64-bit multiply-rotate lanes over 8-byte
// words, fast enough to key 20 MB of rules in a few ms.
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
  // Two independent lanes over alternate words (no dependency between them,
  // so both multiplies run at once); the final Mix spreads every bit.
  constexpr uint64_t kPrimeA = 0x100000001b3ull, kPrimeB = 0x9fb21c651e98df25ull;
  size_t i = 0;
  for (; i + 16 <= bytes.size(); i += 16) {
    uint64_t w0, w1;
    std::memcpy(&w0, bytes.data() + i, 8);
    std::memcpy(&w1, bytes.data() + i + 8, 8);
    a_ = (a_ ^ w0) * kPrimeA;
    a_ = (a_ << 31) | (a_ >> 33);
    b_ = (b_ ^ w1) * kPrimeB;
    b_ = (b_ << 29) | (b_ >> 35);
  }
  for (; i < bytes.size(); ++i) {
    uint64_t c = static_cast<uint8_t>(bytes[i]) + 0x100;
    a_ = (a_ ^ c) * kPrimeA;
    b_ = (b_ ^ (c << 8)) * kPrimeB;
  }
  a_ ^= bytes.size();
}

std::string Hasher::Hex() const { return fmt::format("{:016x}{:016x}", Mix(a_), Mix(b_ ^ a_)); }

std::string Hasher::Raw() const {
  ByteWriter w;
  w.U64(Mix(a_));
  w.U64(Mix(b_ ^ a_));
  return w.bytes();
}

}  // namespace rampart::detect::internal
