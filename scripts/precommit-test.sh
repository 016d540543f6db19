#!/usr/bin/env bash
# The pre-commit framework test: Debian's pre-commit installs this repository's hook
# from .pre-commit-hooks.yaml (at the committed HEAD, built by pre-commit's own golang
# language support) into a scratch repository, and real pushes go through it:
#   - a clean push passes,
#   - a push adding an AWS key is refused (and the remote is unchanged),
#   - `pre-commit run --from-ref origin/main --to-ref HEAD` judges only that range (an old
#     key already on the remote does not block; a new one does),
#   - a ref that does not resolve is an error, not a whole-tree scan,
#   - the reports never show up in `git status` (the out dir ignores itself).
#
#   scripts/precommit-test.sh CACHE_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
cache="${1:?usage: scripts/precommit-test.sh CACHE_DIR}"
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

if ! command -v pre-commit >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pre-commit >/dev/null
fi
version=$(pre-commit --version | awk '{print $2}')
# The stage's name for --hook-stage: `push` before pre-commit 3.2.0, `pre-push` since.
stage=pre-push
if [ "$(printf '%s\n3.2.0\n' "$version" | sort -V | head -1)" != 3.2.0 ]; then
  stage=push
fi
rev=$(git rev-parse HEAD)
echo "pre-commit $version, hook repository $repo at $rev"
if [ -n "$(git status --porcelain --untracked-files=no -- .pre-commit-hooks.yaml cmd internal checks reports go.mod go.sum)" ]; then
  echo "note: uncommitted changes are not in the hook pre-commit builds (it installs $rev)"
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
# Hook environments are kept between runs (pre-commit keys them by repository and rev);
# go install reuses this machine's module and build caches.
export PRE_COMMIT_HOME="$cache/pre-commit"
export GOMODCACHE="$(go env GOMODCACHE)" GOCACHE="$(go env GOCACHE)" GOTOOLCHAIN=local GOFLAGS=-mod=readonly
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset PRE_COMMIT_FROM_REF PRE_COMMIT_TO_REF

fail() { echo "precommit-test: $*" >&2; exit 1; }
# key: an AWS access key id that is not a real one, built here so no key sits in this file.
key() { printf 'aws_access_key_id = AKIA%s\n' "$1"; }

git init -q --bare "$work/remote.git"
git init -q -b main "$work/app"
cd "$work/app"
git remote add origin "$work/remote.git"
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: shiftgate
default_install_hook_types: [pre-push]
EOF
printf 'package app\n\n// One is one.\nconst One = 1\n' >app.go
printf 'module example.com/app\n\ngo 1.22\n' >go.mod
# A key already on the remote before the hook was installed: old news for every later push.
key QYLPMN5HHHFPZAM2 >old.env
git add -A
git commit -q -m base
git push -q origin main
pre-commit install

echo "== a clean push passes"
printf '\n// Two is two.\nconst Two = 2\n' >>app.go
git commit -q -am 'clean change'
git push origin main >"$work/out" 2>&1 || { cat "$work/out"; fail "a clean push was refused"; }
grep -q 'shiftgate security gate.*Passed' "$work/out" || { cat "$work/out"; fail "the hook did not run on a clean push"; }
[ -z "$(git status --porcelain)" ] || { git status --porcelain; fail "the hook left files git sees"; }

echo "== a push adding an AWS key is refused"
key ZPQ7KM3XR2VBN6TW >new.env
git add new.env
git commit -q -m 'add new.env'
if git push origin main >"$work/out" 2>&1; then
  cat "$work/out"; fail "a push adding an AWS key went through"
fi
grep -q 'new.env' "$work/out" || { cat "$work/out"; fail "the refusal does not name new.env"; }
! grep -q 'old.env' "$work/out" || { cat "$work/out"; fail "the old key, already on the remote, was judged"; }
[ "$(git --git-dir="$work/remote.git" rev-parse main)" = "$(git rev-parse HEAD~1)" ] || fail "the remote moved"

echo "== --from-ref origin/main --to-ref HEAD judges that range only"
if pre-commit run --hook-stage "$stage" --from-ref origin/main --to-ref HEAD >"$work/out" 2>&1; then
  cat "$work/out"; fail "the range with the new key passed"
fi
grep -q 'new.env' "$work/out" && ! grep -q 'old.env' "$work/out" || { cat "$work/out"; fail "the range was not narrowed to new.env"; }
git reset -q --hard HEAD~1
pre-commit run --hook-stage "$stage" --from-ref origin/main --to-ref HEAD >"$work/out" 2>&1 ||
  { cat "$work/out"; fail "an empty range failed: the old key was judged"; }

echo "== a ref that does not resolve is an error"
if pre-commit run --hook-stage "$stage" --from-ref origin/mian --to-ref HEAD >"$work/out" 2>&1; then
  cat "$work/out"; fail "an unresolvable --from-ref passed"
fi
# pre-commit itself diffs the range first and stops on the bad ref; when it does not
# (other versions), shiftgate's own error names it. Either way: no whole-tree scan.
grep -q 'origin/mian' "$work/out" || { cat "$work/out"; fail "no error naming the bad ref"; }
! grep -q 'old.env' "$work/out" || { cat "$work/out"; fail "the whole tree was scanned"; }
[ -z "$(git status --porcelain)" ] || { git status --porcelain; fail "the hook left files git sees"; }
echo "pre-commit test: ok"
