// The FTS5 query built from a user's search words (exposed for tests).
#pragma once

#include <string>
#include <string_view>

namespace rampart::store::internal {

// Every whitespace-separated word of `text` that holds a letter or digit,
// as an escaped FTS5 prefix phrase, ANDed: `APT "40` -> `"APT"* AND """40"*`.
// Empty if no word qualifies (the search then finds nothing). Never yields
// FTS5 syntax from the user's text.
std::string BuildFtsQuery(std::string_view text);

}  // namespace rampart::store::internal
