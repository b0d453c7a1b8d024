// Text from outside input, made safe to print on a terminal.
//
// Error messages quote the input they complain about; a log line can hold
// escape sequences (ESC [2J, OSC title changes) or bytes that are not UTF-8.
// FormatError and ingest::ReadIssue::ToString pass their text through here.
#pragma once

#include <string>
#include <string_view>

namespace rampart {

// `text` fit for a terminal: control bytes (other than tab), DEL and bytes
// that are not well-formed UTF-8 become "\n", "\r" or "\xNN" (two lower-case
// hex digits); a backslash stays as it is. Valid UTF-8 text without control
// bytes is returned unchanged. Thread-safe.
std::string EscapeControlBytes(std::string_view text);

}  // namespace rampart
