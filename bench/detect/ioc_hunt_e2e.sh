#!/usr/bin/env bash
# `rampart hunt --ioc` end to end against `rg -F -c -f` on the same log and
# list: checks first that both find the same lines, then prints wall, user
# and sys seconds per run and the rg/rampart ratios (CPU and wall), with the
# load average. Usage:
#   bench/detect/ioc_hunt_e2e.sh RAMPART LOG IOC_LIST [THREADS...]
# e.g. bench/detect/ioc_hunt_e2e.sh build-ingest/src/cli/rampart /tmp/ioc-bench/ex1g.log \
#        /tmp/ioc-bench/iocs100.txt 1 2
# Set NO_PREFILTER=1 to also time --no-ioc-prefilter, NO_RG=1 to skip ripgrep.
set -euo pipefail
rampart=$1 log=$2 list=$3
shift 3
threads=("${@:-1}")
work=$(mktemp -d /tmp/ioc-hunt-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Runs a command under /usr/bin/time; prints "wall user sys".
timed() {
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || true
  tail -1 "$work/time"
}
lines_hit() {  # distinct (file, line) of a jsonl hit file
  python3 -c 'import json,sys; print(len({(h["source"]["file"], h["source"]["line"]) for h in map(json.loads, open(sys.argv[1]))}))' "$1"
}

echo "log: $log ($(stat -c %s "$log") bytes), list: $list ($(grep -cv '^#' "$list") lines), $(date -u +%FT%TZ), nproc $(nproc)"
rg_wall= rg_cpu=
if [[ -z "${NO_RG:-}" ]]; then
  read -r w u s < <(timed rg -F -c -f "$list" "$log")
  rg_lines=$(cat "$work/stdout")
  rg_wall=$w rg_cpu=$(echo "$u + $s" | bc)
  printf '%-34s wall %7.2f  user %6.2f  sys %5.2f  lines %s  load %s\n' "rg -F -c -f" "$w" "$u" "$s" "$rg_lines" \
    "$(cut -d' ' -f1 /proc/loadavg)"
fi
modes=("")
[[ -n "${NO_PREFILTER:-}" ]] && modes+=("--no-ioc-prefilter")
for t in "${threads[@]}"; do
  for m in "${modes[@]}"; do
    read -r w u s < <(timed "$rampart" --db "$work/none.db" hunt $m --threads "$t" --ioc "$list" \
                        --output jsonl --out "$work/hits.jsonl" "$log")
    n=$(lines_hit "$work/hits.jsonl")
    summary=$(grep -o 'summary: .*records' "$work/stderr" "$work/stdout" | head -1 | sed 's/.*summary: //')
    cpu=$(echo "$u + $s" | bc)
    ratio=""
    if [[ -n "$rg_cpu" ]]; then
      [[ "$n" == "$rg_lines" ]] || { echo "MISMATCH: rampart $n lines, rg $rg_lines" >&2; exit 1; }
      ratio=$(printf 'rg/rampart CPU %.2fx wall %.2fx' "$(echo "$rg_cpu / $cpu" | bc -l)" "$(echo "$rg_wall / $w" | bc -l)")
    fi
    printf '%-34s wall %7.2f  user %6.2f  sys %5.2f  lines %s  load %s  %s  [%s]\n' "hunt --threads $t $m" "$w" "$u" "$s" \
      "$n" "$(cut -d' ' -f1 /proc/loadavg)" "$ratio" "$summary"
  done
done
