package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/scan"
)

func runPolicy(ctx context.Context, args []string, env *Env) error {
	if ok, err := groupHelp(env, args, "policy validate|explain [--policy FILE] [PATH] | policy bundle DIR -o FILE --key K | policy pull REF --digest D --key K"); ok {
		return err
	}
	// Organisation policy artifacts (internal/orgpolicy): orgpolicycmd.go.
	if len(args) > 0 && args[0] == "bundle" {
		return runPolicyBundle(ctx, args[1:], env)
	}
	if len(args) > 0 && args[0] == "pull" {
		return runPolicyPull(ctx, args[1:], env)
	}
	if len(args) == 0 || (args[0] != "validate" && args[0] != "explain") {
		return usagef("usage: shiftgate policy validate|explain [--policy FILE] [PATH], policy bundle DIR -o FILE --key K, or policy pull REF --digest D --key K")
	}
	sub := args[0]
	flags := newFlags("policy "+sub, env, "policy "+sub+" [--policy FILE] [PATH]")
	file := flags.String("policy", "", "policy file (default: PATH/.shiftgate.yaml if present, else the embedded default)")
	pos, err := parse(flags, args[1:])
	if err != nil {
		return err
	}
	root := "."
	if len(pos) > 1 {
		return usagef("policy %s takes one PATH, got %q", sub, pos)
	}
	if len(pos) == 1 {
		root = pos[0]
	}
	p, err := scan.LoadPolicy(root, *file)
	if err != nil {
		return err
	}
	now := env.now()
	if sub == "validate" {
		if err := scan.CheckReferences(ctx, env.Stdout, root, p); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s: valid\n", p.Source)
		for _, e := range p.Exceptions {
			if at := e.ExpiresAt(); !at.IsZero() && !now.Before(at) {
				fmt.Fprintf(env.Stdout, "%s:%d: warning: exception %q expired on %s and no longer applies\n", p.Source, e.Line, e.ID, e.Expires)
			}
		}
		return nil
	}
	explain(env.Stdout, p, now)
	return nil
}

// explain tells, in plain sentences, what a scan with this policy will do.
func explain(w io.Writer, p *policy.Policy, now time.Time) {
	fmt.Fprintf(w, "Policy: %s\n\n", p.Source)
	if p.Audit() {
		fmt.Fprintln(w, "Mode audit: every finding is reported and the gate always passes (exit 0).")
	} else {
		fmt.Fprintf(w, "Mode enforce: a finding of severity %s or above fails the gate (exit 1).\n", p.FailSeverity())
	}
	if p.Fail.OnError == "warn" {
		fmt.Fprintln(w, "A check that cannot run is reported and the gate goes on (fail.on_error: warn).")
	} else {
		fmt.Fprintln(w, "A check that cannot run fails the gate with exit 3 (fail.on_error: fail, fail-closed).")
	}
	if p.Fail.NewOnly {
		fmt.Fprintf(w, "Only findings absent from the baseline %s block (fail.new_only).\n", p.Baseline)
	}
	if len(p.Paths.Exclude) > 0 {
		fmt.Fprintf(w, "Not scanned: %s, and whatever .gitignore ignores.\n", strings.Join(p.Paths.Exclude, ", "))
	}
	if p.Paths.MaxFileSize != "" {
		fmt.Fprintf(w, "Files over %s are skipped with a note.\n", p.Paths.MaxFileSize)
	}
	fmt.Fprintln(w, "\nChecks:")
	for _, e := range registry.Table() {
		state := "off"
		if e.Enabled(p) {
			state = fmt.Sprintf("on, time limit %s", e.Timeout(p))
		}
		fmt.Fprintf(w, "  %-8s %s: %s\n", e.Name, state, e.Summary)
	}
	if ex := p.Checks.SAST.Exclude; len(ex) > 0 {
		fmt.Fprintf(w, "  sast rules switched off: %s\n", strings.Join(ex, ", "))
	}
	if p.Checks.Deps.Enabled {
		fmt.Fprintf(w, "  deps: reachability %t, unreachable Go vulnerabilities: %s\n", p.Checks.Deps.Reachability, p.Checks.Deps.Unreachable)
	}
	if ex := p.Checks.IaC.Exclude; len(ex) > 0 {
		fmt.Fprintf(w, "  iac rules switched off: %s\n", strings.Join(ex, ", "))
	}
	if len(p.Exceptions) == 0 {
		fmt.Fprintln(w, "\nNo exceptions.")
		return
	}
	fmt.Fprintf(w, "\nExceptions (%d):\n", len(p.Exceptions))
	for _, e := range p.Exceptions {
		scope := "everywhere"
		if len(e.Paths) > 0 {
			scope = "under " + strings.Join(e.Paths, ", ")
		}
		state := "no expiry"
		if at := e.ExpiresAt(); !at.IsZero() {
			if now.Before(at) {
				state = "until " + e.Expires
			} else {
				state = "EXPIRED on " + e.Expires + ": no longer applies"
			}
		}
		owner := ""
		if e.Owner != "" {
			owner = ", owner " + e.Owner
		}
		fmt.Fprintf(w, "  %s %s (%s%s): %s\n", e.ID, scope, state, owner, e.Reason)
	}
}
