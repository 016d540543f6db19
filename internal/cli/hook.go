package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/hook"
)

// runHook is `shiftgate hook install|run`.
func runHook(ctx context.Context, args []string, env *Env) (int, error) {
	if len(args) == 0 {
		return 0, usagef("hook needs a subcommand: hook install [--force] [PATH] | hook run [REMOTE [URL]]")
	}
	switch args[0] {
	case "install":
		return runHookInstall(ctx, args[1:], env)
	case "run":
		return runHookRun(ctx, args[1:], env)
	case "-h", "--help", "help":
		fmt.Fprintf(env.Stderr, "Usage: shiftgate hook install [--force] [PATH]   write .git/hooks/pre-push\n       shiftgate hook run [REMOTE [URL]]        what the hook runs (git passes the pushed refs on stdin)\n")
		return ExitPass, nil
	}
	return 0, usagef("unknown hook subcommand %q: use install or run", args[0])
}

func runHookInstall(ctx context.Context, args []string, env *Env) (int, error) {
	var force bool
	fs := newFlags("hook install", env, "hook install [--force] [PATH]")
	fs.BoolVar(&force, "force", false, "replace a pre-push hook that shiftgate did not write")
	pos, err := parse(fs, args)
	if err != nil {
		return 0, err
	}
	dir := "."
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return 0, usagef("hook install takes one PATH, got %d: %q", len(pos), pos)
	}
	in, err := hook.Install(ctx, dir, hookBinary(), force)
	if errors.Is(err, hook.ErrForeignHook) {
		return 0, exitError{code: ExitFail, err: err}
	}
	if err != nil {
		return 0, usageError{err.Error()}
	}
	verb := "installed"
	if in.Replaced {
		verb = "replaced"
	}
	fmt.Fprintf(env.Stdout, "%s the pre-push hook at %s\n", verb, in.Path)
	if in.Warning != "" {
		fmt.Fprintf(env.Stderr, "shiftgate: warning: %s\n", in.Warning)
	}
	return ExitPass, nil
}

// hookBinary is the shiftgate the hook runs: this executable when it is an installed
// shiftgate, else whatever "shiftgate" PATH finds when the push happens.
func hookBinary() string {
	exe, err := os.Executable()
	if err != nil || filepath.Base(exe) != "shiftgate" {
		return "shiftgate"
	}
	return exe
}

var zeroSHA = regexp.MustCompile(`^0{40}(0{24})?$`)

// resolveRef is the commit a ref the pre-commit framework passed in the variable name
// resolves to (a SHA, a branch, origin/main, HEAD~2), by git rev-parse --verify. The
// all-zero SHA (git's "nothing", a new branch) stays as it is. A ref that does not
// resolve is an error: never a reason to scan the whole tree instead.
func resolveRef(ctx context.Context, root, name, ref string) (string, error) {
	if zeroSHA.MatchString(ref) {
		return ref, nil
	}
	if ref == "" {
		return "", fmt.Errorf("%s is empty while the other end of the range is set: pass both --from-ref and --to-ref to pre-commit", name)
	}
	out, err := (changes.Git{Dir: root}).Run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("%s %q does not name a commit in %s (git rev-parse --verify): fetch it, or pass a ref that exists", name, ref, root)
	}
	return strings.TrimSpace(string(out)), nil
}

// runHookRun is what the pre-push hook runs: one scan per distinct base of the pushed
// refs, limited to what changed since it; a non-zero scan blocks the push.
func runHookRun(ctx context.Context, args []string, env *Env) (int, error) {
	fs := newFlags("hook run", env, "hook run [REMOTE [URL]]")
	pos, err := parse(fs, args)
	if err != nil {
		return 0, err
	}
	remote := ""
	if len(pos) > 0 {
		remote = pos[0]
	}
	top, err := (changes.Git{Dir: "."}).Run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return 0, usagef("hook run must run inside a git work tree: %v", err)
	}
	root := strings.TrimSpace(string(top))

	var updates []hook.Update
	// The pre-commit framework passes the range in its environment, not on stdin: SHAs
	// at the pre-push stage, whatever the user typed with `pre-commit run --from-ref`.
	if from, to := env.Getenv("PRE_COMMIT_FROM_REF"), env.Getenv("PRE_COMMIT_TO_REF"); from != "" || to != "" {
		fromSHA, err := resolveRef(ctx, root, "PRE_COMMIT_FROM_REF", from)
		if err != nil {
			return 0, usageError{err.Error()}
		}
		toSHA, err := resolveRef(ctx, root, "PRE_COMMIT_TO_REF", to)
		if err != nil {
			return 0, usageError{err.Error()}
		}
		updates = []hook.Update{{LocalRef: "HEAD", LocalSHA: toSHA, RemoteRef: env.Getenv("PRE_COMMIT_REMOTE_BRANCH"), RemoteSHA: fromSHA}}
		if remote == "" {
			remote = env.Getenv("PRE_COMMIT_REMOTE_NAME")
		}
	} else if env.Stdin != nil && !isTerminalReader(env.Stdin) {
		if updates, err = hook.ReadUpdates(env.Stdin); err != nil {
			return 0, usageError{err.Error()}
		}
	}
	if len(updates) == 0 {
		// Run by hand: compare HEAD with its upstream.
		head, err := (changes.Git{Dir: root}).Run(ctx, "rev-parse", "--verify", "HEAD")
		if err != nil {
			return 0, usagef("hook run: no commit to scan: %v", err)
		}
		updates = []hook.Update{{LocalRef: "HEAD", LocalSHA: strings.TrimSpace(string(head)), RemoteSHA: strings.Repeat("0", 40)}}
	}
	head, _ := (changes.Git{Dir: root}).Run(ctx, "rev-parse", "--verify", "--quiet", "HEAD")
	done := map[string]bool{}
	code := ExitPass
	for _, t := range hook.Targets(ctx, root, remote, updates) {
		if done[t.Base] {
			continue
		}
		done[t.Base] = true
		// The push sends commits, not the working tree: when the pushed commit is not
		// the checked-out one, or tracked files have uncommitted edits, the commit is
		// scanned in a temporary worktree. Otherwise in place (warm build caches).
		scanRoot := root
		if clean, err := pushedIsCheckedOut(ctx, root, strings.TrimSpace(string(head)), t.Update.LocalSHA); err != nil {
			return 0, err
		} else if !clean {
			tmp, cleanup, err := checkoutTemp(ctx, root, t.Update.LocalSHA)
			if err != nil {
				return 0, err
			}
			defer cleanup()
			scanRoot = tmp
			fmt.Fprintf(env.Stderr, "shiftgate pre-push: %s is scanned as committed (%s), not as the working tree\n", t.Update.LocalRef, t.Update.LocalSHA[:12])
		}
		scanArgs := []string{"--quiet"}
		if t.Base != "" {
			scanArgs = append(scanArgs, "--changed-since", t.Base)
			fmt.Fprintf(env.Stderr, "shiftgate pre-push: %s, changes since %s (%s)\n", t.Update.LocalRef, t.Base[:min(12, len(t.Base))], t.Why)
		} else {
			fmt.Fprintf(env.Stderr, "shiftgate pre-push: %s, %s\n", t.Update.LocalRef, t.Why)
		}
		c, err := scan(ctx, append(scanArgs, scanRoot), env, true)
		if err != nil {
			return 0, err
		}
		code = max(code, c)
	}
	if code != ExitPass {
		fmt.Fprintf(env.Stderr, "shiftgate: push blocked by the policy (exit %d). Fix the findings above, or push once with git push --no-verify.\n", code)
	}
	return code, nil
}

// isTerminalReader reports whether r is a terminal: run by hand, there are no
// pre-push lines to wait for.
func isTerminalReader(r io.Reader) bool {
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
