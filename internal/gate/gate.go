// Package gate runs one scan: it walks the workspace once, runs the enabled checks in
// parallel under one context (each with its own timeout, a panic or error becoming
// that check's error status), has the policy judge every finding, and decides the
// verdict. It renders nothing; reports and publishers take its result.
package gate

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// Options describe one scan.
type Options struct {
	Root   string
	Policy *policy.Policy
	// OutDir is where reports go; when it is inside Root the walk skips it.
	OutDir    string
	OfflineDB string
	// Changed narrows the scan to these files where a check can (checks.Env.Changed).
	Changed map[string]bool
	// Now is the scan's clock (exception expiry); the zero value means time.Now().
	Now time.Time
	// Table is the check table; nil means registry.Table().
	Table []registry.Entry
	// Tool names this program in the result.
	Tool result.Tool
	// Progress, when set, is told when each check starts and ends.
	Progress func(Event)
}

// Event tells a progress display about a check.
type Event struct {
	Check    string
	Done     bool
	Duration time.Duration
	Findings int
	Err      error
}

type outcome struct {
	res      *checks.Result
	err      error
	duration time.Duration
}

// Run performs the scan. It returns an error only when nothing could be judged (the
// target cannot be read); a check that fails is recorded in the result instead.
func Run(ctx context.Context, opts Options) (*result.Result, error) {
	p := opts.Policy
	if p == nil {
		p = policy.Default()
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	table := opts.Table
	if table == nil {
		table = registry.Table()
	}
	wsOpts := workspace.Options{Exclude: p.Paths.Exclude}
	if p.Paths.MaxFileSize != "" {
		if n, err := policy.ParseSize(p.Paths.MaxFileSize); err == nil {
			wsOpts.MaxFileSize = n
		}
	}
	if rel, ok := inside(opts.Root, opts.OutDir); ok {
		wsOpts.SkipDirs = append(wsOpts.SkipDirs, rel)
	}
	ws, err := workspace.Open(opts.Root, wsOpts)
	if err != nil {
		return nil, err
	}
	env := &checks.Env{Workspace: ws, Policy: p, OfflineDB: opts.OfflineDB, Now: now, Changed: opts.Changed}

	res := &result.Result{Tool: opts.Tool, Policy: p.Source, Mode: p.Mode, FailSeverity: p.FailSeverity()}
	if res.Mode == "" {
		res.Mode = "enforce"
	}
	var enabled []registry.Entry
	for _, e := range table {
		if e.Enabled(p) {
			enabled = append(enabled, e)
		} else {
			res.Checks = append(res.Checks, result.Check{Name: e.Name, Status: result.StatusSkipped})
		}
	}
	outcomes := make([]outcome, len(enabled))
	var wg sync.WaitGroup
	for i, e := range enabled {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if opts.Progress != nil {
				opts.Progress(Event{Check: e.Name})
			}
			outcomes[i] = runOne(ctx, e, env)
			if opts.Progress != nil {
				n := 0
				if outcomes[i].res != nil {
					n = len(outcomes[i].res.Findings)
				}
				opts.Progress(Event{Check: e.Name, Done: true, Duration: outcomes[i].duration, Findings: n, Err: outcomes[i].err})
			}
		}()
	}
	wg.Wait()

	res.Notes = append(res.Notes, ws.Notes()...)
	for i, e := range enabled {
		o := outcomes[i]
		c := result.Check{Name: e.Name, Status: result.StatusOK, DurationMs: o.duration.Milliseconds()}
		if o.err != nil {
			c.Status = result.StatusError
			c.Error = o.err.Error()
		}
		if o.res != nil {
			for _, f := range o.res.Findings {
				f.Check = e.Name
				f.Path = cleanPath(f.Path)
				res.Findings = append(res.Findings, f)
			}
			for _, n := range o.res.Notes {
				n.Check = e.Name
				res.Notes = append(res.Notes, n)
			}
			c.Rules = sortedRules(o.res.Rules)
			if o.res.Inventory != nil {
				res.Inventory = o.res.Inventory
			}
		}
		res.Checks = append(res.Checks, c)
	}
	slices.SortFunc(res.Checks, func(a, b result.Check) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(res.Notes, compareNotes)

	finding.AssignFingerprints(res.Findings)
	res.Exceptions = p.Judge(res.Findings, now)
	for _, u := range res.Exceptions {
		if u.State != policy.ExceptionActive {
			res.Notes = append(res.Notes, finding.Note{Kind: "exception", Path: relPolicy(p.Source), Line: u.Line,
				Message: fmt.Sprintf("exception %q %s", u.ID, u.Message)})
		}
	}
	for i := range res.Checks {
		for _, f := range res.Findings {
			if f.Check == res.Checks[i].Name {
				res.Checks[i].Findings++
				if f.Status == finding.StatusBlocking {
					res.Checks[i].Blocking++
				}
			}
		}
	}
	decide(res, p)
	return res, nil
}

func relPolicy(src string) string {
	if src == policy.EmbeddedSource {
		return ""
	}
	return filepath.ToSlash(src)
}

func compareNotes(a, b finding.Note) int {
	if c := strings.Compare(a.Check, b.Check); c != 0 {
		return c
	}
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return strings.Compare(a.Message, b.Message)
}

func sortedRules(rs []finding.Rule) []finding.Rule {
	out := slices.Clone(rs)
	slices.SortFunc(out, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b finding.Rule) bool { return a.ID == b.ID })
}

func cleanPath(p string) string {
	p = filepath.ToSlash(p)
	return strings.TrimPrefix(p, "./")
}

// inside reports whether dir is inside root, and its relative slash path.
func inside(root, dir string) (string, bool) {
	if dir == "" {
		return "", false
	}
	ar, err1 := filepath.Abs(root)
	ad, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return "", false
	}
	if r, err := filepath.EvalSymlinks(ar); err == nil {
		ar = r
	}
	if r, err := filepath.EvalSymlinks(ad); err == nil {
		ad = r
	}
	rel, err := filepath.Rel(ar, ad)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// runOne runs a check under its own timeout. A panic becomes an error; a check that
// ignores its context is abandoned when the timeout passes.
func runOne(ctx context.Context, e registry.Entry, env *checks.Env) outcome {
	timeout := e.Timeout(env.Policy)
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- outcome{err: fmt.Errorf("the %s check crashed: %v (this is a shiftgate bug: please report it with this stack)\n%s", e.Name, r, firstFrames(debug.Stack()))}
			}
		}()
		res, err := e.New().Run(cctx, env)
		if err != nil {
			err = fmt.Errorf("%s: %w", e.Name, err)
		}
		done <- outcome{res: res, err: err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-cctx.Done():
		o = outcome{err: cctx.Err()}
	}
	if o.err != nil && errors.Is(o.err, context.DeadlineExceeded) && ctx.Err() == nil {
		o = outcome{err: fmt.Errorf("the %s check did not finish within %s: raise checks.%s.timeout in the policy", e.Name, timeout, e.Name)}
	}
	o.duration = time.Since(start)
	return o
}

func firstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > 16 {
		lines = lines[:16]
	}
	return strings.Join(lines, "\n")
}

// decide sets the verdict and its one-sentence reason.
func decide(res *result.Result, p *policy.Policy) {
	blocking := res.Count(finding.StatusBlocking)
	var failed []string
	for _, c := range res.Checks {
		if c.Status == result.StatusError {
			failed = append(failed, c.Name)
		}
	}
	switch {
	case p.Audit():
		res.Verdict = result.Pass
		res.Reason = fmt.Sprintf("audit mode: nothing fails the gate (%d finding(s) would block, %d check(s) failed)", blocking, len(failed))
	case blocking > 0:
		res.Verdict = result.Fail
		res.Reason = fmt.Sprintf("%d blocking finding(s) at or above %s severity", blocking, res.FailSeverity)
	case len(failed) > 0 && p.Fail.OnError != "warn":
		res.Verdict = result.Error
		res.Reason = fmt.Sprintf("check(s) %s could not run and fail.on_error is fail", strings.Join(failed, ", "))
	case len(failed) > 0:
		res.Verdict = result.Pass
		res.Reason = fmt.Sprintf("no blocking findings; check(s) %s could not run (fail.on_error is warn)", strings.Join(failed, ", "))
	default:
		res.Verdict = result.Pass
		res.Reason = fmt.Sprintf("no finding at or above %s severity", res.FailSeverity)
	}
}
