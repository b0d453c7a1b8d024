// UUIDs as STIX uses them: random v4 for new domain objects, name-based v5 for
// deterministic ids (cyber observables, rampart's own derived objects).
#pragma once

#include <string>
#include <string_view>

namespace rampart {

// A random RFC 4122 version-4 UUID, lower-case "8-4-4-4-12". Thread-safe.
std::string UuidV4();

// RFC 4122 version-5 UUID of `name` in `namespace_uuid` (SHA-1 based).
// REQUIRES: namespace_uuid is a canonical "8-4-4-4-12" UUID; otherwise the
// all-zero namespace is used (never throws).
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

// The STIX 2.1 namespace for SCO ids: 00abedb4-aa42-466c-9c01-fed23315a9b7.
inline constexpr std::string_view kStixScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";

// rampart's own namespace for deterministic ids of objects it derives
// (merged actors, sectors, claims, reports of a given document).
inline constexpr std::string_view kRampartNamespace = "6f1c3f0e-5a1e-4d0b-9a8a-72616d706172";

// True if `text` is a canonical lower- or upper-case "8-4-4-4-12" UUID.
bool IsUuid(std::string_view text);

}  // namespace rampart
