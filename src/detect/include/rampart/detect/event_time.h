// Event time from the text logs write, for --since/--until.
//
// Faster and looser than rampart::ParseTimestamp (core/time.h), because log
// records rarely carry a zone: a missing zone means UTC (IIS, Sysmon UtcTime
// and EVTX SystemTime are UTC by definition).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rampart::detect {

// Accepts "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]" with an optional
// "Z" or "+HH:MM"/"-HH:MM"/"+HHMM" suffix (W3C date + time columns joined
// with a space are this form), "M/D/YYYY[ H:MM[:SS][ AM|PM]]" (D/M/YYYY when
// the first number is above 12), epoch seconds ("1614556801" or
// "1614556801.123456", as Zeek writes `ts`) and epoch milliseconds (13
// digits, "1614556801123"). nullopt if it is none of these or a field is out
// of range (a day the month does not have, such as 2021-02-30).
std::optional<int64_t> ParseEventTime(std::string_view text);

// Microseconds since the epoch for a civil UTC date and time (no range checks).
int64_t CivilToUs(int year, int month, int day, int hour, int minute, int second);

}  // namespace rampart::detect
