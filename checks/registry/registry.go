// Package registry is the explicit table of every check shiftgate can run: its name,
// whether the policy enables it, its timeout and its constructor. Nothing registers
// itself; adding a check means adding a row here.
package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/deps"
	"github.com/shiftgate/shiftgate/checks/iac"
	"github.com/shiftgate/shiftgate/checks/image"
	"github.com/shiftgate/shiftgate/checks/sarifimport"
	"github.com/shiftgate/shiftgate/checks/sast"
	"github.com/shiftgate/shiftgate/checks/secrets"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/policydiff"
)

// Entry is one row of the table.
type Entry struct {
	Name    string
	Summary string
	// Enabled reports whether the policy asks for this check.
	Enabled func(p *policy.Policy) bool
	// Timeout is the check's own time limit under the scan's context.
	Timeout func(p *policy.Policy) time.Duration
	New     func() checks.Check
}

// Table returns every check, in the order reports list them.
func Table() []Entry {
	return []Entry{
		{
			Name:    sast.Name,
			Summary: "gosec rules and taint analyzers over every Go module (checks.sast)",
			Enabled: func(p *policy.Policy) bool { return p.Checks.SAST.Enabled },
			Timeout: func(p *policy.Policy) time.Duration {
				return policy.CheckTimeout(p.Checks.SAST.Timeout, 10*time.Minute)
			},
			New: func() checks.Check { return sast.New() },
		},
		{
			Name:    secrets.Name,
			Summary: "committed secrets, gitleaks' default rules, values redacted (checks.secrets)",
			Enabled: func(p *policy.Policy) bool { return p.Checks.Secrets.Enabled },
			Timeout: func(p *policy.Policy) time.Duration {
				return policy.CheckTimeout(p.Checks.Secrets.Timeout, 5*time.Minute)
			},
			New: func() checks.Check { return secrets.New() },
		},
		{
			Name:    deps.Name,
			Summary: "dependency inventory (osv-scalibr), OSV vulnerabilities, Go reachability (govulncheck), VEX, licenses (checks.deps)",
			Enabled: func(p *policy.Policy) bool { return p.Checks.Deps.Enabled },
			Timeout: func(p *policy.Policy) time.Duration {
				return policy.CheckTimeout(p.Checks.Deps.Timeout, 10*time.Minute)
			},
			// Cached from the outside, as a whole (depscache.go).
			New: func() checks.Check { return &cachedDeps{inner: deps.New()} },
		},
		{
			Name:    iac.Name,
			Summary: "Kubernetes, Dockerfile, Terraform, GitHub workflow and Tekton rules in Rego (checks.iac)",
			Enabled: func(p *policy.Policy) bool { return p.Checks.IaC.Enabled },
			Timeout: func(p *policy.Policy) time.Duration {
				return policy.CheckTimeout(p.Checks.IaC.Timeout, 5*time.Minute)
			},
			New: func() checks.Check { return iac.New() },
		},
		{
			Name:    image.Name,
			Summary: "container image: OS and language packages (osv-scalibr) by layer, matched offline against OSV (checks.image, --image)",
			Enabled: func(p *policy.Policy) bool { return p.Checks.Image.Ref != "" },
			Timeout: func(p *policy.Policy) time.Duration {
				return policy.CheckTimeout(p.Checks.Image.Timeout, 10*time.Minute)
			},
			New: func() checks.Check { return image.New() },
		},
		{
			Name:    sarifimport.Name,
			Summary: "findings from other tools' SARIF 2.1.0 files (checks.sast.import)",
			Enabled: func(p *policy.Policy) bool { return p.Checks.SAST.Enabled && len(p.Checks.SAST.Import) > 0 },
			Timeout: func(p *policy.Policy) time.Duration { return policy.CheckTimeout(p.Checks.SAST.Timeout, 2*time.Minute) },
			New:     func() checks.Check { return sarifimport.New() },
		},
	}
}

// Names lists the names of every check in the table.
func Names() []string {
	var out []string
	for _, e := range Table() {
		out = append(out, e.Name)
	}
	return out
}

// RuleIDs tells policy validation which rule ids a scan of root with the policy knows,
// per policy section: "sast", "secrets", "iac" (the built-in pack plus the policy's own
// rule folders) and "other" (licence and policy-change rules, which no exclude list
// names but an exception may).
func RuleIDs(ctx context.Context, p *policy.Policy, root string) policy.RuleIDs {
	return func(section string) ([]string, error) {
		switch section {
		case sast.Name:
			return sast.RuleIDs(), nil
		case secrets.Name:
			return secrets.RuleIDs()
		case iac.Name:
			return iac.RuleIDs(ctx, root, p)
		case "other":
			ids := []string{deps.RuleLicenseDenied, deps.RuleLicenseNotAllowed}
			for _, r := range policydiff.Rules() {
				ids = append(ids, r.ID)
			}
			return ids, nil
		}
		return nil, fmt.Errorf("no rule ids are known for %q", section)
	}
}
