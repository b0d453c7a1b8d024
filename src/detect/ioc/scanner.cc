// The token scanner: one pass over a value with a byte-class table, words of
// [A-Za-z0-9._-] classified by the classes seen (all hex, digits and dots,
// has a dot), and a separate search for "://" (URLs) and ':' runs (IPv6),
// each only when the set holds entries of that kind. Whitespace ends every
// token kind, so a whole record can be scanned at once with the same result
// as scanning its fields one by one. This is the hot loop of
// an IOC sweep; it never allocates except for URL and e-mail candidates.
#include <cstring>

#include "ioc/ioc_internal.h"
#include "rampart/core/strings.h"

namespace rampart::detect::internal {

namespace {
constexpr std::array<uint8_t, 256> MakeTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t v = 0;
    bool digit = c >= '0' && c <= '9';
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (digit || alpha || c == '.' || c == '-' || c == '_') v |= kWordChar;
    if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) v |= kHexChar;
    if (digit || c == '.') v |= kNumDot;
    if (c == '.') v |= kDotChar;
    if (digit || alpha) v |= kAlnum;
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '|' ||
        c == '^' || c == '{' || c == '}' || c == '\\') {
      v |= kUrlStop;
    }
    if (digit || alpha || c == '.' || c == '_' || c == '%' || c == '+' || c == '-') v |= kLocal;
    t[static_cast<size_t>(c)] = v;
  }
  return t;
}
}  // namespace

const std::array<uint8_t, 256> kByteClass = MakeTable();

namespace {

bool IsHashLength(size_t n) { return n == 32 || n == 40 || n == 64 || n == 128; }

const char* UrlEnd(const char* start, const char* end) {
  const char* p = start;
  while (p < end && !(kByteClass[static_cast<uint8_t>(*p)] & kUrlStop)) ++p;
  // Trailing punctuation belongs to the sentence, not the URL.
  while (p > start && (p[-1] == '.' || p[-1] == ',' || p[-1] == ')' || p[-1] == ';')) --p;
  return p;
}

}  // namespace

void IocSetImpl::LookupUrlToken(std::string_view token, absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const {
  size_t before = *n;
  LookupUrl(token, token, fn, n);
  // Web logs write spaces as '+': also try the URL cut at the first '+'.
  if (*n == before) {
    if (size_t plus = token.find('+'); plus != std::string_view::npos) {
      LookupUrl(token.substr(0, plus), token.substr(0, plus), fn, n);
    }
  }
}

size_t IocSetImpl::Scan(std::string_view value, absl::FunctionRef<void(const IocHit&)> fn) const {
  size_t n = 0;
  const char* const begin = value.data();
  const char* const end = begin + value.size();
  const bool want_url = !urls.empty();
  const bool want_v4 = !ipv4.empty() || !cidr4_lengths.empty();
  const bool want_v6 = !ipv6.empty() || !cidr6_lengths.empty();
  const bool want_domain = !domains.empty();
  const bool want_email = !emails.empty();
  const bool want_hash = !hashes.empty();
  const bool want_dotted = want_v4 || want_domain || want_email || want_url;

  if (want_url && value.size() > 3) {
    // memchr for ':' then a check beats memmem's per-call set-up on short fields.
    for (const char* p = begin; (p = static_cast<const char*>(memchr(p, ':', end - p))) != nullptr; ++p) {
      if (end - p < 3 || p[1] != '/' || p[2] != '/') continue;
      const char* s = p;
      while (s > begin && ((s[-1] >= 'a' && s[-1] <= 'z') || (s[-1] >= 'A' && s[-1] <= 'Z'))) --s;
      const char* e = UrlEnd(p + 3, end);
      if (s == p || e == p + 3) continue;
      LookupUrlToken(std::string_view(s, e - s), fn, &n);
      p += 2;
    }
  }
  if (want_v6 && value.size() >= 2 && memchr(begin, ':', value.size()) != nullptr) {
    const char* p = begin;
    while (p < end) {
      while (p < end && !((kByteClass[static_cast<uint8_t>(*p)] & kHexChar) || *p == ':')) ++p;
      const char* s = p;
      int colons = 0;
      while (p < end && ((kByteClass[static_cast<uint8_t>(*p)] & kHexChar) || *p == ':' || *p == '.')) {
        colons += *p == ':';
        ++p;
      }
      if (colons >= 2 && (s == begin || !(kByteClass[static_cast<uint8_t>(s[-1])] & kAlnum)) &&
          (p == end || !(kByteClass[static_cast<uint8_t>(*p)] & kAlnum))) {
        V6 v;
        std::string_view token(s, p - s);
        if (ParseIpv6(token, &v)) LookupIpv6(v, token, fn, &n);
      }
      if (p < end && p == s) ++p;
    }
  }
  if (!want_dotted && !want_hash) return n;

  const uint8_t* p = reinterpret_cast<const uint8_t*>(begin);
  const uint8_t* const e = reinterpret_cast<const uint8_t*>(end);
  while (p < e) {
    while (p < e && !(kByteClass[*p] & kWordChar)) ++p;
    if (p >= e) break;
    const uint8_t* s = p;
    uint8_t all = 0xff, any = 0;
    while (p < e) {
      uint8_t c = kByteClass[*p];
      if (!(c & kWordChar)) break;
      all &= c;
      any |= c;
      ++p;
    }
    const size_t len = static_cast<size_t>(p - s);
    if ((any & kDotChar) && want_dotted) {
      // Trim dots and hyphens that end sentences or start options.
      const uint8_t* ws = s;
      const uint8_t* we = p;
      while (ws < we && (*ws == '.' || *ws == '-' || *ws == '_')) ++ws;
      while (we > ws && (we[-1] == '.' || we[-1] == '-' || we[-1] == '_')) --we;
      std::string_view word(reinterpret_cast<const char*>(ws), we - ws);
      if (all & kNumDot) {
        uint32_t v4;
        if (want_v4 && ParseIpv4(word, &v4)) LookupIpv4(v4, word, fn, &n);
        continue;
      }
      if (word.size() <= 253) {
        char lower[254];
        for (size_t i = 0; i < word.size(); ++i) lower[i] = Lower(word[i]);
        std::string_view low(lower, word.size());
        if (want_domain) LookupDomain(low, word, fn, &n);
        if (want_email && ws > reinterpret_cast<const uint8_t*>(begin) + 1 && ws[-1] == '@') {
          const char* ls = reinterpret_cast<const char*>(ws) - 1;
          while (ls > begin && (kByteClass[static_cast<uint8_t>(ls[-1])] & kLocal)) --ls;
          if (ls < reinterpret_cast<const char*>(ws) - 1) {
            std::string key(ls, reinterpret_cast<const char*>(ws) - ls);
            for (char& c : key) c = Lower(c);
            key.append(low);
            std::string_view token(ls, reinterpret_cast<const char*>(we) - ls);
            LookupMap(emails, key, token, fn, &n);
          }
        }
        // A scheme-less URL ("evil.com/x.ps1"); URLs with a scheme were looked up above.
        if (want_url && we == p && p < e && *p == '/' &&
            !(ws - reinterpret_cast<const uint8_t*>(begin) >= 3 && std::memcmp(ws - 3, "://", 3) == 0)) {
          const char* ue = UrlEnd(reinterpret_cast<const char*>(p), end);
          LookupUrlToken(std::string_view(reinterpret_cast<const char*>(ws), ue - reinterpret_cast<const char*>(ws)), fn, &n);
        }
      }
    }
    if (!want_hash || len < 32) continue;
    if ((all & kHexChar) && IsHashLength(len)) {
      char lower[128];
      for (size_t i = 0; i < len; ++i) lower[i] = Lower(static_cast<char>(s[i]));
      LookupMap(hashes, std::string_view(lower, len), std::string_view(reinterpret_cast<const char*>(s), len), fn,
                &n);
      continue;
    }
    // Hex runs inside a longer word, delimited by '_' or '-' ("sha256_<hex>").
    const uint8_t* q = s;
    while (q < p) {
      while (q < p && !(kByteClass[*q] & kAlnum)) ++q;
      const uint8_t* hs = q;
      bool hex = true;
      while (q < p && (kByteClass[*q] & kAlnum)) hex &= (kByteClass[*q++] & kHexChar) != 0;
      size_t hl = static_cast<size_t>(q - hs);
      if (hex && IsHashLength(hl) && hl < len) {
        char lower[128];
        for (size_t i = 0; i < hl; ++i) lower[i] = Lower(static_cast<char>(hs[i]));
        LookupMap(hashes, std::string_view(lower, hl), std::string_view(reinterpret_cast<const char*>(hs), hl), fn,
                  &n);
      }
    }
  }
  return n;
}

}  // namespace rampart::detect::internal
