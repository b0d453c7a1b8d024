// A bump allocator for the text of events: values copied out of a parser's
// scratch space (unescaped JSON strings, decoded XML, joined lines) live here
// until the arena is cleared.
//
// Lifetime. A string_view returned by Copy() or memory from Allocate() stays
// valid, at the same address, until Clear() or destruction; the arena never
// moves what it holds (it grows by adding blocks). Move-only.
//
// Thread-safety: none; one arena belongs to one batch or one event.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace rampart::detect {

class StringArena {
 public:
  // `block_size` is the size of each ordinary block; larger requests get a
  // block of their own.
  explicit StringArena(size_t block_size = 64 * 1024) : block_size_(block_size) {}
  StringArena(StringArena&&) noexcept = default;
  StringArena& operator=(StringArena&&) noexcept = default;

  // Returns `n` writable bytes (n may be 0). Never fails short of std::bad_alloc.
  char* Allocate(size_t n);

  // Copies `s` into the arena and returns a view of the copy.
  std::string_view Copy(std::string_view s);

  // Forgets everything (views die); keeps one block for reuse.
  void Clear();

  // Bytes handed out since the last Clear().
  size_t used() const { return used_; }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size = 0;
  };
  size_t block_size_;
  std::vector<Block> blocks_;
  char* cur_ = nullptr;
  size_t left_ = 0;
  size_t used_ = 0;
};

}  // namespace rampart::detect
