// One MISP attribute -> the cyber observables (SCOs, deterministic ids) and
// the STIX pattern that stand for it.
//
//   ip-src, ip-dst (and |port)     ipv4-addr / ipv6-addr      [ipv4-addr:value = '..']
//   domain, hostname               domain-name                [domain-name:value = '..']
//   domain|ip, hostname|port       domain-name (+ address)    ... AND ...
//   url, uri                       url                        [url:value = '..']
//   md5 sha1 sha256 sha512         file (hashes)              [file:hashes.'SHA-256' = '..']
//   filename, filename|<hash>      file (name, hashes)        [file:name = '..' AND file:hashes...]
//   email, email-src, email-dst    email-addr                 [email-addr:value = '..']
//   mutex                          mutex                      [mutex:name = '..']
//   regkey                         windows-registry-key       [windows-registry-key:key = '..']
//   AS                             autonomous-system          [autonomous-system:number = N]
//
// Other types (text, comment, link, vulnerability ...) have no observable;
// the event converter handles vulnerability and link itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rampart::intel::internal {

struct Observable {
  std::vector<nlohmann::json> scos;  // each with type, spec_version, id
  std::string pattern;               // STIX pattern over them
};

// nullopt if `type` has no observable or `value` does not fit the type
// (an ip-src that is not an address, an md5 that is not 32 hex digits).
std::optional<Observable> AttributeObservable(std::string_view type, std::string_view value);

// The STIX 2.1 deterministic SCO id of `sco` (stix/sco_id.h).
std::string ScoId(const nlohmann::json& sco);

// A pattern string literal: quotes and backslashes escaped.
std::string PatternString(std::string_view value);

}  // namespace rampart::intel::internal
