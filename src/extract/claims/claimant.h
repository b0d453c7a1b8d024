// Claimant detection (internal).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "claims/pipeline.h"

namespace rampart::extract::internal {

// [begin, end) byte ranges of quotations in a sentence.
std::vector<std::pair<size_t, size_t>> QuoteRegions(std::string_view sentence);
// The same into `out` (cleared first; its capacity is reused).
void QuoteRegions(std::string_view sentence, std::vector<std::pair<size_t, size_t>>* out);
// Whether QuoteRegions(sentence) is not empty: the sentence has an ASCII
// quote or an opening curly one.
bool HasQuote(std::string_view sentence);

// The government identity that speaks for a country entity.
size_t GovernmentOf(DocState* st, size_t country);

// The entity index of the sentence's speaker, or kPublication. Sets
// *has_quote if the sentence quotes someone.
size_t FindClaimant(DocState* st, size_t s, size_t previous_quote_claimant,
                    bool* has_quote);

}  // namespace rampart::extract::internal
