// English words that are also names of actors, malware, tools or campaigns
// somewhere in ATT&CK, MISP galaxies or Malpedia (internal).
#pragma once

#include <string_view>

namespace rampart::extract {

// True if the normalised key is a common English word.
bool IsCommonWord(std::string_view key);

}  // namespace rampart::extract
