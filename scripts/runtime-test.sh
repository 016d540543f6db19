#!/usr/bin/env bash
# Runtime test: the Tekton step and the GitHub Action, run inside the image's runtime
# filesystem the way their runtimes run them, without a container engine.
#
#   scripts/runtime-test.sh CACHE_DIR
#
# 1. Builds the runtime filesystem the Dockerfile describes (cached in CACHE_DIR/runtime,
#    keyed by the Dockerfile, this recipe and the Go version): Debian bookworm from the
#    Debian archive (mmdebstrap; the Dockerfile's base is debian:bookworm-slim), then the
#    runtime stage's RUN commands verbatim in a chroot, then its COPY --from=build lines,
#    the build stage being emulated on this machine: its Go toolchain stands in for the
#    golang image (which cannot be pulled here), and the build stage's RUN commands run
#    verbatim with /out moved into a staging folder. The runtime stage's ENV, USER,
#    WORKDIR, ENTRYPOINT and CMD are written beside it as an image config (JSON).
# 2. Builds the binary with the Dockerfile's own go build command and puts it at the
#    Dockerfile's path, /usr/local/bin/shiftgate.
# 3. Runs the Go tests that start the sandboxes (bubblewrap over an overlay of the
#    filesystem; see internal/testutil/container.go): tekton/runtime_test.go and
#    internal/github/e2e/runtime_test.go.
#
# Needs root (mmdebstrap, mount namespaces, running the steps as uid 65532 and 1001),
# mmdebstrap and bubblewrap (installed from Debian when missing) and the Debian archive.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
cache="${1:?usage: scripts/runtime-test.sh CACHE_DIR}"
mkdir -p "$cache/runtime"
cache=$(cd "$cache" && pwd)

if [ "$(id -u)" != 0 ]; then
  echo "runtime test: needs root (mmdebstrap, mount namespaces, and running steps as other uids)" >&2
  exit 1
fi
if ! command -v mmdebstrap >/dev/null || ! command -v bwrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap bubblewrap >/dev/null
fi

goversion=$(go env GOVERSION)
plan=$(python3 scripts/dockerfile-plan.py Dockerfile "$cache/runtime/config.json.new")
eval "$plan"
# The filesystem depends on the Dockerfile, its reader, the Go version and the recipe
# below: bump recipe when the recipe changes.
recipe=1
key=$(cat Dockerfile scripts/dockerfile-plan.py <(echo "$goversion recipe $recipe") | sha256sum | cut -c1-16)
rootfs="$cache/runtime/rootfs-$key"

# apply_copies STAGE ROOT: the runtime stage's COPY --from lines whose source STAGE holds.
apply_copies() {
  local stage=$1 root=$2 from src dst chown
  while read -r from src dst chown; do
    [ -e "$stage$src" ] || continue
    if [ -d "$stage$src" ]; then
      mkdir -p "$root$dst"
      cp -a "$stage$src/." "$root$dst/"
    else
      mkdir -p "$(dirname "$root$dst")"
      cp -a "$stage$src" "$root$dst"
    fi
    [ "$chown" = - ] || chown -R "$chown" "$root$dst"
  done <<<"$COPIES"
}

# build_runs STAGE FILTER: the build stage's RUN commands that match (or, with -v, do
# not match) "go build", in the repository, with the build stage's ENV and /out moved.
build_runs() {
  local stage=$1 grepflag=$2 run
  while IFS= read -r run; do
    [ -n "$run" ] || continue
    run=${run//\/out/$stage\/out}
    (cd "$repo" && env $BUILD_ENV sh -ec "$run")
  done < <(grep $grepflag -e 'go build' <<<"$BUILD_RUNS" || true)
}

if [ ! -e "$rootfs/.complete" ]; then
  echo "== runtime test: building the image's runtime filesystem ($BASE, from the Debian archive) in $rootfs"
  start=$SECONDS
  rm -rf "$rootfs.tmp" "$cache"/runtime/stage-*
  runs=$(mktemp)
  printf '%s\n' "$RUNTIME_RUNS" >"$runs"
  mmdebstrap --quiet --mode=root --variant=minbase \
    --customize-hook="upload $runs /tmp/dockerfile-runs.sh" \
    --customize-hook="chroot \"\$1\" sh -ex /tmp/dockerfile-runs.sh >$cache/runtime/dockerfile-runs.log 2>&1" \
    --customize-hook='rm -f "$1/tmp/dockerfile-runs.sh"' \
    bookworm "$rootfs.tmp" \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main"
  rm -f "$runs"
  # The build stage: golang:1.26-bookworm's /usr/local/go is this machine's toolchain.
  stage="$cache/runtime/stage-$key"
  mkdir -p "$stage/usr/local"
  cp -a "$(go env GOROOT)" "$stage/usr/local/go"
  build_runs "$stage" -v
  apply_copies "$stage" "$rootfs.tmp"
  rm -rf "$stage"
  echo "$goversion" >"$rootfs.tmp/.complete"
  mv "$rootfs.tmp" "$rootfs"
  # Older filesystems go only once this one is complete (an interrupted run keeps them).
  for old in "$cache"/runtime/rootfs-*; do
    case "$old" in "$rootfs" | "$rootfs".*) ;; *) rm -rf "$old" ;; esac
  done
  echo "   built in $((SECONDS - start)) s ($(du -sh "$rootfs" | cut -f1))"
fi
mv "$cache/runtime/config.json.new" "$rootfs.config.json"
# Mount points the runtimes create on the container layer (kubelet for each workspace,
# docker run for the Action's folders), made on every run so a new workspace needs no
# rebuild of the filesystem.
mkdir -p "$rootfs"/workspace/source "$rootfs"/workspace/cache "$rootfs"/workspace/org-policy "$rootfs"/tekton/results \
  "$rootfs"/tekton/scripts "$rootfs"/github/workspace "$rootfs"/github/home \
  "$rootfs"/github/workflow "$rootfs"/github/file_commands

echo "== runtime test: the binary, built as the Dockerfile builds it, at /usr/local/bin/shiftgate"
stage=$(mktemp -d "$cache/runtime/stage-bin.XXXXXX")
build_runs "$stage" ""
apply_copies "$stage" "$rootfs"
rm -rf "$stage"

echo "== runtime test: the fixture's modules on this machine (the tests vendor them or fill the cache workspace)"
(cd testdata/repos/runtime && GOFLAGS=-mod=mod go mod download)

echo "== runtime test: the Tekton step as uid 65532 on a read-only root, and the Action as the runner's uid 1001"
SHIFTGATE_RUNTIME_ROOTFS="$rootfs" go test -count=1 -run 'InTheImageRuntime' -v ./tekton/ ./internal/github/e2e/ 2>&1 |
  grep -v '^=== RUN' | tee "$cache/runtime/last.log"
[ "${PIPESTATUS[0]}" = 0 ]
