// The resolver moved into the store module (rampart/store/resolve.h) so that
// the server resolves names exactly as the CLI does; these names keep the CLI's
// callers unchanged.
#pragma once

#include "rampart/store/resolve.h"

namespace rampart::cli {

using store::Resolution;
using store::ResolveObject;
using store::TypePriority;

}  // namespace rampart::cli
