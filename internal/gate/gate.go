// Package gate runs one scan: it walks the workspace once, extracts the dependency
// inventory once (for the deps check and the SBOMs), runs the enabled checks in
// parallel under one context (each with its own timeout, a panic or error becoming
// that check's error status), then passes every finding through the one judging stage
// (judge.go), which ends in the one decision of the verdict. It renders nothing;
// reports and publishers take its result. docs/design.md describes the flow.
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
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/inventory/extract"
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
	// Narrow, with Judging.Since set, lets checks skip work whose findings could not
	// block (checks.Env.Changed): the pre-push hook sets it.
	Narrow bool
	// Judging is the rest of what the judging stage needs.
	Judging Judging
	// Now is the scan's clock (exception expiry); the zero value means time.Now().
	Now time.Time
	// Table is the check table; nil means registry.Table().
	Table []registry.Entry
	// Tool names this program in the result.
	Tool result.Tool
	// Progress, when set, is told when each check starts and ends.
	Progress func(Event)
	// Cache is the analysis cache (nil: none). Its problems (an entry it could not
	// trust or write) become notes of the result; it is trimmed to its bound at the end.
	Cache *cache.Store
	// Toolchain is the scan's memo of `go env` (nil: the run makes its own), shared by
	// the inventory and every check.
	Toolchain *goenv.Toolchain
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
// target cannot be read, the base of --changed-since cannot be compared); a check that
// fails is recorded in the result instead.
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
	tc := opts.Toolchain
	if tc == nil {
		tc = &goenv.Toolchain{}
	}
	env := &checks.Env{Workspace: ws, Policy: p, OfflineDB: opts.OfflineDB, Now: now, Cache: opts.Cache, Toolchain: tc}
	if since := opts.Judging.Since; since != nil && since.At != nil {
		env.Base = since.At
	}
	if since := opts.Judging.Since; since != nil && since.At != nil && p.Checks.IaC.Enabled && len(p.Checks.IaC.Rules) > 0 {
		// In a pull request the base's custom rules run, and the change's edits of
		// them are loosenings (judge).
		if env.BaseRules, err = baseRules(ctx, since.At, p.Checks.IaC.Rules); err != nil {
			return nil, fmt.Errorf("could not read the custom rules at %s: %w", since.Ref, err)
		}
		opts.Judging.baseRules = env.BaseRules
	}
	if opts.Narrow && opts.Judging.Since != nil {
		env.Changed = map[string]bool{}
		for _, path := range opts.Judging.Since.Paths() {
			env.Changed[path] = true
		}
	}

	res := &result.Result{Tool: opts.Tool, Policy: p.Source, Mode: p.Mode, FailSeverity: p.FailSeverity()}
	if l := p.Layers; l != nil {
		res.OrgPolicy = &result.OrgPolicy{Ref: l.OrgRef, From: l.OrgFrom, Digest: l.OrgDigest}
	}
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
	// The inventory is extracted once, before the checks, whenever the deps check or
	// an SBOM needs it: an SBOM is complete whichever checks are enabled.
	if p.Checks.Deps.Enabled || len(p.Outputs.SBOM) > 0 {
		ex, err := extract.Run(ctx, ws, extract.Options{Toolchain: tc})
		if err != nil {
			env.ExtractErr = err
			res.InventoryErr = err.Error()
		} else {
			env.Extracted = ex
			res.Inventory = ex.Inventory
		}
	}
	outcomes := make([]outcome, len(enabled))
	var wg sync.WaitGroup
	for i, e := range enabled {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil { // a progress callback, say: never the process
					outcomes[i] = outcome{err: fmt.Errorf("the %s check crashed: %v", e.Name, r)}
				}
			}()
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
	for _, msg := range opts.Cache.Notes() {
		res.Notes = append(res.Notes, finding.Note{Kind: "cache", Message: msg})
	}
	if err := opts.Cache.Trim(); err != nil {
		res.Notes = append(res.Notes, finding.Note{Kind: "cache", Message: err.Error()})
	}
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
			for name, b := range o.res.Files {
				if res.Files == nil {
					res.Files = map[string][]byte{}
				}
				res.Files[name] = b
			}
		}
		res.Checks = append(res.Checks, c)
	}
	slices.SortFunc(res.Checks, func(a, b result.Check) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(res.Notes, compareNotes)

	if err := judge(ctx, opts.Root, p, now, opts.Judging, res); err != nil {
		return nil, err
	}
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
	// The out dir is never resolved through links: a committed `.shiftgate/out -> ../src`
	// must not make src the skipped folder (the workspace skips only a real directory).
	// The root's own links (a /tmp that is /private/tmp) are the runner's.
	roots := []string{ar}
	if r, err := filepath.EvalSymlinks(ar); err == nil && r != ar {
		roots = append(roots, r)
	}
	for _, r := range roots {
		rel, err := filepath.Rel(r, ad)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		return filepath.ToSlash(rel), true
	}
	return "", false
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
