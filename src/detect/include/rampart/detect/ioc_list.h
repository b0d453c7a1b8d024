// IOC lists as analysts hand them over (`rampart hunt --ioc FILE`).
//
// Two formats, told apart by the first non-blank byte:
//  * A STIX bundle (or an array of objects), '{' or '[': every `indicator`
//    with pattern_type "stix" (or none) goes to `patterns`, matched with
//    STIX semantics by the pattern matcher (stix_pattern_matcher.h).
//    Revoked indicators are skipped (and counted).
//  * Plain text: one indicator per line, its type detected (IPv4, IPv6,
//    CIDR, domain, URL, e-mail, MD5/SHA-1/SHA-256/SHA-512). Blank lines and
//    lines starting with '#' are ignored; text after the first whitespace is
//    taken as the indicator's name (so a list may carry
//    comments after the value). Defanged forms are refanged first:
//    hxxp(s) -> http(s), [.] (.) {.} [dot] -> ., [:] -> :, [://] -> ://,
//    [@] [at] -> @.
//
// Bad input. A line (or indicator) whose value cannot be typed is not
// silently dropped: it is listed in `rejected` with its line (or object
// index and id) and the reason, and parsing goes on. Only an unreadable
// file or a bundle that is not JSON is an error (InvalidInput with
// file:line:column).
//
// Thread-safety: the functions are pure; an IocList is a plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/detect/ioc_set.h"

namespace rampart::detect {

// An indicator as the STIX pattern matcher takes it (from a bundle, or from
// the knowledge base in `hunt --intel`).
struct IndicatorSpec {
  std::string id;            // "indicator--..."; for plain lists "<file>:<line>"
  std::string name;          // `name`, or the value itself
  std::string description;
  std::string pattern;       // STIX pattern text
  std::string pattern_version = "2.1";  // "2.0" selects the 2.0 grammar
  std::optional<TimestampUs> valid_from, valid_until;
  bool revoked = false;
  std::vector<std::string> labels;  // indicator_types, labels
};

// One IOC value of a list, with the indicator it came from.
struct IocEntry {
  IocValue value;
  uint32_t indicator = 0;  // index into IocList::indicators
  int64_t line = 0;        // 1-based line for plain lists; 0 for STIX
};

struct IocRejected {
  std::string where;   // "file:line" or "file: object N (id)"
  std::string text;    // the offending text (truncated to 200 bytes)
  std::string reason;
};

struct IocList {
  std::vector<IndicatorSpec> indicators;  // every accepted indicator (plain lines become one each)
  std::vector<IocEntry> entries;          // IOC values for IocSet
  std::vector<uint32_t> patterns;         // indicators (indexes) that need the pattern matcher
  std::vector<IocRejected> rejected;
  int64_t revoked_skipped = 0;
};

// Refangs one value (see above). Returns the input unchanged if not defanged.
std::string Refang(std::string_view text);

// Parses list `text`; `file` names it in `where` strings and errors.
Result<IocList> ParseIocList(std::string_view text, std::string_view file);

// Reads and parses `path` ("-" = standard input).
Result<IocList> ReadIocList(const std::string& path);

// The IOC values of a STIX pattern that is only equality tests on IOC-typed
// paths (`[ipv4-addr:value = 'x']`, OR-ed tests, IN sets, `ipv4-addr:value
// ISSUBSET 'cidr'`, file hashes, domain-name, url, email-addr, ipv6-addr),
// normalised as IocSet entries (for listing and prefiltering; hunting a STIX
// indicator goes through the pattern matcher); nullopt otherwise (including
// when it does not parse).
std::optional<std::vector<IocValue>> EqualityIocs(std::string_view pattern, std::string_view version = "2.1");

// Builds an IocSet from `list.entries`, tagging each value with its
// indicator index.
IocSet BuildIocSet(const IocList& list);

}  // namespace rampart::detect
