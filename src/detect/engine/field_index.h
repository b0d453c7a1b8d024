// Resolving the field names a compiled matcher reads against one FlatEvent
// in a single pass over the event's fields, instead of one linear lookup per
// (group, field) (FlatEvent::Values scans every field up to four times).
//
// The result is exactly what FlatEvent::Values(name) would visit, for every
// name of the NameTable: the fields of the first lookup step that finds
// anything (exact path, exact short name, then both ASCII-case-insensitively),
// in record order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "rampart/detect/flat_event.h"

namespace rampart::detect::internal {

// Every distinct field name of a compiled rule set, numbered. Built once,
// then read-only (shared by all threads).
class NameTable {
 public:
  // Returns the id of `name` (adding it if new). Not after Finish().
  int32_t Add(const std::string& name);
  // Builds the case-insensitive index; call once after the last Add.
  void Finish();
  size_t size() const { return names_.size(); }
  // Id of exactly `s`, or -1.
  int32_t Exact(std::string_view s) const;
  // Ids whose ASCII-folded name equals `folded` (already folded), or null.
  const std::vector<int32_t>* Folded(std::string_view folded) const;

 private:
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, int32_t> exact_;
  absl::flat_hash_map<std::string, std::vector<int32_t>> folded_;
};

// Per-thread index of one event at a time. Not thread-safe.
class EventFieldIndex {
 public:
  explicit EventFieldIndex(const NameTable& table);
  // Indexes `event` (replacing the previous one). The event must stay alive
  // and unchanged while Fields() is used.
  void Build(const FlatEvent& event);
  // Indices into event.fields() of name `id`, in record order; empty if the
  // event has no such field.
  const std::vector<uint32_t>& Fields(int32_t id) const {
    return list_epoch_[id] == epoch_ ? lists_[id] : kNone;
  }

 private:
  // What a field's path or short name resolves to. Cached by the address of
  // its text (readers intern paths, so the same path has the same address in
  // every event of a batch); the text is compared to rule out reuse.
  struct StrInfo {
    std::string text;
    int32_t exact = -1;
    std::vector<int32_t> folded;
  };
  const StrInfo& Info(std::string_view s);
  void Consider(int32_t id, uint8_t pass);

  static const std::vector<uint32_t> kNone;
  const NameTable& table_;
  absl::flat_hash_map<std::pair<const char*, size_t>, StrInfo> cache_;
  struct Hit {
    int32_t id;
    uint8_t pass;  // the FlatEvent lookup step: 0 path, 1 name, 2/3 the same folded
    uint32_t field;
  };
  std::vector<Hit> hits_;
  std::string fold_;
  std::vector<uint8_t> best_;
  std::vector<uint32_t> best_epoch_, list_epoch_;
  std::vector<std::vector<uint32_t>> lists_;
  uint32_t epoch_ = 0;
};

}  // namespace rampart::detect::internal
