#include "misp/misp_attributes.h"

#include <arpa/inet.h>

#include <cctype>

#include <fmt/format.h>

#include "rampart/core/id.h"
#include "rampart/stix/sco_id.h"

namespace rampart::intel::internal {
namespace {

bool IsHex(std::string_view value, size_t length) {
  if (value.size() != length) return false;
  for (unsigned char c : value) {
    if (!std::isxdigit(c)) return false;
  }
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

nlohmann::json Sco(std::string_view type) {
  return nlohmann::json{{"type", type}, {"spec_version", "2.1"}};
}

std::optional<Observable> Address(std::string_view value) {
  std::string text = Trim(value);
  unsigned char buffer[16];
  std::string_view type;
  std::string_view host = text;
  if (auto slash = host.find('/'); slash != std::string_view::npos) host = host.substr(0, slash);
  std::string host_text(host);
  if (inet_pton(AF_INET, host_text.c_str(), buffer) == 1) {
    type = "ipv4-addr";
  } else if (inet_pton(AF_INET6, host_text.c_str(), buffer) == 1) {
    type = "ipv6-addr";
  } else {
    return std::nullopt;
  }
  nlohmann::json sco = Sco(type);
  sco["value"] = text;
  sco["id"] = ScoId(sco);
  return Observable{{sco}, fmt::format("[{}:value = {}]", type, PatternString(text))};
}

std::optional<Observable> Valued(std::string_view type, std::string_view value) {
  std::string text = Trim(value);
  if (text.empty()) return std::nullopt;
  if (type == "domain-name") text = Lower(text);
  nlohmann::json sco = Sco(type);
  sco["value"] = text;
  sco["id"] = ScoId(sco);
  return Observable{{sco}, fmt::format("[{}:value = {}]", type, PatternString(text))};
}

std::optional<std::string> HashName(std::string_view misp_type, std::string_view value) {
  if (misp_type == "md5" && IsHex(value, 32)) return "MD5";
  if (misp_type == "sha1" && IsHex(value, 40)) return "SHA-1";
  if (misp_type == "sha256" && IsHex(value, 64)) return "SHA-256";
  if (misp_type == "sha512" && IsHex(value, 128)) return "SHA-512";
  return std::nullopt;
}

std::optional<Observable> File(std::string_view name, std::string_view hash_type,
                               std::string_view hash) {
  nlohmann::json sco = Sco("file");
  std::vector<std::string> terms;
  if (!hash_type.empty()) {
    auto algorithm = HashName(hash_type, Trim(hash));
    if (!algorithm) return std::nullopt;
    std::string digest = Lower(Trim(hash));
    sco["hashes"] = {{*algorithm, digest}};
    terms.push_back(fmt::format("file:hashes.'{}' = {}", *algorithm, PatternString(digest)));
  }
  if (!name.empty()) {
    sco["name"] = std::string(name);
    terms.insert(terms.begin(), fmt::format("file:name = {}", PatternString(name)));
  }
  if (terms.empty()) return std::nullopt;
  sco["id"] = ScoId(sco);
  std::string pattern = "[";
  for (size_t i = 0; i < terms.size(); ++i) pattern += (i ? " AND " : "") + terms[i];
  return Observable{{sco}, pattern + "]"};
}

std::optional<Observable> Combine(std::optional<Observable> a, std::optional<Observable> b) {
  if (!a || !b) return std::nullopt;
  // "[x] AND [y]" would be two observations; one observation with both terms
  // is what MISP means by a composite attribute, but the objects differ, so
  // the STIX form is an observation expression per object joined by AND.
  a->pattern += " AND " + b->pattern;
  for (auto& sco : b->scos) a->scos.push_back(std::move(sco));
  return a;
}

}  // namespace

std::string PatternString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string ScoId(const nlohmann::json& sco) {
  auto id = stix::MakeScoId(sco);
  // Only SCO types reach here; a failure would be a bug in this file.
  return id.ok() ? id->id : fmt::format("{}--{}", sco.value("type", "x-unknown"), UuidV4());
}

std::optional<Observable> AttributeObservable(std::string_view type, std::string_view value) {
  auto split = [&](std::string_view text) {
    auto bar = text.find('|');
    if (bar == std::string_view::npos) return std::pair(text, std::string_view());
    return std::pair(text.substr(0, bar), text.substr(bar + 1));
  };
  if (type == "ip-src" || type == "ip-dst") return Address(value);
  if (type == "ip-src|port" || type == "ip-dst|port") return Address(split(value).first);
  if (type == "domain" || type == "hostname") return Valued("domain-name", value);
  if (type == "hostname|port") return Valued("domain-name", split(value).first);
  if (type == "domain|ip") {
    auto [domain, ip] = split(value);
    return Combine(Valued("domain-name", domain), Address(ip));
  }
  if (type == "url" || type == "uri") return Valued("url", value);
  if (type == "email" || type == "email-src" || type == "email-dst") {
    if (value.find('@') == std::string_view::npos) return std::nullopt;
    return Valued("email-addr", value);
  }
  if (type == "md5" || type == "sha1" || type == "sha256" || type == "sha512") {
    return File("", type, value);
  }
  if (type == "filename") return File(Trim(value), "", "");
  if (type.starts_with("filename|")) {
    auto [name, hash] = split(value);
    return File(Trim(name), type.substr(9), hash);
  }
  if (type == "mutex") {
    std::string name = Trim(value);
    if (name.empty()) return std::nullopt;
    nlohmann::json sco = Sco("mutex");
    sco["name"] = name;
    sco["id"] = ScoId(sco);
    return Observable{{sco}, fmt::format("[mutex:name = {}]", PatternString(name))};
  }
  if (type == "regkey") {
    std::string key = Trim(value);
    if (key.empty()) return std::nullopt;
    nlohmann::json sco = Sco("windows-registry-key");
    sco["key"] = key;
    sco["id"] = ScoId(sco);
    return Observable{{sco}, fmt::format("[windows-registry-key:key = {}]", PatternString(key))};
  }
  if (type == "AS") {
    std::string text = Trim(value);
    if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's')) {
      text.erase(0, 2);
    }
    if (text.empty() || text.size() > 10) return std::nullopt;
    int64_t number = 0;
    for (char c : text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      number = number * 10 + (c - '0');
    }
    nlohmann::json sco = Sco("autonomous-system");
    sco["number"] = number;
    sco["id"] = ScoId(sco);
    return Observable{{sco}, fmt::format("[autonomous-system:number = {}]", number)};
  }
  return std::nullopt;
}

}  // namespace rampart::intel::internal
