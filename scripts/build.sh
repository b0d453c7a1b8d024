#!/usr/bin/env bash
# Builds the dashboard (scripts/build-web.sh) and configures and builds
# rampart (Release, Ninja) into ./build.
#   scripts/build.sh [--target NAME]... [extra cmake -D options]
# With --target only those targets are built (scripts/demo.sh builds the
# `rampart` binary alone); without, everything: tests and benchmarks too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets=()
cmake_args=()
while (($#)); do
  if [[ "$1" == --target ]]; then
    targets+=(--target "$2")
    shift 2
  else
    cmake_args+=("$1")
    shift
  fi
done
"$root/scripts/setup-debian.sh"
"$root/scripts/build-web.sh"
build="${RAMPART_BUILD_DIR:-$root/build}"
jobs="${RAMPART_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${cmake_args[@]}" >/dev/null
cmake --build "$build" -j "$jobs" "${targets[@]}"
