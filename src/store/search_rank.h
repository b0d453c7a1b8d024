// Search ranking shared by every backend: objects whose name or an alias
// equals the query under NormalizeName() ("APT 40" = APT40) come first, then
// the backend's full-text hits in their own order.
#pragma once

#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/store/store.h"

namespace rampart::store::internal {

// `full_text` is the backend's ranked hits for `text` (lower rank = better).
// Returns the name matches (snippet "[the matching name or alias]", or the
// full-text snippet when the object is among those hits too) ranked before
// the best full-text rank, then the other full-text hits, at most `limit`
// (<= 0: all). Errors only from store.FindByName.
Result<std::vector<SearchHit>> RankNamedFirst(Store& store, std::string_view text, std::string_view type,
                                              std::vector<SearchHit> full_text, int limit);

}  // namespace rampart::store::internal
