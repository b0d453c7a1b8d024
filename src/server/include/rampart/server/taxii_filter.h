// The URL parameters of TAXII 2.1's paginated endpoints (objects, manifest,
// object by id, versions), parsed and checked before any store access.
//
//   added_after=<RFC 3339 timestamp>        strictly later date_added
//   limit=<1..1000>                          page size (default 100)
//   next=<cursor>                            a cursor this server returned
//   match[id]=a,b  match[type]=a,b           OR within a key, AND across keys
//   match[version]=last|first|all|<ts>,...   default last
//   match[spec_version]=2.0,2.1              default: the latest (2.1)
//
// A parameter the endpoint does not take, an empty or malformed value, a
// type that is not a STIX type name, an id that is not a STIX id: 400. The
// cursor is "<date_added µs>.<seq>" in decimal and is otherwise opaque.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/server/http.h"
#include "rampart/store/store.h"

namespace rampart::server {

struct TaxiiFilter {
  store::AddedQuery query;                 // limit, added_after, cursor, ids, types, versions
  std::vector<std::string> spec_versions;  // empty = "2.1"
};

// Which parameters an endpoint accepts (the spec's table).
enum class TaxiiEndpoint { kObjects, kManifest, kObjectById, kVersions };

Result<TaxiiFilter> ParseTaxiiFilter(const QueryParams& params, TaxiiEndpoint endpoint);

// The cursor text for a position, and back (InvalidInput on anything else).
std::string FormatCursor(TimestampUs added, int64_t seq);
Result<std::pair<TimestampUs, int64_t>> ParseCursor(std::string_view text);

// TAXII's date_added form: "2021-03-02T10:11:12.123456Z" (6 digits).
std::string FormatDateAdded(TimestampUs added);

// Accept negotiation: true if `accept` (a header value, "" = anything) admits
// `media_type` ("application/taxii+json"), honouring a version parameter
// (only "2.1" is spoken), wildcards and q=0.
bool AcceptsMediaType(std::string_view accept, std::string_view media_type);

}  // namespace rampart::server
