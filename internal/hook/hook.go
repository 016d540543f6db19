// Package hook installs shiftgate's git pre-push hook and works out, from what git
// tells a pre-push hook, which commit a push should be compared with: the remote's
// commit for a branch it already has, the upstream's merge base for a new branch.
package hook

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/shiftgate/shiftgate/internal/changes"
)

// Marker is the line that identifies a hook shiftgate wrote; `hook install` replaces
// only hooks that carry it (or any hook with --force).
const Marker = "# shiftgate-pre-push-hook: written by `shiftgate hook install`"

// Script returns the pre-push hook. binary is the shiftgate to run when $SHIFTGATE is
// not set ("shiftgate" finds it on PATH).
func Script(binary string) []byte {
	return []byte(`#!/bin/sh
` + Marker + `
# Scans what this push adds (changes since the remote's commit, or since the upstream's
# merge base for a new branch) and blocks the push when the policy (.shiftgate.yaml)
# says so. Bypass once with: git push --no-verify
# Remove the marker line above to keep 'shiftgate hook install' from replacing this file.
installed=` + shellQuote(binary) + `
SHIFTGATE="${SHIFTGATE:-$installed}"
if ! command -v "$SHIFTGATE" >/dev/null 2>&1; then
	echo "shiftgate pre-push hook: $SHIFTGATE not found: install shiftgate, or remove $0" >&2
	exit 1
fi
exec "$SHIFTGATE" hook run "$@"
`)
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ErrForeignHook is returned when a pre-push hook exists that shiftgate did not write.
var ErrForeignHook = errors.New("a pre-push hook that shiftgate did not write exists")

// Installed is what Install did.
type Installed struct {
	Path string
	// Replaced is set when an earlier hook was overwritten.
	Replaced bool
	// Warning says why git may not run the hook (core.hooksPath points elsewhere).
	Warning string
}

// Install writes the pre-push hook into the hooks folder of the repository holding
// dir (the common git dir's hooks/, shared by worktrees). An existing hook without the
// marker is kept unless force is set.
func Install(ctx context.Context, dir, binary string, force bool) (Installed, error) {
	g := changes.Git{Dir: dir}
	common, err := g.Run(ctx, "rev-parse", "--path-format=absolute", "--git-common-dir")
	if err != nil {
		return Installed{}, fmt.Errorf("%q is not inside a git repository: %w", dir, err)
	}
	hooks := filepath.Join(strings.TrimSpace(string(common)), "hooks")
	path := filepath.Join(hooks, "pre-push")
	in := Installed{Path: path}
	old, err := os.ReadFile(path) // #nosec G304 -- the hook path git names for this repository
	switch {
	case err == nil:
		if !strings.Contains(string(old), Marker) && !force {
			return in, fmt.Errorf("%w at %s: keep it, or replace it with `shiftgate hook install --force` (call shiftgate from it instead: exec shiftgate hook run \"$@\")", ErrForeignHook, path)
		}
		in.Replaced = true
	case !errors.Is(err, fs.ErrNotExist):
		return in, fmt.Errorf("could not read %s: %w", path, err)
	}
	if err := os.MkdirAll(hooks, 0o755); err != nil { // #nosec G301 -- git's own mode for .git/hooks
		return in, fmt.Errorf("could not create %s: %w", hooks, err)
	}
	tmp := path + ".shiftgate-tmp"
	if err := os.WriteFile(tmp, Script(binary), 0o755); err != nil { // #nosec G306 -- git runs the hook: it must be executable
		return in, fmt.Errorf("could not write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // #nosec G302 -- git runs the hook: it must be executable
		os.Remove(tmp)
		return in, fmt.Errorf("could not write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return in, fmt.Errorf("could not write %s: %w", path, err)
	}
	if hp, ok := g.Config(ctx, "core.hooksPath"); ok && hp != "" {
		in.Warning = fmt.Sprintf("core.hooksPath is set to %q, so git runs hooks from there, not %s: call `shiftgate hook run \"$@\"` from that folder's pre-push", hp, hooks)
	}
	return in, nil
}

// Update is one line git gives a pre-push hook on its standard input.
type Update struct {
	LocalRef, LocalSHA, RemoteRef, RemoteSHA string
}

var (
	shaRE  = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)
	zeroRE = regexp.MustCompile(`^0+$`)
)

// ReadUpdates parses the pre-push standard input: "<local ref> <local sha> <remote
// ref> <remote sha>" per line. A malformed line is an error naming it.
func ReadUpdates(r io.Reader) ([]Update, error) {
	var out []Update
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 || !shaRE.MatchString(f[1]) || !shaRE.MatchString(f[3]) {
			return nil, fmt.Errorf("pre-push input line %d is not \"<local ref> <local sha> <remote ref> <remote sha>\": %q", n, line)
		}
		out = append(out, Update{LocalRef: f[0], LocalSHA: f[1], RemoteRef: f[2], RemoteSHA: f[3]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("could not read the pre-push input: %w", err)
	}
	return out, nil
}

// Target is what one pushed ref should be scanned against.
type Target struct {
	Update Update
	// Base is the commit to pass to --changed-since; "" means scan everything.
	Base string
	// Why says in words where Base came from.
	Why string
}

// Targets works out the base of each pushed ref. Deleted refs are skipped. remote is
// the remote's name (the hook's first argument), used for a new branch without an
// upstream: the merge base with the remote's default branch.
func Targets(ctx context.Context, dir, remote string, updates []Update) []Target {
	g := changes.Git{Dir: dir}
	var out []Target
	for _, u := range updates {
		if zeroRE.MatchString(u.LocalSHA) {
			continue // deleting a ref: nothing to scan
		}
		if !zeroRE.MatchString(u.RemoteSHA) && isCommit(ctx, g, u.RemoteSHA) {
			out = append(out, Target{Update: u, Base: u.RemoteSHA, Why: "the remote's " + short(u.RemoteRef)})
			continue
		}
		var candidates []string
		if up, err := g.Run(ctx, "rev-parse", "--verify", "--quiet", "--symbolic-full-name", "@{upstream}"); err == nil && strings.TrimSpace(string(up)) != "" {
			candidates = append(candidates, strings.TrimSpace(string(up)))
		}
		if remote != "" && !strings.HasPrefix(remote, "-") && !strings.ContainsAny(remote, "/: ") {
			candidates = append(candidates, "refs/remotes/"+remote+"/HEAD")
		}
		t := Target{Update: u, Why: "no upstream to compare with: the whole tree"}
		for _, c := range candidates {
			if mb, err := g.Run(ctx, "merge-base", "--end-of-options", u.LocalSHA, c); err == nil {
				t.Base, t.Why = strings.TrimSpace(string(mb)), "the merge base with "+short(c)
				break
			}
		}
		if t.Base == "" {
			if ref, mb := closestRemoteRef(ctx, g, remote, u.LocalSHA); mb != "" {
				t.Base, t.Why = mb, "the merge base with "+short(ref)
			}
		}
		out = append(out, t)
	}
	return out
}

func isCommit(ctx context.Context, g changes.Git, sha string) bool {
	_, err := g.Run(ctx, "cat-file", "-e", sha+"^{commit}")
	return err == nil
}

func short(ref string) string {
	for _, p := range []string{"refs/heads/", "refs/remotes/", "refs/"} {
		if s, ok := strings.CutPrefix(ref, p); ok {
			return s
		}
	}
	return ref
}

// maxRemoteRefs bounds how many remote-tracking refs closestRemoteRef looks at.
const maxRemoteRefs = 64

// closestRemoteRef finds, among the remote's tracking refs, the one whose merge base
// with sha leaves the fewest commits to scan, as git's sample pre-push hook does with
// rev-list --not --remotes.
func closestRemoteRef(ctx context.Context, g changes.Git, remote, sha string) (ref, base string) {
	if remote == "" || strings.HasPrefix(remote, "-") || strings.ContainsAny(remote, "/: *?[") {
		return "", ""
	}
	refs, err := g.Run(ctx, "for-each-ref", "--format=%(refname)", "--count="+fmt.Sprint(maxRemoteRefs), "refs/remotes/"+remote+"/")
	if err != nil {
		return "", ""
	}
	best := -1
	for _, r := range strings.Fields(string(refs)) {
		if strings.HasSuffix(r, "/HEAD") {
			continue
		}
		mb, err := g.Run(ctx, "merge-base", "--end-of-options", sha, r)
		if err != nil {
			continue
		}
		m := strings.TrimSpace(string(mb))
		n, err := g.Run(ctx, "rev-list", "--count", "--end-of-options", m+".."+sha)
		if err != nil {
			continue
		}
		var count int
		fmt.Sscan(string(n), &count)
		if best < 0 || count < best {
			best, ref, base = count, r, m
		}
	}
	return ref, base
}
