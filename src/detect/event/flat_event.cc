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
  for (size_t i = 0; i < fields_.size(); ++i) {
    const FlatField& f = fields_[i];
    if (f.alias) continue;
    bool ambiguous = false;
    if (f.path != f.name) {
      for (const FlatField& g : fields_) {
        if (!g.alias && g.name == f.name && g.path != f.path) {
          ambiguous = true;
          break;
        }
      }
    }
    fn(ambiguous ? f.path : f.name, f.value);
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
  // Group by name keeping first-seen order; arrays for repeated names.
  std::vector<std::pair<std::string_view, std::vector<Value>>> groups;
  event.Fields([&](std::string_view name, const Value& v) {
    for (auto& g : groups) {
      if (g.first == name) {
        g.second.push_back(v);
        return;
      }
    }
    groups.push_back({name, {v}});
  });
  std::string out = "{";
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i) out.push_back(',');
    AppendJsonString(out, groups[i].first);
    out.push_back(':');
    const auto& vals = groups[i].second;
    if (vals.size() == 1) {
      AppendJsonValue(out, vals[0]);
    } else {
      out.push_back('[');
      for (size_t j = 0; j < vals.size(); ++j) {
        if (j) out.push_back(',');
        AppendJsonValue(out, vals[j]);
      }
      out.push_back(']');
    }
  }
  out.push_back('}');
  return out;
}

std::string FlatEvent::ToJson() const { return FieldsToJson(*this); }

}  // namespace rampart::detect
