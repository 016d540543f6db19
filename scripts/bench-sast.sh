#!/usr/bin/env bash
# Times shiftgate's sast check (gosec v2.30.0 linked as a library, packages loaded once
# per module) against the gosec CLI (v2.28.0: the newest whose cmd/gosec installs from
# the module proxy here) on the same code: a copy of one module from the module cache.
#
#   scripts/bench-sast.sh [--runs N] [MODULE@VERSION]     (default golang.org/x/mod@v0.42.0)
#   scripts/bench-sast.sh [--runs N] --dir REPO           (a checkout, analysed in place)
#
# The module and its dependencies must be in the module cache; both sides load offline
# (GOPROXY=off). gosec is installed into a temporary GOBIN. Each side runs once to warm
# the build cache, then N timed runs; times are wall-clock seconds (best and mean).
# The shiftgate side is the Go benchmark BenchmarkSASTMidSizeModule (checks/sast).
set -euo pipefail
runs=3 dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --dir) dir=$(cd "$2" && pwd); shift 2 ;;
    *) break ;;
  esac
done
module="${1:-golang.org/x/mod@v0.42.0}"
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

if [ -n "$dir" ]; then
  code="$dir" module="$dir"
else
  src="$(go env GOMODCACHE)/$module"
  if [ ! -f "$src/go.mod" ]; then
    echo "bench-sast: $module is not in the module cache (go mod download $module)" >&2
    exit 2
  fi
  cp -r "$src" "$work/code"
  chmod -R u+w "$work/code"
  code="$work/code"
fi

echo "installing gosec v2.28.0 into a temporary GOBIN…" >&2
GOBIN="$work/bin" GOFLAGS=-mod=mod go install github.com/securego/gosec/v2/cmd/gosec@v2.28.0

export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off
gosec_run() { (cd "$code" && GOFLAGS=-mod=mod "$work/bin/gosec" -quiet -fmt json -out "$work/gosec.json" ./... >/dev/null 2>&1) || true; }

gosec_run # warm-up
times=()
for _ in $(seq "$runs"); do
  s=$(date +%s.%N); gosec_run; e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc -l)")
done
gosec_issues=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1])).get("Issues") or []))' "$work/gosec.json" 2>/dev/null || echo "?")

# shiftgate: the Go benchmark copies the same module from the module cache.
out=$(cd "$here" && SHIFTGATE_BENCH_MODULE="$module" SHIFTGATE_BENCH_DIR="$dir" go test -run '^$' -bench 'BenchmarkSASTMidSizeModule$' -benchtime "$((runs + 1))x" ./checks/sast/ 2>&1)
ns=$(echo "$out" | awk '/^BenchmarkSASTMidSizeModule/ {print $3}')
findings=$(echo "$out" | awk '/^BenchmarkSASTMidSizeModule/ {for (i=1;i<=NF;i++) if ($i=="findings") print $(i-1)}')
if [ -z "$ns" ]; then
  echo "$out" >&2
  exit 1
fi

stats() { printf '%s\n' "$@" | awk '{s+=$1; if (min=="" || $1<min) min=$1} END {printf "best %.2f s, mean %.2f s", min, s/NR}'; }
echo "module: $module ($(find "$code" -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' | wc -l) non-test Go files)"
echo "gosec v2.28.0 CLI:              $(stats "${times[@]}")  over $runs runs, $gosec_issues issues"
echo "shiftgate sast (gosec v2.30.0): mean $(echo "$ns / 1000000000" | bc -l | xargs printf '%.2f') s over $((runs + 1)) runs, $findings findings"
