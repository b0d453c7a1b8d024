// Deterministic ids for cyber-observables (STIX 2.1 §2.9; digest §1.3).
//
// id = "<type>--" + UUIDv5(namespace 00abedb4-aa42-466c-9c01-fed23315a9b7,
// JCS(RFC 8785) text of an object holding only the type's ID-contributing
// properties that are present). When `hashes` contributes, only one entry is
// used: MD5, else SHA-1, else SHA-256, else SHA-512, else the first key in
// canonical order. Values are hashed exactly as given (no case folding or
// URL normalisation: normalise before calling if you need to).
//
// Contributing properties (python-stix2's table):
//   artifact: hashes, payload_bin            autonomous-system: number
//   directory: path                          domain-name, email-addr, ipv4-addr,
//   email-message: from_ref, subject, body     ipv6-addr, mac-addr, url: value
//   file: hashes, name, extensions, parent_directory_ref
//   mutex: name                              network-traffic: start, end, src_ref,
//   software: name, cpe, swid, vendor,         dst_ref, src_port, dst_port,
//     version                                  protocols, extensions
//   user-account: account_type, user_id, account_login
//   windows-registry-key: key, values        x509-certificate: hashes, serial_number
//   process: none (always UUIDv4)
// Thread-safe; stateless.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rampart/core/status.h"

namespace rampart::stix {

struct ScoId {
  std::string id;              // "<type>--<uuid>"
  bool deterministic = false;  // false: UUIDv4 (process, or nothing contributed)
};

// The id `sco` should carry. InvalidInput if `sco` has no string `type` or
// the type is not one of the 18 STIX 2.1 SCO types.
Result<ScoId> MakeScoId(const nlohmann::json& sco);

// Shorthand for the value-keyed SCOs: ScoIdForValue("ipv4-addr", "198.51.100.7").
// REQUIRES: `type` is domain-name, email-addr, ipv4-addr, ipv6-addr, mac-addr or url.
std::string ScoIdForValue(std::string_view type, std::string_view value);

// The name that is hashed: JCS text of the contributing properties
// ("{\"value\":\"198.51.100.7\"}"); empty when none is present.
Result<std::string> ScoIdName(const nlohmann::json& sco);

// RFC 8785 canonical JSON: no whitespace, object keys sorted by UTF-16 code
// units, strings escaped as ECMAScript JSON.stringify does, integers as
// digits (floats: shortest round-trip form, which equals ECMAScript's for
// values printed without an exponent).
std::string CanonicalJson(const nlohmann::json& value);

}  // namespace rampart::stix
