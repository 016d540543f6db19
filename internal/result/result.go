// Package result is the outcome of one scan: the verdict, every check's status, the
// judged findings, the rules they refer to, notes and exception uses. Reports and
// publishers render it; nothing here computes findings.
package result

import (
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/policy"
)

// SchemaVersion is the version of shiftgate.json's layout.
const SchemaVersion = "1"

// Verdict is the gate's decision.
type Verdict string

// The verdicts.
const (
	Pass  Verdict = "pass"
	Fail  Verdict = "fail"  // blocking findings, or a policy requirement unmet
	Error Verdict = "error" // a check could not run and the policy fails closed
)

// Check statuses.
const (
	StatusOK      = "ok"
	StatusError   = "error"
	StatusSkipped = "skipped"
)

// Tool names the program that produced the result.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Check is one check's run.
type Check struct {
	Name       string `json:"name"`
	Status     string `json:"status"`
	Findings   int    `json:"findings"`
	Blocking   int    `json:"blocking"`
	DurationMs int64  `json:"durationMs,omitempty"`
	Error      string `json:"error,omitempty"`
	// Rules are the rules this check's findings refer to, sorted by id. shiftgate.json
	// carries them, so a merge or a publisher never re-reads them from SARIF.
	Rules []finding.Rule `json:"rules,omitempty"`
}

// OrgPolicy names the organisation layer of the policy that judged.
type OrgPolicy struct {
	// Ref is how it was named; From says by whom: "runner" (--org-policy, the Action
	// input, the Tekton param) or "extends" (the repository policy).
	Ref    string `json:"ref"`
	From   string `json:"from"`
	Digest string `json:"digest"`
}

// Result is one scan's outcome.
type Result struct {
	Tool Tool `json:"tool"`
	// Policy is where the policy came from: a path relative to the root, or the embedded default.
	Policy string `json:"policy"`
	// OrgPolicy is the organisation policy the repository policy was resolved over
	// (docs/org-policy.md), nil without one.
	OrgPolicy    *OrgPolicy       `json:"orgPolicy,omitempty"`
	Mode         string           `json:"mode"`
	FailSeverity finding.Severity `json:"failSeverity"`
	Verdict      Verdict          `json:"verdict"`
	// Reason says in one sentence why the gate passed or failed.
	Reason     string                `json:"reason"`
	Checks     []Check               `json:"checks"`
	Findings   []finding.Finding     `json:"findings"`
	Notes      []finding.Note        `json:"notes"`
	Exceptions []policy.ExceptionUse `json:"exceptions"`
	// Inventory is the dependency inventory the gate extracted, for SBOMs (with the
	// licenses the deps check found when it ran); nil when none was asked for.
	Inventory *inventory.Inventory `json:"-"`
	// InventoryErr says why the inventory could not be extracted: the SBOMs then fail
	// rather than describe only the root component.
	InventoryErr string `json:"-"`
	// Source is the scanned repository, for SARIF's versionControlProvenance; nil or
	// empty fields when unknown.
	Source *Source `json:"-"`
	// Files are out-dir files checks produced (checks.Result.Files), by file name.
	Files map[string][]byte `json:"-"`
}

// Source names the scanned repository: its URL (absolute, no credentials), the
// commit and the branch.
type Source struct {
	RepositoryURI, Revision, Branch string
}

// Count returns how many findings have the status.
func (r *Result) Count(s finding.Status) int {
	n := 0
	for _, f := range r.Findings {
		if f.Status == s {
			n++
		}
	}
	return n
}

// Blocking returns the blocking findings, most severe first.
func (r *Result) Blocking() []finding.Finding {
	var out []finding.Finding
	for _, f := range r.Findings {
		if f.Status == finding.StatusBlocking {
			out = append(out, f)
		}
	}
	sortBySeverity(out)
	return out
}

// CheckByName returns the named check's run, or nil.
func (r *Result) CheckByName(name string) *Check {
	for i := range r.Checks {
		if r.Checks[i].Name == name {
			return &r.Checks[i]
		}
	}
	return nil
}

// Rule returns the rule a finding refers to, or a rule made from the finding itself
// when its check described none.
func (r *Result) Rule(f *finding.Finding) finding.Rule {
	if c := r.CheckByName(f.Check); c != nil {
		for _, rule := range c.Rules {
			if rule.ID == f.Rule {
				return rule
			}
		}
	}
	return finding.Rule{ID: f.Rule, Title: f.Rule, Description: f.Message, Help: f.Message, Severity: f.Severity}
}
