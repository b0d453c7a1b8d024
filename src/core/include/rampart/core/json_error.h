// nlohmann::json exception texts as rampart messages.
//
// nlohmann reports "[json.exception.parse_error.101] parse error at line 3,
// column 5: syntax error while parsing object - unexpected end of input;
// expected string literal". Users see the file:line:column from the error's
// context and the part that says what is wrong; the library's exception id
// never reaches a message.
#pragma once

#include <string>
#include <string_view>

namespace rampart {

// The reason in an nlohmann::json exception text `what`, without the
// "[json.exception.KIND.N]" id and without the position (which callers put in
// the ErrorContext), e.g. "unexpected end of input; expected string literal
// (in a JSON object)". Text that is not an nlohmann message is returned as is.
std::string DescribeJsonError(std::string_view what);

}  // namespace rampart
