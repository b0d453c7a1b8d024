// Value modifiers (SIGMA.md §4): each detection value runs through its
// modifiers left to right and becomes one or more ValueMatchers.
#include <arpa/inet.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstring>
#include <fmt/format.h>
#include <set>

#include "sigma/internal.h"

namespace rampart::detect::internal {
namespace {

using Kind = SigmaString::Kind;

const std::set<std::string_view> kKnown = {
    "contains", "startswith", "endswith", "all", "exists", "cased", "neq", "windash", "re", "i", "m", "s",
    "base64", "base64offset", "wide", "utf16le", "utf16be", "utf16", "lt", "lte", "gt", "gte", "cidr",
    "expand", "fieldref"};
const std::set<std::string_view> kDateParts = {"minute", "hour", "day", "week", "month", "year"};

DatePart DatePartOf(std::string_view mod) {
  return mod == "minute" ? DatePart::kMinute : mod == "hour" ? DatePart::kHour : mod == "day" ? DatePart::kDay
       : mod == "week" ? DatePart::kWeek : mod == "month" ? DatePart::kMonth : DatePart::kYear;
}

std::pair<int, int> DatePartRange(DatePart part) {
  switch (part) {
    case DatePart::kMinute: return {0, 59};
    case DatePart::kHour: return {0, 23};
    case DatePart::kDay: return {1, 31};
    case DatePart::kWeek: return {1, 53};
    case DatePart::kMonth: return {1, 12};
    case DatePart::kYear: return {0, 9999};
  }
  return {0, 0};
}

bool IsWord(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Appends the UTF-16 code units of UTF-8 `in` to `out` (little or big endian).
Status ToUtf16(std::string_view in, bool big_endian, std::string* out) {
  for (size_t i = 0; i < in.size();) {
    unsigned char c = in[i];
    uint32_t cp = 0;
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > in.size()) return InvalidInput("value is not valid UTF-8 (utf16/wide modifier)");
    cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (in[i + k] & 0x3f);
    i += n;
    auto unit = [&](uint16_t u) {
      char lo = static_cast<char>(u & 0xff), hi = static_cast<char>(u >> 8);
      if (big_endian) out->append({hi, lo});
      else out->append({lo, hi});
    };
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(static_cast<uint16_t>(0xd800 + (cp >> 10)));
      unit(static_cast<uint16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      unit(static_cast<uint16_t>(cp));
    }
  }
  return absl::OkStatus();
}

Status Utf16(std::vector<SigmaString>& values, std::string_view mod) {
  for (SigmaString& s : values) {
    bool first = true;
    for (auto& p : s.pieces) {
      if (p.kind != Kind::kLiteral) {
        first = false;
        continue;
      }
      std::string out;
      if (mod == "utf16" && first) out = "\xff\xfe";
      RAMPART_RETURN_IF_ERROR(ToUtf16(p.text, mod == "utf16be", &out));
      p.text = std::move(out);
      first = false;
    }
  }
  return absl::OkStatus();
}

constexpr size_t kWindashVariants = 5;

bool IsWindashDash(const std::string& t, size_t i) {
  return (t[i] == '-' || t[i] == '/') && (i == 0 || !IsWord(t[i - 1])) && i + 1 < t.size() && IsWord(t[i + 1]);
}

// How many strings Windash(s) makes (5^dash positions), counted without
// making them and saturating just above `cap`: the expansion is checked
// against the limits before any memory is spent on it.
size_t WindashCount(const SigmaString& s, size_t cap) {
  size_t n = 1;
  for (const auto& p : s.pieces) {
    if (p.kind != Kind::kLiteral) continue;
    for (size_t i = 0; i < p.text.size(); ++i) {
      if (!IsWindashDash(p.text, i)) continue;
      n *= kWindashVariants;
      if (n > cap) return cap + 1;
    }
  }
  return n;
}

// `\B[-/]\b` positions of every literal piece get the five dash variants.
std::vector<SigmaString> Windash(const SigmaString& s) {
  static const char* kDashes[] = {"-", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95"};
  std::vector<SigmaString> out = {SigmaString{}};
  for (const auto& p : s.pieces) {
    if (p.kind != Kind::kLiteral) {
      for (auto& o : out) o.pieces.push_back(p);
      continue;
    }
    size_t start = 0;
    const std::string& t = p.text;
    for (size_t i = 0; i <= t.size(); ++i) {
      bool dash = i < t.size() && IsWindashDash(t, i);
      if (!dash && i < t.size()) continue;
      std::string_view chunk(t.data() + start, i - start);
      for (auto& o : out) o.AppendLiteral(chunk);
      if (!dash) break;
      std::vector<SigmaString> next;
      for (const auto& o : out) {
        for (const char* d : kDashes) {
          SigmaString v = o;
          v.AppendLiteral(d);
          next.push_back(std::move(v));
        }
      }
      out = std::move(next);
      start = i + 1;
    }
  }
  return out;
}

// pySigma SigmaBase64OffsetModifier: three alignments, trimmed.
std::vector<SigmaString> Base64Offset(std::string_view bytes) {
  static const int kStart[] = {0, 2, 3};
  static const int kEnd[] = {0, 3, 2};
  std::vector<SigmaString> out;
  for (int i = 0; i < 3; ++i) {
    std::string enc = Base64(std::string(i, ' ') + std::string(bytes));
    size_t drop_end = kEnd[(bytes.size() + i) % 3];
    if (enc.size() < kStart[i] + drop_end) continue;
    out.push_back(SigmaString::Literal(enc.substr(kStart[i], enc.size() - kStart[i] - drop_end)));
  }
  return out;
}

// %name% placeholders; `\%` is a literal percent. The number of values
// (the product of the placeholders' value counts) is checked against `cap`
// before any is built.
Result<std::vector<std::string>> Expand(std::string_view text, const ParseOptions& options, size_t cap) {
  size_t count = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '%') {
      ++i;
      continue;
    }
    if (text[i] != '%') continue;
    size_t end = text.find('%', i + 1);
    if (end == std::string_view::npos) break;
    auto it = options.placeholders.find(std::string(text.substr(i + 1, end - i - 1)));
    if (it != options.placeholders.end() && !it->second.empty()) {
      count = it->second.size() > cap / count ? cap + 1 : count * it->second.size();
      if (count > cap) {
        return InvalidInput(fmt::format("expand: the placeholders of this value make more than {} values "
                                        "(limit per detection item)",
                                        cap));
      }
    }
    i = end;
  }
  std::vector<std::string> out = {""};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '%') {
      for (auto& o : out) o += "\\%";
      ++i;
      continue;
    }
    if (text[i] != '%') {
      for (auto& o : out) o += text[i];
      continue;
    }
    size_t end = text.find('%', i + 1);
    if (end == std::string_view::npos) {
      for (auto& o : out) o += text.substr(i);
      break;
    }
    std::string name(text.substr(i + 1, end - i - 1));
    auto it = options.placeholders.find(name);
    if (it == options.placeholders.end() || it->second.empty()) {
      return InvalidInput(fmt::format(
          "placeholder %{}% has no value (configure it: --placeholder {}=VALUE or --placeholders FILE)", name, name));
    }
    std::vector<std::string> next;
    for (const auto& o : out) {
      for (const auto& v : it->second) next.push_back(o + v);
    }
    out = std::move(next);
    i = end;
  }
  return out;
}

}  // namespace

std::string Base64(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], kAlphabet[n & 63]};
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

std::optional<std::array<uint8_t, 16>> ParseIp(std::string_view text, bool* v6) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  char buf[65];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  std::array<uint8_t, 16> out{};
  if (inet_pton(AF_INET, buf, out.data()) == 1) {
    *v6 = false;
    return out;
  }
  if (inet_pton(AF_INET6, buf, out.data()) == 1) {
    *v6 = true;
    return out;
  }
  return std::nullopt;
}

Result<Cidr> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  std::string_view addr = text.substr(0, slash);
  Cidr c;
  auto ip = ParseIp(addr, &c.v6);
  if (!ip) return InvalidInput(fmt::format("cidr: '{}' is not an IPv4 or IPv6 network", text));
  c.address = *ip;
  int max = c.v6 ? 128 : 32;
  c.prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3) return InvalidInput(fmt::format("cidr: bad prefix length in '{}'", text));
    int n = 0;
    for (char ch : p) {
      if (!std::isdigit(static_cast<unsigned char>(ch))) return InvalidInput(fmt::format("cidr: bad prefix length in '{}'", text));
      n = n * 10 + (ch - '0');
    }
    if (n > max) return InvalidInput(fmt::format("cidr: prefix /{} too long in '{}'", n, text));
    c.prefix = n;
  }
  for (int bit = c.prefix; bit < max; ++bit) {
    if (c.address[bit / 8] & (0x80 >> (bit % 8))) {
      return InvalidInput(fmt::format("cidr: '{}' has host bits set", text));
    }
  }
  return c;
}

Result<DetectionItem> BuildItem(std::string_view key, const std::vector<RawValue>& values, bool keyword,
                                const SourceLocation& where, const ParseOptions& options) {
  DetectionItem item;
  item.where = where;
  size_t bar = key.find('|');
  item.field = std::string(key.substr(0, bar));
  auto fail = [&](std::string msg) { return InvalidInput(msg, ErrorContext{where.file, where.line, where.column, -1, ""}); };
  while (bar != std::string_view::npos) {
    size_t next = key.find('|', bar + 1);
    std::string mod(key.substr(bar + 1, next == std::string_view::npos ? std::string_view::npos : next - bar - 1));
    if (mod == "ignorecase") mod = "i";
    if (mod == "multiline") mod = "m";
    if (mod == "dotall") mod = "s";
    if (!kKnown.count(mod) && !kDateParts.count(mod)) return fail(fmt::format("unknown modifier '{}' in '{}'", mod, key));
    item.modifiers.push_back(mod);
    bar = next;
  }
  if (values.empty()) return fail(fmt::format("'{}' has an empty value list", key));
  const auto& mods = item.modifiers;
  auto has = [&](std::string_view m) { return std::find(mods.begin(), mods.end(), m) != mods.end(); };
  item.all = has("all");
  item.negated = has("neq");
  std::string type_mod;
  for (const auto& m : mods) {
    if (m == "re" || m == "cidr" || m == "exists" || m == "fieldref" || m == "lt" || m == "lte" || m == "gt" ||
        m == "gte") {
      if (!type_mod.empty()) return fail(fmt::format("modifiers '{}' and '{}' cannot be combined", type_mod, m));
      type_mod = m;
    }
  }
  if ((has("i") || has("m") || has("s")) && type_mod != "re") return fail("modifiers i/m/s need 're'");
  std::string date_mod;
  for (const auto& m : mods) {
    if (!kDateParts.count(m)) continue;
    if (!date_mod.empty()) return fail(fmt::format("modifiers '{}' and '{}' cannot be combined", date_mod, m));
    date_mod = m;
  }
  if (!date_mod.empty()) {
    // A date part compares a number: alone (equality) or with one of lt/lte/gt/gte.
    if (keyword) return fail(fmt::format("modifier '{}' needs a field", date_mod));
    for (const auto& m : mods) {
      if (m != date_mod && m != "all" && m != "neq" && m != "lt" && m != "lte" && m != "gt" && m != "gte") {
        return fail(fmt::format("modifier '{}' cannot be combined with '{}'", m, date_mod));
      }
    }
  }
  if (keyword && !type_mod.empty() && type_mod != "re") {
    return fail(fmt::format("modifier '{}' needs a field", type_mod));
  }
  auto only = [&](std::set<std::string_view> allowed) -> Status {
    for (const auto& m : mods) {
      if (m != type_mod && !allowed.count(m)) {
        return fail(fmt::format("modifier '{}' cannot be combined with '{}'", m, type_mod));
      }
    }
    return absl::OkStatus();
  };

  // Every value the item has made so far counts against kMaxItemValues;
  // expansions are counted before they are made.
  auto too_many = [&](std::string_view why) {
    return fail(fmt::format("'{}' expands to more than {} values (limit per detection item){}", key,
                            kMaxItemValues, why));
  };
  for (size_t vi = 0; vi < values.size(); ++vi) {
    const RawValue& raw = values[vi];
    if (item.values.size() >= kMaxItemValues) return too_many("");
    const size_t room = kMaxItemValues - item.values.size();
    ValueMatcher base;
    base.display = raw.text;
    auto push = [&](ValueMatcher m) {
      m.group = static_cast<int>(vi);
      item.values.push_back(std::move(m));
    };
    if (raw.type == RawValue::Type::kNull) {
      if (type_mod == "exists" || type_mod == "re" || type_mod == "cidr" || type_mod == "fieldref" ||
          type_mod.size() == 2 || type_mod.size() == 3 || keyword || !date_mod.empty()) {
        return fail(fmt::format("null value cannot take modifier '{}'",
                                !date_mod.empty() ? date_mod : type_mod.empty() ? "keyword" : type_mod));
      }
      base.kind = MatchKind::kNull;
      base.display = "null";
      push(base);
      continue;
    }
    if (type_mod == "exists") {
      RAMPART_RETURN_IF_ERROR(only({}));
      if (raw.type != RawValue::Type::kBool) return fail("exists needs true or false");
      base.kind = MatchKind::kExists;
      base.exists_value = raw.text == "true";
      push(base);
      continue;
    }
    if (type_mod == "re") {
      if (mods.front() != "re" && mods.front() != "all" && mods.front() != "neq") {
        return fail(fmt::format("'re' must come first (after '{}')", mods.front()));
      }
      RAMPART_RETURN_IF_ERROR(only({"i", "m", "s", "all", "neq"}));
      base.kind = MatchKind::kRegex;
      base.regex = raw.text;
      base.re_ignorecase = has("i"), base.re_multiline = has("m"), base.re_dotall = has("s");
      int code = 0;
      PCRE2_SIZE offset = 0;
      pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(raw.text.data()), raw.text.size(), 0, &code,
                                     &offset, nullptr);
      if (re == nullptr) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        return fail(fmt::format("bad regex '{}': {} at offset {}", raw.text, reinterpret_cast<char*>(msg), offset));
      }
      pcre2_code_free(re);
      push(base);
      continue;
    }
    if (type_mod == "cidr") {
      RAMPART_RETURN_IF_ERROR(only({"all", "neq"}));
      auto c = ParseCidr(raw.text);
      if (!c.ok()) return fail(std::string(c.status().message()));
      base.kind = MatchKind::kCidr;
      base.cidr = *c;
      push(base);
      continue;
    }
    if (!date_mod.empty()) {
      auto part = DatePartOf(date_mod);
      if (raw.type != RawValue::Type::kNumber || raw.text.find_first_of(".eE") != std::string::npos) {
        return fail(fmt::format("'{}' needs an integer, got '{}'", date_mod, raw.text));
      }
      base.kind = MatchKind::kDatePart;
      base.date_part = part;
      base.op = type_mod == "lt" ? NumericOp::kLt : type_mod == "lte" ? NumericOp::kLte
              : type_mod == "gt" ? NumericOp::kGt : type_mod == "gte" ? NumericOp::kGte : NumericOp::kEq;
      base.number = std::strtod(raw.text.c_str(), nullptr);
      auto [lo, hi] = DatePartRange(part);
      if (base.op == NumericOp::kEq && (base.number < lo || base.number > hi)) {
        return fail(fmt::format("'{}' {} can never match ({} is {}..{})", date_mod, raw.text, date_mod, lo, hi));
      }
      push(base);
      continue;
    }
    if (type_mod == "lt" || type_mod == "lte" || type_mod == "gt" || type_mod == "gte") {
      RAMPART_RETURN_IF_ERROR(only({"all", "neq"}));
      if (raw.type != RawValue::Type::kNumber) return fail(fmt::format("'{}' needs a number, got '{}'", type_mod, raw.text));
      base.kind = MatchKind::kNumeric;
      base.op = type_mod == "lt" ? NumericOp::kLt : type_mod == "lte" ? NumericOp::kLte
              : type_mod == "gt" ? NumericOp::kGt : NumericOp::kGte;
      base.number = std::strtod(raw.text.c_str(), nullptr);
      push(base);
      continue;
    }
    if (type_mod == "fieldref") {
      RAMPART_RETURN_IF_ERROR(only({"contains", "startswith", "endswith", "cased", "all", "neq"}));
      base.kind = MatchKind::kFieldRef;
      base.ref_field = raw.text;
      base.cased = has("cased");
      int n = has("contains") + has("startswith") + has("endswith");
      if (n > 1) return fail("fieldref takes one of contains/startswith/endswith");
      base.ref_mode = has("contains") ? FieldRefMode::kContains : has("startswith") ? FieldRefMode::kStartsWith
                    : has("endswith") ? FieldRefMode::kEndsWith : FieldRefMode::kEquals;
      push(base);
      continue;
    }
    // Strings (numbers and booleans match as their text).
    std::vector<std::string> texts = {raw.text};
    if (has("expand")) {
      auto expanded = Expand(raw.text, options, room);
      if (!expanded.ok()) return fail(std::string(expanded.status().message()));
      texts = *expanded;
    }
    std::vector<SigmaString> strings;
    for (const auto& t : texts) strings.push_back(SigmaString::Parse(t));
    bool cased = false;
    for (const auto& m : mods) {
      if (m == "contains") {
        for (auto& s : strings) s.PrependAnyRun(), s.AppendAnyRun();
      } else if (m == "startswith") {
        for (auto& s : strings) s.AppendAnyRun();
      } else if (m == "endswith") {
        for (auto& s : strings) s.PrependAnyRun();
      } else if (m == "windash") {
        size_t count = 0;
        for (const auto& s : strings) count += WindashCount(s, room);
        if (count > room) return too_many("; windash makes 5 variants of each dash, 5^n for n dashes");
        std::vector<SigmaString> out;
        out.reserve(count);
        for (const auto& s : strings) {
          auto v = Windash(s);
          out.insert(out.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
        }
        strings = std::move(out);
      } else if (m == "base64" || m == "base64offset") {
        if (m == "base64offset" && strings.size() > room / 3) return too_many("; base64offset makes 3 variants of each");
        std::vector<SigmaString> out;
        for (const auto& s : strings) {
          if (s.HasWildcards()) return fail(fmt::format("'{}' cannot encode a value with wildcards", m));
          if (m == "base64") {
            out.push_back(SigmaString::Literal(Base64(s.LiteralText())));
          } else {
            auto v = Base64Offset(s.LiteralText());
            out.insert(out.end(), v.begin(), v.end());
          }
        }
        strings = std::move(out);
        cased = true;  // Base64 text is case-sensitive
      } else if (m == "wide" || m == "utf16le" || m == "utf16be" || m == "utf16") {
        Status st = Utf16(strings, m);
        if (!st.ok()) return fail(std::string(st.message()));
      } else if (m == "cased") {
        cased = true;
      }
    }
    if (strings.size() > room) return too_many("");
    for (auto& s : strings) {
      ValueMatcher m = base;
      m.kind = MatchKind::kString;
      m.string = std::move(s);
      m.cased = cased;
      push(std::move(m));
    }
  }
  if (keyword) {
    for (auto& v : item.values) {
      if (v.kind == MatchKind::kString) v.string.PrependAnyRun(), v.string.AppendAnyRun();
    }
  }
  return item;
}

}  // namespace rampart::detect::internal
