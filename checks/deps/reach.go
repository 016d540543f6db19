package deps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/vuln/scan"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/goreplace"
	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/toolerr"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// frame is one step of a govulncheck call trace.
type frame struct {
	Module   string `json:"module"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
	Position *struct {
		Filename string `json:"filename"`
		Line     int    `json:"line"`
	} `json:"position"`
}

type govulnMessage struct {
	Config *struct {
		GoVersion string `json:"go_version"` // "go1.26.8": the toolchain it judged
	} `json:"config"`
	Finding *struct {
		OSV   string  `json:"osv"`
		Trace []frame `json:"trace"`
	} `json:"finding"`
}

// reach is what govulncheck said about one vulnerability in one module.
type reach struct {
	reachable bool
	path      string // an example call path, entry point first: the shortest, then the first in byte order
	steps     int    // frames in path
	// via names the step of path that the call graph over-approximates ("" if none).
	via string
	// imported: a vulnerable package of this record is imported (not only its module required).
	imported bool
}

// better reports whether path a (of n frames) is the example to show rather than b:
// the shortest, then the first in byte order, so the same module gives the same path
// whatever order govulncheck's traversal found them in.
func better(a string, n int, b reach) bool {
	if !b.reachable {
		return true
	}
	if n != b.steps {
		return n < b.steps
	}
	return a < b.path
}

// govulnScan is what one govulncheck run said.
type govulnScan struct {
	reach map[string]reach // per OSV id
	// imported: some finding names a package (vulnerable code is imported, not only required).
	imported bool
	// goVersion is the Go it judged the standard library at ("1.26.8").
	goVersion string
	// cgo is set when packages needing cgo were left out (nil otherwise).
	cgo *cgoGap
	// vulnPkgs are the vulnerable packages the module imports (package level).
	vulnPkgs map[string]bool
	// plan is what the symbol pass analysed, or would have (nil when it did not run).
	plan *symbolPlan
	// bounded is set when the symbol pass was skipped to stay within the memory
	// budget: reach then holds package-level answers only.
	bounded *memoryBound
}

// memoryBound says why the symbol pass did not run.
type memoryBound struct {
	estimate, budget int64
	source           string // where the budget came from
}

// goEnv is the environment govulncheck runs with (package goenv): no toolchain
// download, no cgo (so no C compiler runs), modules resolved from the cache or the
// runner's GOPROXY without `direct`, with the checksum database on.
func (c *Check) goEnv() []string {
	return goenv.Safe(nil, "-mod=readonly", c.opts.GoEnv...)
}

// govulncheck judges the module at dirAbs against the records recs (written as the
// file database at dbDir) and returns what it found per OSV id. One `go list` of the
// module's package graph (listModule) answers the package level: which vulnerable
// packages are imported, and which packages cgo being off keeps out. Only when a
// vulnerable package is imported does govulncheck run, at symbol level (every package
// type-checked from source, SSA and a call graph: tens of seconds and gigabytes on a
// large module), and then only over the module's packages that import vulnerable code,
// directly or not, and only when the estimated memory fits the budget (memoryBudget);
// otherwise the answer stays at package level and reachability says why. When the
// graph holds a package that does not load, govulncheck's own package level runs
// instead, so that its error stays the one reported.
func (c *Check) govulncheck(ctx context.Context, tc *goenv.Toolchain, root, dirAbs, dbDir string, recs []*osvdb.Record) (*govulnScan, error) {
	g, err := c.listModule(ctx, dirAbs)
	if err != nil {
		// The go command could not list the module: govulncheck's own load says why.
		s, err := c.govulncheckAt(ctx, root, dirAbs, dbDir, "package", []string{"./..."})
		if err == nil && s.imported {
			s, err = c.symbolPass(ctx, root, dirAbs, dbDir, []string{"./..."}, s, nil)
		}
		return s, err
	}
	patterns, roots := []string{"./..."}, g.roots
	var cgo *cgoGap
	if gap := g.cgoGap(); gap != nil && len(gap.buildable) > 0 {
		// cgo is off (no C compiler runs on repository code): a package made only of
		// cgo files cannot load. Analyse every package that does not need it.
		cgo, patterns, roots = gap, gap.buildable, gap.buildable
	}
	var s *govulnScan
	if g.loads(roots) {
		var goVersion string
		if goVersion, err = c.goVersion(ctx, tc, dirAbs); err == nil {
			s = packageLevel(g, roots, recs, goVersion)
		}
	} else {
		s, err = c.govulncheckAt(ctx, root, dirAbs, dbDir, "package", patterns)
	}
	if err == nil && s.imported {
		s, err = c.symbolPass(ctx, root, dirAbs, dbDir, patterns, s, g.plan(roots, s.vulnPkgs))
	}
	if s != nil {
		s.cgo = cgo
	}
	return s, err
}

// symbolPass runs the symbol level over the packages that can reach vulnerable code
// (plan; nil: over patterns, unbounded), within the memory budget, and merges in what
// the package level said about records those packages do not import (so a
// required-only module keeps its answer).
func (c *Check) symbolPass(ctx context.Context, root, dirAbs, dbDir string, patterns []string, pkgLevel *govulnScan, plan *symbolPlan) (*govulnScan, error) {
	budget, from, err := c.memoryBudget()
	if err != nil {
		return nil, err
	}
	roots := patterns
	if plan != nil && len(plan.top) > 0 {
		roots = plan.top
		if plan.estimate() > budget {
			pkgLevel.plan = plan
			pkgLevel.bounded = &memoryBound{estimate: plan.estimate(), budget: budget, source: from}
			return pkgLevel, nil
		}
	}
	// The budget is also the Go runtime's soft limit while the pass runs: the garbage
	// collector works harder near it instead of letting the heap double.
	if old := debug.SetMemoryLimit(-1); budget < old {
		debug.SetMemoryLimit(budget)
		defer debug.SetMemoryLimit(old)
	}
	sym, err := c.govulncheckAt(ctx, root, dirAbs, dbDir, "symbol", roots)
	if err != nil {
		return nil, err
	}
	sym.plan = plan
	for id, r := range pkgLevel.reach {
		if _, ok := sym.reach[id]; !ok {
			sym.reach[id] = r
		}
	}
	sym.vulnPkgs = pkgLevel.vulnPkgs
	return sym, nil
}

// cgoGap is what cgo being off kept from the analysis.
type cgoGap struct {
	excluded  []string // packages whose Go files all need cgo
	skipped   []string // packages that import one of them
	buildable []string // every other package of the module
}

// govulnEnv is goEnv for the module at dirAbs. GOFLAGS=-mod=readonly turns off the go
// command's automatic vendor mode: a module with its dependencies vendored is read
// from vendor/, as the go command would, not from a module cache that may be empty
// (no network in a Tekton step).
func (c *Check) govulnEnv(dirAbs string) []string {
	env := c.goEnv()
	if st, err := os.Lstat(filepath.Join(dirAbs, "vendor", "modules.txt")); err == nil && st.Mode().IsRegular() {
		env = append(env, "GOFLAGS=-mod=vendor")
	}
	return env
}

// govulncheckAt runs one scan level over the package patterns. Its error output is
// classified, never quoted (toolerr: the assembler quotes files a .s #includes).
func (c *Check) govulncheckAt(ctx context.Context, root, dirAbs, dbDir, level string, patterns []string) (*govulnScan, error) {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(dbDir)}
	var out, errb bytes.Buffer
	args := append([]string{"-C", dirAbs, "-db", u.String(), "-format", "json", "-scan", level}, patterns...)
	cmd := scan.Command(ctx, args...)
	cmd.Stdout, cmd.Stderr, cmd.Stdin = &out, &errb, bytes.NewReader(nil)
	cmd.Env = c.govulnEnv(dirAbs)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if err := cmd.Wait(); err != nil {
		// govulncheck's error carries the go command's stderr too: classify both.
		return nil, fmt.Errorf("govulncheck failed: %w", toolerr.Classify(err.Error()+"\n"+errb.String(), root, dirAbs))
	}
	s := &govulnScan{reach: map[string]reach{}, vulnPkgs: map[string]bool{}}
	dec := json.NewDecoder(&out)
	for {
		var m govulnMessage
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("could not read govulncheck's output: %w", err)
		}
		if m.Config != nil {
			s.goVersion = strings.TrimPrefix(m.Config.GoVersion, "go")
		}
		if m.Finding == nil || m.Finding.OSV == "" {
			continue
		}
		r := s.reach[m.Finding.OSV]
		tr := m.Finding.Trace
		if len(tr) > 0 && tr[0].Package != "" {
			s.imported, r.imported = true, true
			s.vulnPkgs[tr[0].Package] = true
		}
		if len(tr) > 0 && tr[0].Function != "" {
			if p := callPath(tr); better(p, len(tr), r) {
				r = reach{reachable: true, path: p, steps: len(tr), via: approximated(tr), imported: true}
			}
		}
		s.reach[m.Finding.OSV] = r
	}
	return s, nil
}

// approximated names the first step of a trace (vulnerable symbol first) where the
// call graph stands in for what it cannot resolve: a call through a function value or
// an interface inside a library (sync.Once.Do, sort, an http.Handler), or a closure.
// govulncheck's graph then connects every possible target, so the path is possible,
// not proven. It returns "" for a path of direct calls.
func approximated(tr []frame) string {
	for i := len(tr) - 1; i >= 1; i-- {
		f := tr[i]
		name := f.Function
		if f.Receiver != "" {
			name = strings.TrimPrefix(f.Receiver, "*") + "." + name
		}
		switch {
		case strings.Contains(f.Function, "$"):
			return path.Base(f.Package) + "." + name + " (a closure)"
		case f.Package == "sync" || f.Package == "sort" || f.Package == "slices" || f.Package == "maps" ||
			f.Package == "net/http" || f.Package == "reflect" || f.Package == "iter":
			return f.Package + "." + name
		}
	}
	return ""
}

// callPath renders a trace (vulnerable symbol first) entry point first.
func callPath(tr []frame) string {
	var parts []string
	for i := len(tr) - 1; i >= 0; i-- {
		f := tr[i]
		name := f.Function
		if f.Receiver != "" {
			name = strings.TrimPrefix(f.Receiver, "*") + "." + name
		}
		s := path.Base(f.Package) + "." + name
		if f.Package == "" {
			s = name
		}
		if f.Position != nil && f.Position.Filename != "" && i == len(tr)-1 {
			s += fmt.Sprintf(" (%s:%d)", path.Base(filepath.ToSlash(f.Position.Filename)), f.Position.Line)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " → ")
}

// reachability asks govulncheck about every Go module with a vulnerable package and
// marks the Go findings reachable or not, applying checks.deps.unreachable.
func (c *Check) reachability(ctx context.Context, tc *goenv.Toolchain, ws *workspace.Workspace, goRecs []*osvdb.Record, res *checks.Result, unreachable, imported string) error {
	mods := map[string]bool{}
	for _, f := range res.Findings {
		if f.Package != nil && f.Package.Ecosystem == "Go" && (path.Base(f.Path) == "go.mod" || path.Base(f.Path) == "go.sum") {
			// A module read from go.sum (pre-1.17 go.mod) is judged with its go.mod.
			mods[path.Join(path.Dir(f.Path), "go.mod")] = true
		}
	}
	if len(mods) == 0 {
		return nil
	}
	dbDir, err := os.MkdirTemp("", "shiftgate-govulndb-")
	if err != nil {
		return fmt.Errorf("could not create a Go vulnerability database for govulncheck: %w", err)
	}
	defer os.RemoveAll(dbDir)
	if err := osvdb.WriteGoVulnDB(dbDir, goRecs); err != nil {
		return err
	}
	var errs []error
	for _, gomod := range slices.Sorted(func(yield func(string) bool) {
		for k := range mods {
			if !yield(k) {
				return
			}
		}
	}) {
		if err := goreplace.Outside(ws, gomod); err != nil {
			errs = append(errs, fmt.Errorf("govulncheck did not analyse the module at %s, so its Go vulnerabilities are reported without reachability: %w", gomod, err))
			continue
		}
		got, err := c.govulncheck(ctx, tc, ws.Root(), ws.Abs(path.Dir(gomod)), dbDir, goRecs)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			hint := fmt.Sprintf("govulncheck needs the module's dependencies in the module cache: run `go mod download` in %s with a reachable GOPROXY first", path.Dir(gomod))
			if cacheUnwritable(err) {
				hint = "the go command could not create or write its build or module cache: point GOCACHE and GOMODCACHE at writable folders"
			}
			errs = append(errs, fmt.Errorf("govulncheck could not analyse the module at %s, so its Go vulnerabilities are reported without reachability: %w (%s)", gomod, err, hint))
			continue
		}
		if g := got.cgo; g != nil {
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "cgo", Path: gomod,
				Message: fmt.Sprintf("package(s) %s could not be analysed for reachability: cgo is off (CGO_ENABLED=0, so that no C compiler runs on repository code) and build constraints exclude all their Go files; %s; the other %d package(s) were analysed, and a vulnerability they do not reach keeps its severity (reachability unknown)",
					strings.Join(g.excluded, ", "), skippedText(g.skipped), len(g.buildable))})
		}
		if b := got.bounded; b != nil {
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "reachability", Path: gomod,
				Message: fmt.Sprintf("reachability stayed at package level: the call-graph pass over %d package(s) (%s of Go source) would need about %s, over the budget of %s (%s); "+
					"vulnerabilities in imported packages keep their severity (reachability unknown). Give the runner more memory or set SHIFTGATE_REACH_MEMORY (for example 6GiB) to analyse them",
					got.plan.packages, formatBytes(got.plan.sourceBytes), formatBytes(b.estimate), formatBytes(b.budget), b.source)})
		}
		for i := range res.Findings {
			f := &res.Findings[i]
			if path.Dir(f.Path) != path.Dir(gomod) || f.Package == nil || f.Package.Ecosystem != "Go" {
				continue
			}
			if r, _ := lookupReach(got.reach, f); got.bounded != nil && r.imported {
				f.Message += " Reachability unknown: its package is imported, and the call-graph pass was skipped to stay within the memory budget (see the note on " + gomod + ")."
				continue
			}
			if r, _ := lookupReach(got.reach, f); got.cgo != nil && !r.reachable {
				f.Message += " Reachability unknown: packages that need cgo could not be analysed (see the note on " + gomod + ") and may reach it."
				continue
			}
			// govulncheck reports every vulnerable module its package graph contains; one
			// it does not mention is not built into this module's packages at all (only
			// its tests, or another module, use it), so its code cannot be reached either.
			r, reported := lookupReach(got.reach, f)
			if !reported && f.Package.Name == "stdlib" && f.Package.Version != got.goVersion {
				// govulncheck judged the standard library of the Go it ran with; silence
				// about another version (go.mod's toolchain) says nothing about this one.
				f.Message += fmt.Sprintf(" Reachability unknown: govulncheck ran with the local Go %s, not the toolchain go.mod names (%s).", got.goVersion, f.Package.Version)
				continue
			}
			v := r.reachable
			f.Reachable = &v
			head := " is affected by " + f.Rule
			if r.reachable && !namesSymbols(goRecs, f.Rule, f.Package.Name) {
				f.Reachability = finding.ReachImported
				f.Message = strings.Replace(f.Message, head, head+" (imported, no vulnerable symbol named)", 1)
				f.Message += " Imported: the record names no vulnerable functions, so any use of the package counts; govulncheck's example use is " + r.path + ", which proves the import, not that vulnerable code runs."
				if imported != "keep" {
					old := f.Severity
					f.Severity = f.Severity.Lower()
					if f.Severity != old {
						f.Message += fmt.Sprintf(" Severity lowered from %s to %s (checks.deps.imported: downgrade).", old, f.Severity)
					}
				}
				continue
			}
			if r.reachable {
				f.Reachability = finding.ReachReachable
				// Said early, so that a shortened message still shows it.
				f.Message = strings.Replace(f.Message, head, head+" (reachable: "+r.path+")", 1)
				f.Message += " Reachable: govulncheck found a call path to the vulnerable code: " + r.path + "."
				if r.via != "" {
					f.Reachability = finding.ReachApproximate
					f.Message += " The path goes through " + r.via + ", where the call graph over-approximates (every function value or implementation it could call): the path is possible, not proven."
				}
				continue
			}
			f.Reachability = finding.ReachUnreachable
			if !reported {
				f.Reachability = finding.ReachNotImported
			}
			f.Message = strings.Replace(f.Message, head, head+" (not reachable)", 1)
			switch {
			case reported && got.bounded != nil:
				f.Message += " Not reachable: govulncheck found no package of this module (tests excluded) that imports the vulnerable package (package-level analysis, see the note on " + gomod + ")."
			case reported:
				f.Message += " Not reachable: govulncheck found no call path from this module's code to the vulnerable symbols."
			default:
				f.Message += " Not reachable: govulncheck found no package of this module (tests excluded) that imports the vulnerable code."
			}
			switch unreachable {
			case "ignore":
				f.Status = finding.StatusVEX
				f.Reason = "vulnerable_code_not_in_execute_path: govulncheck found no call path (checks.deps.unreachable: ignore)"
			case "keep":
			default: // downgrade, the default
				old := f.Severity
				f.Severity = f.Severity.Lower()
				if f.Severity != old {
					f.Message += fmt.Sprintf(" Severity lowered from %s to %s (checks.deps.unreachable: downgrade).", old, f.Severity)
				}
			}
		}
	}
	return errors.Join(errs...)
}

func lookupReach(got map[string]reach, f *finding.Finding) (reach, bool) {
	if r, ok := got[f.Rule]; ok {
		return r, true // the primary id is the GO record, with the symbols
	}
	var best reach
	found := false
	for _, id := range f.Aliases {
		if r, ok := got[id]; ok {
			if !found || r.reachable {
				best = r
			}
			found = true
		}
	}
	return best, found
}

// cacheUnwritable reports whether the go command failed because it could not create or
// write its build or module cache (a read-only home, as in a locked-down container).
func cacheUnwritable(err error) bool {
	if te := (*toolerr.Error)(nil); errors.As(err, &te) {
		return te.Kind == toolerr.Cache
	}
	msg := err.Error()
	return strings.Contains(msg, "could not create module cache") || strings.Contains(msg, "failed to initialize build cache") ||
		(strings.Contains(msg, "go-build") || strings.Contains(msg, "pkg/mod") || strings.Contains(msg, "cache/download")) && (strings.Contains(msg, "read-only file system") || strings.Contains(msg, "permission denied"))
}

// namesSymbols reports whether the OSV record id names vulnerable symbols for module
// mod. A record that names none (a whole package unmaintained, say) makes govulncheck
// count any use of the package as a call to vulnerable code.
func namesSymbols(recs []*osvdb.Record, id, mod string) bool {
	for _, r := range recs {
		if r.ID != id {
			continue
		}
		var rec struct {
			Affected []struct {
				Package struct {
					Name string `json:"name"`
				} `json:"package"`
				EcosystemSpecific struct {
					Imports []struct {
						Symbols []string `json:"symbols"`
					} `json:"imports"`
				} `json:"ecosystem_specific"`
			} `json:"affected"`
		}
		if json.Unmarshal(r.JSON, &rec) != nil {
			return true // unreadable: do not weaken the claim
		}
		for _, a := range rec.Affected {
			if a.Package.Name != mod {
				continue
			}
			for _, im := range a.EcosystemSpecific.Imports {
				if len(im.Symbols) > 0 {
					return true
				}
			}
		}
		return false
	}
	return true
}

func skippedText(pkgs []string) string {
	if len(pkgs) == 0 {
		return "no other package imports them"
	}
	return "so were the package(s) importing them: " + strings.Join(pkgs, ", ")
}
