// Internal: a decoded BinXML record as a flat list of document steps (start
// element, attribute, text, end), and the builder that turns the list into
// event fields exactly as the XML scan of libevtx's rendering does
// (evtx_xml.cc): same paths, short names, aliases, kinds and value texts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "rampart/detect/flat_event.h"
#include "rampart/detect/string_arena.h"

namespace rampart::ingest::internal::evtx {

struct DocStep {
  enum Kind : uint8_t { kStart, kAttr, kText, kCdata, kEnd };
  Kind kind;
  std::string_view name;  // element or attribute name (kStart, kAttr)
  uint32_t off = 0;       // kAttr, kText, kCdata: the text in the record's text buffer
  uint32_t len = 0;
};

// Builds fields from steps. Paths and alias names are interned in `arena`
// (one copy per distinct path per chunk). Not thread-safe; one per chunk.
class FieldBuilder {
 public:
  explicit FieldBuilder(detect::StringArena& arena) : arena_(arena) {
    interned_.reserve(256);
    joined_.reserve(256);
  }

  // Adds the fields of `steps` (texts in `text`) to `event`. The value texts
  // are copied into the arena.
  void Build(const std::vector<DocStep>& steps, std::string_view text, detect::FlatEvent& event);

  // Of the last Build: the System Channel and TimeCreated values (empty if
  // absent), and whether a field name holds a space.
  std::string_view channel() const { return channel_; }
  std::string_view time_created() const { return time_created_; }
  bool spaced_name() const { return spaced_name_; }

 private:
  struct Element {
    std::string_view name;
    std::string_view data_name;
    std::string_view path;  // interned path of this element
    bool has_data_name = false;
    bool has_children = false;
  };

  std::string_view Intern(std::string_view s);
  // The interned `base` + '.' + `leaf` (`sep` '_' for alias names), cached by
  // the texts' addresses (names and paths are interned, so equal addresses
  // mean equal texts; different addresses fall back to the text).
  std::string_view Join(std::string_view base, char sep, std::string_view leaf);
  std::string_view PathWith(std::string_view leaf) {
    return stack_.empty() ? Intern(leaf) : Join(stack_.back().path, '.', leaf);
  }
  std::string_view Value(std::string_view raw, bool normalize);
  void SystemAttribute(std::string_view element, std::string_view attr, std::string_view value,
                       detect::FlatEvent& event);
  bool InSystem() const { return stack_.size() == 2 && stack_[1].name == "System"; }
  bool InEventData() const { return stack_.size() == 2 && stack_[1].name == "EventData"; }

  detect::StringArena& arena_;
  absl::flat_hash_map<std::string, std::string_view> interned_;
  struct JoinKey {
    const char* base;
    const char* leaf;
    uint32_t leaf_size;
    char sep;
    bool operator==(const JoinKey& o) const {
      return base == o.base && leaf == o.leaf && leaf_size == o.leaf_size && sep == o.sep;
    }
    template <typename H>
    friend H AbslHashValue(H h, const JoinKey& k) {
      return H::combine(std::move(h), k.base, k.leaf, k.leaf_size, k.sep);
    }
  };
  absl::flat_hash_map<JoinKey, std::string_view> joined_;
  struct RecentJoin {
    JoinKey key{};
    std::string_view out;
  };
  static constexpr size_t kRecent = 256;
  std::vector<RecentJoin> recent_ = std::vector<RecentJoin>(kRecent);
  std::vector<Element> stack_;
  std::string scratch_;
  std::string_view channel_, time_created_;
  bool spaced_name_ = false;
};

// Helpers shared with the libevtx reader's scan.
bool IsNumericSystemField(std::string_view name);
// Trailing blanks dropped; "0x000000000015d1ae" -> "0x15d1ae". Returns a view
// of `v` or of `out`.
std::string_view NormalizeValue(std::string_view v, std::string& out);

}  // namespace rampart::ingest::internal::evtx
