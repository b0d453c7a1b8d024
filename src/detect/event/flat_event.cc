#include "rampart/detect/flat_event.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace rampart::detect {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    unsigned char x = a[i], y = b[i];
    if (x == y) continue;
    if ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z') return false;
  }
  return true;
}

bool FlatEvent::Values(std::string_view name, absl::FunctionRef<void(const Value&)> fn) const {
  // Four passes, stopping at the first that finds anything (see header).
  for (int pass = 0; pass < 4; ++pass) {
    bool found = false;
    for (const FlatField& f : fields_) {
      std::string_view key = (pass % 2 == 0) ? f.path : f.name;
      bool hit = pass < 2 ? key == name : EqualsIgnoreCase(key, name);
      if (hit) {
        found = true;
        fn(f.value);
      }
    }
    if (found) return true;
  }
  return false;
}

void FlatEvent::GetMany(const std::string_view* names, size_t count, std::optional<std::string_view>* out) const {
  // Rank of a match as Values' passes: 0 path, 1 name, 2 path ignoring
  // case, 3 name ignoring case; the first field of the best rank wins.
  uint8_t best[kMaxGetMany];
  count = std::min(count, kMaxGetMany);
  for (size_t i = 0; i < count; ++i) {
    best[i] = 4;
    out[i].reset();
  }
  for (const FlatField& f : fields_) {
    for (size_t i = 0; i < count; ++i) {
      if (best[i] == 0) continue;
      const std::string_view n = names[i];
      // Most fields differ from every name in length or first letter.
      auto may_equal = [&](std::string_view key) {
        return key.size() == n.size() && (n.empty() || (key[0] | 0x20) == (n[0] | 0x20));
      };
      uint8_t rank = 4;
      if (may_equal(f.path)) rank = f.path == n ? 0 : EqualsIgnoreCase(f.path, n) ? 2 : 4;
      if (rank > 1 && may_equal(f.name)) {
        uint8_t by_name = f.name == n ? 1 : EqualsIgnoreCase(f.name, n) ? 3 : 4;
        rank = std::min(rank, by_name);
      }
      if (rank < best[i]) {
        best[i] = rank;
        out[i] = f.value.text;
      }
    }
  }
}

void FlatEvent::Fields(absl::FunctionRef<void(std::string_view, const Value&)> fn) const {
  // A field with a path of its own is named by its path when another field
  // (not an alias) with another path shares its name. Found by sorting the
  // fields by (name, path) once, not by comparing every pair: nested JSON
  // (Event.System.*) has dozens of such fields per event.
  bool any_path = false;
  for (const FlatField& f : fields_) any_path = any_path || (!f.alias && f.path != f.name);
  if (!any_path) {
    for (const FlatField& f : fields_) {
      if (!f.alias) fn(f.name, f.value);
    }
    return;
  }
  thread_local std::vector<uint32_t> order;
  thread_local std::vector<uint8_t> ambiguous;
  order.clear();
  ambiguous.assign(fields_.size(), 0);
  for (uint32_t i = 0; i < fields_.size(); ++i) {
    if (!fields_[i].alias) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const FlatField &x = fields_[a], &y = fields_[b];
    return x.name != y.name ? x.name < y.name : x.path < y.path;
  });
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin + 1;
    while (end < order.size() && fields_[order[end]].name == fields_[order[begin]].name) ++end;
    // Sorted by path within the name: several paths iff first != last.
    const bool several = fields_[order[begin]].path != fields_[order[end - 1]].path;
    for (size_t k = begin; k < end; ++k) ambiguous[order[k]] = several;
    begin = end;
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    const FlatField& f = fields_[i];
    if (f.alias) continue;
    fn(f.path != f.name && ambiguous[i] ? f.path : f.name, f.value);
  }
}

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

static void AppendJsonValue(std::string& out, const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull: out += "null"; break;
    case ValueKind::kBool:
    case ValueKind::kNumber:
      if (v.text.empty()) {
        out += "null";
      } else {
        out.append(v.text);
      }
      break;
    case ValueKind::kString: AppendJsonString(out, v.text); break;
  }
}

std::string FieldsToJson(const Event& event) {
  // Group by name keeping first-seen order; arrays for repeated names. The
  // groups come from a stable sort of the fields by name (no allocation per
  // field, no comparison of every pair).
  thread_local std::vector<std::pair<std::string_view, Value>> fields;
  thread_local std::vector<uint32_t> order;
  thread_local std::vector<std::pair<uint32_t, uint32_t>> groups;  // [begin, end) in `order`
  fields.clear();
  event.Fields([&](std::string_view name, const Value& v) { fields.emplace_back(name, v); });
  order.resize(fields.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return fields[a].first < fields[b].first; });
  groups.clear();
  for (uint32_t begin = 0; begin < order.size();) {
    uint32_t end = begin + 1;
    while (end < order.size() && fields[order[end]].first == fields[order[begin]].first) ++end;
    groups.emplace_back(begin, end);
    begin = end;
  }
  // First-seen order: a group's first member (stable sort) is its first field.
  std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) { return order[a.first] < order[b.first]; });
  std::string out = "{";
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i) out.push_back(',');
    const auto [begin, end] = groups[i];
    AppendJsonString(out, fields[order[begin]].first);
    out.push_back(':');
    if (end - begin == 1) {
      AppendJsonValue(out, fields[order[begin]].second);
    } else {
      out.push_back('[');
      for (uint32_t j = begin; j < end; ++j) {
        if (j > begin) out.push_back(',');
        AppendJsonValue(out, fields[order[j]].second);
      }
      out.push_back(']');
    }
  }
  out.push_back('}');
  return out;
}

std::string FlatEvent::ToJson() const { return FieldsToJson(*this); }

}  // namespace rampart::detect
