#!/usr/bin/env bash
# Configures and builds rampart (Release, Ninja) into ./build.
#   scripts/build.sh [extra cmake -D options]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup-debian.sh"
build="${RAMPART_BUILD_DIR:-$root/build}"
jobs="${RAMPART_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" -j "$jobs"
