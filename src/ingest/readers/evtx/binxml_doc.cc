// The rules here mirror evtx_xml.cc's Scanner step for step; the
// differential test (tests/ingest/evtx_binxml_test.cc) holds them equal.
#include "readers/evtx/binxml_doc.h"

#include "rampart/core/strings.h"

namespace rampart::ingest::internal::evtx {


using detect::ValueKind;

bool IsNumericSystemField(std::string_view name) {
  static constexpr std::string_view kNumeric[] = {"EventID", "Version",       "Level",     "Task",
                                                  "Opcode",  "EventRecordID", "ProcessID", "ThreadID",
                                                  "Qualifiers"};
  for (auto n : kNumeric)
    if (n == name) return true;
  return false;
}

std::string_view NormalizeValue(std::string_view v, std::string& out) {
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r'))
    v.remove_suffix(1);
  if (v.size() > 3 && v[0] == '0' && v[1] == 'x' && v[2] == '0') {
    for (size_t i = 2; i < v.size(); ++i) {
      char c = v[i];
      bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) return v;
    }
    size_t first = 2;
    while (first + 1 < v.size() && v[first] == '0') ++first;
    out.assign("0x");
    out.append(v.substr(first));
    return out;
  }
  return v;
}

std::string_view FieldBuilder::Intern(std::string_view s) {
  auto it = interned_.find(ToAbsl(s));
  if (it != interned_.end()) return it->second;
  std::string_view copy = arena_.Copy(s);
  interned_.emplace(std::string(s), copy);
  return copy;
}

std::string_view FieldBuilder::Join(std::string_view base, char sep, std::string_view leaf) {
  JoinKey key{base.data(), leaf.data(), static_cast<uint32_t>(leaf.size()), sep};
  // A direct-mapped cache in front of the map: most joins repeat the last
  // record's.
  const uint64_t mix = (reinterpret_cast<uint64_t>(base.data()) * 0x9E3779B97F4A7C15ULL) ^
                       ((reinterpret_cast<uint64_t>(leaf.data()) + static_cast<uint64_t>(sep)) * 0xC2B2AE3D27D4EB4FULL);
  RecentJoin& slot = recent_[mix >> 56];  // kRecent = 256 = 2^8
  if (slot.out.data() != nullptr && slot.key == key) return slot.out;
  if (auto it = joined_.find(key); it != joined_.end()) {
    slot = RecentJoin{key, it->second};
    return it->second;
  }
  scratch_.assign(base);
  if (!leaf.empty()) {
    if (!scratch_.empty()) scratch_.push_back(sep);
    scratch_.append(leaf);
  }
  std::string_view out = Intern(scratch_);
  joined_.emplace(key, out);
  slot = RecentJoin{key, out};
  return out;
}

std::string_view FieldBuilder::Value(std::string_view raw, bool normalize) {
  if (normalize) raw = NormalizeValue(raw, scratch_);
  return raw.empty() ? std::string_view() : arena_.Copy(raw);
}

void FieldBuilder::SystemAttribute(std::string_view element, std::string_view attr, std::string_view value,
                                   detect::FlatEvent& event) {
  ValueKind kind = IsNumericSystemField(attr) ? ValueKind::kNumber : ValueKind::kString;
  std::string_view path = Join(Join(stack_.back().path, '.', element), '.', attr);
  detect::Value v{Value(value, false), kind};
  event.Add(path, path.substr(path.size() - attr.size()), v);
  event.Add(Join(element, '_', attr), v);
  event.mutable_fields().back().alias = true;
  if (element == "TimeCreated" && attr == "SystemTime") {
    event.Add("TimeCreated", "TimeCreated", v, true);
    time_created_ = v.text;
  }
  if (element == "Security" && attr == "UserID") event.Add("SecurityUserID", "SecurityUserID", v, true);
}

void FieldBuilder::Build(const std::vector<DocStep>& steps, std::string_view text, detect::FlatEvent& event) {
  stack_.clear();
  channel_ = time_created_ = {};
  spaced_name_ = false;
  std::string_view cur_text, cur_cdata;
  size_t text_end = 0;  // buffer offset just past cur_text, to extend it with the next piece
  for (size_t i = 0; i < steps.size(); ++i) {
    const DocStep& s = steps[i];
    switch (s.kind) {
      case DocStep::kStart: {
        if (!stack_.empty()) stack_.back().has_children = true;
        Element el{s.name};
        const bool system_child = InSystem();
        const bool data = InEventData() && s.name == "Data";
        for (; i + 1 < steps.size() && steps[i + 1].kind == DocStep::kAttr; ++i) {
          const DocStep& a = steps[i + 1];
          std::string_view value = text.substr(a.off, a.len);
          if (data && a.name == "Name") {
            el.data_name = Value(value, false);
            el.has_data_name = true;
          } else if (system_child) {
            SystemAttribute(s.name, a.name, value, event);
          }
        }
        el.path = PathWith(s.name);
        stack_.push_back(el);
        cur_text = cur_cdata = {};
        break;
      }
      case DocStep::kText:
        if (!cur_text.empty() && s.off == text_end) {
          cur_text = text.substr(cur_text.data() - text.data(), cur_text.size() + s.len);
        } else if (s.len > 0) {
          cur_text = text.substr(s.off, s.len);
        }
        text_end = s.off + s.len;
        break;
      case DocStep::kCdata:
        cur_cdata = text.substr(s.off, s.len);
        break;
      case DocStep::kAttr:
        break;  // consumed by kStart
      case DocStep::kEnd: {
        if (stack_.empty()) break;
        Element el = stack_.back();
        stack_.pop_back();
        if (!el.has_children) {
          std::string_view raw = !cur_cdata.empty() ? cur_cdata : cur_text;
          bool has_text = !raw.empty();
          std::string_view value = Value(raw, true);
          if (el.has_data_name) {
            if (el.data_name.find(' ') != std::string_view::npos) spaced_name_ = true;
            std::string_view path = PathWith(el.data_name);
            event.Add(path, path.substr(path.size() - el.data_name.size()), detect::Value{value, ValueKind::kString});
          } else if (has_text) {
            ValueKind kind = (InSystem() && IsNumericSystemField(el.name)) ? ValueKind::kNumber : ValueKind::kString;
            std::string_view path = PathWith(el.name);
            event.Add(path, path.substr(path.size() - el.name.size()), detect::Value{value, kind});
            if (kind == ValueKind::kString && el.name == "Channel" && InSystem()) channel_ = value;
            if (el.name.find(' ') != std::string_view::npos) spaced_name_ = true;
          }
        }
        cur_text = cur_cdata = {};
        break;
      }
    }
  }
}

}  // namespace rampart::ingest::internal::evtx
