#include "rampart/detect/json_event.h"

#include <iterator>
#include <cstring>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "fmt/format.h"
#include "rampart/core/strings.h"
#include "rampart/detect/event_time.h"
#include "simdjson.h"

namespace rampart::detect {

namespace od = simdjson::ondemand;

struct JsonFlattener::Impl {
  od::parser parser;
  absl::flat_hash_map<std::string, std::string_view> interned;
  std::string path;
  StringArena* arena = nullptr;
  FlatEvent* event = nullptr;

  std::string_view Intern(std::string_view p) {
    auto it = interned.find(ToAbsl(p));
    if (it != interned.end()) return it->second;
    std::string_view copy = arena->Copy(p);
    interned.emplace(std::string(p), copy);
    return copy;
  }

  void AddScalar(std::string_view value_text, ValueKind kind) {
    std::string_view full = Intern(path);
    size_t dot = full.rfind('.');
    std::string_view name = dot == std::string_view::npos ? full : full.substr(dot + 1);
    event->Add(full, name, Value{value_text, kind});
  }

  void AddAlias(std::string_view alias, const Value& v) {
    std::string_view a = Intern(alias);
    event->Add(a, a, v, /*alias=*/true);
  }

  static std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
      s.remove_suffix(1);
    return s;
  }

  static std::string_view LastComponent(std::string_view p) {
    size_t dot = p.rfind('.');
    return dot == std::string_view::npos ? p : p.substr(dot + 1);
  }

  simdjson::error_code Walk(od::value v, int depth) {
    if (depth > kMaxJsonDepth) return simdjson::DEPTH_ERROR;
    od::json_type type;
    if (auto err = v.type().get(type)) return err;
    switch (type) {
      case od::json_type::object: {
        od::object obj;
        if (auto err = v.get_object().get(obj)) return err;
        return WalkObject(obj, depth);
      }
      case od::json_type::array: {
        od::array arr;
        if (auto err = v.get_array().get(arr)) return err;
        for (auto element : arr) {
          od::value child;
          if (auto err = element.get(child)) return err;
          if (auto err = Walk(child, depth + 1)) return err;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        std::string_view raw = Trim(v.raw_json_token());
        if (raw.size() >= 2 && std::memchr(raw.data(), '\\', raw.size()) == nullptr) {
          AddScalar(raw.substr(1, raw.size() - 2), ValueKind::kString);
          return simdjson::SUCCESS;
        }
        std::string_view s;
        if (auto err = v.get_string().get(s)) return err;
        AddScalar(arena->Copy(s), ValueKind::kString);
        return simdjson::SUCCESS;
      }
      case od::json_type::number: {
        AddScalar(Trim(v.raw_json_token()), ValueKind::kNumber);
        return simdjson::SUCCESS;
      }
      case od::json_type::boolean: {
        bool b;
        if (auto err = v.get_bool().get(b)) return err;
        AddScalar(b ? "true" : "false", ValueKind::kBool);
        return simdjson::SUCCESS;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto err = v.is_null().get(is_null)) return err;
        if (!is_null) return simdjson::INCORRECT_TYPE;
        AddScalar({}, ValueKind::kNull);
        return simdjson::SUCCESS;
      }
    }
    return simdjson::INCORRECT_TYPE;
  }

  simdjson::error_code WalkObject(od::object obj, int depth) {
    size_t base = path.size();
    for (auto field : obj) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return err;
      od::value child;
      if (auto err = field.value().get(child)) return err;
      if (key == "#text") {
        // The element's own text: same path as the element.
        if (auto err = Walk(child, depth + 1)) return err;
        continue;
      }
      if (key == "#attributes" && base > 0) {
        if (auto err = WalkAttributes(child, depth)) return err;
        continue;
      }
      if (base > 0) path.push_back('.');
      path.append(key);
      auto err = Walk(child, depth + 1);
      path.resize(base);
      if (err) return err;
    }
    return simdjson::SUCCESS;
  }

  // {"#attributes": {...}} of element `path`: fields path.attr plus aliases.
  simdjson::error_code WalkAttributes(od::value v, int depth) {
    od::object attrs;
    if (v.get_object().get(attrs)) {
      // Not an object: treat as an ordinary member.
      return Walk(v, depth + 1);
    }
    size_t base = path.size();
    std::string element(LastComponent(path));
    for (auto field : attrs) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return err;
      od::value child;
      if (auto err = field.value().get(child)) return err;
      path.push_back('.');
      path.append(key);
      size_t before = event->fields().size();
      auto err = Walk(child, depth + 1);
      path.resize(base);
      if (err) return err;
      size_t after = event->fields().size();
      if (after == before + 1 && !element.empty()) {
        Value val = event->fields().back().value;
        AddAlias(fmt::format("{}_{}", element, key), val);
        if (key == "SystemTime") AddAlias(element, val);
      }
    }
    return simdjson::SUCCESS;
  }
};

JsonFlattener::JsonFlattener() : impl_(std::make_unique<Impl>()) {}
JsonFlattener::~JsonFlattener() = default;
JsonFlattener::JsonFlattener(JsonFlattener&&) noexcept = default;
JsonFlattener& JsonFlattener::operator=(JsonFlattener&&) noexcept = default;

void JsonFlattener::ForgetPaths() { impl_->interned.clear(); }

Status JsonFlattener::Flatten(std::string_view json, size_t capacity, StringArena& arena, FlatEvent& event) {
  if (capacity < json.size() + kJsonPadding) {
    char* copy = arena.Allocate(json.size() + kJsonPadding);
    std::memcpy(copy, json.data(), json.size());
    std::memset(copy + json.size(), 0, kJsonPadding);
    json = {copy, json.size()};
    capacity = json.size() + kJsonPadding;
  }
  Impl& m = *impl_;
  m.arena = &arena;
  m.event = &event;
  m.path.clear();
  size_t before = event.fields().size();
  auto fail = [&](std::string_view why) {
    event.mutable_fields().resize(before);
    return InvalidInput(why);
  };

  od::document doc;
  if (auto err = m.parser.iterate(json.data(), json.size(), capacity).get(doc)) {
    return fail(simdjson::error_message(err));
  }
  od::json_type type;
  if (auto err = doc.type().get(type)) return fail(simdjson::error_message(err));
  if (type != od::json_type::object) return fail("expected a JSON object");
  od::object obj;
  if (auto err = doc.get_object().get(obj)) return fail(simdjson::error_message(err));
  if (auto err = m.WalkObject(obj, 0)) {
    if (err == simdjson::DEPTH_ERROR) return fail(fmt::format("objects or arrays nested deeper than {} levels", kMaxJsonDepth));
    return fail(simdjson::error_message(err));
  }
  // Anything left after the object (a second object on the line) is an error.
  if (!doc.current_location().error()) return fail("unexpected text after the JSON object");
  if (!event.TimeUs()) event.set_time_us(JsonEventTime(event));
  return absl::OkStatus();
}

std::optional<int64_t> JsonEventTime(const Event& event) {
  // In order: the first keys, then "date" + "time", then the other keys.
  static constexpr std::string_view kKeys[] = {"@timestamp", "timestamp", "Event.System.TimeCreated.SystemTime",
                                               "TimeCreated", "UtcTime", "ts", "date", "time", "EventTime",
                                               "eventTime", "event_time", "TimeGenerated", "datetime",
                                               "created_at", "Date"};
  constexpr size_t kFirst = 6, kDate = 6, kTime = 7;
  constexpr size_t kCount = std::size(kKeys);
  static_assert(kCount <= FlatEvent::kMaxGetMany);
  std::optional<std::string_view> values[kCount];
  if (const auto* flat = dynamic_cast<const FlatEvent*>(&event)) {
    flat->GetMany(kKeys, kCount, values);  // one pass instead of a Get per key
  } else {
    for (size_t i = 0; i < kCount; ++i) values[i] = event.Get(kKeys[i]);
  }
  for (size_t i = 0; i < kFirst; ++i) {
    if (values[i]) {
      if (auto t = ParseEventTime(*values[i])) return t;
    }
  }
  const auto& date = values[kDate];
  const auto& time = values[kTime];
  if (date && time && date->size() == 10) {
    std::string joined = fmt::format("{} {}", *date, *time);
    if (auto t = ParseEventTime(joined)) return t;
  }
  // "time" before the rest, "date" last (as written before: time, EventTime,
  // ..., created_at, date, Date).
  for (size_t i : {kTime, size_t{8}, size_t{9}, size_t{10}, size_t{11}, size_t{12}, size_t{13}, kDate, size_t{14}}) {
    if (values[i]) {
      if (auto t = ParseEventTime(*values[i])) return t;
    }
  }
  return std::nullopt;
}

Result<JsonEvent> JsonEvent::Parse(std::string_view json, EventSource source, std::string_view format) {
  JsonEvent out;
  out.text_ = std::make_unique<char[]>(json.size() + kJsonPadding);
  std::memcpy(out.text_.get(), json.data(), json.size());
  std::memset(out.text_.get() + json.size(), 0, kJsonPadding);
  source.file = out.arena_.Copy(source.file);
  out.event_.Reset(out.arena_.Copy(format), source);
  JsonFlattener flattener;
  Status st = flattener.Flatten({out.text_.get(), json.size()}, json.size() + kJsonPadding, out.arena_, out.event_);
  if (!st.ok()) return st;
  return out;
}

}  // namespace rampart::detect
