package deps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/osv-scalibr/enricher/vulnmatch/osvlocal"
	"github.com/google/osv-scalibr/extractor"
	osvpb "github.com/ossf/osv-schema/bindings/go/osvschema"

	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// listedModule is a module as `go list -json` describes it.
type listedModule struct {
	Path    string
	Version string
	Main    bool
	Replace *listedModule
}

// listedPkg is a package as `go list -json` describes it: the union of what the cgo
// gap, the package-level answers and the symbol plan read.
type listedPkg struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Standard   bool
	DepOnly    bool
	Deps       []string
	Imports    []string
	Module     *listedModule
	Error      *struct{ Err string }
	DepsErrors []struct{ Err string }
}

// modGraph is a Go module's package graph: one `go list -e -deps ./...` in
// govulncheck's environment (govulnEnv), read by everything reachability decides
// before the call-graph pass: which packages cgo being off keeps out (cgoGap), which
// vulnerable packages are imported (packageLevel), and which packages the symbol pass
// needs and what they cost (plan).
type modGraph struct {
	pkgs  map[string]*listedPkg
	roots []string // the packages ./... matched, in go list's order
}

// listModule runs the one go list of the module at dirAbs.
func (c *Check) listModule(ctx context.Context, dirAbs string) (*modGraph, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-e", "-deps",
		"-json=ImportPath,Dir,GoFiles,Standard,DepOnly,Deps,Imports,Module,Error,DepsErrors", "./...")
	cmd.Dir = dirAbs
	cmd.Env = c.govulnEnv(dirAbs)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	g := &modGraph{pkgs: map[string]*listedPkg{}}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := &listedPkg{}
		if err := dec.Decode(p); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("could not read go list's output: %w", err)
		}
		g.pkgs[p.ImportPath] = p
		if !p.DepOnly {
			g.roots = append(g.roots, p.ImportPath)
		}
	}
	return g, nil
}

// closure is roots and every package they depend on, in byte order.
func (g *modGraph) closure(roots []string) []*listedPkg {
	seen := map[string]bool{}
	for _, r := range roots {
		seen[r] = true
		if p := g.pkgs[r]; p != nil {
			for _, d := range p.Deps {
				seen[d] = true
			}
		}
	}
	var out []*listedPkg
	for _, ip := range slices.Sorted(func(yield func(string) bool) {
		for k := range seen {
			if !yield(k) {
				return
			}
		}
	}) {
		if p := g.pkgs[ip]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// loads reports whether govulncheck would load roots without an error: no package in
// their closure has one. When one does, govulncheck itself is asked, so that its
// error (and its classification) stays what it was.
func (g *modGraph) loads(roots []string) bool {
	if len(roots) == 0 {
		return false
	}
	for _, r := range roots {
		if g.pkgs[r] == nil {
			return false
		}
	}
	return !slices.ContainsFunc(g.closure(roots), func(p *listedPkg) bool { return p.Error != nil || len(p.DepsErrors) > 0 })
}

// cgoGap sorts out which of the module's packages cannot load with cgo off (nil when
// none): packages whose Go files all need cgo, the module's packages importing them,
// and every other package of the module.
func (g *modGraph) cgoGap() *cgoGap {
	gap := &cgoGap{}
	for _, p := range g.pkgs {
		if p.Error != nil && strings.Contains(p.Error.Err, "build constraints exclude all Go files") {
			gap.excluded = append(gap.excluded, p.ImportPath)
		}
		if p.Standard || p.Module == nil || !p.Module.Main {
			continue
		}
		switch {
		case p.Error != nil:
		case len(p.DepsErrors) > 0:
			gap.skipped = append(gap.skipped, p.ImportPath)
		default:
			gap.buildable = append(gap.buildable, p.ImportPath)
		}
	}
	if len(gap.excluded) == 0 {
		return nil
	}
	slices.Sort(gap.excluded)
	slices.Sort(gap.skipped)
	slices.Sort(gap.buildable)
	return gap
}

// plan keeps as the symbol pass's roots those of roots that are, or import, one of
// vulnPkgs, directly or through other packages. A package that does not has none of
// the vulnerable code in its program, so no call path from it can exist.
func (g *modGraph) plan(roots []string, vulnPkgs map[string]bool) *symbolPlan {
	plan := &symbolPlan{}
	for _, r := range roots {
		p := g.pkgs[r]
		if p == nil || !vulnPkgs[r] && !slices.ContainsFunc(p.Deps, func(d string) bool { return vulnPkgs[d] }) {
			plan.skipped++
			continue
		}
		plan.top = append(plan.top, r)
	}
	slices.Sort(plan.top)
	for _, p := range g.closure(plan.top) {
		plan.packages++
		for _, f := range p.GoFiles {
			if st, err := os.Stat(filepath.Join(p.Dir, f)); err == nil {
				plan.sourceBytes += st.Size()
			}
		}
	}
	return plan
}

// goVersion is the Go the package graph was listed with ("go1.26.8"): the standard
// library govulncheck judges. It is asked through the scan's memo tc (nil: the go
// command is asked now), in govulncheck's environment.
func (c *Check) goVersion(ctx context.Context, tc *goenv.Toolchain, dirAbs string) (string, error) {
	f, err := tc.Facts(ctx, c.govulnEnv(dirAbs))
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %w", err)
	}
	return f.GOVERSION, nil
}

// goTag matches a Go release tag: go1.26.8, go1.27rc1.
var goTag = regexp.MustCompile(`^go(\d+\.\d+)(\.\d+)?(rc|beta)?(\d+)?$`)

// stdlibVersion is the OSV version of a Go release tag ("go1.26.8" -> "1.26.8",
// "go1.27rc1" -> "1.27.0-rc.1"), as govulncheck names the standard library's module;
// "" when the tag is not a release (a development toolchain).
func stdlibVersion(tag string) string {
	f := strings.Fields(tag)
	if len(f) == 0 {
		return ""
	}
	m := goTag.FindStringSubmatch(f[0])
	if m == nil {
		return ""
	}
	v := m[1] + ".0"
	if m[2] != "" {
		v = m[1] + m[2]
	}
	if m[3] != "" {
		v += "-" + m[3] + "." + m[4]
	}
	return v
}

// recordImports is what a Go record says of one affected module: its path and the
// import paths of its vulnerable packages (none: every package of the module).
type recordImports struct {
	affected *osvpb.Affected
	module   string
	packages []string
}

// affectedEntries reads every affected entry of a record with its import paths.
func affectedEntries(r *osvdb.Record) []recordImports {
	var out []recordImports
	for _, a := range r.Vuln.GetAffected() {
		e := recordImports{affected: a, module: a.GetPackage().GetName()}
		if es := a.GetEcosystemSpecific(); es != nil {
			for _, im := range es.GetFields()["imports"].GetListValue().GetValues() {
				if p := im.GetStructValue().GetFields()["path"].GetStringValue(); p != "" {
					e.packages = append(e.packages, p)
				}
			}
		}
		out = append(out, e)
	}
	return out
}

// affectsVersion reports whether one affected entry includes version (without "v"),
// as govulncheck decides it: an entry without a SEMVER range affects every version,
// an unknown version is not affected; ranges are compared by osv-scalibr's matcher,
// the one the check matches its findings with.
func affectsVersion(a *osvpb.Affected, version string) bool {
	if version == "" || version == "(devel)" {
		return false
	}
	if !slices.ContainsFunc(a.GetRanges(), func(r *osvpb.Range) bool { return r.GetType() == osvpb.Range_SEMVER }) {
		return true
	}
	one := &osvpb.Vulnerability{Affected: []*osvpb.Affected{a}}
	pkg := &extractor.Package{Name: a.GetPackage().GetName(), Version: version, PURLType: "golang"}
	return len(osvlocal.VulnerabilitiesAffectingPackage([]*osvpb.Vulnerability{one}, pkg)) > 0
}

// packageLevel answers what govulncheck's package level does (`-scan package` over
// roots), from the package graph and the records govulncheck would read
// (osvdb.ForGovulncheck), without loading the graph a second time:
//
//   - a record withdrawn before now is left out, as govulncheck leaves it out;
//   - a record is reported for a module of the graph (a package of the closure is in
//     it; the standard library at goVersion; a replacement counts as a module too)
//     whose version one of its entries for that module's path includes;
//   - it is imported when one of those entries names a package of the closure, or
//     names none (every package of the module is vulnerable).
//
// TestPackageLevelMatchesGovulncheck compares both on fixtures; docs/performance.md
// ("Reachability") on x/vuln, metrics-server and cli/cli.
func packageLevel(g *modGraph, roots []string, recs []*osvdb.Record, goVersion string) *govulnScan {
	s := &govulnScan{reach: map[string]reach{}, vulnPkgs: map[string]bool{}, goVersion: strings.TrimPrefix(goVersion, "go")}
	byModule := map[string][]*osvdb.Record{} // as the database's index: by the path of a Go entry
	now := time.Now()
	for _, r := range osvdb.ForGovulncheck(recs) {
		if w := r.Vuln.GetWithdrawn(); w != nil && w.AsTime().Before(now) {
			continue
		}
		for _, name := range slices.Compact(slices.Sorted(func(yield func(string) bool) {
			for _, e := range affectedEntries(r) {
				if e.affected.GetPackage().GetEcosystem() == "Go" && !yield(e.module) {
					return
				}
			}
		})) {
			byModule[name] = append(byModule[name], r)
		}
	}
	closure := g.closure(roots)
	// The modules of the graph, as govulncheck's package graph holds them: the
	// standard library, every package's module and its replacement; the first seen of
	// a path stands.
	mods := map[string]*listedModule{"stdlib": {Path: "stdlib", Version: stdlibVersion(goVersion)}}
	var add func(m *listedModule)
	add = func(m *listedModule) {
		if _, ok := mods[m.Path]; ok {
			return
		}
		mods[m.Path] = m
		if m.Replace != nil {
			add(m.Replace)
		}
	}
	for _, p := range closure {
		if p.Module != nil && !p.Standard {
			add(p.Module)
		}
	}
	// The entries that affect each module at its version.
	type hit struct {
		id      string
		entries []recordImports
	}
	affecting := map[string][]hit{}
	for path, m := range mods {
		query, version := m.Path, m.Version
		if m.Replace != nil {
			query, version = m.Replace.Path, m.Replace.Version
		}
		version = strings.TrimPrefix(version, "v")
		for _, r := range byModule[query] {
			var h hit
			for _, e := range affectedEntries(r) {
				if e.module == path && affectsVersion(e.affected, version) {
					h.entries = append(h.entries, e)
				}
			}
			if len(h.entries) > 0 {
				h.id = r.ID
				affecting[path] = append(affecting[path], h)
				if _, ok := s.reach[r.ID]; !ok {
					s.reach[r.ID] = reach{}
				}
			}
		}
	}
	for _, p := range closure {
		mod := "stdlib"
		if !p.Standard {
			if p.Module == nil {
				continue
			}
			mod = p.Module.Path
		}
		ip := p.ImportPath
		if m := mods[mod]; m != nil && m.Replace != nil {
			ip = m.Replace.Path + strings.TrimPrefix(ip, m.Path)
		}
		for _, h := range affecting[mod] {
			if slices.ContainsFunc(h.entries, func(e recordImports) bool { return len(e.packages) == 0 || slices.Contains(e.packages, ip) }) {
				s.reach[h.id] = reach{imported: true}
				s.vulnPkgs[p.ImportPath] = true
				s.imported = true
			}
		}
	}
	return s
}
