// RFC 3339 timestamps as STIX writes them ("2021-03-02T00:00:00.000Z").
//
// Internally a timestamp is microseconds since the Unix epoch, UTC (int64),
// which orders, compares and subtracts without surprises. Parsing accepts the
// forms found in real feeds: 'Z' or a numeric offset, 0-9 fraction digits, a
// ' ' instead of 'T', and a bare date ("2021-03-02" = midnight UTC).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rampart/core/status.h"

namespace rampart {

using TimestampUs = int64_t;

// Parses `text`; InvalidInput naming what was expected on failure.
Result<TimestampUs> ParseTimestamp(std::string_view text);

// True if `text` is a STIX 2.1 timestamp exactly: "YYYY-MM-DDTHH:MM:SS[.s+]Z".
bool IsStixTimestamp(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS.mmmZ" (millisecond precision, as STIX recommends).
std::string FormatTimestamp(TimestampUs t);

// Parses a user-facing "since/until" value: an RFC 3339 timestamp or date, or
// a relative span back from `now` ("30d", "12h", "15m").
Result<TimestampUs> ParseTimeOrAgo(std::string_view text, TimestampUs now);

}  // namespace rampart
