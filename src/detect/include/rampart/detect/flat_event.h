// FlatEvent: an Event over a list of (name, value) fields, the form every
// reader can produce (JSON once flattened, EVTX System + EventData, syslog).
//
// Names. Each FlatField has a full `path` ("Event.EventData.CommandLine") and
// a short `name` (its last component, "CommandLine"); for flat formats the
// two are equal. Values(name) looks up, in this order, stopping at the first
// step that finds anything:
//   1. fields whose path equals `name`            (exact, full path wins)
//   2. fields whose short name equals `name`      (flat Sigma names)
//   3. the same two steps ASCII-case-insensitively ("Commandline")
// Every matching field calls `fn`, in record order, so a JSON array of
// scalars (stored as several fields with the same path) gives several values.
//
// Aliases. A field with `alias = true` is an extra name for a value that is
// also listed under its real name (EVTX JSON's Provider.#attributes.Name is
// also "Provider_Name"); lookups see it, Fields() and ToJson() do not.
//
// Lifetime. FlatEvent holds views only: the field texts, `format` and the
// source file must outlive it (a reader's batch, or JsonEvent's own copy).
//
// Thread-safety: const methods may be called from several threads at once
// only if nobody mutates the event meanwhile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/detect/event.h"

namespace rampart::detect {

struct FlatField {
  std::string_view path;  // full dotted name
  std::string_view name;  // short name (last path component, or the alias)
  Value value;
  bool alias = false;
};

class FlatEvent : public Event {
 public:
  FlatEvent() = default;

  // Clears the fields (keeping their capacity) and sets the metadata.
  void Reset(std::string_view format, EventSource source) {
    fields_.clear();
    format_ = format;
    source_ = source;
    time_us_.reset();
  }
  void Add(std::string_view path, std::string_view name, Value value, bool alias = false) {
    fields_.push_back(FlatField{path, name, value, alias});
  }
  // Adds a flat field (path == name).
  void Add(std::string_view name, Value value) { Add(name, name, value); }
  void set_time_us(std::optional<int64_t> t) { time_us_ = t; }
  void set_source(EventSource s) { source_ = s; }
  std::vector<FlatField>& mutable_fields() { return fields_; }
  const std::vector<FlatField>& fields() const { return fields_; }

  // For each of `names` (at most kMaxGetMany), sets out[i] to what
  // Get(names[i]) returns, in one pass over the fields: cheaper than one
  // Get per name when most names are absent (each absent Get walks every
  // field four times).
  static constexpr size_t kMaxGetMany = 32;
  void GetMany(const std::string_view* names, size_t count, std::optional<std::string_view>* out) const;

  // Event:
  bool Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const override;
  // Canonical name = the short name when no other field (with another path)
  // shares it, else the full path. Aliases are skipped.
  void Fields(absl::FunctionRef<void(std::string_view name, const Value&)> fn) const override;
  std::string_view Format() const override { return format_; }
  std::optional<int64_t> TimeUs() const override { return time_us_; }
  // One JSON object; a name seen several times becomes an array.
  std::string ToJson() const override;
  EventSource Source() const override { return source_; }

 private:
  std::vector<FlatField> fields_;
  std::string_view format_;
  EventSource source_;
  std::optional<int64_t> time_us_;
};

// Renders fields given as (name, value) pairs in order into one JSON object,
// grouping repeated names into arrays. Shared by every Event implementation
// that builds ToJson() from Fields().
std::string FieldsToJson(const Event& event);

// Appends `s` to `out` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view s);

// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace rampart::detect
