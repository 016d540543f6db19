package gate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/baseline"
	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/policydiff"
	"github.com/shiftgate/shiftgate/internal/policylayer"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Judging is what the judging stage needs besides the policy and the checks' findings
// (docs/design.md, "The judging stage").
type Judging struct {
	// Since is --changed-since: the policy is compared with its version at Since.Base
	// (each loosening a finding, judged by the base version's rules), the baseline is
	// read at the base, and blocking findings outside the changed files are allowed.
	Since *changes.Set
	// PolicyRel is the policy file relative to the root, "" when it is outside it (then
	// there is nothing in the repository to compare).
	PolicyRel string
	// Unmet are policy requirements this run cannot meet (outputs.sign.required without
	// a key): in enforce mode each one fails the gate.
	Unmet []string
	// baseRules are the custom rule files read at the base (gate.Run), nil when none.
	baseRules map[string][]byte
	// Org are the repository policy's loosenings of the organisation policy
	// (policylayer.Resolve): each blocks whatever the repository policy says, unless an
	// exception the organisation allows covers it. OrgNotes are notes about the layers.
	Org      []finding.Finding
	OrgNotes []finding.Note
}

// judge is the one judging stage. In order: the checks' findings plus the policy's
// loosenings; exceptions, VEX presets and the fail severity (policy.Judge); the base
// branch's rules for the loosenings; the baseline; changed-file narrowing; one decide.
// Nothing after it sets a verdict or a finding's status.
func judge(ctx context.Context, root string, p *policy.Policy, now time.Time, j Judging, res *result.Result) error {
	var loose *policydiff.Report
	if j.Since != nil && j.PolicyRel != "" {
		rep, err := policydiff.CompareBase(ctx, root, j.Since.At, j.Since.Base, j.PolicyRel)
		if err != nil {
			return fmt.Errorf("could not compare the policy with its version at %s: %w", j.Since.Ref, err)
		}
		loose = rep
		res.Notes = append(res.Notes, rep.Notes...)
		if len(rep.Findings) > 0 {
			if res.CheckByName(policydiff.Check) == nil {
				res.Checks = append(res.Checks, result.Check{Name: policydiff.Check, Status: result.StatusOK, Rules: policydiff.Rules()})
			}
			res.Findings = append(res.Findings, rep.Findings...)
		}
	}

	if j.Since != nil && j.baseRules != nil {
		// A custom rule the change edits or removes is a loosening like a policy one:
		// the base's version ran, and the edit blocks until the base accepts it.
		if rf := policydiff.CompareRules(root, j.Since.Base, j.baseRules); len(rf) > 0 {
			if loose == nil {
				loose = &policydiff.Report{}
			}
			loose.Findings = append(loose.Findings, rf...)
			if res.CheckByName(policydiff.Check) == nil {
				res.Checks = append(res.Checks, result.Check{Name: policydiff.Check, Status: result.StatusOK, Rules: policydiff.Rules()})
			}
			res.Findings = append(res.Findings, rf...)
		}
	}

	res.Notes = append(res.Notes, j.OrgNotes...)
	if len(j.Org) > 0 {
		c := res.CheckByName(policydiff.Check)
		if c == nil {
			res.Checks = append(res.Checks, result.Check{Name: policydiff.Check, Status: result.StatusOK})
			c = &res.Checks[len(res.Checks)-1]
		}
		c.Rules = append(c.Rules, policylayer.Rules()...)
		res.Findings = append(res.Findings, j.Org...)
	}

	finding.AssignFingerprints(res.Findings)
	changeVEX := distrustChangeVEX(res, j.Since)
	res.Exceptions = p.Judge(res.Findings, now)
	for i, file := range changeVEX {
		f := &res.Findings[i]
		if f.Status == finding.StatusBlocking || f.Status == finding.StatusAllowed {
			f.Reason = fmt.Sprintf("%s; the VEX statement that would suppress it is in %s, which this change adds or edits: VEX is trusted as at %s", f.Reason, file, j.Since.Ref)
		}
	}
	for _, u := range res.Exceptions {
		if u.State != policy.ExceptionActive {
			at := relPolicy(p.Source)
			if u.File != "" {
				at = u.File // an organisation exception: its line is in the organisation's file
			}
			res.Notes = append(res.Notes, finding.Note{Kind: "exception", Path: at, Line: u.Line,
				Message: fmt.Sprintf("exception %q %s", u.ID, u.Message)})
		}
	}

	if loose != nil && len(loose.Findings) > 0 {
		if loose.BaseFailSeverity != finding.Unknown {
			exceptOnlyAtBase(res, p, loose.BaseExceptions, j.Since.Ref, now)
		}
		blockLoosenings(res, loose.Current, j.Since.Ref, now)
	}

	if p.Fail.NewOnly {
		if err := applyBaseline(ctx, root, p, j.Since, res); err != nil {
			return err
		}
	}
	orgLoosening := blockOrgLoosenings(res, p)

	if j.Since != nil {
		for i := range res.Findings {
			f := &res.Findings[i]
			// A loosening of the policy blocks wherever it is, even in a deleted file.
			// So does an image finding: its path is inside the image the change built
			// (var/lib/dpkg/status), never among the change's files.
			if f.Status == finding.StatusBlocking && f.Path != "" && f.Check != policydiff.Check && f.Check != imageCheck && !j.Since.Contains(f.Path) {
				f.Status = finding.StatusAllowed
				f.Reason = fmt.Sprintf("not in the files changed since %s", j.Since.Ref)
			}
			// A context (test, docs, …) does not excuse what the change itself adds.
			if policy.AddedInContext(f, p, j.Since.ContainsLine(f.Path, f.Line)) {
				f.Status = finding.StatusBlocking
				f.Reason = fmt.Sprintf("%s is at or above the fail severity and the change since %s adds it: its context (%s) does not excuse it", f.Severity, j.Since.Ref, f.Context)
			}
		}
	}

	d := Decision{Audit: p.Audit(), FailClosed: p.Fail.OnError != "warn", Unmet: j.Unmet}
	if j.Since != nil {
		// The loosened policy (mode: audit, say) must not pass its own loosening.
		for _, f := range res.Findings {
			if f.Check == policydiff.Check && f.Status == finding.StatusBlocking {
				d.Loosening = fmt.Sprintf("the change loosens the policy since %s (%s at %s): the loosened policy cannot pass its own loosening", j.Since.Ref, f.Rule, f.Path)
				break
			}
		}
	}
	if d.Loosening == "" {
		d.Loosening = orgLoosening
	}
	Decide(res, d)
	return nil
}

// blockOrgLoosenings makes every loosening of the organisation policy block, whatever
// the repository policy says (its fail severity, its mode, its baseline), unless an
// exception the organisation policy allows covers it; the layer that judged it is the
// organisation's. It returns why the verdict fails, or "" (and "" in audit mode, which
// only the organisation or the runner can choose).
func blockOrgLoosenings(res *result.Result, p *policy.Policy) string {
	if p.Layers == nil {
		return ""
	}
	why := ""
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Check != policydiff.Check || !strings.HasPrefix(f.Rule, "POLICY-ORG-") || f.Status == finding.StatusExcepted {
			continue
		}
		f.Status = finding.StatusBlocking
		f.JudgedBy = string(policy.LayerOrg)
		f.Reason = fmt.Sprintf("the organisation policy %s may only be tightened by the repository: this blocks whatever the repository policy says", p.Layers.OrgRef)
		if why == "" {
			why = fmt.Sprintf("the repository policy loosens the organisation policy %s (%s at %s:%d)", p.Layers.OrgRef, f.Rule, f.Path, f.Line)
		}
	}
	if p.Audit() {
		// The repository's mode: audit was a loosening and is not applied, so audit
		// here is the organisation's or the runner's choice: both are trusted.
		return ""
	}
	return why
}

// applyBaseline marks findings recorded in the baseline (fail.new_only). Under
// --changed-since the baseline is the base commit's: a change cannot baseline its own
// new findings.
func applyBaseline(ctx context.Context, root string, p *policy.Policy, since *changes.Set, res *result.Result) error {
	rel := p.Baseline
	if rel == "" {
		rel = baseline.DefaultPath
	}
	var b *baseline.File
	var err error
	if since == nil {
		b, err = baseline.Load(root, rel)
	} else {
		data, ok, rerr := since.At.ReadFile(ctx, rel, baseline.MaxSize)
		switch {
		case rerr != nil:
			err = fmt.Errorf("could not read the baseline %s at %s: %w", rel, since.Ref, rerr)
		case ok:
			b, err = baseline.Parse(rel+"@"+since.Ref, data)
		}
	}
	if err != nil {
		return err
	}
	if b == nil {
		res.Notes = append(res.Notes, finding.Note{Kind: "baseline", Path: rel,
			Message: fmt.Sprintf("fail.new_only is on but there is no baseline at %s: every finding is judged as new (record one with `shiftgate baseline`)", rel)})
		return nil
	}
	o := b.Apply(res.Findings, rel)
	for i := range res.Findings {
		if res.Findings[i].Status == finding.StatusBaseline {
			res.Findings[i].JudgedBy = string(p.DecidedBy("fail.new_only"))
		}
	}
	res.Notes = append(res.Notes, o.Notes(rel)...)
	return nil
}

// distrustChangeVEX undoes the suppression of findings by VEX documents the change
// adds or edits (the deps check marks them "VEX FILE: …"): like the policy and the
// baseline, the VEX that counts is the base's, so a change cannot declare its own
// vulnerabilities not_affected. It returns the findings it reopened, by index, with
// the file.
func distrustChangeVEX(res *result.Result, since *changes.Set) map[int]string {
	if since == nil {
		return nil
	}
	out := map[int]string{}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Status != finding.StatusVEX || !strings.HasPrefix(f.Reason, "VEX ") {
			continue
		}
		file, _, ok := strings.Cut(strings.TrimPrefix(f.Reason, "VEX "), ": ")
		if ok && since.Contains(file) {
			f.Status, f.Reason = "", ""
			out[i] = file
		}
	}
	return out
}

// blockLoosenings makes every loosening of the policy block, whatever its severity
// (only an exception of the base branch lets one pass), and makes it at least as
// severe as the worst finding of this scan that the change's policy would let pass:
// a `fail.severity: critical` that hides a high finding is a high loosening.
func blockLoosenings(res *result.Result, cur *policy.Policy, ref string, now time.Time) {
	worst, what := finding.Unknown, ""
	if cur != nil {
		for _, f := range res.Findings {
			if f.Check == policydiff.Check || f.Status != finding.StatusBlocking || f.Severity <= worst {
				continue
			}
			if wouldPass(cur, f, now) {
				worst, what = f.Severity, fmt.Sprintf("%s %s at %s", f.Check, f.Rule, f.Path)
			}
		}
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Check != policydiff.Check {
			continue
		}
		if worst > f.Severity {
			f.Severity = worst
			f.Message += fmt.Sprintf(" (under this policy the %s finding %s would pass)", worst, what)
		}
		if f.Status == finding.StatusAllowed {
			f.Status = finding.StatusBlocking
			f.Reason = fmt.Sprintf("a loosening of the policy blocks whatever its severity: the policy at %s judges this change, and only its exceptions let a loosening pass", ref)
		}
	}
}

// wouldPass reports whether the change's policy would let a finding the base blocks
// pass: audit mode, its check off, its path excluded, its rule excluded, below the
// fail severity, or an exception.
func wouldPass(cur *policy.Policy, f finding.Finding, now time.Time) bool {
	if cur.Audit() {
		return true
	}
	for _, e := range registry.Table() {
		if e.Name == f.Check && !e.Enabled(cur) {
			return true
		}
	}
	for _, g := range cur.Paths.Exclude {
		if ok, _ := doublestar.Match(g, f.Path); ok {
			return true
		}
		if strings.HasSuffix(g, "/**") {
			if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/**"), f.Path); ok {
				return true
			}
		}
	}
	var excl []string
	switch f.Check {
	case "sast", "sarif":
		excl = cur.Checks.SAST.Exclude
	case "secrets":
		excl = cur.Checks.Secrets.Exclude
	case "iac":
		excl = cur.Checks.IaC.Exclude
	}
	if slices.Contains(excl, f.Rule) {
		return true
	}
	one := []finding.Finding{f}
	one[0].Status = ""
	cur.Judge(one, now)
	return one[0].Status != finding.StatusBlocking
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

// Decision is everything the verdict depends on besides the judged findings and the
// checks' statuses.
type Decision struct {
	// Audit: nothing fails the gate (but a loosening of the policy still does).
	Audit bool
	// FailClosed: a check that could not run makes the verdict "error" (fail.on_error: fail).
	FailClosed bool
	// Unmet are policy requirements that cannot be met; in enforce mode they fail.
	Unmet []string
	// Loosening, when set, says why the change's own loosening fails the gate.
	Loosening string
	// Shards names the merged shards and their verdicts (merge only): the merged
	// verdict is the worst shard's.
	Shards []Shard
}

// Shard is one merged out dir's name and verdict.
type Shard struct {
	Name    string
	Verdict result.Verdict
}

// Decide recounts each check's findings and sets the verdict and its one-sentence
// reason. It is the only place in shiftgate that sets a verdict.
func Decide(res *result.Result, d Decision) {
	for _, f := range res.Findings {
		if res.CheckByName(f.Check) == nil {
			res.Checks = append(res.Checks, result.Check{Name: f.Check, Status: result.StatusOK})
		}
	}
	slices.SortFunc(res.Checks, func(a, b result.Check) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(res.Notes, compareNotes)
	var failed []string
	for i := range res.Checks {
		c := &res.Checks[i]
		c.Findings, c.Blocking = 0, 0
		for _, f := range res.Findings {
			if f.Check == c.Name {
				c.Findings++
				if f.Status == finding.StatusBlocking {
					c.Blocking++
				}
			}
		}
		if c.Status == result.StatusError {
			failed = append(failed, c.Name)
		}
	}
	res.Verdict, res.Reason = verdict(res.Count(finding.StatusBlocking), res.FailSeverity, failed, d)
	if res.Verdict == result.Pass && !d.Audit && len(d.Shards) == 0 {
		if why := unblocked(res.Findings, res.FailSeverity); why != "" {
			if strings.HasPrefix(res.Reason, "no finding at or above") {
				res.Reason = "no blocking finding"
			}
			res.Reason += "; " + why
		}
	}
}

// imageCheck is the container image check's name (checks/image, which the gate does
// not import: it links osv-scalibr's image code).
const imageCheck = "image"

// unblocked says, with counts, why findings at or above the fail severity did not
// block (outside the change, baselined, excepted, VEX, suppressed, their context), so
// a passing verdict never reads as "nothing serious was found" when something was.
func unblocked(fs []finding.Finding, sev finding.Severity) string {
	counts := map[string]int{}
	total := 0
	for _, f := range fs {
		if f.Severity < sev || f.Status == finding.StatusBlocking {
			continue
		}
		why := "allowed by the policy"
		switch {
		case f.Status == finding.StatusBaseline:
			why = "in the baseline"
		case f.Status == finding.StatusExcepted:
			why = "excepted"
		case f.Status == finding.StatusVEX:
			why = "not affected per VEX"
		case f.Status == finding.StatusSuppressed:
			why = "suppressed in the source"
		case strings.HasPrefix(f.Reason, "not in the files changed since"):
			why = "outside the change"
		case f.Context != "":
			why = "in a context that does not block (" + f.Context + ")"
		}
		counts[why]++
		total++
	}
	if total == 0 {
		return ""
	}
	parts := make([]string, 0, len(counts))
	for why, n := range counts {
		parts = append(parts, fmt.Sprintf("%d %s", n, why))
	}
	slices.Sort(parts)
	return fmt.Sprintf("%d finding(s) at or above %s did not block: %s", total, sev, strings.Join(parts, ", "))
}

func verdict(blocking int, sev finding.Severity, failed []string, d Decision) (result.Verdict, string) {
	if len(d.Shards) > 0 {
		var failedShards, errored []string
		for _, s := range d.Shards {
			switch s.Verdict {
			case result.Fail:
				failedShards = append(failedShards, s.Name)
			case result.Error:
				errored = append(errored, s.Name)
			}
		}
		switch {
		case len(failedShards) > 0:
			return result.Fail, fmt.Sprintf("%d blocking finding(s) across %d shard(s); failed: %s", blocking, len(d.Shards), strings.Join(failedShards, ", "))
		case len(errored) > 0:
			return result.Error, fmt.Sprintf("a check could not run and the policy fails closed in shard(s) %s", strings.Join(errored, ", "))
		}
		return result.Pass, fmt.Sprintf("all %d shard(s) passed", len(d.Shards))
	}
	v, why := result.Pass, fmt.Sprintf("no finding at or above %s severity", sev)
	switch {
	case d.Audit && d.Loosening != "":
		return result.Fail, d.Loosening
	case d.Audit:
		return result.Pass, fmt.Sprintf("audit mode: nothing fails the gate (%d finding(s) would block, %d check(s) failed)", blocking, len(failed))
	case d.Loosening != "":
		v, why = result.Fail, d.Loosening
	case blocking > 0:
		v, why = result.Fail, fmt.Sprintf("%d blocking finding(s) at or above %s severity", blocking, sev)
	case len(failed) > 0 && d.FailClosed:
		v, why = result.Error, fmt.Sprintf("check(s) %s could not run and fail.on_error is fail", strings.Join(failed, ", "))
	case len(failed) > 0:
		why = fmt.Sprintf("no blocking findings; check(s) %s could not run (fail.on_error is warn)", strings.Join(failed, ", "))
	}
	for _, u := range d.Unmet {
		if v == result.Pass {
			v, why = result.Fail, u
		} else {
			why += "; and " + u
		}
	}
	return v, why
}
