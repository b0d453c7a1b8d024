#!/usr/bin/env bash
# `rampart hunt` with every Windows Sigma rule over JSON lines, end to end on
# one thread (reading, matching and writing every hit as JSON lines), on two
# corpora built at run time in a temporary folder (nothing is kept):
#   dense   the SigmaHQ regression events (every one written to fire a rule),
#           repeated with fresh EventRecordIDs to DENSE_EVENTS (default 99,960);
#   sparse  every record of the EVTX attack samples as JSON lines (rampart's own
#           event JSON, as `hunt --output jsonl` writes it), repeated with fresh
#           EventRecordIDs to SPARSE_BYTES (default 1G); most fire nothing.
# The rule cache is warmed first, so rule compilation is not timed. Prints wall,
# user and sys seconds, events, hits and events/s per core (events / (user + sys)),
# with the load average. Usage:
#   bench/detect/sigma_json_e2e.sh RAMPART [dense|sparse|both]
# e.g. SPARSE_BYTES=200M bench/detect/sigma_json_e2e.sh build/src/cli/rampart both
set -euo pipefail
rampart=$(realpath "$1")
which=${2:-both}
data=${RAMPART_DATA_DIR:-$(dirname "$0")/../../../shared/data}
data=$(realpath "$data")
rules="$data/sigma/rules/windows"
work=$(mktemp -d "${TMPDIR:-/tmp}/sigma-json-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT

timed() {  # "wall user sys" of one run; stdout to a file, stderr kept
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || true
  tail -1 "$work/time"
}

run() {  # name corpus events
  local name=$1 corpus=$2 events=$3
  "$rampart" --db "$work/none.db" hunt --rule-cache "$work/cache" --threads 1 --rules "$rules" \
    --output jsonl "$data/sigma/regression/rules/windows/file/file_event" > /dev/null 2>&1 || true
  read -r w u s < <(timed "$rampart" --db "$work/none.db" hunt --rule-cache "$work/cache" --threads 1 \
                      --rules "$rules" --output jsonl "$corpus")
  local hits cpu
  hits=$(wc -l < "$work/stdout")
  cpu=$(echo "$u + $s" | bc)
  printf '%-7s %9d events %6d MB  wall %6.2f  user %6.2f  sys %5.2f  hits %7d  %8.0f events/s per core  load %s\n' \
    "$name" "$events" "$(( $(stat -c %s "$corpus") >> 20 ))" "$w" "$u" "$s" "$hits" \
    "$(echo "$events / $cpu" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "rampart: $rampart ($(date -u +%FT%TZ), nproc $(nproc)), rules: $rules"
if [[ $which == dense || $which == both ]]; then
  python3 - "$data/sigma/regression" "$work/dense.jsonl" "${DENSE_EVENTS:-99960}" <<'PY'
import json, pathlib, sys
root, out, want = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
events = []
for line in open(root / "manifest.jsonl"):
    for f in json.loads(line)["json_files"]:
        text, at, dec = (root / f).read_text(), 0, json.JSONDecoder()
        while True:
            while at < len(text) and text[at].isspace():
                at += 1
            if at >= len(text):
                break
            obj, at = dec.raw_decode(text, at)
            events.append(obj)
with open(out, "w") as o:
    for n in range(want):
        e = events[n % len(events)]
        e["Event"]["System"]["EventRecordID"] = n + 1
        o.write(json.dumps(e, separators=(",", ":")) + "\n")
PY
  run dense "$work/dense.jsonl" "${DENSE_EVENTS:-99960}"
fi
if [[ $which == sparse || $which == both ]]; then
  # Every EVTX record once, as rampart's event JSON: a rule that matches any event.
  cat > "$work/all.yml" <<'YML'
title: Every event
logsource: {product: windows}
detection: {any: {EventID|exists: true}, condition: any}
YML
  "$rampart" --db "$work/none.db" hunt --no-rule-cache --rules "$work/all.yml" --output jsonl \
    "$data/evtx" > "$work/all-hits.jsonl" 2> /dev/null || true
  python3 - "$work/all-hits.jsonl" "$work/sparse.jsonl" "${SPARSE_BYTES:-1G}" <<'PY'
import json, sys
src, out, size = sys.argv[1], sys.argv[2], sys.argv[3]
limit = int(size[:-1]) * {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[size[-1]] if size[-1] in "KMG" else int(size)
events = [json.loads(line)["event"] for line in open(src)]
written = n = 0
with open(out, "w") as o:
    while written < limit:
        e = events[n % len(events)]
        if "EventRecordID" in e:
            e["EventRecordID"] = n + 1
        line = json.dumps(e, separators=(",", ":")) + "\n"
        o.write(line)
        written += len(line)
        n += 1
print(n, file=open(out + ".count", "w"))
PY
  run sparse "$work/sparse.jsonl" "$(cat "$work/sparse.jsonl.count")"
fi
