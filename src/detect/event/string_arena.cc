#include "rampart/detect/string_arena.h"

#include <cstring>

namespace rampart::detect {

char* StringArena::Allocate(size_t n) {
  used_ += n;
  if (n <= left_) {
    char* p = cur_;
    cur_ += n;
    left_ -= n;
    return p;
  }
  // Oversized requests get their own block so the current block keeps serving small ones.
  if (n > block_size_ / 4) {
    Block b{std::make_unique_for_overwrite<char[]>(n), n};
    char* p = b.data.get();
    blocks_.insert(blocks_.end() - (blocks_.empty() ? 0 : 1), std::move(b));
    return p;
  }
  Block b{std::make_unique_for_overwrite<char[]>(block_size_), block_size_};
  cur_ = b.data.get();
  left_ = block_size_;
  blocks_.push_back(std::move(b));
  char* p = cur_;
  cur_ += n;
  left_ -= n;
  return p;
}

std::string_view StringArena::Copy(std::string_view s) {
  if (s.empty()) return {};
  char* p = Allocate(s.size());
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

void StringArena::Clear() {
  // Keep the largest ordinary block; drop the rest (oversized ones would pin memory).
  size_t keep = blocks_.size();
  for (size_t i = 0; i < blocks_.size(); ++i) {
    if (blocks_[i].size == block_size_) keep = i;
  }
  if (keep < blocks_.size()) {
    Block b = std::move(blocks_[keep]);
    blocks_.clear();
    blocks_.push_back(std::move(b));
    cur_ = blocks_.back().data.get();
    left_ = block_size_;
  } else {
    blocks_.clear();
    cur_ = nullptr;
    left_ = 0;
  }
  used_ = 0;
}

}  // namespace rampart::detect
