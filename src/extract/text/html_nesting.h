// Internal: bounding the nesting of html before it is parsed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rampart::extract::text::internal {

// Elements html may hold open at once before start tags are dropped.
inline constexpr size_t kMaxHtmlOpenElements = 256;

// Scans `html` once (linear time). If more than `max_open` elements would be
// open at once, writes to `out` a copy without the start tags past that
// bound (and as many of the end tags that follow) and returns true; their
// text stays. Returns false, leaving `out` alone, if nothing is dropped.
// Void, implicitly closed (p, li, td ...) and raw-text (script, style ...)
// elements, and "<x/>" inside svg or math, are not counted; comments and raw
// text are skipped.
bool BoundHtmlNesting(std::string_view html, size_t max_open, std::string& out);

}  // namespace rampart::extract::text::internal
