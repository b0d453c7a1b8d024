// Bridging std::string_view and Debian's Abseil.
//
// Debian 12 builds Abseil with ABSL_OPTION_USE_STD_STRING_VIEW=0, so
// absl::string_view is a distinct type and absl::StrCat & co. do not accept a
// std::string_view. rampart code uses std::string_view and fmt::format for
// building text, and converts with these at the Abseil boundary
// (Status messages, absl::StrSplit, heterogeneous hash lookups).
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace rampart {

inline absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace rampart
