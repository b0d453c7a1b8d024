// IP addresses and CIDR blocks as one 128-bit number line.
//
// IPv4 addresses are mapped into IPv6 (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), so
// one sorted range table answers v4 and v6 alike: 10.0.0.0/8 is the range
// ::ffff:10.0.0.0 - ::ffff:10.255.255.255 (prefix 96 + 8). Parsing uses
// inet_pton; nothing here allocates except FormatCidr. Thread-safe. (A v6
// block that covers ::ffff:0:0/96, such as ::/0, covers every IPv4 address.)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rampart/core/status.h"

namespace rampart::respond {

using Address = unsigned __int128;

// A block [first, last]; `v4` if it was written as IPv4.
struct Cidr {
  Address first = 0;
  Address last = 0;
  int prefix = 0;  // as written: 0-32 for v4, 0-128 for v6
  bool v4 = false;
};

// "10.1.2.3", "2001:db8::1", "[2001:db8::1]", "::ffff:10.1.2.3"; nullopt if
// `text` is not an address. A zone ("fe80::1%eth0") is not accepted.
std::optional<Address> ParseAddress(std::string_view text);

// "10.20.0.0/16", "2001:db8::/32", or a bare address (a /32 or /128).
// Host bits are cleared ("10.20.1.1/16" is 10.20.0.0/16). InvalidInput
// naming the text if it is not a CIDR.
Result<Cidr> ParseCidr(std::string_view text);

// Canonical text: "10.20.0.0/16", "2001:db8::/32".
std::string FormatCidr(const Cidr& cidr);

// True if the two blocks share at least one address.
inline bool Overlaps(const Cidr& a, const Cidr& b) { return a.first <= b.last && b.first <= a.last; }

}  // namespace rampart::respond
