// MapEvent: a tiny in-memory Event for tests, so the Sigma engine needs no
// reader. Fields come from a list of (name, value) pairs or from a JSON
// object (nlohmann), flattened as event.h describes: every scalar by its
// dotted path and by its last path component; "#attributes" and "#text"
// levels are skipped for the short name ("Provider.#attributes.Name" also
// answers to "Name" and, EVTX style, "Provider_Name"; "EventID.#text" to
// "EventID").
#pragma once

#include <nlohmann/json.hpp>

#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rampart/detect/event.h"

namespace rampart::detect::testing {

class MapEvent : public Event {
 public:
  struct Field {
    std::string path;
    std::string name;
    std::string text;
    ValueKind kind = ValueKind::kString;
    bool alias = false;
  };

  MapEvent() = default;
  // Flat string fields: {{"CommandLine", "cmd /c whoami"}, ...}.
  MapEvent(std::initializer_list<std::pair<std::string, std::string>> fields, std::string format = "test") : format_(std::move(format)) {
    for (const auto& [k, v] : fields) Add(k, v);
  }
  static MapEvent FromJson(const nlohmann::json& j, std::string format = "jsonl") {
    MapEvent e;
    e.format_ = std::move(format);
    e.Flatten(j, "", "", "");
    return e;
  }

  MapEvent& Add(std::string name, std::string text, ValueKind kind = ValueKind::kString) {
    fields_.push_back({name, name, std::move(text), kind});
    return *this;
  }
  MapEvent& SetTime(int64_t us) {
    time_us_ = us;
    return *this;
  }
  MapEvent& SetFormat(std::string format) {
    format_ = std::move(format);
    return *this;
  }
  MapEvent& SetRecord(int64_t record) {
    record_ = record;
    return *this;
  }

  bool Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const override {
    for (int pass = 0; pass < 4; ++pass) {
      bool found = false;
      for (const auto& f : fields_) {
        std::string_view key = (pass % 2 == 0) ? f.path : f.name;
        if (pass < 2 ? key == name : EqualsIgnoreCase(key, name)) {
          found = true;
          fn(Value{f.text, f.kind});
        }
      }
      if (found) return true;
    }
    return false;
  }
  void Fields(absl::FunctionRef<void(std::string_view, const Value&)> fn) const override {
    for (const auto& f : fields_) {
      if (!f.alias) fn(f.name, Value{f.text, f.kind});
    }
  }
  std::string_view Format() const override { return format_; }
  std::optional<int64_t> TimeUs() const override { return time_us_; }
  std::string ToJson() const override {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& f : fields_) {
      if (!f.alias) j[f.name] = f.text;
    }
    return j.dump();
  }
  EventSource Source() const override { return EventSource{"test", 0, record_}; }

 private:
  static bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
  }

  // `name` = last real component; `parent` = the one before (for X_Y aliases).
  void Flatten(const nlohmann::json& j, const std::string& path, const std::string& name, const std::string& parent) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        std::string p = path.empty() ? k : path + "." + k;
        if (k == "#attributes") {
          for (const auto& [ak, av] : v.items()) {
            Flatten(av, p + "." + ak, ak, name);
          }
        } else if (k == "#text") {
          Flatten(v, p, name, parent);
        } else {
          Flatten(v, p, k, name);
        }
      }
      return;
    }
    if (j.is_array()) {
      for (const auto& v : j) Flatten(v, path, name, parent);
      return;
    }
    Field f;
    f.path = path;
    f.name = name;
    if (j.is_string()) f.text = j.get<std::string>(), f.kind = ValueKind::kString;
    else if (j.is_boolean()) f.text = j.get<bool>() ? "true" : "false", f.kind = ValueKind::kBool;
    else if (j.is_null()) f.kind = ValueKind::kNull;
    else f.text = j.dump(), f.kind = ValueKind::kNumber;
    fields_.push_back(f);
    if (!parent.empty() && path.find("#attributes") != std::string::npos) {
      Field alias = f;
      alias.name = parent + "_" + name;
      alias.path = alias.name;
      alias.alias = true;
      fields_.push_back(alias);
    }
  }

  std::vector<Field> fields_;
  std::string format_ = "test";
  std::optional<int64_t> time_us_;
  int64_t record_ = 0;
};

}  // namespace rampart::detect::testing
