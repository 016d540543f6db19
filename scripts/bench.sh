#!/usr/bin/env bash
# Times the whole gate against the single-purpose tools it replaces — gosec, govulncheck,
# osv-scanner and gitleaks — on pinned real modules, and prints ratios from the same run:
# cold (no analysis cache), warm (same commit, cache kept) and one changed Go file (the
# cache of the commit before it), each with peak memory. docs/performance.md holds results.
#
#   scripts/bench.sh [--install] [--runs N] --osv DIR [TARGET...]
#
# TARGET is MODULE@VERSION (copied from the module proxy into a git repository) or a
# folder; default: golang.org/x/vuln@v1.9.0 (no vulnerable import) and
# sigs.k8s.io/metrics-server@v0.6.3 (a service with vulnerable imports).
# --osv DIR is a folder of Go OSV records (*.json, e.g. golang/vulndb's data/osv): the
# script builds from it the gate's offline database (DIR/osv-scalibr/Go/all.zip, which
# osv-scanner reads too) and govulncheck's v1 database, so every tool matches offline
# against the same records. --install puts the anchor CLIs (pinned versions) into
# $SHIFTGATE_CACHE/bench/bin. The targets' modules come from the module proxy once, then
# everything runs with GOPROXY=off and warm Go build and module caches.
# Times are wall-clock seconds, the median of N runs (the machine is shared: ratios are
# taken from the same run, tools interleaved).
set -euo pipefail
install=0 runs=3 osv=""
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --osv) osv=$(cd "$2" && pwd); shift 2 ;;
    *) break ;;
  esac
done
[ -n "$osv" ] || { echo "usage: scripts/bench.sh [--install] [--runs N] --osv DIR [TARGET...]" >&2; exit 2; }
[ $# -gt 0 ] || set -- golang.org/x/vuln@v1.9.0 sigs.k8s.io/metrics-server@v0.6.3
here=$(cd "$(dirname "$0")/.." && pwd)
cache="${SHIFTGATE_CACHE:-$HOME/.cache/shiftgate}"
bin="$cache/bench/bin"
mkdir -p "$bin"
export PATH="$bin:$PATH" GOTOOLCHAIN=local GOFLAGS=-mod=mod

if [ "$install" = 1 ]; then
  GOBIN="$bin" go install github.com/securego/gosec/v2/cmd/gosec@v2.28.0
  GOBIN="$bin" go install golang.org/x/vuln/cmd/govulncheck@v1.1.4
  GOBIN="$bin" go install github.com/zricethezav/gitleaks/v8@v8.30.1
  GOBIN="$bin" go install github.com/google/osv-scanner/v2/cmd/osv-scanner@v2.5.1
fi
for t in gosec govulncheck osv-scanner gitleaks; do
  command -v "$t" >/dev/null || { echo "bench: $t is not installed (run with --install)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
go build -trimpath -o "$work/shiftgate" "$here/cmd/shiftgate"
sg="$work/shiftgate"

# The same records for every tool: an all.zip for the gate and osv-scanner, a v1
# database (index/db.json, index/modules.json, ID/<id>.json) for govulncheck.
db="$work/db" govdb="$work/govulndb"
python3 - "$osv" "$db/osv-scalibr/Go/all.zip" "$govdb" <<'EOF'
import json, os, sys, zipfile
src, zpath, gov = sys.argv[1:4]
os.makedirs(os.path.dirname(zpath)); os.makedirs(gov + "/index"); os.makedirs(gov + "/ID")
mods, latest = {}, "1970-01-01T00:00:00Z"
with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(src)):
        if not name.endswith(".json"):
            continue
        raw = open(os.path.join(src, name), "rb").read()
        z.writestr(name, raw)
        r = json.loads(raw)
        open(os.path.join(gov, "ID", r["id"] + ".json"), "wb").write(raw)
        latest = max(latest, r["modified"])
        for a in r.get("affected", []):
            p = a["package"]["name"]
            fixed = [e["fixed"] for rg in a.get("ranges", []) for e in rg.get("events", []) if "fixed" in e]
            v = {"id": r["id"], "modified": r["modified"]}
            if fixed:
                v["fixed"] = sorted(fixed)[-1]
            mods.setdefault(p, []).append(v)
json.dump({"modified": latest}, open(gov + "/index/db.json", "w"))
json.dump([{"path": p, "vulns": v} for p, v in sorted(mods.items())], open(gov + "/index/modules.json", "w"))
EOF
mkdir -p "$db/osv-scanner/Go" && cp "$db/osv-scalibr/Go/all.zip" "$db/osv-scanner/Go/all.zip"

# measure NAME CMD...: runs CMD once, appends "NAME seconds peak-KiB" to $log.
measure() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  echo "$name $(cat "$work/time" | tail -1)" >>"$log"
}
# median NAME: the median seconds and the largest peak of NAME's runs.
median() {
  awk -v n="$1" '$1 == n {print $2, $3}' "$log" | sort -n | awk '{t[NR]=$1; if ($2 > m) m = $2} END {printf "%.2f %d", t[int((NR+1)/2)], m/1024}'
}

for target in "$@"; do
  if [ -d "$target" ]; then
    repo=$(cd "$target" && pwd)
  else
    dir=$(GOFLAGS=-mod=mod go mod download -json "$target" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
    repo="$work/$(echo "$target" | tr '/@' '__')"
    cp -r "$dir" "$repo" && chmod -R u+w "$repo"
    (cd "$repo" && go mod download all >/dev/null 2>&1 || go mod download >/dev/null &&
      git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm "$target")
  fi
  # The Go file the "one changed file" runs change: the largest non-test file of the module.
  changed=$(cd "$repo" && git ls-files '*.go' | grep -v -e '_test.go$' -e '^vendor/' -e '/testdata/' | xargs ls -S | head -1)
  log="$work/$(basename "$repo").log"
  : >"$log"
  export GOPROXY=off GOFLAGS=-mod=mod
  sgargs=(scan --quiet --offline-db "$db")
  # Warm-up: Go build cache for both the gate and gosec, the analysis cache of the commit.
  "$sg" "${sgargs[@]}" --no-cache --out "$work/o" "$repo" >/dev/null 2>&1 || true
  rm -rf "$work/base-cache" && "$sg" "${sgargs[@]}" --cache "$work/base-cache" --out "$work/o" "$repo" >/dev/null 2>&1 || true
  # A check that ends in an error is not cached: say so, or "warm" would not be warm.
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("cache-filling run:", ", ".join(c["name"] + " " + c["status"] for c in d["checks"]))' "$work/o/shiftgate.json"
  (cd "$repo" && gosec -quiet -fmt json -out "$work/gosec.json" ./... >/dev/null 2>&1 || true)
  for _ in $(seq "$runs"); do
    measure gate-cold "$sg" "${sgargs[@]}" --no-cache --out "$work/cold" "$repo"
    measure gate-warm "$sg" "${sgargs[@]}" --cache "$work/base-cache" --out "$work/warm" "$repo"
    # One changed Go file: the cache holds the commit before the change.
    rm -rf "$work/c1" && cp -r "$work/base-cache" "$work/c1"
    cp "$repo/$changed" "$work/saved.go"
    # A new change every run: the same text again would find its compiled export data
    # in the go command's build cache, which a real change never does.
    printf '\n// benchChanged is the change of the "one changed file" run.\nfunc benchChanged() int { return %d }\n' "$(date +%s%N)" >>"$repo/$changed"
    measure gate-one-file "$sg" "${sgargs[@]}" --cache "$work/c1" --out "$work/one" "$repo"
    "$sg" "${sgargs[@]}" --no-cache --out "$work/one-ref" "$repo" >/dev/null 2>&1 || true
    if cmp -s "$work/one/shiftgate.json" "$work/one-ref/shiftgate.json"; then same=yes; else same=NO; fi
    cp "$work/saved.go" "$repo/$changed"
    measure gosec bash -c "cd '$repo' && gosec -quiet -fmt json -out '$work/gosec.json' ./..."
    measure govulncheck bash -c "cd '$repo' && govulncheck -db 'file://$govdb' ./..."
    measure osv-scanner env OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY="$db" osv-scanner scan source --offline-vulnerabilities --recursive "$repo"
    measure gitleaks gitleaks dir --no-banner --report-path "$work/gl.json" "$repo"
  done
  if cmp -s "$work/cold/shiftgate.json" "$work/warm/shiftgate.json"; then warmsame=yes; else warmsame=NO; fi
  echo
  echo "== $target ($(cd "$repo" && git ls-files '*.go' | wc -l) Go files; changed file: $changed), median of $runs"
  printf '%-34s %8s %9s\n' "" "seconds" "peak MiB"
  for n in gate-cold gate-warm gate-one-file gosec govulncheck osv-scanner gitleaks; do
    read -r t m <<<"$(median $n)"
    printf '%-34s %8s %9s\n' "$n" "$t" "$m"
    eval "t_${n//-/_}=$t"
  done
  anchors=$(echo "$t_gosec + $t_govulncheck + $t_osv_scanner + $t_gitleaks" | bc -l)
  printf 'cold gate / gosec alone          %.2f\n' "$(echo "$t_gate_cold / $t_gosec" | bc -l)"
  printf 'cold gate / four tools in a row  %.2f\n' "$(echo "$t_gate_cold / $anchors" | bc -l)"
  printf 'warm / cold                      %.2f (same shiftgate.json: %s)\n' "$(echo "$t_gate_warm / $t_gate_cold" | bc -l)" "$warmsame"
  printf 'one changed file / cold          %.2f (same shiftgate.json as a scan without the cache: %s)\n' "$(echo "$t_gate_one_file / $t_gate_cold" | bc -l)" "$same"
  unset GOPROXY
done
