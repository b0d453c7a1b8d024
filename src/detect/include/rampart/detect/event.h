// The event model: a read-only field view over one log record, whatever its
// format (EVTX, JSON, IIS W3C, Zeek, syslog, CSV).
//
// Readers (src/ingest) implement Event; matchers (Sigma, STIX patterns, IOC
// sets) only ask it for fields. Parse once, lazily (DESIGN.md decision 3): an
// implementation materialises a field only when asked, and values are views
// into the reader's batch buffer wherever possible.
//
// Field names. An event answers to the names Sigma rules use:
//  * EVTX: System fields by their Sigma/Windows names (EventID, Channel,
//    Provider_Name, Computer, Level, Task, Keywords, TimeCreated, EventRecordID,
//    ProcessID, ThreadID, UserID/SecurityUserID) and every EventData/UserData
//    <Data Name="X"> as X.
//  * JSON: a nested value by its dotted path ("Event.EventData.CommandLine")
//    *and* by its last path component ("CommandLine"), so events exported as
//    nested JSON answer flat Sigma field names. Exact (full path) wins.
//  * W3C: the #Fields names (cs-method, cs-uri-stem, cs-uri-query, c-ip,
//    cs(User-Agent) also as cs-user-agent, sc-status ...).
// Lookup is case-sensitive first, then case-insensitive (Sigma field names
// are case-insensitive in practice: "Commandline" vs "CommandLine").
//
// Lifetime. Every string_view handed out stays valid until the Event is
// destroyed or, for batch readers, until the reader's next batch; matchers
// must copy what they keep.
//
// Thread-safety: an Event is used by one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"

namespace rampart::detect {

enum class ValueKind : uint8_t { kString, kNumber, kBool, kNull };

// One value of a field. `text` is the value as text: strings unescaped,
// numbers as written, booleans "true"/"false", null as "".
struct Value {
  std::string_view text;
  ValueKind kind = ValueKind::kString;
};

// Where an event came from, for output and error messages.
struct EventSource {
  std::string_view file;  // path as given, "-" for stdin
  int64_t line = 0;       // 1-based line for text formats; 0 if not a text format
  int64_t record = 0;     // 1-based record number (EVTX EventRecordID / ordinal); 0 if n/a
};

class Event {
 public:
  virtual ~Event() = default;

  // Calls `fn` once per value of field `name`: once for a scalar, once per
  // element for an array of scalars. Returns false, without calling `fn`, if
  // the event has no such field. A present JSON null calls `fn` once with
  // kind kNull.
  virtual bool Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const = 0;

  // Calls `fn` for every (name, value) pair, in record order, using the
  // canonical (flat where unambiguous) names. For keyword searches and output.
  virtual void Fields(absl::FunctionRef<void(std::string_view name, const Value&)> fn) const = 0;

  // The first value of `name` as text, if present (convenience over Values).
  std::optional<std::string_view> Get(std::string_view name) const {
    std::optional<std::string_view> out;
    Values(name, [&](const Value& v) {
      if (!out) out = v.text;
    });
    return out;
  }

  // The reader that produced it: "evtx", "jsonl", "w3c", "zeek", "syslog", "csv".
  virtual std::string_view Format() const = 0;

  // Event time in microseconds since the epoch (UTC), if the record has one.
  virtual std::optional<int64_t> TimeUs() const = 0;

  // The whole event as one JSON object (for output); field names as Fields().
  virtual std::string ToJson() const = 0;

  virtual EventSource Source() const = 0;

  // Optional, for prefilters that ask "does any value hold literal L?" with
  // one scan: a text in which every value Values() and Fields() yield occurs
  // as a substring (other bytes may lie between and around them), except
  // that a value Values() derives by reading '+' as ' ' (W3C user agents)
  // occurs in its '+' form. Valid as long as the values are. Empty (the
  // default) when the event has no such text; callers then join the values.
  virtual std::string_view SearchText() const { return {}; }
};

}  // namespace rampart::detect
