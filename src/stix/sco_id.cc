#include "rampart/stix/sco_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "rampart/core/id.h"
#include "rampart/stix/vocab.h"

namespace rampart::stix {
namespace {

using Json = nlohmann::json;

std::u16string Utf16(std::string_view s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    uint32_t cp = c;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra) cp = c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    i += 1 + extra;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

void AppendString(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    unsigned char c = ch;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += ch;
    }
  }
  out += '"';
}

void Append(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: {
      std::vector<std::pair<std::u16string, const std::string*>> keys;
      for (auto it = v.begin(); it != v.end(); ++it) keys.emplace_back(Utf16(it.key()), &it.key());
      std::sort(keys.begin(), keys.end());
      out += '{';
      for (size_t i = 0; i < keys.size(); ++i) {
        if (i) out += ',';
        AppendString(out, *keys[i].second);
        out += ':';
        Append(out, v.at(*keys[i].second));
      }
      out += '}';
      break;
    }
    case Json::value_t::array:
      out += '[';
      for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        Append(out, v[i]);
      }
      out += ']';
      break;
    case Json::value_t::string: AppendString(out, v.get_ref<const std::string&>()); break;
    case Json::value_t::number_float: {
      double d = v.get<double>();
      if (d == static_cast<double>(static_cast<int64_t>(d)) && std::abs(d) < 1e21) {
        out += fmt::format("{}", static_cast<int64_t>(d));
      } else {
        out += v.dump();
      }
      break;
    }
    default: out += v.dump();
  }
}

struct Contributing {
  std::string_view type;
  std::array<std::string_view, 8> properties;
};

constexpr Contributing kTable[] = {
    {"artifact", {"hashes", "payload_bin"}},
    {"autonomous-system", {"number"}},
    {"directory", {"path"}},
    {"domain-name", {"value"}},
    {"email-addr", {"value"}},
    {"email-message", {"from_ref", "subject", "body"}},
    {"file", {"hashes", "name", "extensions", "parent_directory_ref"}},
    {"ipv4-addr", {"value"}},
    {"ipv6-addr", {"value"}},
    {"mac-addr", {"value"}},
    {"mutex", {"name"}},
    {"network-traffic", {"start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"}},
    {"process", {}},
    {"software", {"name", "cpe", "swid", "vendor", "version"}},
    {"url", {"value"}},
    {"user-account", {"account_type", "user_id", "account_login"}},
    {"windows-registry-key", {"key", "values"}},
    {"x509-certificate", {"hashes", "serial_number"}},
};

// One hash entry: the first of MD5, SHA-1, SHA-256, SHA-512 present, else
// the first key (python-stix2's _choose_one_hash).
Json ChooseOneHash(const Json& hashes) {
  if (!hashes.is_object() || hashes.empty()) return hashes;
  for (const char* name : {"MD5", "SHA-1", "SHA-256", "SHA-512"}) {
    if (hashes.contains(name)) return Json{{name, hashes.at(name)}};
  }
  auto first = hashes.begin();
  return Json{{first.key(), first.value()}};
}

Result<const Contributing*> Lookup(const Json& sco) {
  if (!sco.is_object() || !sco.contains("type") || !sco["type"].is_string()) {
    return InvalidInput("an SCO needs a string 'type'");
  }
  const std::string& type = sco["type"].get_ref<const std::string&>();
  for (const Contributing& row : kTable) {
    if (row.type == type) return &row;
  }
  return InvalidInput(fmt::format("'{}' is not a STIX 2.1 cyber-observable type", type));
}

}  // namespace

std::string CanonicalJson(const nlohmann::json& value) {
  std::string out;
  Append(out, value);
  return out;
}

Result<std::string> ScoIdName(const nlohmann::json& sco) {
  RAMPART_ASSIGN_OR_RETURN(const Contributing* row, Lookup(sco));
  Json name = Json::object();
  for (std::string_view p : row->properties) {
    if (p.empty()) break;
    std::string key(p);
    if (!sco.contains(key)) continue;
    name[key] = key == "hashes" ? ChooseOneHash(sco[key]) : sco[key];
  }
  return name.empty() ? std::string() : CanonicalJson(name);
}

Result<ScoId> MakeScoId(const nlohmann::json& sco) {
  RAMPART_ASSIGN_OR_RETURN(std::string name, ScoIdName(sco));
  const std::string& type = sco["type"].get_ref<const std::string&>();
  if (name.empty()) return ScoId{type + "--" + UuidV4(), false};
  return ScoId{type + "--" + UuidV5(kStixScoNamespace, name), true};
}

std::string ScoIdForValue(std::string_view type, std::string_view value) {
  std::string name = "{\"value\":";
  AppendString(name, value);
  name += '}';
  return std::string(type) + "--" + UuidV5(kStixScoNamespace, name);
}

}  // namespace rampart::stix
