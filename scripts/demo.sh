#!/usr/bin/env bash
# The founding story, on the embedded default, from a fresh machine:
#   1. build rampart (installing Debian packages if needed),
#   2. import MITRE ATT&CK and the MISP galaxy into a fresh knowledge base,
#   3. show the two actors of the story, APT40 and HAFNIUM, merged across sources,
#   4. read the founding article and store what it claims, with sources and confidence,
#   5. hunt generated Exchange logs with the Sigma rules and an IOC list.
# Everything runs with the real `rampart` commands; read this file to see them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh" --target rampart >&2
build="${RAMPART_BUILD_DIR:-$root/build}"
data="$(cd "${RAMPART_DATA_DIR:-$root/../shared/data}" && pwd)"
tools="$(cd "${RAMPART_TOOLS_DIR:-$root/../shared/tools}" && pwd)"
work="${RAMPART_DEMO_DIR:-$build/demo}"
mkdir -p "$work"
rampart="$build/src/cli/rampart"
export RAMPART_DB="$work/rampart.db"
rm -f "$RAMPART_DB" "$RAMPART_DB-wal" "$RAMPART_DB-shm"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }
# Commands whose exit status carries meaning (1 = not found / hits) must not stop the demo.
step_any() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}" || true; }

step "Know: import MITRE ATT&CK Enterprise and the MISP galaxy clusters" \
  "$rampart" intel import "$data/attack/enterprise-attack.json" "$data"/galaxy/*.json
step "Who is APT 40? (alias resolution: APT 40 = APT40 = Leviathan = G0065)" \
  "$rampart" intel get "APT 40"
step "Who is HAFNIUM?" "$rampart" intel get HAFNIUM

step "Attribute: read the founding article and store its claims" \
  "$rampart" report ingest "$data/seed/national-post-china-cyber-attack.txt" \
  --source "National Post" --published 2021-07-19
step "APT40 now carries the article's claims beside the imported ones" \
  "$rampart" intel get APT40

logs="$work/exchange"
mkdir -p "$logs"
if [[ ! -s "$logs/u_ex210302.log" ]]; then
  python3 "$tools/gen-exchange-logs" --events 200000 --seed 7 --attack-rate 2e-4 \
    --out "$logs/u_ex210302.log" --truth "$logs/truth.jsonl" --quiet
  python3 "$tools/gen-iocs" -n 1000 --seed 7 --out "$logs/iocs.txt" 2>/dev/null
fi
step_any "Hunt: Sigma rules (all folders) over 200,000 Exchange IIS log lines" \
  "$rampart" hunt --rules "$data/sigma" --min-level high "$logs/u_ex210302.log"
step_any "Hunt: an IOC list of 1,000 indicators over the same logs, hits kept as sightings" \
  "$rampart" hunt --ioc "$logs/iocs.txt" --output jsonl --out "$logs/ioc-hits.jsonl" --store "$logs/u_ex210302.log"
printf '\nIOC hits written to %s (%s lines); injected attack lines: %s\n' \
  "$logs/ioc-hits.jsonl" "$(wc -l <"$logs/ioc-hits.jsonl")" "$(wc -l <"$logs/truth.jsonl")"
printf 'Knowledge base: %s\n' "$RAMPART_DB"
