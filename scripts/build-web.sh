#!/usr/bin/env bash
# Builds the dashboard (web/) into web/dist with Node.js and npm, which
# `rampart serve` serves. Installs Debian's nodejs and npm if missing, the
# npm packages from the committed lockfile (npm ci) when they changed, and
# rebuilds only when a source is newer than the last build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/web"
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "setup: installing Debian packages: nodejs npm" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
cd "$web"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "web: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
stamp="dist/index.html"
if [[ -f "$stamp" ]] && [[ -z "$(find src index.html vite.config.ts package-lock.json -newer "$stamp" -print -quit)" ]]; then
  exit 0
fi
echo "web: building the dashboard (vite)" >&2
npx --no-install tsc --noEmit
npx --no-install vite build --logLevel warn
