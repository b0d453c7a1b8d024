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
  explicit FieldBuilder(detect::StringArena& arena) : arena_(arena) {}

  // Adds the fields of `steps` (texts in `text`) to `event`. The value texts
  // are copied into the arena.
  void Build(const std::vector<DocStep>& steps, std::string_view text, detect::FlatEvent& event);

 private:
  struct Element {
    std::string_view name;
    std::string_view data_name;
    size_t path_len = 0;  // path_ length before this element was pushed
    bool has_data_name = false;
    bool has_children = false;
  };

  std::string_view Intern(std::string_view s);
  // The interned path of the open elements plus `leaf`.
  std::string_view PathWith(std::string_view leaf);
  std::string_view Value(std::string_view raw, bool normalize);
  void SystemAttribute(std::string_view element, std::string_view attr, std::string_view value,
                       detect::FlatEvent& event);
  bool InSystem() const { return stack_.size() == 2 && stack_[1].name == "System"; }
  bool InEventData() const { return stack_.size() == 2 && stack_[1].name == "EventData"; }

  detect::StringArena& arena_;
  absl::flat_hash_map<std::string, std::string_view> interned_;
  std::vector<Element> stack_;
  std::string path_;     // names of the open elements joined by '.'
  std::string scratch_;
};

// Helpers shared with the libevtx reader's scan.
bool IsNumericSystemField(std::string_view name);
// Trailing blanks dropped; "0x000000000015d1ae" -> "0x15d1ae". Returns a view
// of `v` or of `out`.
std::string_view NormalizeValue(std::string_view v, std::string& out);

}  // namespace rampart::ingest::internal::evtx
