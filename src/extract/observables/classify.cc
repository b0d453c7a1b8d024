#include "observables/classify.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace rampart::extract::internal {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLowerAlpha(char c) { return c >= 'a' && c <= 'z'; }

std::string ToLower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = Lower(c);
  return r;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[i]) != Lower(prefix[i])) return false;
  }
  return true;
}

bool LeadingJunk(char c) {
  return c == '(' || c == '[' || c == '{' || c == '\'' || c == '*' || c == '"' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool TrailingJunk(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
         c == '*' || c == '"' || static_cast<unsigned char>(c) >= 0x80;
}

// "[1]03.77.192.219": a defanged first digit, not an opening bracket.
bool LeadingBracketedDigit(std::string_view t) {
  if (t.size() < 4 || t[0] != '[') return false;
  size_t j = 1;
  while (j < t.size() && j <= 3 && IsDigit(t[j])) ++j;
  return j > 1 && j + 1 < t.size() && t[j] == ']' && (IsDigit(t[j + 1]) || t[j + 1] == '.');
}

// Length of the zero-width code point at `p` (U+200B-U+200D, U+2060,
// U+FEFF, U+00AD soft hyphen), 0 if it is none.
size_t ZeroWidthAt(std::string_view t, size_t i) {
  auto at = [&](std::string_view seq) { return t.compare(i, seq.size(), seq) == 0; };
  if (at("\xE2\x80\x8B") || at("\xE2\x80\x8C") || at("\xE2\x80\x8D") || at("\xE2\x81\xA0") ||
      at("\xEF\xBB\xBF")) {
    return 3;
  }
  return at("\xC2\xAD") ? 2 : 0;
}

// Trims punctuation around a token; closing brackets only when unbalanced.
std::string_view Trim(std::string_view t, size_t* skipped) {
  *skipped = 0;
  while (true) {
    size_t before = t.size();
    while (!t.empty() && LeadingJunk(t.front()) &&
           !(t.front() == '[' && t.size() > 1 && t[1] == ':') && !LeadingBracketedDigit(t)) {
      t.remove_prefix(1);
      ++*skipped;
    }
    while (!t.empty() && TrailingJunk(t.back())) t.remove_suffix(1);
    while (!t.empty() && (t.back() == ')' || t.back() == ']' || t.back() == '}')) {
      char close = t.back();
      char open = close == ')' ? '(' : close == ']' ? '[' : '{';
      if (std::count(t.begin(), t.end(), open) >= std::count(t.begin(), t.end(), close)) break;
      t.remove_suffix(1);
    }
    if (t.size() == before) return t;
  }
}

constexpr std::string_view kExtensions[] = {
    "7z",  "apk", "asp",  "aspx", "bat", "bin",  "cab", "chm",  "cmd",  "config",
    "cpl", "csv", "dat",  "dll",  "dmp", "doc",  "docm", "docx", "elf", "exe",  "gz",
    "hta", "img", "inf",  "ini",  "iso", "jar",  "js",  "jse",  "jsp",  "lnk",  "log",
    "msi", "ocx", "one",  "pdf",  "php", "pif",  "ppt", "pptm", "pptx", "ps1",  "psm1",
    "py",  "rar", "rtf",  "scr",  "sh",  "so",   "sys", "tar",  "tmp",  "txt",  "vbe",
    "vbs", "wsf", "xls",  "xlsb", "xlsm", "xlsx", "xml", "zip",
};

}  // namespace

bool IsFileExtension(std::string_view lower_ext) {
  return std::find(std::begin(kExtensions), std::end(kExtensions), lower_ext) != std::end(kExtensions);
}

bool ParseIpv4(std::string_view text) {
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    size_t start = i;
    int value = 0;
    while (i < text.size() && IsDigit(text[i]) && i - start < 3) value = value * 10 + (text[i++] - '0');
    size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && text[start] == '0')) return false;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
  }
  return i == text.size();
}

bool ParseIpv6(std::string_view text) {
  if (text.size() < 3 || text.size() > 45) return false;
  char buf[64];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  unsigned char addr[16];
  return inet_pton(AF_INET6, buf, addr) == 1;
}

void Classifier::Emit(ObservableType type, std::string value, size_t begin, size_t end,
                      bool defanged) {
  out_->push_back(Observable{type, std::move(value), begin, end, defanged});
}

void Classifier::Classify(std::string_view token, size_t offset) {
  for (char c : token) {
    if (static_cast<unsigned char>(c) >= 0x80) return ClassifyNonAscii(token, offset);
  }
  ClassifyAscii(token, offset);
}

void Classifier::ClassifyNonAscii(std::string_view token, size_t offset) {
  // Zero-width characters are dropped (each kept byte remembers where it
  // was); any other non-ASCII character ends a piece.
  std::string piece;
  std::vector<size_t> where;
  auto flush = [&] {
    if (!piece.empty()) ClassifyMapped(piece, where, offset);
    piece.clear();
    where.clear();
  };
  for (size_t i = 0; i < token.size();) {
    if (static_cast<unsigned char>(token[i]) < 0x80) {
      piece.push_back(token[i]);
      where.push_back(i);
      ++i;
    } else if (size_t n = ZeroWidthAt(token, i); n > 0) {
      i += n;
    } else {
      flush();
      ++i;
      while (i < token.size() && (static_cast<unsigned char>(token[i]) & 0xC0) == 0x80) ++i;
    }
  }
  flush();
}

void Classifier::ClassifyMapped(std::string_view piece, const std::vector<size_t>& where, size_t offset) {
  size_t first = out_->size();
  Classify(piece, 0);
  for (size_t k = first; k < out_->size(); ++k) {
    Observable& o = (*out_)[k];
    size_t b = o.begin, e = o.end;
    o.begin = offset + where[b];
    o.end = offset + where[e - 1] + 1;
  }
}

void Classifier::ClassifyAscii(std::string_view token, size_t offset) {
  size_t skipped = 0;
  std::string_view t = Trim(token, &skipped);
  if (t.size() < 3) return;
  size_t begin = offset + skipped, end = begin + t.size();
  bool maybe_defanged = t.find_first_of("[({") != std::string_view::npos ||
                        StartsWithNoCase(t, "hxxp") || StartsWithNoCase(t, "hxtp") ||
                        StartsWithNoCase(t, "fxp://");
  if (maybe_defanged) {
    std::string refanged;
    if (Refang(t, &refanged)) {
      size_t unused = 0;
      std::string_view r = Trim(refanged, &unused);
      ClassifyClean(r, begin, end, true, 0);
      return;
    }
  }
  ClassifyClean(t, begin, end, false, 0);
}

bool Classifier::ClassifyClean(std::string_view t, size_t begin, size_t end, bool defanged,
                               int depth) {
  if (t.size() < 3) return false;
  if (t.find("://") != std::string_view::npos) return TryUrl(t, begin, end, defanged);
  if (t.find('\\') != std::string_view::npos) return TryWindows(t, begin, end);
  if (t.find('@') != std::string_view::npos) return TryEmail(t, begin, end, defanged);

  // CVE-YYYY-NNNN+
  if (t.size() >= 13 && t.size() <= 17 && StartsWithNoCase(t, "cve-") && IsDigit(t[4])) {
    bool ok = t[8] == '-';
    for (size_t i = 4; ok && i < t.size(); ++i) ok = (i == 8) || IsDigit(t[i]);
    if (ok) {
      Emit(ObservableType::kCve, "CVE-" + std::string(t.substr(4)), begin, end, defanged);
      return true;
    }
  }
  // T1234 / T1234.001
  if (t[0] == 'T' && (t.size() == 5 || t.size() == 9)) {
    bool ok = true;
    for (size_t i = 1; ok && i < 5; ++i) ok = IsDigit(t[i]);
    if (ok && t.size() == 9) {
      ok = t[5] == '.' && IsDigit(t[6]) && IsDigit(t[7]) && IsDigit(t[8]);
    }
    if (ok) {
      Emit(ObservableType::kAttackTechnique, std::string(t), begin, end, defanged);
      return true;
    }
  }
  // Hashes: a whole hex token of a hash length, with both digits and letters.
  if (t.size() == 32 || t.size() == 40 || t.size() == 64 || t.size() == 128) {
    bool hex = true, digit = false, letter = false;
    for (char c : t) {
      hex = hex && IsHex(c);
      digit = digit || IsDigit(c);
      letter = letter || IsAlpha(c);
    }
    if (hex && digit && letter) {
      ObservableType type = t.size() == 32   ? ObservableType::kMd5
                            : t.size() == 40 ? ObservableType::kSha1
                            : t.size() == 64 ? ObservableType::kSha256
                                             : ObservableType::kSha512;
      Emit(type, ToLower(t), begin, end, defanged);
      return true;
    }
  }
  // Addresses and CIDRs.
  size_t slash = t.find('/');
  std::string_view addr = t.substr(0, slash);
  std::string_view prefix = slash == std::string_view::npos ? "" : t.substr(slash + 1);
  auto prefix_ok = [&](int max) {
    if (prefix.empty() || prefix.size() > 3) return false;
    int v = 0;
    for (char c : prefix) {
      if (!IsDigit(c)) return false;
      v = v * 10 + (c - '0');
    }
    return v <= max;
  };
  if (!addr.empty() && IsDigit(addr[0]) && ParseIpv4(addr)) {
    if (slash == std::string_view::npos) {
      Emit(ObservableType::kIpv4, std::string(addr), begin, end, defanged);
      return true;
    }
    if (prefix_ok(32)) {
      Emit(ObservableType::kIpv4Cidr, std::string(t), begin, end, defanged);
      return true;
    }
    return false;
  }
  if (std::count(addr.begin(), addr.end(), ':') >= 2) {
    std::string_view a = addr;
    if (a.size() > 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
    if (ParseIpv6(a)) {
      if (slash == std::string_view::npos) {
        Emit(ObservableType::kIpv6, ToLower(a), begin, end, defanged);
        return true;
      }
      if (prefix_ok(128)) {
        Emit(ObservableType::kIpv6Cidr, ToLower(t), begin, end, defanged);
        return true;
      }
    }
    return false;
  }
  if (TryDomainOrFile(t, begin, end, defanged)) return true;
  // "sha256:<hash>", "md5=<hash>": classify what follows the label once.
  if (depth == 0) {
    size_t sep = t.find_last_of(":=");
    if (sep != std::string_view::npos && sep + 1 < t.size()) {
      return ClassifyClean(t.substr(sep + 1), begin + sep + 1, end, defanged, 1);
    }
  }
  return false;
}

bool Classifier::TryHost(std::string_view host, size_t begin, size_t end, bool defanged,
                         bool emit) {
  if (host.empty()) return false;
  if (host.front() == '[' && host.back() == ']' && host.size() > 2) {
    std::string_view a = host.substr(1, host.size() - 2);
    if (!ParseIpv6(a)) return false;
    if (emit) Emit(ObservableType::kIpv6, ToLower(a), begin, end, defanged);
    return true;
  }
  if (IsDigit(host[0]) && ParseIpv4(host)) {
    if (emit) Emit(ObservableType::kIpv4, std::string(host), begin, end, defanged);
    return true;
  }
  std::string lower = ToLower(host);
  for (char c : lower) {
    if (!(IsLowerAlpha(c) || IsDigit(c) || c == '.' || c == '-' || c == '_')) return false;
  }
  if (lower.find("..") != std::string::npos || lower.front() == '.' || lower.back() == '.') return false;
  if (!psl_->IsRegistrable(lower)) return false;
  if (emit) Emit(ObservableType::kDomain, std::move(lower), begin, end, defanged);
  return true;
}

bool Classifier::TryUrl(std::string_view t, size_t begin, size_t end, bool defanged) {
  size_t sep = t.find("://");
  std::string scheme = ToLower(t.substr(0, sep));
  static constexpr std::string_view kSchemes[] = {"ftp", "ftps", "http", "https", "sftp", "smb", "ws", "wss"};
  if (std::find(std::begin(kSchemes), std::end(kSchemes), scheme) == std::end(kSchemes)) return false;
  std::string_view rest = t.substr(sep + 3);
  size_t host_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, host_end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    host = host.substr(0, close + 1);
  } else {
    size_t colon = host.find(':');
    if (colon != std::string_view::npos) {
      for (char c : host.substr(colon + 1)) {
        if (!IsDigit(c)) return false;
      }
      host = host.substr(0, colon);
    }
  }
  if (!TryHost(host, begin, end, defanged, false)) return false;
  std::string value = scheme + "://" + std::string(rest);
  // The host part of a URL is case-insensitive: lower-case it for stable ids.
  for (size_t i = scheme.size() + 3; i < scheme.size() + 3 + (host_end == std::string_view::npos ? rest.size() : host_end); ++i) {
    value[i] = Lower(value[i]);
  }
  if (host_end == std::string_view::npos) value.push_back('/');
  Emit(ObservableType::kUrl, std::move(value), begin, end, defanged);
  TryHost(host, begin, end, defanged, true);
  return true;
}

bool Classifier::TryEmail(std::string_view t, size_t begin, size_t end, bool defanged) {
  size_t at = t.find('@');
  if (at == 0 || at != t.rfind('@')) return false;
  std::string_view local = t.substr(0, at);
  for (char c : local) {
    if (!(IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-')) return false;
  }
  if (local.front() == '.' || local.back() == '.') return false;
  std::string_view domain = t.substr(at + 1);
  if (!TryHost(domain, begin, end, defanged, false)) return false;
  if (IsDigit(domain[0]) && ParseIpv4(domain)) return false;
  Emit(ObservableType::kEmail, ToLower(t), begin, end, defanged);
  return true;
}

bool Classifier::TryWindows(std::string_view t, size_t begin, size_t end) {
  static constexpr std::string_view kHives[] = {
      "HKLM\\", "HKCU\\", "HKCR\\", "HKU\\", "HKCC\\", "HKEY_LOCAL_MACHINE\\",
      "HKEY_CURRENT_USER\\", "HKEY_CLASSES_ROOT\\", "HKEY_USERS\\", "HKEY_CURRENT_CONFIG\\"};
  for (std::string_view hive : kHives) {
    if (StartsWithNoCase(t, hive) && t.size() > hive.size()) {
      Emit(ObservableType::kRegistryKey, std::string(t), begin, end, false);
      return true;
    }
  }
  bool drive = t.size() > 3 && IsAlpha(t[0]) && t[1] == ':' && t[2] == '\\';
  bool env = t[0] == '%' && t.find("%\\") != std::string_view::npos && t.find("%\\") > 1;
  bool unc = t.size() > 3 && t[0] == '\\' && t[1] == '\\' && IsAlnum(t[2]);
  if (!(drive || env || unc)) return false;
  Emit(ObservableType::kWindowsPath, std::string(t), begin, end, false);
  // The file at the end of the path, if it has a known extension.
  std::string_view leaf = t.substr(t.rfind('\\') + 1);
  size_t dot = leaf.rfind('.');
  if (dot != std::string_view::npos && dot > 0 && IsFileExtension(ToLower(leaf.substr(dot + 1)))) {
    Emit(ObservableType::kFileName, std::string(leaf), end - leaf.size(), end, false);
  }
  return true;
}

bool Classifier::TryDomainOrFile(std::string_view t, size_t begin, size_t end, bool defanged) {
  // Scheme-less "host/path": the host is the observable.
  size_t slash = t.find('/');
  std::string_view name = slash == std::string_view::npos ? t : t.substr(0, slash);
  if (name.find('.') == std::string_view::npos) return false;
  bool has_lower = false, has_upper = false;
  for (char c : name) {
    if (!(IsAlnum(c) || c == '.' || c == '-' || c == '_')) return false;
    has_lower = has_lower || IsLowerAlpha(c);
    has_upper = has_upper || IsUpper(c);
  }
  size_t last_dot = name.rfind('.');
  std::string_view last = name.substr(last_dot + 1);
  if (last.empty() || !IsAlpha(last[0])) return false;
  std::string ext = ToLower(last);
  if (!defanged && slash == std::string_view::npos && IsFileExtension(ext)) {
    std::string_view stem = name.substr(0, last_dot);
    if (stem.empty() || stem.back() == '.') return false;
    // "Node.js", "Vue.js": product names, not files.
    if (ext == "js" && IsUpper(stem[0]) && stem.find('.') == std::string_view::npos) return false;
    Emit(ObservableType::kFileName, std::string(name), begin, end, false);
    return true;
  }
  if (!defanged) {
    // Prose, not hosts: "ASP.NET", "attack.The", "Mr.Smith".
    if (has_upper && !has_lower) return false;
    size_t pos = 0;
    while ((pos = name.find('.', pos)) != std::string_view::npos) {
      ++pos;
      if (pos + 1 < name.size() && IsUpper(name[pos]) && IsLowerAlpha(name[pos + 1])) return false;
    }
  }
  return TryHost(name, begin, slash == std::string_view::npos ? end : begin + name.size(), defanged, true);
}

namespace {

bool Delimiter(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '"' || c == '<' ||
         c == '>' || c == ',' || c == ';' || c == '|' || c == '`' || c == '\0';
}

bool AllHex(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return IsHex(c); });
}

bool HashLength(size_t n) { return n == 32 || n == 40 || n == 64 || n == 128; }

// The first line's part cannot end a value, or the second's cannot start one.
bool OpenEnded(std::string_view first, std::string_view second) {
  static constexpr std::string_view kOpenEnds[] = {"/", "-", "_", "=", "&", "?", "[", "(", "[.", "(.", "[dot", "[.]", "(.)", "[dot]", "://"};
  static constexpr std::string_view kContinuations[] = {".", "[.]", "(.)", "[dot]", "]", ")"};
  for (std::string_view e : kOpenEnds) {
    if (first.size() > e.size() && first.ends_with(e)) return true;
  }
  for (std::string_view c : kContinuations) {
    if (second.size() > c.size() && StartsWithNoCase(second, c) && IsAlnum(second[c.size()])) return true;
  }
  return false;
}

}  // namespace

bool ContinuesOnNextLine(std::string_view text, size_t start, size_t end, size_t* next_start,
                         size_t* next_end) {
  size_t i = end;
  if (i < text.size() && text[i] == '\r') ++i;
  if (i >= text.size() || text[i] != '\n') return false;
  ++i;
  if (i >= text.size() || Delimiter(text[i])) return false;  // a blank or indented line
  size_t j = i;
  while (j < text.size() && !Delimiter(text[j])) ++j;
  std::string_view first = text.substr(start, end - start);
  std::string_view second = text.substr(i, j - i);
  if (first.size() < 3 || second.find("://") != std::string_view::npos) return false;
  *next_start = i;
  *next_end = j;
  // Two hex runs of one hash ("d41d8cd98f00b204" / "e9800998ecf8427e").
  size_t lead = 0;
  while (lead < first.size() && LeadingJunk(first[lead])) ++lead;
  std::string_view head = first.substr(lead);
  std::string_view tail = second;
  while (!tail.empty() && (TrailingJunk(tail.back()) || tail.back() == ')' || tail.back() == ']')) {
    tail.remove_suffix(1);
  }
  if (head.size() >= 8 && AllHex(head) && AllHex(tail) && !HashLength(head.size()) &&
      HashLength(head.size() + tail.size()) && std::any_of(head.begin(), head.end(), IsDigit)) {
    return true;
  }
  // Anything else must already look like a value: a byte that makes the
  // scanner classify the first part.
  if (first.find_first_of(".@:/\\[](){}") == std::string_view::npos) return false;
  return OpenEnded(first, second);
}

bool ClassifyAcrossLine(const PublicSuffixList* psl, std::string_view text, size_t start, size_t end,
                        size_t next_start, size_t next_end, std::vector<Observable>* out) {
  std::string piece;
  std::vector<size_t> where;
  for (size_t i = start; i < next_end; i = i + 1 == end ? next_start : i + 1) {
    piece.push_back(text[i]);
    where.push_back(i);
  }
  size_t first = out->size();
  Classifier classifier(psl, out);
  classifier.ClassifyMapped(piece, where, 0);
  for (size_t k = first; k < out->size(); ++k) {
    if ((*out)[k].begin < end && (*out)[k].end > next_start) return true;
  }
  out->resize(first);
  return false;
}

}  // namespace rampart::extract::internal
