// Package sast is the "sast" check: gosec's rules and taint analyzers (G7xx), linked
// as a library, over every Go module in the repository (every go.mod the walk keeps;
// a go.work is noted, and each module it uses is analysed on its own).
//
// Packages are loaded once per module with go/packages and checked package by package
// (gosec's CheckRules then CheckAnalyzers). Loading never runs repository code or
// fetches a toolchain: the go command runs with GOTOOLCHAIN=local, CGO_ENABLED=0 (no
// cgo tool or C compiler), GOWORK=off and GOFLAGS replaced (no -toolexec or -overlay
// from the environment), and reads a temporary copy of go.mod and go.sum (-modfile)
// with -mod=mod (-mod=vendor when vendor/modules.txt exists): missing go.sum lines are
// fetched through the caller's GOPROXY into the copy, never written to the repository.
// A go or toolchain line asking for a newer Go than the local one is rewritten in the
// copy, with a "toolchain" note, never obeyed. Offline, modules that cannot be
// downloaded become "load" notes and the packages that do load are still analysed; a
// module of which nothing could be analysed makes the check fail rather than pass clean.
//
// Severities follow the model of docs/severity.md: each rule's CWE score, raised one
// level when gosec's taint analysis follows request data to it (the taint analyzers
// run again with request sources only to tell), lowered one level at low confidence;
// gosec's own severity stays in ToolSeverity. Uses the model does not block by
// default (jitter from math/rand, conversions that cannot overflow, paths from the
// program's own input) carry a "benign" context and its reason (classify.go). A taint
// finding is folded into the pattern finding it confirms: one finding per root cause.
// gosec is told the Go version process-wide (GOSECGOVERSION) and each module is
// judged by its own go line, wherever the gate was started.
//
// Generated files are skipped. #nosec and //nolint:gosec suppressions are reported
// with status "suppressed" and their justification in Reason. The policy's
// checks.sast.exclude switches rules off, checks.sast.severity overrides a rule's
// severity and checks.sast.confidence drops issues below a confidence floor (with a note).
package sast

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/securego/gosec/v2/issue"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goreplace"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// Name is the check's name.
const Name = "sast"

// Tool is the engine behind the check, as findings name it.
const Tool = "gosec"

// Check runs gosec over the repository's Go modules.
type Check struct {
	// Env is the go command's environment; nil means the process environment.
	Env []string
}

// New returns the check.
func New() *Check { return &Check{} }

// Name implements checks.Check.
func (*Check) Name() string { return Name }

// Run analyses every Go module of the workspace.
func (c *Check) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	ws := env.Workspace
	var conf policy.SAST
	if env.Policy != nil {
		conf = env.Policy.Checks.SAST
	}
	floor, overrides, err := settings(conf)
	if err != nil {
		return nil, err
	}
	res := &checks.Result{}
	mods := modules(ws)
	if len(ws.Match("go.work")) > 0 {
		res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "info", Path: "go.work",
			Message: "go.work found: each module it uses that lies inside the repository is analysed on its own (GOWORK=off)"})
	}
	if len(mods) == 0 {
		res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "skipped", Message: "no go.mod in the repository: no Go code to analyse"})
		return res, nil
	}
	eng := &Engine{Exclude: conf.Exclude, Env: c.Env, Root: ws.Root(), Cache: env.Cache, Toolchain: env.Toolchain}
	local, err := eng.LocalGoVersion(ctx)
	if err != nil {
		return nil, err
	}
	kept := map[string]bool{}
	for _, f := range ws.Files() {
		kept[f.Path] = true
	}
	titles := ruleTitles()
	ruleSev := map[string]finding.Severity{}
	var failed, refused, broken []string
	belowFloor := 0
	for _, dir := range mods {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		gomodRel := path.Join(dir, "go.mod")
		goMod, err := ws.ReadFile(gomodRel)
		if err != nil {
			return nil, fmt.Errorf("could not read %q: %w", gomodRel, err)
		}
		var goSum []byte
		if sumRel := path.Join(dir, "go.sum"); kept[sumRel] {
			if goSum, err = ws.ReadFile(sumRel); err != nil {
				return nil, fmt.Errorf("could not read %q: %w", sumRel, err)
			}
		}
		// A replace directive pointing out of the repository would make the load
		// read the runner's files there: the module is not analysed.
		if err := goreplace.OutsideData(ws, gomodRel, goMod); err != nil {
			refused = append(refused, err.Error())
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "skipped", Path: gomodRel,
				Message: "module not analysed: " + err.Error()})
			continue
		}
		mr, err := eng.AnalyzeModule(ctx, ws.Abs(dir), goMod, goSum, local)
		if err != nil {
			return nil, fmt.Errorf("module %q: %w", gomodRel, err)
		}
		for _, n := range mr.Notes {
			res.Notes = append(res.Notes, moduleNote(ws, gomodRel, n))
		}
		for _, b := range mr.Broken {
			broken = append(broken, fmt.Sprintf("%s (package %s)", gomodRel, b))
		}
		if mr.Failed != "" {
			failed = append(failed, fmt.Sprintf("%s (%s)", gomodRel, mr.Failed))
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "skipped", Path: gomodRel,
				Message: "module not analysed: " + mr.Failed})
		}
		fs, below := assess(ws, kept, mr, floor)
		belowFloor += below
		for _, f := range fs {
			if s, ok := overrides[f.Rule]; ok {
				f.Severity = s
			}
			if s, ok := ruleSev[f.Rule]; !ok || f.Severity > s {
				ruleSev[f.Rule] = f.Severity
			}
			res.Findings = append(res.Findings, f)
		}
	}
	if belowFloor > 0 {
		res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "filtered",
			Message: fmt.Sprintf("%d gosec issue(s) below the confidence floor %q (checks.sast.confidence) not reported", belowFloor, conf.Confidence)})
	}
	finding.Sort(res.Findings)
	res.Findings = slices.CompactFunc(res.Findings, func(a, b finding.Finding) bool {
		return finding.Compare(a, b) == 0 && a.Status == b.Status
	})
	for id, sev := range ruleSev {
		res.Rules = append(res.Rules, describeRule(id, titles[id], sev))
	}
	slices.SortFunc(res.Rules, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	slices.SortStableFunc(res.Notes, compareNotes)
	if len(failed) > 0 || len(refused) > 0 {
		// A module refused for what its go.mod says carries its own fix; only a load
		// failure gets the hint about missing modules.
		var why []string
		if len(refused) > 0 {
			why = append(why, fmt.Sprintf("%d of %d Go module(s) not analysed: %s", len(refused), len(mods), strings.Join(refused, "; ")))
		}
		if len(failed) > 0 {
			why = append(why, fmt.Sprintf("gosec could not analyse %d of %d Go module(s): %s; see the notes for the load errors (missing modules offline: run `go mod download` with a reachable GOPROXY first)",
				len(failed), len(mods), strings.Join(failed, "; ")))
		}
		return res, errors.New(strings.Join(why, "; "))
	}
	if len(broken) > 0 {
		// A package that does not load loses gosec's analysis (its taint analysis
		// first): the check cannot vouch for it, and the policy's on_error decides.
		return res, fmt.Errorf("gosec could not fully analyse %d package(s), so their findings may be missing or weaker: %s; the other packages were analysed (fix the package so `go build` works)",
			len(broken), strings.Join(broken, "; "))
	}
	return res, nil
}

// modules lists the directories (relative, "" for the root) holding a go.mod the
// walk kept, outside vendor directories.
func modules(ws *workspace.Workspace) []string {
	var dirs []string
	for _, f := range ws.Match("go.mod", "**/go.mod") {
		dir := path.Dir(f.Path)
		if dir == "." {
			dir = ""
		}
		if dir == "vendor" || strings.HasPrefix(dir, "vendor/") || strings.Contains(dir, "/vendor/") {
			continue
		}
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// settings reads the policy's confidence floor and severity overrides.
func settings(conf policy.SAST) (issue.Score, map[string]finding.Severity, error) {
	floor := issue.Low
	switch strings.ToLower(conf.Confidence) {
	case "", "low":
	case "medium":
		floor = issue.Medium
	case "high":
		floor = issue.High
	default:
		return 0, nil, fmt.Errorf("checks.sast.confidence: unknown value %q (want high, medium or low)", conf.Confidence)
	}
	overrides := map[string]finding.Severity{}
	for id, s := range conf.Severity {
		sev, err := finding.ParseSeverity(s)
		if err != nil {
			return 0, nil, fmt.Errorf("checks.sast.severity.%s: %w", id, err)
		}
		overrides[strings.ToUpper(strings.TrimSpace(id))] = sev
	}
	return floor, overrides, nil
}

func confident(c, floor issue.Score) bool { return c >= floor }

// toFinding maps a gosec issue onto a finding. Issues outside the files the walk kept
// (excluded paths, other modules' files) are dropped.
func toFinding(ws *workspace.Workspace, kept map[string]bool, iss *issue.Issue) (finding.Finding, bool) {
	rel, err := filepath.Rel(ws.Root(), iss.File)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return finding.Finding{}, false
	}
	rel = filepath.ToSlash(rel)
	if !kept[rel] {
		return finding.Finding{}, false
	}
	line, end := lineRange(iss.Line)
	col, _ := strconv.Atoi(strings.TrimSpace(iss.Col))
	f := finding.Finding{
		Check:      Name,
		Tool:       Tool,
		Rule:       iss.RuleID,
		Severity:   severity(iss.Severity),
		Confidence: strings.ToLower(iss.Confidence.String()),
		Message:    iss.What,
		Path:       rel,
		Line:       line,
		Column:     col,
		CWE:        cweOf(iss.RuleID),
		Snippet:    ws.Line(rel, line),
	}
	if end > line {
		f.EndLine = end
	}
	if len(iss.Suppressions) > 0 {
		f.Status = finding.StatusSuppressed
		f.Reason = suppressionReason(iss.Suppressions)
	}
	return f, true
}

// lineRange reads gosec's line, "12" or "12-14".
func lineRange(s string) (int, int) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	start, _ := strconv.Atoi(a)
	end := start
	if ok {
		if n, err := strconv.Atoi(b); err == nil {
			end = n
		}
	}
	return start, end
}

func severity(s issue.Score) finding.Severity {
	switch s {
	case issue.High:
		return finding.High
	case issue.Medium:
		return finding.Medium
	default:
		return finding.Low
	}
}

// suppressionReason renders #nosec justifications: "#nosec: why" or a plain
// "suppressed in the source (#nosec) without a justification".
func suppressionReason(sups []issue.SuppressionInfo) string {
	var why []string
	for _, s := range sups {
		if j := strings.TrimSpace(s.Justification); j != "" && !slices.Contains(why, j) {
			why = append(why, j)
		}
	}
	if len(why) == 0 {
		return "suppressed in the source (#nosec) without a justification"
	}
	return "suppressed in the source (#nosec): " + strings.Join(why, "; ")
}

// moduleNote turns an engine note into a finding note with a repository path.
func moduleNote(ws *workspace.Workspace, gomodRel string, n ModuleNote) finding.Note {
	out := finding.Note{Check: Name, Kind: n.Kind, Path: gomodRel, Line: n.Line, Message: n.Message}
	if n.File != "" {
		if rel, err := filepath.Rel(ws.Root(), n.File); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
			out.Path = filepath.ToSlash(rel)
		} else {
			out.Line = 0
		}
	}
	// Messages from the go command name absolute paths; keep reports relative.
	out.Message = strings.ReplaceAll(out.Message, ws.Root()+string(filepath.Separator), "")
	return out
}

// compareNotes orders notes by path, line and message.
func compareNotes(a, b finding.Note) int {
	return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), strings.Compare(a.Message, b.Message))
}

// confirms maps each taint rule to the pattern rules it confirms: one root cause, one
// finding (the pattern rule's, at the line to fix).
func confirms() map[string][]string {
	return map[string][]string{
		"G701": {"G201", "G202"},
		"G702": {"G204"},
		"G703": {"G304"},
		"G704": {"G107"},
		"G705": {"G203"},
	}
}

// unconfirmedNoise lists the pattern rules that flag every variable argument: without
// a taint path behind them (see confirms) they do not block by default.
func unconfirmedNoise(id string) bool { return id == "G304" || id == "G107" || id == "G204" }

// assess turns one module's gosec issues into findings under the severity model
// (docs/severity.md): taint findings merged into the pattern findings they confirm,
// severities from the CWE, contexts for uses that are not vulnerabilities, and
// //nolint:gosec honoured like #nosec. It also returns how many issues fell below the
// confidence floor.
func assess(ws *workspace.Workspace, kept map[string]bool, mr *ModuleResult, floor issue.Score) ([]finding.Finding, int) {
	type item struct {
		f    finding.Finding
		iss  *issue.Issue
		fx   facts
		drop bool
		// confirmed: a taint path from request data; local: from the program's own input.
		confirmed, local bool
		by               string
		also             []string // further sinks of the same root cause
	}
	var items []*item
	below := 0
	for k, iss := range mr.Issues {
		f, ok := toFinding(ws, kept, iss)
		if !ok {
			continue
		}
		if !confident(iss.Confidence, floor) {
			below++
			continue
		}
		var fx facts
		if k < len(mr.Facts) {
			fx = mr.Facts[k]
		}
		items = append(items, &item{f: f, iss: iss, fx: fx})
	}
	conf := confirms()
	for _, t := range items {
		pats, ok := conf[t.f.Rule]
		if !ok {
			continue
		}
		for _, p := range items {
			if p.drop || !slices.Contains(pats, p.f.Rule) || p.f.Path != t.f.Path {
				continue
			}
			if p.f.Line != t.f.Line && (p.fx.fn == "" || p.fx.fn != t.fx.fn) {
				continue
			}
			t.drop = true
			p.by = fmt.Sprintf("%s at line %d", t.f.Rule, t.f.Line)
			if t.fx.remote {
				p.confirmed = true
			} else if !p.confirmed {
				p.local = true
			}
		}
		if !t.drop {
			if t.fx.remote {
				t.confirmed = true
			} else {
				t.local = true
			}
		}
	}
	// One root cause, one finding: the same taint rule reaching several sinks of one
	// function (NewRequest, then Client.Do) is reported once, at its first sink.
	first := map[string]*item{}
	for _, it := range items {
		if it.drop || !taintRule(it.f.Rule) || it.fx.fn == "" {
			continue
		}
		k := it.f.Rule + "\x00" + it.fx.fn + "\x00" + strconv.FormatBool(it.fx.remote)
		if f, ok := first[k]; ok {
			it.drop = true
			f.also = append(f.also, fmt.Sprintf("%s at line %d", strings.TrimPrefix(it.f.Message[strings.Index(it.f.Message, ":")+1:], " "), it.f.Line))
			continue
		}
		first[k] = it
	}
	var out []finding.Finding
	for _, it := range items {
		if it.drop {
			continue
		}
		if len(it.also) > 0 {
			it.f.Message += " The same data also reaches " + strings.Join(it.also, ", ") + "."
		}
		f := it.f
		sev, score, why := rate(f.Rule, it.iss.Severity, it.iss.Confidence, it.confirmed)
		f.Severity, f.Score = sev, score
		// gosec's own rating stays in the finding, next to its confidence.
		f.ToolSeverity = severity(it.iss.Severity).String()
		switch {
		case it.f.Rule == "G705" && it.fx.context != "":
			// Request data reaches the response, but the response is not HTML.
			f.Context, f.ContextReason = it.fx.context, it.fx.reason
		case it.confirmed && it.by != "":
			f.Message += fmt.Sprintf(" gosec's taint analysis (%s) confirms that request data reaches it.", it.by)
		case it.confirmed:
			f.Message += " gosec's taint analysis follows request data to it."
		case it.local:
			f.Context = finding.ContextBenign
			f.ContextReason = "gosec's taint analysis traces the value to the program's own arguments, environment or files, not to a request"
			if it.by != "" {
				f.ContextReason += " (" + it.by + ")"
			}
		case unconfirmedNoise(f.Rule):
			f.Context = finding.ContextBenign
			f.ContextReason = "a pattern match on a variable argument that gosec's taint analysis does not trace to a request or to the program's input"
		case it.fx.context != "":
			f.Context, f.ContextReason = it.fx.context, it.fx.reason
		}
		if why != "" {
			f.Message += " Severity " + f.Severity.String() + " (gosec: " + f.ToolSeverity + "): " + why + "."
		}
		if f.Status == "" && it.fx.nolint {
			f.Status = finding.StatusSuppressed
			f.Reason = "suppressed in the source (//nolint:gosec) without a reason"
			if it.fx.nolintWhy != "" {
				f.Reason = "suppressed in the source (//nolint:gosec): " + it.fx.nolintWhy
			}
		}
		out = append(out, f)
	}
	return out, below
}
