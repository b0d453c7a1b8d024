// JSON events: one JSON object seen as a detect::Event.
//
// Field names (event.h): every scalar is reachable by its dotted path
// ("Event.EventData.CommandLine") and by its last component ("CommandLine");
// the full path wins when both would match (see flat_event.h for the lookup
// order). Arrays add no path component: an array of scalars is one field
// with several values, an array of objects gives each object's fields under
// the array's path. Objects and arrays that are empty give no field.
//
// evtx_dump / pyevtx-rs conventions are understood, so the Sigma regression
// JSON twins answer the names their EVTX originals do:
//   * "#attributes": {"Name": ...} inside element X gives X.Name (the
//     "#attributes" component is dropped) and the alias X_Name, so
//     Event.System.Provider.#attributes.Name answers "Event.System.Provider.Name",
//     "Name" and "Provider_Name"; TimeCreated.#attributes.SystemTime answers
//     "SystemTime" and "TimeCreated_SystemTime"; Execution's ProcessID answers
//     "ProcessID"; Security's UserID answers "UserID".
//   * "#text" inside element X is X's value.
//   * Event.System.TimeCreated.SystemTime is also "TimeCreated".
//
// Values: strings unescaped; numbers, true/false exactly as written; null as
// kNull with empty text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "rampart/core/status.h"
#include "rampart/detect/event.h"
#include "rampart/detect/flat_event.h"
#include "rampart/detect/string_arena.h"

namespace rampart::detect {

// simdjson reads up to this many bytes past the end of the text it parses.
inline constexpr size_t kJsonPadding = 64;

// Objects and arrays nested deeper than this are an error ("nested deeper
// than 512 levels"): the flattener recurses once per level, and a hostile
// record 50,000 levels deep would otherwise overflow the stack.
inline constexpr int kMaxJsonDepth = 512;

// Turns JSON objects into FlatEvent fields. Reuse one flattener for many
// objects: it keeps the parser's buffers and interns repeated paths.
// Not thread-safe; one per thread.
class JsonFlattener {
 public:
  JsonFlattener();
  ~JsonFlattener();
  JsonFlattener(JsonFlattener&&) noexcept;
  JsonFlattener& operator=(JsonFlattener&&) noexcept;

  // Parses `json`, which must hold exactly one JSON object (whitespace around
  // it is fine), and appends its fields to `event`. `capacity` is how many
  // bytes may be read from json.data(); if it is below json.size() +
  // kJsonPadding the text is first copied into `arena`.
  //
  // On success the new fields view `json` (numbers, booleans, strings without
  // escapes) and `arena` (unescaped strings, paths): both must outlive the
  // event's use. The event's time is set from the usual time keys
  // (JsonEventTime) if it has none yet.
  // On failure returns InvalidInput with what was wrong (simdjson's reason,
  // "expected a JSON object", or nesting deeper than kMaxJsonDepth) and
  // leaves `event`'s fields as they were.
  //
  // Paths are interned in `arena`: call ForgetPaths() whenever that arena is
  // cleared, before the next Flatten.
  Status Flatten(std::string_view json, size_t capacity, StringArena& arena, FlatEvent& event);
  void ForgetPaths();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Event time from the keys JSON logs use, in this order: "@timestamp",
// "timestamp", "Event.System.TimeCreated.SystemTime", "TimeCreated", "UtcTime",
// "ts", "time" combined with "date" (IIS as JSON), "time", "EventTime",
// "eventTime". nullopt if none is present and parses (event_time.h).
std::optional<int64_t> JsonEventTime(const Event& event);

// A self-contained JSON event that owns a copy of its text. For tests and
// for callers with one object at a time; readers use JsonFlattener on a batch.
// Move-only; views it hands out live as long as the JsonEvent.
class JsonEvent : public Event {
 public:
  // Parses one JSON object. `format` is what Format() reports; `source.file`
  // is copied. Errors as JsonFlattener::Flatten.
  static Result<JsonEvent> Parse(std::string_view json, EventSource source = {},
                                 std::string_view format = "jsonl");

  JsonEvent(JsonEvent&&) noexcept = default;
  JsonEvent& operator=(JsonEvent&&) noexcept = default;

  bool Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const override {
    return event_.Values(name, fn);
  }
  void Fields(absl::FunctionRef<void(std::string_view, const Value&)> fn) const override { event_.Fields(fn); }
  std::string_view Format() const override { return event_.Format(); }
  std::optional<int64_t> TimeUs() const override { return event_.TimeUs(); }
  std::string ToJson() const override { return event_.ToJson(); }
  EventSource Source() const override { return event_.Source(); }

 private:
  JsonEvent() = default;
  std::unique_ptr<char[]> text_;
  StringArena arena_{4096};
  FlatEvent event_;
};

}  // namespace rampart::detect
