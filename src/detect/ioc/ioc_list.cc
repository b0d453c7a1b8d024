// IOC list parsing: plain lines with refanging, or STIX bundles whose
// equality-only patterns become set entries.
#include "rampart/core/json_error.h"
#include "rampart/detect/ioc_list.h"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "rampart/stix/pattern.h"

namespace rampart::detect {
namespace {

std::string Clip(std::string_view s) { return std::string(s.substr(0, 200)); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n' ||
                        s.front() == '\f' || s.front() == '\v')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' ||
                        s.back() == '\f' || s.back() == '\v')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<IocType> TypeOfPath(const stix::ObjectPath& path) {
  const auto& steps = path.steps;
  if (steps.empty() || steps[0].kind != stix::PathStep::Kind::kKey) return std::nullopt;
  if (steps.size() == 1 && steps[0].key == "value") {
    if (path.object_type == "ipv4-addr") return IocType::kIpv4;
    if (path.object_type == "ipv6-addr") return IocType::kIpv6;
    if (path.object_type == "domain-name") return IocType::kDomain;
    if (path.object_type == "url") return IocType::kUrl;
    if (path.object_type == "email-addr") return IocType::kEmail;
    return std::nullopt;
  }
  if (path.object_type == "file" && steps.size() == 2 && steps[0].key == "hashes" &&
      steps[1].kind == stix::PathStep::Kind::kKey) {
    std::string k;
    for (char c : steps[1].key) if (c != '-' && c != '_') k.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (k == "MD5") return IocType::kMd5;
    if (k == "SHA1") return IocType::kSha1;
    if (k == "SHA256") return IocType::kSha256;
    if (k == "SHA512") return IocType::kSha512;
  }
  return std::nullopt;
}

bool CollectEqualities(const stix::ComparisonExpr& expr, std::vector<IocValue>& out) {
  using K = stix::ComparisonExpr::Kind;
  if (expr.kind == K::kAnd) return false;
  if (expr.kind == K::kOr) {
    for (const auto& child : expr.children) {
      if (!CollectEqualities(child, out)) return false;
    }
    return true;
  }
  const stix::Comparison& t = expr.test;
  if (t.negated) return false;
  auto type = TypeOfPath(t.path);
  if (!type) return false;
  const bool address = *type == IocType::kIpv4 || *type == IocType::kIpv6;
  if (t.op != stix::CompareOp::kEqual && t.op != stix::CompareOp::kIn &&
      !(t.op == stix::CompareOp::kIsSubset && address)) {
    return false;
  }
  if (t.values.empty()) return false;
  for (const stix::Constant& c : t.values) {
    if (c.type != stix::ConstantType::kString) return false;
    std::optional<IocValue> v;
    if (address && c.text.find('/') != std::string::npos) {
      v = NormalizeIoc(*type == IocType::kIpv4 ? IocType::kCidr4 : IocType::kCidr6, c.text);
    } else if (t.op == stix::CompareOp::kIsSubset) {
      v = NormalizeIoc(*type, c.text);  // a single address is the /32 (/128) block
    } else {
      v = NormalizeIoc(*type, c.text);
    }
    if (!v) return false;
    out.push_back(std::move(*v));
  }
  return true;
}

std::optional<TimestampUs> OptionalTime(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  auto ts = ParseTimestamp(it->get<std::string>());
  if (!ts.ok()) return std::nullopt;
  return *ts;
}

Result<IocList> ParseStix(std::string_view text, std::string_view file) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // Turn the byte offset into line:column.
    int64_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    ErrorContext ctx;
    ctx.file = std::string(file);
    ctx.line = line;
    ctx.column = column;
    return InvalidInput(fmt::format("not a valid STIX bundle: {}", DescribeJsonError(e.what())), ctx);
  } catch (const nlohmann::json::exception& e) {
    // Well-formed but unrepresentable (a number beyond double's range): no position.
    return InvalidInput(fmt::format("not a valid STIX bundle: {}", DescribeJsonError(e.what())),
                        ErrorContext{.file = std::string(file)});
  }
  const nlohmann::json* objects = &doc;
  if (doc.is_object() && doc.contains("objects")) objects = &doc["objects"];
  nlohmann::json single = nlohmann::json::array();
  if (objects->is_object()) {
    single.push_back(*objects);
    objects = &single;
  }
  if (!objects->is_array()) return InvalidInput("STIX content must be a bundle, an object or an array of objects");
  IocList list;
  for (size_t i = 0; i < objects->size(); ++i) {
    const nlohmann::json& obj = (*objects)[i];
    if (!obj.is_object() || obj.value("type", "") != "indicator") continue;
    std::string id = obj.value("id", "");
    std::string where = fmt::format("{}: object {} ({})", file, i, id);
    auto pattern = obj.find("pattern");
    if (pattern == obj.end() || !pattern->is_string()) {
      list.rejected.push_back({where, "", "indicator has no string 'pattern'"});
      continue;
    }
    std::string pattern_type = obj.value("pattern_type", "stix");
    if (pattern_type != "stix") {
      list.rejected.push_back({where, Clip(pattern->get<std::string>()),
                               fmt::format("pattern_type '{}' is not supported (only stix)", pattern_type)});
      continue;
    }
    if (obj.value("revoked", false)) {
      ++list.revoked_skipped;
      continue;
    }
    IndicatorSpec spec;
    spec.id = id;
    spec.name = obj.value("name", "");
    spec.description = obj.value("description", "");
    spec.pattern = pattern->get<std::string>();
    spec.pattern_version = obj.value("pattern_version", obj.value("spec_version", "2.1") == "2.0" ? "2.0" : "2.1");
    spec.valid_from = OptionalTime(obj, "valid_from");
    spec.valid_until = OptionalTime(obj, "valid_until");
    for (const char* key : {"indicator_types", "labels"}) {
      if (auto it = obj.find(key); it != obj.end() && it->is_array()) {
        for (const auto& l : *it) if (l.is_string()) spec.labels.push_back(l.get<std::string>());
      }
    }
    auto version = spec.pattern_version == "2.0" ? stix::PatternVersion::k20 : stix::PatternVersion::k21;
    auto parsed = stix::ParsePattern(spec.pattern, version);
    if (!parsed.ok()) {
      list.rejected.push_back({where, Clip(spec.pattern), std::string(parsed.status().message())});
      continue;
    }
    const uint32_t index = static_cast<uint32_t>(list.indicators.size());
    if (spec.name.empty()) spec.name = spec.pattern;
    list.indicators.push_back(std::move(spec));
    list.patterns.push_back(index);  // STIX semantics, never the looser IOC-list matching
  }
  return list;
}

}  // namespace

std::string Refang(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kForms = {{
      {"[://]", "://"}, {"[.]", "."}, {"(.)", "."}, {"{.}", "."}, {"[dot]", "."}, {"(dot)", "."},
      {"[:]", ":"}, {"[@]", "@"}, {"[at]", "@"}, {"[/]", "/"}, {"\\.", "."},
  }};
  std::string out(text);
  for (const auto& [from, to] : kForms) {
    for (size_t p = 0; (p = out.find(from, p)) != std::string::npos; p += to.size()) out.replace(p, from.size(), to);
  }
  for (std::string_view scheme : {"hxxps", "hxxp", "hXXps", "hXXp"}) {
    if (out.size() > scheme.size() && out.compare(0, scheme.size(), scheme) == 0) {
      std::string fixed = scheme.size() == 5 ? "https" : "http";
      out.replace(0, scheme.size(), fixed);
      break;
    }
  }
  return out;
}

std::optional<std::vector<IocValue>> EqualityIocs(std::string_view pattern, std::string_view version) {
  auto parsed = stix::ParsePattern(pattern, version == "2.0" ? stix::PatternVersion::k20 : stix::PatternVersion::k21);
  if (!parsed.ok() || parsed->root.kind != stix::ObservationExpr::Kind::kObservation) return std::nullopt;
  std::vector<IocValue> out;
  if (!CollectEqualities(parsed->root.comparison, out)) return std::nullopt;
  return out;
}

Result<IocList> ParseIocList(std::string_view text, std::string_view file) {
  std::string_view head = Trim(text);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  if (!head.empty() && (head.front() == '{' || head.front() == '[') && !head.starts_with("[.]")) {
    return ParseStix(text, file);
  }
  IocList list;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::string refanged = Refang(line);
    std::string_view body = refanged;
    std::string_view name;
    if (size_t ws = body.find_first_of(" \t"); ws != std::string_view::npos) {
      name = Trim(body.substr(ws + 1));
      body = body.substr(0, ws);
    }
    auto value = ClassifyIoc(body);
    if (!value) {
      list.rejected.push_back({fmt::format("{}:{}", file, line_no), Clip(line),
                               "not an IP address, CIDR block, domain, URL, e-mail address or hash"});
      continue;
    }
    IndicatorSpec spec;
    spec.id = fmt::format("{}:{}", file, line_no);
    spec.name = name.empty() ? std::string(body) : std::string(name);
    spec.description = std::string(IocTypeName(value->type));
    const uint32_t index = static_cast<uint32_t>(list.indicators.size());
    list.indicators.push_back(std::move(spec));
    list.entries.push_back(IocEntry{std::move(*value), index, line_no});
  }
  return list;
}

Result<IocList> ReadIocList(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      ErrorContext ctx;
      ctx.file = path;
      return IoError(fmt::format("cannot open IOC list: {}", std::strerror(errno)), ctx);
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    text = std::move(buf).str();
  }
  return ParseIocList(text, path);
}

IocSet BuildIocSet(const IocList& list) {
  IocSet set;
  for (const IocEntry& e : list.entries) set.Add(e.value, e.indicator);
  return set;
}

}  // namespace rampart::detect
