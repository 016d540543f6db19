package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/baseline"
	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/gate"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/policydiff"
	"github.com/shiftgate/shiftgate/internal/result"
)

// changedSince resolves --changed-since before the scan, so a bad ref is a usage
// error (exit 2) and nothing is judged. An empty ref gives nil.
func changedSince(ctx context.Context, root, ref string) (*changes.Set, error) {
	if ref == "" {
		return nil, nil
	}
	set, err := changes.Since(ctx, root, ref)
	if err != nil {
		return nil, usagef("--changed-since: %v", err)
	}
	return set, nil
}

// gateNewAndChanged narrows a judged result to what is new: policy loosenings since
// the base commit become findings, with fail.new_only findings recorded in the
// baseline stop blocking, and with --changed-since (set non-nil) blocking findings in
// files that did not change become allowed. Then the verdict is decided again.
// policyFile is the --policy flag ("" when the root's own file or the default is used).
func gateNewAndChanged(ctx context.Context, root, policyFile string, set *changes.Set, p *policy.Policy, res *result.Result, now time.Time) error {
	if set != nil {
		if rel, ok := policyRel(root, policyFile); ok {
			rep, err := policydiff.Compare(ctx, root, set.Base, rel)
			if err != nil {
				return fmt.Errorf("could not compare the policy with its version at %s: %w", set.Ref, err)
			}
			res.Notes = append(res.Notes, rep.Notes...)
			if len(rep.Findings) > 0 {
				if res.CheckByName(policydiff.Check) == nil {
					res.Checks = append(res.Checks, result.Check{Name: policydiff.Check, Status: result.StatusOK, Rules: policydiff.Rules()})
				}
				res.Findings = append(res.Findings, rep.Findings...)
				gate.Rejudge(res, p, now)
				if rep.BaseFailSeverity != finding.Unknown {
					exceptOnlyAtBase(res, p, rep.BaseExceptions, set.Ref, now)
				}
				blockAtBase(res, rep.BaseFailSeverity)
			}
		}
	}
	if p.Fail.NewOnly {
		rel := p.Baseline
		if rel == "" {
			rel = baseline.DefaultPath
		}
		b, err := loadBaseline(ctx, root, rel, set)
		if err != nil {
			return err
		}
		if b == nil {
			res.Notes = append(res.Notes, finding.Note{Kind: "baseline", Path: rel,
				Message: fmt.Sprintf("fail.new_only is on but there is no baseline at %s: every finding is judged as new (record one with `shiftgate baseline`)", rel)})
		} else {
			o := b.Apply(res.Findings, rel)
			res.Notes = append(res.Notes, o.Notes(rel)...)
		}
	}
	if set != nil {
		for i := range res.Findings {
			f := &res.Findings[i]
			// A loosening of the policy blocks wherever it is, even in a deleted file.
			if f.Status == finding.StatusBlocking && f.Path != "" && f.Check != policydiff.Check && !set.Contains(f.Path) {
				f.Status = finding.StatusAllowed
				f.Reason = fmt.Sprintf("not in the files changed since %s", set.Ref)
			}
			// A context (test, docs, …) does not excuse what the change itself adds.
			if policy.AddedInContext(f, p, set.ContainsLine(f.Path, f.Line)) {
				f.Status = finding.StatusBlocking
				f.Reason = fmt.Sprintf("%s is at or above the fail severity and the change since %s adds it: its context (%s) does not excuse it", f.Severity, set.Ref, f.Context)
			}
		}
	}
	if set != nil || p.Fail.NewOnly {
		gate.Redecide(res, p)
	}
	// The loosened policy (mode: audit, say) must not pass its own loosening.
	if set != nil && res.Verdict == result.Pass {
		for _, f := range res.Findings {
			if f.Check == policydiff.Check && f.Status == finding.StatusBlocking {
				res.Verdict = result.Fail
				res.Reason = fmt.Sprintf("the change loosens the policy since %s (%s at %s): the loosened policy cannot pass its own loosening", set.Ref, f.Rule, f.Path)
				break
			}
		}
	}
	return nil
}

// loadBaseline reads the baseline. Under --changed-since it is the base commit's
// version: a change cannot baseline its own new findings.
func loadBaseline(ctx context.Context, root, rel string, set *changes.Set) (*baseline.File, error) {
	if set == nil {
		return baseline.Load(root, rel)
	}
	data, ok, err := changes.Git{Dir: root}.ReadAt(ctx, set.Base, rel)
	if err != nil {
		return nil, fmt.Errorf("could not read the baseline %s at %s: %w", rel, set.Ref, err)
	}
	if !ok {
		return nil, nil
	}
	return baseline.Parse(rel+"@"+set.Ref, data)
}

// policyRel is the policy file's path relative to the root, when it is inside the
// root. Without --policy it is the root's .shiftgate.yaml (when that file is missing
// now, the comparison is with the embedded default: a deleted policy is a change too).
func policyRel(root, policyFile string) (string, bool) {
	if policyFile == "" {
		return policy.FileName, true
	}
	ar, err1 := filepath.Abs(root)
	ap, err2 := filepath.Abs(policyFile)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(ar, ap)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// blockAtBase makes a policy loosening that the loosened policy allows block when the
// base version's fail severity would have blocked it: a change cannot lower the bar
// that judges its own loosening. Exceptions still apply (they are excepted, not allowed).
func blockAtBase(res *result.Result, base finding.Severity) {
	if base == finding.Unknown {
		return
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Check == policydiff.Check && f.Status == finding.StatusAllowed && f.Severity >= base {
			f.Status = finding.StatusBlocking
			f.Reason = fmt.Sprintf("%s is at or above the base branch's fail severity (%s): a change cannot lower the bar for its own loosening", f.Severity, base)
		}
	}
}

// exceptOnlyAtBase judges the policy's loosening findings again with the base
// version's exceptions only: an exception the change adds cannot except the report of
// that change (POLICY-002 reporting the exception itself, or a disabled check).
func exceptOnlyAtBase(res *result.Result, p *policy.Policy, base []policy.Exception, ref string, now time.Time) {
	bp := *p
	bp.Exceptions = base
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Check != policydiff.Check || f.Status != finding.StatusExcepted {
			continue
		}
		one := []finding.Finding{*f}
		bp.Judge(one, now)
		if one[0].Status == finding.StatusExcepted {
			continue
		}
		*f = one[0]
		f.Reason = fmt.Sprintf("excepted only by an exception this change adds; loosenings are judged by the exceptions at %s", ref)
	}
}
