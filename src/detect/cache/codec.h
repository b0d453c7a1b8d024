// Little-endian byte encoding for the rule cache (rule_cache.h): a writer
// that appends, and a reader that never reads past its input and turns every
// inconsistency into a failed state instead of undefined behaviour (the
// cache file is outside input: damaged, truncated or written by someone else).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::detect::internal {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void F64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    U64(bits);
  }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const auto& s : v) Str(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && at_ == in_.size(); }
  void Fail() { ok_ = false; }

  uint8_t U8() { return Need(1) ? static_cast<uint8_t>(in_[at_++]) : 0; }
  uint32_t U32() {
    if (!Need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(in_[at_++])) << (8 * i);
    return v;
  }
  uint64_t U64() {
    if (!Need(8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(in_[at_++])) << (8 * i);
    return v;
  }
  int64_t I64() { return static_cast<int64_t>(U64()); }
  int32_t I32() {
    int64_t v = I64();
    if (v < INT32_MIN || v > INT32_MAX) Fail();
    return ok_ ? static_cast<int32_t>(v) : 0;
  }
  double F64() {
    uint64_t bits = U64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  bool Bool() {
    uint8_t v = U8();
    if (v > 1) Fail();
    return v == 1;
  }
  // An enum stored as one byte, checked against its largest value.
  template <typename E>
  E Enum(uint8_t max) {
    uint8_t v = U8();
    if (v > max) Fail();
    return ok_ ? static_cast<E>(v) : E{};
  }
  std::string_view View() {
    uint64_t n = U64();
    if (!Need(n)) return {};
    std::string_view s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::string Str() { return std::string(View()); }
  std::vector<std::string> Strs() {
    std::vector<std::string> v(Count(8));
    for (auto& s : v) s = Str();
    return v;
  }
  // An element count, bounded by the bytes left (each element takes at
  // least `min_bytes`), so a damaged count cannot ask for gigabytes.
  size_t Count(size_t min_bytes = 1) {
    uint64_t n = U64();
    if (!ok_ || n > (in_.size() - at_) / (min_bytes == 0 ? 1 : min_bytes)) {
      Fail();
      return 0;
    }
    return static_cast<size_t>(n);
  }

 private:
  bool Need(uint64_t n) {
    if (!ok_ || n > in_.size() - at_) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

// A stable 128-bit hash (two independent 64-bit lanes) of bytes: the cache's
// content keys and checksums. Not cryptographic; the cache is the user's own.
class Hasher {
 public:
  void Add(std::string_view bytes);
  void AddStr(std::string_view s) {  // length-prefixed, so ("ab","c") != ("a","bc")
    uint64_t n = s.size();
    Add(std::string_view(reinterpret_cast<const char*>(&n), sizeof n));
    Add(s);
  }
  // 32 lower-case hex digits.
  std::string Hex() const;
  std::string Raw() const;  // 16 bytes

 private:
  uint64_t a_ = 0xcbf29ce484222325ull;  // FNV-1a
  uint64_t b_ = 0x9e3779b97f4a7c15ull;  // multiply-xorshift lane
};

}  // namespace rampart::detect::internal
