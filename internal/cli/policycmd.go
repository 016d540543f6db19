package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/policylayer"
	"github.com/shiftgate/shiftgate/internal/scan"
)

func runPolicy(ctx context.Context, args []string, env *Env) error {
	if ok, err := groupHelp(env, args, "policy validate|explain [--policy FILE] [--org-policy REF] [PATH] | policy bundle DIR -o FILE --key K | policy pull REF --digest D --key K"); ok {
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
		return usagef("usage: shiftgate policy validate|explain [--policy FILE] [--org-policy REF] [PATH], policy bundle DIR -o FILE --key K, or policy pull REF --digest D --key K")
	}
	sub := args[0]
	flags := newFlags("policy "+sub, env, "policy "+sub+" [--policy FILE] [--org-policy REF] [PATH]")
	file := flags.String("policy", "", "policy file (default: PATH/.shiftgate.yaml if present, else the embedded default)")
	orgRef := flags.String("org-policy", "", "organisation policy the repository policy may only tighten: a policy file or a directory holding policy.yaml (default: the repository policy's extends)")
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
	repo, err := scan.LoadPolicy(root, *file)
	if err != nil {
		return err
	}
	now := env.now()
	p, loosenings, notes, err := scan.Layered(ctx, root, *file, *orgRef, repo, now)
	if err != nil {
		return err
	}
	if sub == "validate" {
		if err := scan.CheckReferences(ctx, env.Stdout, root, p); err != nil {
			return err
		}
		for _, f := range loosenings {
			fmt.Fprintf(env.Stdout, "%s:%d: %s: %s\n", f.Path, f.Line, f.Rule, f.Message)
		}
		fmt.Fprintf(env.Stdout, "%s: valid\n", p.Source)
		for _, e := range p.Exceptions {
			if at := e.ExpiresAt(); !at.IsZero() && !now.Before(at) {
				fmt.Fprintf(env.Stdout, "%s:%d: warning: exception %q expired on %s and no longer applies\n", p.Source, e.Line, e.ID, e.Expires)
			}
		}
		if len(loosenings) > 0 {
			return exitcode.AsFail(fmt.Errorf("the repository policy loosens the organisation policy %s in %d place(s): a scan fails", p.Layers.OrgRef, len(loosenings)))
		}
		return nil
	}
	explain(env.Stdout, p, now)
	explainLayers(env.Stdout, p, loosenings, notes)
	return nil
}

// explainLayers shows each layer of the policy and which one decided each setting
// (docs/org-policy.md), then the repository's loosenings of the organisation policy.
func explainLayers(w io.Writer, p *policy.Policy, loosenings []finding.Finding, notes []finding.Note) {
	l := p.Layers
	fmt.Fprintln(w, "\nLayers (weakest first):")
	fmt.Fprintln(w, "  default  the embedded default policy")
	if l != nil {
		fmt.Fprintf(w, "  org      %s (%s, from the %s)\n", l.OrgRef, l.OrgDigest, map[string]string{"runner": "runner: --org-policy", "extends": "repository's extends"}[l.OrgFrom])
	} else {
		fmt.Fprintln(w, "  org      none (no --org-policy, and the repository policy has no extends)")
	}
	if p.Source == policy.EmbeddedSource {
		fmt.Fprintln(w, "  repo     none (no .shiftgate.yaml)")
	} else {
		fmt.Fprintf(w, "  repo     %s\n", p.Source)
	}
	fmt.Fprintln(w, "\nWho decided each setting the organisation or the repository writes (any other: default):")
	for _, s := range policy.LeafPaths() {
		if s == "version" || s == "exceptions" || s == "exceptions_allow" || strings.HasPrefix(s, "extends.") {
			continue
		}
		by := p.DecidedBy(s)
		if by == policy.LayerDefault {
			continue
		}
		line := fmt.Sprintf("  %-28s %-6s %s", s, by, policylayer.Value(p, s))
		if l != nil && l.Repo != nil && l.Repo.Source != policy.EmbeddedSource && l.Repo.Sets(s) && by == policy.LayerOrg {
			line += fmt.Sprintf("  (the repository's %s loosens it: not applied)", policylayer.Value(l.Repo, s))
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	if len(p.OrgRules) > 0 {
		var names []string
		for _, r := range p.OrgRules {
			names = append(names, r.Name)
		}
		fmt.Fprintf(w, "  %-28s %d Rego file(s): %s\n", "org rules", len(p.OrgRules), strings.Join(names, ", "))
	}
	if l != nil {
		if len(l.Org.ExceptionsAllow) == 0 {
			fmt.Fprintln(w, "\nRepository exceptions the organisation allows: none.")
		} else {
			fmt.Fprintln(w, "\nRepository exceptions the organisation allows:")
			for _, a := range l.Org.ExceptionsAllow {
				var conds []string
				if a.MaxDays > 0 {
					conds = append(conds, fmt.Sprintf("expiring within %d days", a.MaxDays))
				}
				if a.MaxExpires != "" {
					conds = append(conds, "expiring by "+a.MaxExpires)
				}
				if a.OwnerRequired {
					conds = append(conds, "with an owner")
				}
				if a.ReasonRequired {
					conds = append(conds, "with a reason")
				}
				if len(conds) == 0 {
					conds = append(conds, "without conditions")
				}
				fmt.Fprintf(w, "  %s: %s\n", strings.Join(a.IDs, ", "), strings.Join(conds, ", "))
			}
		}
	}
	for _, n := range notes {
		fmt.Fprintf(w, "\nNote: %s\n", n.Message)
	}
	if len(loosenings) == 0 {
		if l != nil {
			fmt.Fprintln(w, "\nThe repository policy does not loosen the organisation policy.")
		}
		return
	}
	fmt.Fprintf(w, "\nLoosenings of the organisation policy (%d; each blocks a scan):\n", len(loosenings))
	for _, f := range loosenings {
		fmt.Fprintf(w, "  %s:%d: %s: %s\n", f.Path, f.Line, f.Rule, f.Message)
	}
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
	for i, e := range p.Exceptions {
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
		fmt.Fprintf(w, "  %s %s (%s%s): %s [%s]\n", e.ID, scope, state, owner, e.Reason, p.ExceptionLayer(i))
	}
}
