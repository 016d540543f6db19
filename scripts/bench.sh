#!/usr/bin/env bash
# Times the whole gate against the single-purpose tools it replaces, on one repository,
# side by side: shiftgate scan vs gosec, osv-scanner and gitleaks run one after the other.
#
#   scripts/bench.sh [--install] [--runs N] REPO
#
# --install puts the anchor CLIs (pinned versions) into $SHIFTGATE_CACHE/bench/bin.
# The target's Go modules must be in the module cache (go mod download) so that both
# shiftgate and gosec load packages offline. Times are wall-clock seconds, best of N.
set -euo pipefail
install=0 runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1; shift ;;
    --runs) runs="$2"; shift 2 ;;
    *) break ;;
  esac
done
target="${1:?usage: scripts/bench.sh [--install] [--runs N] REPO}"
target=$(cd "$target" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
cache="${SHIFTGATE_CACHE:-$HOME/.cache/shiftgate}"
bin="$cache/bench/bin"
mkdir -p "$bin"
export PATH="$bin:$PATH" GOTOOLCHAIN=local GOFLAGS=-mod=mod

if [ "$install" = 1 ]; then
  GOBIN="$bin" go install github.com/securego/gosec/v2/cmd/gosec@v2.28.0
  GOBIN="$bin" go install github.com/zricethezav/gitleaks/v8@v8.30.1
  GOBIN="$bin" go install github.com/google/osv-scanner/v2/cmd/osv-scanner@v2.5.1
fi
go build -trimpath -o "$bin/shiftgate" "$here/cmd/shiftgate"

best() { # best NAME CMD...: the fastest of $runs wall-clock runs
  local name="$1"; shift
  local best=""
  for _ in $(seq "$runs"); do
    local s e t
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '%-28s %6.2f s\n' "$name" "$best" >&2
  echo "$best"
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "target: $target ($(find "$target" -name '*.go' | wc -l) Go files), best of $runs"
sg=$(best "shiftgate scan (all checks)" shiftgate scan --quiet --out "$out/sg" ${SHIFTGATE_BENCH_ARGS:-} "$target" | tail -1)
total=0
if command -v gosec >/dev/null; then
  t=$(cd "$target" && best "gosec ./..." gosec -quiet -fmt json -out "$out/gosec.json" ./... | tail -1); total=$(echo "$total + $t" | bc); gosec_t=$t
fi
if command -v osv-scanner >/dev/null; then
  t=$(best "osv-scanner --offline" osv-scanner scan source --offline --recursive "$target" | tail -1); total=$(echo "$total + $t" | bc)
fi
if command -v gitleaks >/dev/null; then
  t=$(best "gitleaks dir" gitleaks dir --no-banner --report-path "$out/gl.json" "$target" | tail -1); total=$(echo "$total + $t" | bc)
fi
printf '%-28s %6.2f s\n' "anchors one after the other" "$total"
if [ -n "${gosec_t:-}" ]; then
  printf 'shiftgate / gosec alone: %.2f (target <= 1)\n' "$(echo "$sg / $gosec_t" | bc -l)"
fi
if [ "$(echo "$total > 0" | bc)" = 1 ]; then
  printf 'shiftgate / anchors in sequence: %.2f (target <= 0.5)\n' "$(echo "$sg / $total" | bc -l)"
fi
