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
	"slices"
	"strings"

	"golang.org/x/vuln/scan"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/osvdb"
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
	path      string // an example call path, entry point first
}

// govulnScan is what one govulncheck run said.
type govulnScan struct {
	reach map[string]reach // per OSV id
	// imported: some finding names a package (vulnerable code is imported, not only required).
	imported bool
	// goVersion is the Go it judged the standard library at ("1.26.8").
	goVersion string
}

// goEnv is the environment govulncheck runs with (package goenv): no toolchain
// download, no cgo (so no C compiler runs), modules resolved from the cache or the
// runner's GOPROXY without `direct`, with the checksum database on.
func (c *Check) goEnv() []string {
	return goenv.Safe(nil, "-mod=readonly", c.opts.GoEnv...)
}

// govulncheck runs golang.org/x/vuln's scan in the module at dirAbs against the file
// database at dbDir and returns what it found per OSV id. It first asks at package
// level (import graph from export data: about a second); only when a vulnerable
// package is imported does it pay for the symbol level (every package type-checked
// from source and a call graph: tens of seconds on a large module).
func (c *Check) govulncheck(ctx context.Context, dirAbs, dbDir string) (*govulnScan, error) {
	s, err := c.govulncheckAt(ctx, dirAbs, dbDir, "package")
	if err != nil || !s.imported {
		return s, err
	}
	return c.govulncheckAt(ctx, dirAbs, dbDir, "symbol")
}

// govulncheckAt runs one scan level.
func (c *Check) govulncheckAt(ctx context.Context, dirAbs, dbDir, level string) (*govulnScan, error) {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(dbDir)}
	var out, errb bytes.Buffer
	cmd := scan.Command(ctx, "-C", dirAbs, "-db", u.String(), "-format", "json", "-scan", level, "./...")
	cmd.Stdout, cmd.Stderr, cmd.Stdin = &out, &errb, bytes.NewReader(nil)
	cmd.Env = c.goEnv()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if err := cmd.Wait(); err != nil {
		msg := finding.Shorten(strings.TrimSpace(errb.String()), 600)
		return nil, fmt.Errorf("%w: %s", err, msg)
	}
	s := &govulnScan{reach: map[string]reach{}}
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
			s.imported = true
		}
		if len(tr) > 0 && tr[0].Function != "" && !r.reachable {
			r = reach{reachable: true, path: callPath(tr)}
		}
		s.reach[m.Finding.OSV] = r
	}
	return s, nil
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
func (c *Check) reachability(ctx context.Context, ws *workspace.Workspace, goRecs []*osvdb.Record, res *checks.Result, unreachable string) error {
	mods := map[string]bool{}
	for _, f := range res.Findings {
		if f.Package != nil && f.Package.Ecosystem == "Go" && path.Base(f.Path) == "go.mod" {
			mods[f.Path] = true
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
		got, err := c.govulncheck(ctx, ws.Abs(path.Dir(gomod)), dbDir)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			errs = append(errs, fmt.Errorf("govulncheck could not analyse the module at %s, so its Go vulnerabilities are reported without reachability: %w "+
				"(govulncheck needs the module's dependencies in the module cache: run `go mod download` in %s with a reachable GOPROXY first)", gomod, err, path.Dir(gomod)))
			continue
		}
		for i := range res.Findings {
			f := &res.Findings[i]
			if f.Path != gomod || f.Package == nil || f.Package.Ecosystem != "Go" {
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
			if r.reachable {
				// Said early, so that a shortened message still shows it.
				f.Message = strings.Replace(f.Message, head, head+" (reachable: "+r.path+")", 1)
				f.Message += " Reachable: govulncheck found a call path to the vulnerable code: " + r.path + "."
				continue
			}
			f.Message = strings.Replace(f.Message, head, head+" (not reachable)", 1)
			if reported {
				f.Message += " Not reachable: govulncheck found no call path from this module's code to the vulnerable symbols."
			} else {
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
