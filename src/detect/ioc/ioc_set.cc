// Building IocSets, type detection and the per-type lookups.
#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "ioc/ioc_internal.h"
#include "rampart/core/strings.h"

namespace rampart::detect {
namespace internal {

bool ParseIpv4(std::string_view s, uint32_t* out) {
  uint32_t addr = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    size_t start = i;
    uint32_t octet = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) octet = octet * 10 + (s[i++] - '0');
    if (i == start || octet > 255) return false;
    addr = (addr << 8) | octet;
    ++parts;
    if (parts < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  if (i != s.size()) return false;
  *out = addr;
  return true;
}

bool ParseIpv6(std::string_view s, V6* out) {
  if (s.size() < 2 || s.size() > 45) return false;
  char buf[46];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  unsigned char b[16];
  if (inet_pton(AF_INET6, buf, b) != 1) return false;
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | b[i];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | b[i];
  *out = {hi, lo};
  return true;
}

V6 MaskV6(V6 a, int bits) {
  if (bits <= 0) return {0, 0};
  if (bits < 64) return {a.first & (~uint64_t{0} << (64 - bits)), 0};
  if (bits == 64) return {a.first, 0};
  if (bits < 128) return {a.first, a.second & (~uint64_t{0} << (128 - bits))};
  return a;
}

bool NormalizeUrlInto(std::string_view url, std::string& out) {
  std::string_view scheme;
  // A scheme is letters, digits, '+', '-', '.' before the first "://"; a
  // "://" later on (a redirect in the query) is not one.
  if (size_t p = url.find("://"); p != std::string_view::npos && p > 0 &&
      url.substr(0, p).find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") ==
          std::string_view::npos) {
    scheme = url.substr(0, p);
    url.remove_prefix(p + 3);
  }
  if (size_t hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  size_t host_end = url.find_first_of("/?");
  std::string_view host = url.substr(0, host_end);
  std::string_view rest = host_end == std::string_view::npos ? std::string_view() : url.substr(host_end);
  if (host.empty()) return false;
  // A port, if any, is digits ("evil.com:" or "evil.com:x" is no host).
  if (size_t colon = host.rfind(':'); colon != std::string_view::npos && host.find(']') == std::string_view::npos &&
      (colon + 1 == host.size() || host.find_first_not_of("0123456789", colon + 1) != std::string_view::npos)) {
    return false;
  }
  const size_t start = out.size();
  for (char c : host) out.push_back(Lower(c));
  // Default ports say nothing.
  std::string_view h(out.data() + start, out.size() - start);
  auto lower_scheme = [&](std::string_view want) {
    if (scheme.size() != want.size()) return false;
    for (size_t i = 0; i < want.size(); ++i) if (Lower(scheme[i]) != want[i]) return false;
    return true;
  };
  if ((h.ends_with(":80") && (scheme.empty() || lower_scheme("http"))) ||
      (h.ends_with(":443") && (scheme.empty() || lower_scheme("https")))) {
    out.resize(out.size() - (h.ends_with(":80") ? 3 : 4));
  }
  out.append(rest.data(), rest.size());
  while (out.size() > start + 1 && out.back() == '/') out.pop_back();
  return out.size() > start;
}

}  // namespace internal

using internal::IocSetImpl;

std::string_view IocTypeName(IocType type) {
  static constexpr std::string_view kNames[] = {"ipv4", "ipv6", "cidr4", "cidr6", "domain", "url",
                                                "email", "md5", "sha1", "sha256", "sha512"};
  return kNames[static_cast<size_t>(type)];
}

namespace {

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return internal::kByteClass[static_cast<uint8_t>(c)] & internal::kHexChar; });
}

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = internal::Lower(c);
  return out;
}

// A DNS name with at least two labels and an alphabetic last label.
bool IsDomain(std::string_view d) {
  if (d.size() < 3 || d.size() > 253 || d.find('.') == std::string_view::npos) return false;
  size_t label = 0;
  for (size_t i = 0; i <= d.size(); ++i) {
    if (i == d.size() || d[i] == '.') {
      if (i == label || i - label > 63) return false;
      if (d[label] == '-' || d[i - 1] == '-') return false;
      label = i + 1;
      continue;
    }
    uint8_t c = internal::kByteClass[static_cast<uint8_t>(d[i])];
    if (!(c & internal::kAlnum) && d[i] != '-' && d[i] != '_') return false;
  }
  std::string_view tld = d.substr(d.rfind('.') + 1);
  return tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
         });
}

std::string FormatV4(uint32_t v) {
  return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
}

std::optional<IocValue> Cidr(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view addr = text.substr(0, slash), bits = text.substr(slash + 1);
  int prefix = -1;
  auto [p, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (bits.empty() || ec != std::errc() || p != bits.data() + bits.size() || prefix < 0) return std::nullopt;
  uint32_t v4;
  internal::V6 v6;
  if (internal::ParseIpv4(addr, &v4) && prefix <= 32) {
    if (prefix == 32) return IocValue{IocType::kIpv4, std::string(addr)};
    uint32_t m = internal::MaskV4(v4, prefix);
    return IocValue{IocType::kCidr4, FormatV4(m) + "/" + std::to_string(prefix)};
  }
  if (internal::ParseIpv6(addr, &v6) && prefix <= 128) {
    if (prefix == 128) return NormalizeIoc(IocType::kIpv6, addr);
    return IocValue{IocType::kCidr6, LowerCopy(addr) + "/" + std::to_string(prefix)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<IocValue> NormalizeIoc(IocType type, std::string_view text) {
  switch (type) {
    case IocType::kIpv4: {
      uint32_t v;
      if (!internal::ParseIpv4(text, &v)) return std::nullopt;
      return IocValue{type, std::string(text)};
    }
    case IocType::kIpv6: {
      internal::V6 v;
      if (!internal::ParseIpv6(text, &v)) return std::nullopt;
      return IocValue{type, LowerCopy(text)};
    }
    case IocType::kCidr4:
    case IocType::kCidr6: {
      auto c = Cidr(text);
      if (!c) return std::nullopt;
      return c;
    }
    case IocType::kDomain: {
      std::string_view d = text;
      if (d.starts_with("*.")) d.remove_prefix(2);
      if (d.ends_with(".")) d.remove_suffix(1);
      if (!IsDomain(d)) return std::nullopt;
      return IocValue{type, LowerCopy(d)};
    }
    case IocType::kUrl: {
      IocValue v{type, {}};
      if (!internal::NormalizeUrlInto(text, v.value)) return std::nullopt;
      return v;
    }
    case IocType::kEmail: {
      size_t at = text.rfind('@');
      if (at == 0 || at == std::string_view::npos || !IsDomain(text.substr(at + 1))) return std::nullopt;
      return IocValue{type, LowerCopy(text)};
    }
    case IocType::kMd5: case IocType::kSha1: case IocType::kSha256: case IocType::kSha512: {
      static constexpr size_t kLen[] = {32, 40, 64, 128};
      size_t want = kLen[static_cast<size_t>(type) - static_cast<size_t>(IocType::kMd5)];
      if (text.size() != want || !IsHex(text)) return std::nullopt;
      return IocValue{type, LowerCopy(text)};
    }
  }
  return std::nullopt;
}

std::optional<IocValue> ClassifyIoc(std::string_view text) {
  if (text.empty() || text.size() > 8192) return std::nullopt;
  uint32_t v4;
  internal::V6 v6;
  if (internal::ParseIpv4(text, &v4)) return IocValue{IocType::kIpv4, std::string(text)};
  if (text.find('/') != std::string_view::npos && text.find("://") == std::string_view::npos) {
    if (auto c = Cidr(text)) return c;
  }
  if (text.find(':') != std::string_view::npos && internal::ParseIpv6(text, &v6)) {
    return NormalizeIoc(IocType::kIpv6, text);
  }
  if (IsHex(text)) {
    switch (text.size()) {
      case 32: return NormalizeIoc(IocType::kMd5, text);
      case 40: return NormalizeIoc(IocType::kSha1, text);
      case 64: return NormalizeIoc(IocType::kSha256, text);
      case 128: return NormalizeIoc(IocType::kSha512, text);
    }
  }
  if (text.find("://") != std::string_view::npos) {
    std::string_view host = text.substr(text.find("://") + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    if (size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
    if (size_t colon = host.rfind(':'); colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
      host = host.substr(0, colon);
    }
    uint32_t ip;
    if (IsDomain(host) || internal::ParseIpv4(host, &ip) || (host.starts_with("[") && host.ends_with("]"))) {
      return NormalizeIoc(IocType::kUrl, text);
    }
    return std::nullopt;
  }
  if (size_t at = text.find('@'); at != std::string_view::npos) return NormalizeIoc(IocType::kEmail, text);
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view host = text.substr(0, slash), rest = text.substr(slash + 1);
    uint32_t ip;
    const bool ip_host = internal::ParseIpv4(host, &ip);
    // "10.0.0.0/33" is a bad CIDR block, not a URL.
    if (ip_host && !rest.empty() && rest.find_first_not_of("0123456789") == std::string_view::npos) return std::nullopt;
    if (IsDomain(host) || ip_host) return NormalizeIoc(IocType::kUrl, text);
    return std::nullopt;
  }
  return NormalizeIoc(IocType::kDomain, text);
}

// ---------------------------------------------------------------------------

struct IocSet::Impl : IocSetImpl {};

IocSet::IocSet() : impl_(std::make_unique<Impl>()) {}
IocSet::~IocSet() = default;
IocSet::IocSet(IocSet&&) noexcept = default;
IocSet& IocSet::operator=(IocSet&&) noexcept = default;

void IocSet::Add(const IocValue& value, uint32_t tag) {
  IocSetImpl& m = *impl_;
  std::string key = std::string(IocTypeName(value.type)) + '\x1f' + value.value;
  auto [it, inserted] = m.by_key.try_emplace(key, static_cast<uint32_t>(m.entries.size()));
  if (!inserted) {
    auto& tags = m.entries[it->second].tags;
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    return;
  }
  const uint32_t index = it->second;
  m.InvalidatePrefilter();
  m.entries.push_back(internal::IocEntry{value.type, value.value, {tag}});
  ++m.counts[static_cast<size_t>(value.type)];
  auto add_length = [](std::vector<int>& lengths, int bits) {
    if (std::find(lengths.begin(), lengths.end(), bits) == lengths.end()) {
      lengths.push_back(bits);
      std::sort(lengths.rbegin(), lengths.rend());
    }
  };
  switch (value.type) {
    case IocType::kIpv4: {
      uint32_t v = 0;
      internal::ParseIpv4(value.value, &v);
      m.ipv4.emplace(v, index);
      break;
    }
    case IocType::kIpv6: {
      internal::V6 v;
      internal::ParseIpv6(value.value, &v);
      m.ipv6.emplace(v, index);
      break;
    }
    case IocType::kCidr4: {
      size_t slash = value.value.find('/');
      uint32_t v = 0;
      internal::ParseIpv4(std::string_view(value.value).substr(0, slash), &v);
      int bits = std::stoi(value.value.substr(slash + 1));
      m.cidr4[static_cast<size_t>(bits)].emplace(internal::MaskV4(v, bits), index);
      add_length(m.cidr4_lengths, bits);
      break;
    }
    case IocType::kCidr6: {
      size_t slash = value.value.find('/');
      internal::V6 v;
      internal::ParseIpv6(std::string_view(value.value).substr(0, slash), &v);
      int bits = std::stoi(value.value.substr(slash + 1));
      m.cidr6[static_cast<size_t>(bits)].emplace(internal::MaskV6(v, bits), index);
      add_length(m.cidr6_lengths, bits);
      break;
    }
    case IocType::kDomain:
      m.domains.emplace(value.value, index);
      m.tlds.insert(value.value.substr(value.value.rfind('.') + 1));
      break;
    case IocType::kUrl: m.urls.emplace(value.value, index); break;
    case IocType::kEmail: m.emails.emplace(value.value, index); break;
    default: m.hashes.emplace(value.value, index); break;
  }
}

size_t IocSet::size() const { return impl_->entries.size(); }
size_t IocSet::count(IocType type) const { return impl_->counts[static_cast<size_t>(type)]; }

size_t IocSet::ScanValue(std::string_view value, absl::FunctionRef<void(const IocHit&)> fn) const {
  return impl_->Scan(value, fn);
}

bool IocSet::FindCandidates(std::string_view text, absl::FunctionRef<void(size_t)> fn) const {
  return impl_->FindCandidates(text, fn);
}

size_t IocSet::ScanText(std::string_view text, absl::FunctionRef<void(const IocHit&)> fn) const {
  return impl_->ScanText(text, fn);
}

size_t IocSet::ScanEvent(const Event& event,
                         absl::FunctionRef<void(std::string_view field, const IocHit&)> fn) const {
  size_t n = 0;
  event.Fields([&](std::string_view name, const Value& v) {
    n += impl_->Scan(v.text, [&](const IocHit& hit) { fn(name, hit); });
  });
  return n;
}

size_t IocSet::LookupValue(IocType type, std::string_view value, absl::FunctionRef<void(const IocHit&)> fn) const {
  const IocSetImpl& m = *impl_;
  size_t n = 0;
  switch (type) {
    case IocType::kIpv4: case IocType::kCidr4: {
      uint32_t v;
      if (internal::ParseIpv4(value, &v)) m.LookupIpv4(v, value, fn, &n);
      break;
    }
    case IocType::kIpv6: case IocType::kCidr6: {
      internal::V6 v;
      if (internal::ParseIpv6(value, &v)) m.LookupIpv6(v, value, fn, &n);
      break;
    }
    case IocType::kDomain: {
      std::string lower = LowerCopy(value);
      if (!lower.empty() && lower.back() == '.') lower.pop_back();
      m.LookupDomain(lower, value, fn, &n);
      break;
    }
    case IocType::kUrl: m.LookupUrl(value, value, fn, &n); break;
    case IocType::kEmail: m.LookupMap(m.emails, LowerCopy(value), value, fn, &n); break;
    default: m.LookupMap(m.hashes, LowerCopy(value), value, fn, &n); break;
  }
  return n;
}

namespace internal {

void IocSetImpl::LookupIpv4(uint32_t addr, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn,
                            size_t* n) const {
  if (auto it = ipv4.find(addr); it != ipv4.end()) Report(it->second, token, fn, n);
  for (int bits : cidr4_lengths) {
    const auto& map = cidr4[static_cast<size_t>(bits)];
    if (auto it = map.find(MaskV4(addr, bits)); it != map.end()) Report(it->second, token, fn, n);
  }
}

void IocSetImpl::LookupIpv6(V6 addr, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn,
                            size_t* n) const {
  if (auto it = ipv6.find(addr); it != ipv6.end()) Report(it->second, token, fn, n);
  for (int bits : cidr6_lengths) {
    const auto& map = cidr6[static_cast<size_t>(bits)];
    if (auto it = map.find(MaskV6(addr, bits)); it != map.end()) Report(it->second, token, fn, n);
  }
}

void IocSetImpl::LookupDomain(std::string_view lower, std::string_view token,
                              absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const {
  if (domains.empty()) return;
  size_t last_dot = lower.rfind('.');
  if (last_dot == std::string_view::npos || !tlds.contains(ToAbsl(lower.substr(last_dot + 1)))) return;
  std::string_view d = lower;
  while (true) {
    if (auto it = domains.find(ToAbsl(d)); it != domains.end()) Report(it->second, token, fn, n);
    d.remove_prefix(d.find('.') + 1);
    if (d.find('.') == std::string_view::npos) return;  // never a bare TLD
  }
}

void IocSetImpl::LookupUrl(std::string_view url, std::string_view token, absl::FunctionRef<void(const IocHit&)> fn,
                           size_t* n) const {
  if (urls.empty()) return;
  std::string key;
  key.reserve(url.size());
  if (!NormalizeUrlInto(url, key)) return;
  if (auto it = urls.find(key); it != urls.end()) Report(it->second, token, fn, n);
}

void IocSetImpl::LookupMap(const absl::flat_hash_map<std::string, uint32_t>& map, std::string_view key,
                           std::string_view token, absl::FunctionRef<void(const IocHit&)> fn, size_t* n) const {
  if (auto it = map.find(ToAbsl(key)); it != map.end()) Report(it->second, token, fn, n);
}

}  // namespace internal
}  // namespace rampart::detect
