#!/usr/bin/env bash
# The founding story, on the embedded default, from a fresh machine:
#   1. build rampart (installing Debian packages if needed),
#   2. import MITRE ATT&CK and the MISP galaxy into a fresh knowledge base,
#   3. show the two actors of the story, APT40 and HAFNIUM, merged across sources,
#   4. read the founding article and store what it claims, with sources and confidence,
#   5. hunt generated Exchange logs with the Sigma rules and an IOC list,
#   6. know the constituency, hunt two constituents' Exchange servers and open
#      their incidents (attributed to HAFNIUM through the rules' ATT&CK tags),
#   7. warn every constituent running a vulnerable Exchange, queue the
#      deliveries, count it all,
#   8. serve the dashboard, the REST API and TAXII 2.1 (Ctrl-C stops it;
#      RAMPART_DEMO_SERVE=0 ends the demo before it).
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

step "Respond: the constituency -- 28 departments and agencies with sectors, networks, software" \
  "$rampart" constituent import "$root/examples/constituents.yaml"
step "The Exchange vulnerabilities of March 2021, with the builds that fix them" \
  "$rampart" intel import "$root/examples/exchange-2021-vulnerabilities.json"
# Two constituents' Exchange servers: the Department of Health (10.2.10.25)
# and the Ministry of Energy (10.5.10.25), both unpatched.
for spec in "health 10.2.10.25 MAIL01 health.example.gov" "energy 10.5.10.25 EXCH01 energy.example.gov"; do
  read -r who ip server domain <<<"$spec"
  if [[ ! -s "$logs/$who.log" ]]; then
    python3 "$tools/gen-exchange-logs" --events 50000 --seed "$who" --attack-rate 5e-4 --server-ip "$ip" \
      --server "$server" --domain "$domain" --out "$logs/$who.log" --truth "$logs/$who.truth.jsonl" --quiet
  fi
done
step_any "Hunt both servers' logs; hits are kept as sightings and correlated into incidents" \
  "$rampart" hunt --rules "$data/sigma" --min-level high --store --output jsonl --out "$logs/constituent-hits.jsonl" \
  "$logs/health.log" "$logs/energy.log"
step "Incidents opened, by constituent and intrusion set" "$rampart" incident list
step "Warn: an advisory for every constituent running a vulnerable Exchange, and only them" \
  "$rampart" advise --rules "$data/sigma/rules/web"
step "Each advisory is queued for its constituent's contacts (rampart deliver sends them)" \
  "$rampart" deliveries list
step "Statistics a centre publishes: incidents and advisories by sector" "$rampart" stats --by sector

printf '\nKnowledge base: %s\n' "$RAMPART_DB"
if [[ "${RAMPART_DEMO_SERVE:-1}" != 0 ]]; then
  printf '\n\033[1m== Share: the dashboard, REST API and TAXII 2.1 (sign in with the credential below; Ctrl-C stops)\033[0m\n'
  exec "$rampart" serve --listen "${RAMPART_LISTEN:-127.0.0.1:8480}" --access-log /dev/null
fi
