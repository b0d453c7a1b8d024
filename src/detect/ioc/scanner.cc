// The token scanner: dotted words found from their dots (memchr), hashes from
// sampled positions, URLs from "://" and IPv6 from ":" runs, each kind only
// looked for when the set holds entries of that kind. Whitespace ends every
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

bool IocSetImpl::TldListed(std::string_view word) const {
  size_t dot = word.rfind('.');
  std::string_view tld = word.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 24) return false;
  char lower[24];
  for (size_t i = 0; i < tld.size(); ++i) lower[i] = Lower(tld[i]);
  return tlds.contains(absl::string_view(lower, tld.size()));
}

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
  const uint8_t* const b = reinterpret_cast<const uint8_t*>(begin);
  const uint8_t* const e = reinterpret_cast<const uint8_t*>(end);

  // Dotted words (IPv4, domains, e-mail, scheme-less URLs): found from their
  // dots with memchr, so bytes of dot-less words are never classified.
  if (want_dotted) {
    const char* q = begin;
    while (q < end) {
      const char* dot = static_cast<const char*>(memchr(q, '.', end - q));
      if (!dot) break;
      const uint8_t* s = reinterpret_cast<const uint8_t*>(dot);
      const uint8_t* p = s + 1;
      while (s > b && (kByteClass[s[-1]] & kWordChar)) --s;
      while (p < e && (kByteClass[*p] & kWordChar)) ++p;
      q = reinterpret_cast<const char*>(p);
      // Trim dots and hyphens that end sentences or start options.
      const uint8_t* ws = s;
      const uint8_t* we = p;
      while (ws < we && (*ws == '.' || *ws == '-' || *ws == '_')) ++ws;
      while (we > ws && (we[-1] == '.' || we[-1] == '-' || we[-1] == '_')) --we;
      std::string_view word(reinterpret_cast<const char*>(ws), we - ws);
      if (word.find('.') == std::string_view::npos) continue;
      uint8_t all = 0xff;
      for (const uint8_t* c = ws; c < we; ++c) all &= kByteClass[*c];
      if (all & kNumDot) {
        uint32_t v4;
        if (want_v4 && word.size() >= 7 && word.size() <= 15 && ParseIpv4(word, &v4)) LookupIpv4(v4, word, fn, &n);
        continue;
      }
      if (word.size() > 253) continue;
      // Quick reject: a domain whose last label is no listed TLD cannot hit,
      // and without e-mail or URL entries nothing else can use the word.
      const bool tld_listed = want_domain && TldListed(word);
      if (!tld_listed && !want_email && !want_url) continue;
      char lower[254];
      for (size_t i = 0; i < word.size(); ++i) lower[i] = Lower(word[i]);
      std::string_view low(lower, word.size());
      if (tld_listed) LookupDomain(low, word, fn, &n);
      if (want_email && ws > b + 1 && ws[-1] == '@') {
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
      if (want_url && we == p && p < e && *p == '/' && !(ws - b >= 3 && std::memcmp(ws - 3, "://", 3) == 0)) {
        const char* ue = UrlEnd(reinterpret_cast<const char*>(p), end);
        LookupUrlToken(std::string_view(reinterpret_cast<const char*>(ws), ue - reinterpret_cast<const char*>(ws)), fn,
                       &n);
      }
    }
  }

  // Hashes: maximal alphanumeric runs of 32/40/64/128 hex digits. Such a
  // run always covers one of the positions sampled every 32 bytes (restarting
  // after each hash found), and a sample that is not a hex digit cannot lie
  // in one, so only hex samples are expanded.
  if (want_hash && value.size() >= 32) {
    const uint8_t* s = b + 31;
    while (s < e) {
      if (!(kByteClass[*s] & kHexChar)) {
        s += 32;
        continue;
      }
      const uint8_t* rs = s;
      const uint8_t* re = s + 1;
      while (rs > b && (kByteClass[rs[-1]] & kHexChar) && s - rs < 128) --rs;
      while (re < e && (kByteClass[*re] & kHexChar) && re - rs <= 128) ++re;
      const size_t len = static_cast<size_t>(re - rs);
      const bool bounded = (rs == b || !(kByteClass[rs[-1]] & kAlnum)) && (re == e || !(kByteClass[*re] & kAlnum));
      if (bounded && IsHashLength(len)) {
        char lower[128];
        for (size_t i = 0; i < len; ++i) lower[i] = Lower(static_cast<char>(rs[i]));
        LookupMap(hashes, std::string_view(lower, len), std::string_view(reinterpret_cast<const char*>(rs), len), fn, &n);
        s = re + 31;
      } else {
        s += 32;
      }
    }
  }
  return n;
}

}  // namespace rampart::detect::internal
