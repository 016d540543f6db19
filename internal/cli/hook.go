package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/hook"
)

// runHook is `shiftgate hook install|run`.
func runHook(ctx context.Context, args []string, env *Env) error {
	if len(args) == 0 {
		return usagef("hook needs a subcommand: hook install [--force] [PATH] | hook run [REMOTE [URL]]")
	}
	switch args[0] {
	case "install":
		return runHookInstall(ctx, args[1:], env)
	case "run":
		return runHookRun(ctx, args[1:], env)
	case "-h", "--help", "-help", "help":
		_, err := groupHelp(env, args, "hook install [--force] [PATH]   write .git/hooks/pre-push\n       shiftgate hook run [REMOTE [URL]]        what the hook runs (git passes the pushed refs on stdin)")
		return err
	}
	return usagef("unknown hook subcommand %q: use install or run", args[0])
}

func runHookInstall(ctx context.Context, args []string, env *Env) error {
	var force bool
	fs := newFlags("hook install", env, "hook install [--force] [PATH]")
	fs.BoolVar(&force, "force", false, "replace a pre-push hook that shiftgate did not write")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	dir := "."
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return usagef("hook install takes one PATH, got %d: %q", len(pos), pos)
	}
	in, err := hook.Install(ctx, dir, hookBinary(), force)
	if errors.Is(err, hook.ErrForeignHook) {
		return exitcode.AsFail(err)
	}
	if err != nil {
		return exitcode.AsUsage(err)
	}
	verb := "installed"
	if in.Replaced {
		verb = "replaced"
	}
	fmt.Fprintf(env.Stdout, "%s the pre-push hook at %s\n", verb, in.Path)
	if in.Warning != "" {
		fmt.Fprintf(env.Stderr, "shiftgate: warning: %s\n", in.Warning)
	}
	return nil
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

// runHookRun is what the pre-push hook runs (hook.Run).
func runHookRun(ctx context.Context, args []string, env *Env) error {
	fs := newFlags("hook run", env, "hook run [--org-policy REF] [REMOTE [URL]]")
	orgPolicy := fs.String("org-policy", "", "organisation policy the repository policy may only tighten (as for scan)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	o := hook.RunOptions{Stdin: env.Stdin, Getenv: env.Getenv, Stderr: env.Stderr, Scan: scanDefaults(env)}
	o.Scan.OrgPolicy = *orgPolicy
	if len(pos) > 0 {
		o.Remote = pos[0]
	}
	return hook.Run(ctx, o)
}
