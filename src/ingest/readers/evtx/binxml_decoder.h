// Internal: the BinXML token walker of one chunk. Decode() turns one
// record's BinXML into document steps (binxml_doc.h): template instances
// are expanded with the record's substitution values (an array value
// repeats its element once per item, an optional substitution with no value
// drops its element or attribute), nested BinXML values are walked in
// place. Element and attribute names are decoded once per chunk and cached
// by offset; template definitions are found by offset in the chunk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "rampart/detect/string_arena.h"
#include "readers/evtx/binxml_doc.h"

namespace rampart::ingest::internal::evtx {

class BinXmlDecoder {
 public:
  // `chunk` (`size` bytes) must outlive the decoder; names are copied into
  // `arena`. Not thread-safe; one per chunk.
  BinXmlDecoder(const uint8_t* chunk, size_t size, detect::StringArena& arena)
      : chunk_(chunk), size_(size), arena_(arena) {
    names_.reserve(256);
  }

  // Decodes the BinXML at [begin, end) (inside the chunk). On failure
  // returns false and error() says why; steps() is then incomplete.
  bool Decode(const uint8_t* begin, const uint8_t* end);
  const std::vector<DocStep>& steps() const { return steps_; }
  std::string_view text() const { return text_; }
  const std::string& error() const { return error_; }

 private:
  struct Sub {
    uint8_t type;
    const uint8_t* data;
    uint32_t size;
  };
  // The values of the template instance being expanded: subs_[base, base+count).
  struct Ctx {
    size_t base = 0;
    size_t count = 0;
  };
  // The element being expanded: which array item to render, and the item
  // count an array substitution of its own content found (-1: none).
  struct ElementState {
    int item = 0;
    int items = -1;
    bool drop = false;
  };

  bool Fail(const char* why);
  bool Body(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth);
  bool Element(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth);
  bool ElementOnce(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth,
                   ElementState& state);
  bool Attribute(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, ElementState& state);
  bool Content(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth,
               ElementState& state, bool in_attribute);
  bool Substitution(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, int depth, ElementState& state,
                    bool in_attribute);
  bool TemplateInstance(const uint8_t*& p, const uint8_t* end, int depth);
  bool Name(uint32_t offset, const uint8_t*& p, const uint8_t* end, std::string_view& out);
  bool UnicodeText(const uint8_t*& p, const uint8_t* end);
  void PushText(size_t from, bool in_attribute);

  const uint8_t* chunk_;
  size_t size_;
  detect::StringArena& arena_;
  absl::flat_hash_map<uint32_t, std::string_view> names_;
  struct RecentName {
    uint32_t offset = 0;
    std::string_view name;
  };
  static constexpr int kRecentNameBits = 8;
  RecentName recent_names_[1 << kRecentNameBits] = {};
  std::vector<Sub> subs_;
  std::vector<DocStep> steps_;
  std::string text_;
  std::string error_;
  std::string name_scratch_;
  // Elements a record may still expand: arrays repeat elements and nested
  // repeats multiply, so hostile input could otherwise ask for exponential work.
  size_t budget_ = 0;
};

}  // namespace rampart::ingest::internal::evtx
