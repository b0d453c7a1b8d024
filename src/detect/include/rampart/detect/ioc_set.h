// IOC sets: indicator values (IP addresses and CIDR blocks, domains, URLs,
// e-mail addresses, file hashes) looked up in time that does not grow with
// the size of the list.
//
//  * IPv4 / IPv6 addresses: hash maps keyed by the address bits.
//  * CIDR blocks: one hash map per prefix length present (the address masked
//    to that length); a lookup probes each length in use, at most 33 for
//    IPv4 and 129 for IPv6, whatever the number of blocks.
//  * Domains: a hash map of lower-cased names; a value hits every listed
//    domain it equals or is a subdomain of ("a.b.evil.com" hits "evil.com",
//    "evil.com" does not hit "a.evil.com"). A `*.evil.com` entry is the same
//    as `evil.com`.
//  * URLs: normalised (scheme dropped, host lower-cased, default port and a
//    trailing '/' removed, fragment removed) and kept in a hash map, so
//    "HTTPS://Evil.com/x/" hits "http://evil.com/x".
//  * Hashes: MD5, SHA-1, SHA-256, SHA-512 as lower-case hex.
//  * E-mail addresses: lower-cased.
//
// Scanning. ScanValue() finds candidate tokens inside any text (an IP in
// "c-ip", a domain inside a URL inside "cs-uri-query", a SHA-256 after "z2=")
// with one pass of a byte-class scanner and looks each token up; token kinds
// with no entries in the set are not even extracted. Tokens are delimited
// the way analysts expect: a hash must not be part of a longer alphanumeric
// run, an IP not part of a longer dotted number, a domain is a dotted run of
// [A-Za-z0-9_-] ending in an alphabetic label.
//
// Every entry carries a caller-chosen `tag` (IocList uses the index of the
// indicator it came from); several entries may share a value, and each hit
// reports every tag of the value it matched.
//
// Thread-safety: Add* must not run concurrently with anything else; after
// that, Lookup/Scan are const and may run from many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "rampart/core/status.h"
#include "rampart/detect/event.h"

namespace rampart::detect {

enum class IocType : uint8_t {
  kIpv4, kIpv6, kCidr4, kCidr6, kDomain, kUrl, kEmail, kMd5, kSha1, kSha256, kSha512,
};

// "ipv4", "ipv6", "cidr4", "cidr6", "domain", "url", "email", "md5", "sha1", "sha256", "sha512".
std::string_view IocTypeName(IocType type);

// An indicator value after type detection and normalisation.
struct IocValue {
  IocType type = IocType::kIpv4;
  std::string value;  // canonical text: "10.0.0.0/8", "evil.com", "evil.com/x" (URL without scheme), lower-case hash
};

// Detects the type of `text` (already refanged and trimmed) and normalises
// it. nullopt if it is none of the types above.
std::optional<IocValue> ClassifyIoc(std::string_view text);

// The same, when the caller knows the type (from a STIX path): nullopt if
// `text` is not a valid value of that type.
std::optional<IocValue> NormalizeIoc(IocType type, std::string_view text);

// One hit of ScanValue.
struct IocHit {
  IocType type = IocType::kIpv4;
  std::string_view token;  // the matched text inside the scanned value (view into it)
  std::string_view ioc;    // the set entry it matched (canonical text; view into the set)
  const uint32_t* tags = nullptr;  // the entry's tags, `tag_count` of them (owned by the set)
  size_t tag_count = 0;
};

class IocSet {
 public:
  IocSet();
  ~IocSet();
  IocSet(IocSet&&) noexcept;
  IocSet& operator=(IocSet&&) noexcept;

  // Adds a normalised value with `tag`. Adding the same value again adds the
  // tag to it (a tag is recorded once per value).
  void Add(const IocValue& value, uint32_t tag);

  // Number of distinct values, and per type.
  size_t size() const;
  size_t count(IocType type) const;
  bool empty() const { return size() == 0; }

  // Calls `fn` for every entry hit by a token found in `value` (in token
  // order; a token hitting several entries, e.g. a domain and its parent,
  // reports each). Returns the number of hits.
  size_t ScanValue(std::string_view value, absl::FunctionRef<void(const IocHit&)> fn) const;

  // The hits of ScanValue(text), for large texts (a whole log chunk, many
  // lines at once) with few hits: a Vectorscan literal prefilter (built on
  // first use after the last Add, thread-safe) finds where an entry's
  // literal occurs, and only the whitespace-delimited runs around those
  // places are scanned. Order: by run, within a run as ScanValue. Sets
  // holding IPv6 addresses or CIDR blocks, or more than 10,000 entries (the
  // prefilter would cost more than it saves), have no prefilter; ScanText
  // then equals ScanValue. Returns the number of hits.
  size_t ScanText(std::string_view text, absl::FunctionRef<void(const IocHit&)> fn) const;

  // The prefilter alone, for callers that want to skip text before they
  // even split it into values (`hunt --ioc` on raw log chunks): calls
  // fn(offset) for the last byte of every place in `text` where an entry's
  // literal occurs (a domain, e-mail, hash or URL host in any case, an IPv4
  // address's ".b.c.d", or a digit, dot, '0', digit: a leading-zero octet).
  // Every token ScanValue would report a hit for, if
  // it appears verbatim in `text`, contains one of these offsets; most
  // offsets are not hits. Returns false (having called nothing) if the set
  // has no prefilter (empty, IPv6 addresses or CIDR blocks, > 10,000) or
  // `text` is 4 GiB or more. Builds the prefilter on first use like ScanText.
  bool FindCandidates(std::string_view text, absl::FunctionRef<void(size_t offset)> fn) const;
  // ScanValue over every field of `event` (Event::Fields order). Returns the
  // number of hits.
  size_t ScanEvent(const Event& event,
                   absl::FunctionRef<void(std::string_view field, const IocHit&)> fn) const;

  // Exact lookups of an already-typed observed value (the STIX pattern
  // fast path): an IPv4/IPv6 address (against addresses and blocks), a
  // domain (and its parents), a URL, a hash or an e-mail address. Calls
  // `fn` per hit like ScanValue.
  size_t LookupValue(IocType type, std::string_view value, absl::FunctionRef<void(const IocHit&)> fn) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::detect
