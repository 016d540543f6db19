package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/scan"
)

// RunOptions are what `shiftgate hook run` needs: the remote (the hook's first
// argument), what git gives the hook, and the scan settings every scan starts from
// (writers, environment, clock, tool).
type RunOptions struct {
	Remote string
	// Stdin is the pre-push input; nil or a terminal means none (run by hand).
	Stdin  io.Reader
	Getenv func(string) string
	Stderr io.Writer
	// Scan is the template of each scan; Run sets Root, ChangedSince, Narrow and Quiet.
	Scan scan.Options
}

// Run is what the pre-push hook runs: one narrowed scan per distinct base of the
// pushed refs, limited to what changed since it. A failing scan blocks the push: the
// error carries the worst exit code.
func Run(ctx context.Context, o RunOptions) error {
	top, err := (changes.Git{Dir: "."}).Run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return exitcode.Usagef("hook run must run inside a git work tree: %v", err)
	}
	root := strings.TrimSpace(string(top))
	g := changes.Git{Dir: root}

	remote := o.Remote
	var updates []Update
	// The pre-commit framework passes the range in its environment, not on stdin.
	// SHAs at the pre-push stage, whatever the user typed with `pre-commit run --from-ref`:
	// any ref is resolved, and one that does not resolve is an error.
	if fromRef, toRef := o.Getenv("PRE_COMMIT_FROM_REF"), o.Getenv("PRE_COMMIT_TO_REF"); fromRef != "" || toRef != "" {
		from, err := resolveRef(ctx, g, "PRE_COMMIT_FROM_REF", fromRef)
		if err != nil {
			return exitcode.AsUsage(err)
		}
		to, err := resolveRef(ctx, g, "PRE_COMMIT_TO_REF", toRef)
		if err != nil {
			return exitcode.AsUsage(err)
		}
		updates = []Update{{LocalRef: "HEAD", LocalSHA: to, RemoteRef: o.Getenv("PRE_COMMIT_REMOTE_BRANCH"), RemoteSHA: from}}
		if remote == "" {
			remote = o.Getenv("PRE_COMMIT_REMOTE_NAME")
		}
	} else if o.Stdin != nil && !isTerminal(o.Stdin) {
		if updates, err = ReadUpdates(o.Stdin); err != nil {
			return exitcode.AsUsage(err)
		}
	}
	if len(updates) == 0 {
		// Run by hand: compare HEAD with its upstream.
		head, err := g.Run(ctx, "rev-parse", "--verify", "HEAD")
		if err != nil {
			return exitcode.Usagef("hook run: no commit to scan: %v", err)
		}
		updates = []Update{{LocalRef: "HEAD", LocalSHA: strings.TrimSpace(string(head)), RemoteSHA: strings.Repeat("0", 40)}}
	}
	head, _ := g.Run(ctx, "rev-parse", "--verify", "--quiet", "HEAD")
	done := map[string]bool{}
	var errs []error
	for _, t := range Targets(ctx, root, remote, updates) {
		if done[t.Base] {
			continue
		}
		done[t.Base] = true
		err := scanTarget(ctx, o, root, strings.TrimSpace(string(head)), t)
		if code, _ := exitcode.Of(err); code == exitcode.Usage {
			return err
		}
		errs = append(errs, err)
	}
	err = errors.Join(errs...)
	if code, _ := exitcode.Of(err); code != exitcode.Pass {
		fmt.Fprintf(o.Stderr, "shiftgate: push blocked by the policy (exit %d). Fix the findings above, or push once with git push --no-verify.\n", code)
	}
	return err
}

// resolveRef is the commit a ref the pre-commit framework passed in the variable name
// resolves to (a SHA, a branch, origin/main, HEAD~2), by git rev-parse --verify. The
// all-zero SHA (git's "nothing", a new branch) stays as it is. A ref that does not
// resolve is an error: never a reason to scan the whole tree instead.
func resolveRef(ctx context.Context, g changes.Git, name, ref string) (string, error) {
	if zeroRE.MatchString(ref) {
		return ref, nil
	}
	if ref == "" {
		return "", fmt.Errorf("%s is empty while the other end of the range is set: pass both --from-ref and --to-ref to pre-commit", name)
	}
	out, err := g.Run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("%s %q does not name a commit in %s (git rev-parse --verify): fetch it, or pass a ref that exists", name, ref, g.Dir)
	}
	return strings.TrimSpace(string(out)), nil
}

// scanTarget scans one pushed ref. The push sends commits, not the working tree: when
// the pushed commit is not the checked-out one, or tracked files have uncommitted
// edits, the commit is scanned in a temporary worktree. Otherwise in place (warm
// build caches).
func scanTarget(ctx context.Context, o RunOptions, root, head string, t Target) error {
	scanRoot := root
	clean, err := pushedIsCheckedOut(ctx, root, head, t.Update.LocalSHA)
	if err != nil {
		return err
	}
	if !clean {
		tmp, cleanup, err := checkoutTemp(ctx, root, t.Update.LocalSHA)
		if err != nil {
			return err
		}
		defer cleanup()
		scanRoot = tmp
		fmt.Fprintf(o.Stderr, "shiftgate pre-push: %s is scanned as committed (%s), not as the working tree\n", t.Update.LocalRef, t.Update.LocalSHA[:12])
	}
	if t.Base != "" {
		fmt.Fprintf(o.Stderr, "shiftgate pre-push: %s, changes since %s (%s)\n", t.Update.LocalRef, t.Base[:min(12, len(t.Base))], t.Why)
	} else {
		fmt.Fprintf(o.Stderr, "shiftgate pre-push: %s, %s\n", t.Update.LocalRef, t.Why)
	}
	so := o.Scan
	so.Root, so.ChangedSince, so.Narrow, so.Quiet = scanRoot, t.Base, true, true
	_, err = scan.Run(ctx, so)
	return err
}

// isTerminal reports whether r is a terminal: run by hand, there are no pre-push
// lines to wait for.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// pushedIsCheckedOut reports whether the working tree is exactly the pushed commit as
// far as tracked files go (untracked files are never in the changed set).
func pushedIsCheckedOut(ctx context.Context, root, head, sha string) (bool, error) {
	if head != sha {
		return false, nil
	}
	out, err := (changes.Git{Dir: root}).Run(ctx, "status", "--porcelain", "--untracked-files=no")
	if err != nil {
		return false, fmt.Errorf("pre-push: could not read the working tree's status: %w", err)
	}
	return len(bytes.TrimSpace(out)) == 0, nil
}

// checkoutTemp checks the commit out in a temporary detached worktree and returns its
// folder and how to remove it.
func checkoutTemp(ctx context.Context, root, sha string) (string, func(), error) {
	tmp, err := os.MkdirTemp("", "shiftgate-prepush-")
	if err != nil {
		return "", nil, fmt.Errorf("pre-push: could not create a folder to check %s out in: %w", sha, err)
	}
	g := changes.Git{Dir: root}
	cleanup := func() {
		// A fresh context: the removal must happen even when the scan was cancelled.
		_, _ = g.Run(context.Background(), "worktree", "remove", "--force", tmp)
		os.RemoveAll(tmp)
		_, _ = g.Run(context.Background(), "worktree", "prune")
	}
	if _, err := g.Run(ctx, "worktree", "add", "--detach", "--quiet", tmp, sha); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("pre-push: could not check %s out to scan it: %w", sha, err)
	}
	return tmp, cleanup, nil
}
