// Logging: spdlog to standard error. Messages for the user (what went wrong
// and where) go through here, never through stdout, which belongs to results.
#pragma once

#include <spdlog/spdlog.h>

namespace rampart {

// Sets the global level: 0 = warnings and errors only, 1 = info, 2 = debug.
// Thread-safe; call once at start-up.
void InitLogging(int verbosity);

}  // namespace rampart
