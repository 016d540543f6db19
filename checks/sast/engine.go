package sast

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/version"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/securego/gosec/v2"
	"github.com/securego/gosec/v2/analyzers"
	"github.com/securego/gosec/v2/issue"
	"github.com/securego/gosec/v2/rules"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"

	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/toolerr"
)

// Engine runs gosec's rules and analyzers over Go modules. It loads each module's
// packages once with go/packages and checks them one by one, which is several times
// faster than gosec's per-directory Process. The zero value runs every default rule.
type Engine struct {
	// Exclude lists rule ids not to run at all.
	Exclude []string
	// Env is the environment of the go command; nil means the process environment.
	// Safety settings (GOTOOLCHAIN=local, CGO_ENABLED=0, GOWORK=off, GOFLAGS) are
	// always applied on top of it.
	Env []string
	// Root is the repository's root (absolute): toolchain errors keep only paths
	// inside it. "" means the module's own folder.
	Root string
	// Cache, when not nil, keeps gosec's result per package (cache.go).
	Cache *cache.Store
	// Toolchain is the scan's memo of `go env` (nil: ask the go command each time).
	Toolchain *goenv.Toolchain
}

// ModuleResult is what gosec reported for one module.
type ModuleResult struct {
	// Issues are gosec's issues, suppressed ones included (with Suppressions set).
	Issues []*issue.Issue
	// Facts holds what the code around each issue says (same order as Issues).
	Facts []facts
	// GoVersion is the module's language version from its go.mod ("1.16"; "" if none).
	GoVersion string
	// Notes are messages a person should read: load errors, toolchain rewrites.
	Notes []ModuleNote
	// Packages is the number of packages loaded; Analysed of them had syntax and were checked.
	Packages, Analysed int
	// Failed explains why nothing in the module could be analysed ("" when something was).
	Failed string
	// Broken lists the packages that did not load, "path: classified reason", sorted:
	// gosec's analysis of each is lost or partial, so the check cannot vouch for it.
	Broken []string
}

// ModuleNote is one note about a module, with the file it concerns when known
// (absolute native path, or "").
type ModuleNote struct {
	Kind, File, Message string
	Line                int
	reason              string
}

// LocalGoVersion asks the go command on PATH for its version ("go1.26.8"), without
// letting it switch toolchains.
func (e *Engine) LocalGoVersion(ctx context.Context) (string, error) {
	f, err := e.Toolchain.Facts(ctx, e.env())
	if err != nil {
		return "", fmt.Errorf("could not run the go command (needed to load Go packages): %w", err)
	}
	v := f.GOVERSION
	if !version.IsValid(v) {
		return "", fmt.Errorf("the go command reported an unexpected version %q", v)
	}
	return v, nil
}

// goArch is the target's GOARCH from the scan's go env memo ("" if unknown).
func (e *Engine) goArch(ctx context.Context) string {
	f, err := e.Toolchain.Facts(ctx, e.env())
	if err != nil {
		return ""
	}
	return f.GOARCH
}

// env is the go command's environment: the caller's (so GOPROXY, GOPATH, GOCACHE and
// friends are honoured) with the settings that keep loading from running anything.
// goenv.Safe adds GOTOOLCHAIN=local (never download or switch to the toolchain a go.mod
// asks for), CGO_ENABLED=0 (no C compiler or cgo tool runs on repository code),
// GOWORK=off (go.work cannot redirect a module), GOFLAGS replaced (no -toolexec, no
// -overlay), and no module fetch the repository chooses (no `direct`, checksum DB on).
func (e *Engine) env() []string {
	return goenv.Safe(e.Env, "-buildvcs=false")
}

// AnalyzeModule loads every package of the module whose go.mod is modDir/go.mod and
// runs gosec over them. goMod holds that go.mod's bytes (read through the workspace);
// goSum those of go.sum (nil if none). local is the go command's version.
func (e *Engine) AnalyzeModule(ctx context.Context, modDir string, goMod, goSum []byte, local string) (*ModuleResult, error) {
	res := &ModuleResult{}
	gomodPath := filepath.Join(modDir, "go.mod")
	mf, err := modfile.Parse(gomodPath, goMod, nil)
	if err != nil {
		res.Failed = fmt.Sprintf("go.mod cannot be parsed: %v", err)
		res.Notes = append(res.Notes, ModuleNote{Kind: "load", File: gomodPath, Message: res.Failed + " (fix the go.mod so `go list ./...` works)"})
		return res, nil
	}
	// Never obey a go or toolchain line that asks for a newer Go: analyse with the
	// local toolchain, from a temporary copy of go.mod, and say so.
	if mf.Go != nil && version.Compare("go"+mf.Go.Version, local) > 0 {
		line := 0
		if mf.Go.Syntax != nil {
			line = mf.Go.Syntax.Start.Line
		}
		res.Notes = append(res.Notes, ModuleNote{Kind: "toolchain", File: gomodPath, Line: line,
			Message: fmt.Sprintf("go.mod asks for go %s but the local toolchain is %s: analysed with %s (no toolchain was downloaded); code that needs newer language features may not type-check",
				mf.Go.Version, local, local)})
		if err := mf.AddGoStmt(strings.TrimPrefix(local, "go")); err != nil {
			return nil, fmt.Errorf("could not rewrite the go line of %q: %w", gomodPath, err)
		}
	}
	if mf.Toolchain != nil {
		if version.Compare(mf.Toolchain.Name, local) > 0 {
			line := 0
			if mf.Toolchain.Syntax != nil {
				line = mf.Toolchain.Syntax.Start.Line
			}
			res.Notes = append(res.Notes, ModuleNote{Kind: "toolchain", File: gomodPath, Line: line,
				Message: fmt.Sprintf("go.mod asks for toolchain %s: not obeyed, analysed with the local %s", mf.Toolchain.Name, local)})
		}
		mf.DropToolchainStmt()
	}
	if mf.Go != nil {
		res.GoVersion = mf.Go.Version
	}
	mf.Cleanup()
	rewritten, err := mf.Format()
	if err != nil {
		return nil, fmt.Errorf("could not format a copy of %q: %w", gomodPath, err)
	}
	// The go command gets a temporary copy of go.mod and go.sum (-modfile), so the
	// repository's files are never rewritten, even with -mod=mod.
	tmp, err := os.MkdirTemp("", "shiftgate-sast-")
	if err != nil {
		return nil, fmt.Errorf("could not create a temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	tmpMod := filepath.Join(tmp, "go.mod")
	if err := os.WriteFile(tmpMod, rewritten, 0o600); err != nil {
		return nil, fmt.Errorf("could not write a copy of %q: %w", gomodPath, err)
	}
	if goSum != nil {
		if err := os.WriteFile(filepath.Join(tmp, "go.sum"), goSum, 0o600); err != nil {
			return nil, fmt.Errorf("could not write a copy of go.sum: %w", err)
		}
	}
	modeFlag := "-mod=mod"
	if st, err := os.Lstat(filepath.Join(modDir, "vendor", "modules.txt")); err == nil && st.Mode().IsRegular() {
		modeFlag = "-mod=vendor"
	}
	// -trimpath keeps the checkout's location out of the build cache keys of the
	// export data go list compiles, so a fresh checkout at another path (every CI
	// job) reuses a warm GOCACHE instead of recompiling every package.
	cfg := &packages.Config{
		Context:    ctx,
		Mode:       gosec.LoadMode | packages.NeedExportFile, // go list -export lists them anyway
		Dir:        modDir,
		Env:        e.env(),
		BuildFlags: []string{"-modfile=" + tmpMod, modeFlag, "-trimpath"},
		Tests:      false,
		Logf:       nil,
		// A Go file that is a link out of the repository is not parsed (load.go).
		ParseFile: parseInside(e.root(modDir)),
	}
	// With a cache, only the packages whose key misses are loaded and analysed
	// (cache.go); when every package misses, the module is loaded as one.
	hits := map[string]stored{}
	var keys map[string]cache.Key
	var exports *exportCache
	patterns := []string{"./..."}
	modPath := ""
	if mf.Module != nil {
		modPath = mf.Module.Mod.Path
	}
	if e.Cache != nil && modPath != "" && modeFlag == "-mod=mod" && !localReplace(mf) {
		if ks, base, err := e.packageKeys(ctx, modDir, modPath, rewritten, goSum, local); err == nil {
			keys = ks
			exports = &exportCache{store: e.Cache, base: base, modPath: modPath, keys: ks,
				tmpMod: tmpMod, wantMod: rewritten, tmpSum: filepath.Join(tmp, "go.sum"), wantSum: goSum, gocache: e.buildCacheDir(ctx)}
			var miss []string
			for dir, k := range ks {
				var st stored
				if e.Cache.Get(cacheKind, k, &st) {
					hits[dir] = st
				} else {
					miss = append(miss, dir)
				}
			}
			slices.Sort(miss)
			if len(miss) < len(ks) && len(miss) <= 256 {
				patterns = nil
				for _, d := range miss {
					patterns = append(patterns, "./"+d)
				}
			} else {
				clear(hits)
			}
		}
	}
	explicit := len(patterns) == 0 || patterns[0] != "./..."
	var pkgs []*packages.Package
	if explicit && len(patterns) > 0 {
		// The packages a cache miss leaves: without compiling them first (load.go).
		var fb fallBack
		pkgs, err = e.loadRoots(ctx, modDir, cfg.BuildFlags, patterns, e.goArch(ctx), local, exports)
		if err != nil && !errors.As(err, &fb) {
			return nil, err
		}
		if err != nil {
			pkgs = nil
		}
	}
	if len(patterns) > 0 && pkgs == nil {
		pkgs, err = packages.Load(cfg, patterns...)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			res.Failed = "packages could not be loaded: " + toolerr.Classify(err.Error(), e.root(modDir), modDir).Error()
			res.Notes = append(res.Notes, ModuleNote{Kind: "load", File: gomodPath, Message: res.Failed})
			return res, nil
		}
		// The export data go list found or built, for the next load's roots (load.go).
		exports.record(pkgs)
	}
	if explicit {
		// `go list ./...` leaves out a folder whose files the build excludes; named
		// on its own, the folder is an error package. Leave it out the same way.
		pkgs = slices.DeleteFunc(pkgs, notListed)
	}
	slices.SortFunc(pkgs, func(a, b *packages.Package) int { return strings.Compare(a.ID, b.ID) })
	outs := e.check(ctx, modDir, pkgs)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if keys != nil {
		done := map[string]bool{}
		for _, po := range outs {
			dir, ok := moduleDir(modPath, po.Path)
			if !ok {
				continue
			}
			done[dir] = true
			// A package with load errors is never kept: they may come from this
			// machine (a module not downloaded), not from the inputs of the key.
			if k, ok := keys[dir]; ok && po.Broken == "" && len(po.Notes) == 0 {
				e.Cache.Put(cacheKind, k, e.freeze(modDir, po))
			}
		}
		for dir, k := range keys {
			if _, hit := hits[dir]; !hit && !done[dir] {
				e.Cache.Put(cacheKind, k, stored{NotAPackage: true})
			}
		}
		for _, st := range hits {
			if !st.NotAPackage {
				outs = append(outs, e.thaw(modDir, st))
			}
		}
		slices.SortFunc(outs, func(a, b pkgOut) int { return strings.Compare(a.Path, b.Path) })
	}
	cgoSeen := map[string]bool{}
	for _, po := range outs {
		for _, n := range po.Cgo {
			if !cgoSeen[n.Message] {
				cgoSeen[n.Message] = true
				res.Notes = append(res.Notes, n)
			}
		}
	}
	for _, po := range outs {
		res.Packages++
		res.Notes = append(res.Notes, po.Notes...)
		if po.Broken != "" {
			res.Broken = append(res.Broken, po.Broken)
		}
		if po.Analysed {
			res.Analysed++
		}
		res.Issues = append(res.Issues, po.Issues...)
		res.Facts = append(res.Facts, po.Facts...)
	}
	res.Issues, res.Facts = byGoVersion(res.Issues, res.Facts, res.GoVersion)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res.Analysed == 0 {
		res.Failed = "no package of the module could be loaded"
		if res.Packages == 0 {
			res.Failed = "the module has no Go package to analyse"
			// go/packages hides a go list that failed outright in export mode (an
			// uncreatable build or module cache): ask the go command why.
			if why := goListFailure(ctx, modDir, e.root(modDir), e.env(), cfg.BuildFlags); why != "" {
				res.Failed = "the go command could not list the module's packages: " + why
			}
		}
	}
	return res, nil
}

// check runs gosec over loaded packages: rules, then the SSA analyzers, package by
// package (gosec's CheckRules and CheckAnalyzers share state: never concurrently).
// Each package's result is its own (gosec's rules and analyzers look at one package
// and the types of its imports), which is what lets the cache keep it per package.
func (e *Engine) check(ctx context.Context, modDir string, pkgs []*packages.Package) []pkgOut {
	// gosec decides the Go version once per process (GOSECGOVERSION, else `go list -m`
	// in the working directory). Pin it below 1.22 so that every version-dependent rule
	// runs, and judge each module by its own go.mod afterwards (byGoVersion).
	os.Setenv("GOSECGOVERSION", gosecPinnedGo)
	// One gosec analyzer per worker, the packages shared out among them: a package's
	// result is its own whichever analyzer checks it (what the per-package cache
	// already relies on), and the results keep the packages' order.
	workers := min(runtime.GOMAXPROCS(0), len(pkgs))
	res := make([]pkgOut, len(pkgs))
	checked := make([]bool, len(pkgs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.newChecker()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pkgs) || ctx.Err() != nil {
					return
				}
				res[i], checked[i] = e.checkOne(c, modDir, pkgs[i]), true
			}
		}()
	}
	wg.Wait()
	var out []pkgOut
	for i, po := range res {
		if checked[i] {
			out = append(out, po)
		}
	}
	return out
}

// checker is one worker's gosec: the analyzer with every rule and analyzer on, and
// the taint analyzers with request sources only.
type checker struct {
	an, remote *gosec.Analyzer
	remoteDefs map[string]analyzers.AnalyzerDefinition
}

// newChecker builds a worker's gosec analyzers.
func (e *Engine) newChecker() *checker {
	cfg := gosec.NewConfig()
	c := &checker{}
	c.an = gosec.NewAnalyzer(cfg, false, true, true, runtime.GOMAXPROCS(0), log.New(io.Discard, "", 0))
	var ruleFilters []rules.RuleFilter
	var anFilters []analyzers.AnalyzerFilter
	if len(e.Exclude) > 0 {
		ruleFilters = append(ruleFilters, rules.NewRuleFilter(true, e.Exclude...))
		anFilters = append(anFilters, analyzers.NewAnalyzerFilter(true, e.Exclude...))
	}
	c.an.LoadRules(rules.Generate(false, ruleFilters...).RulesInfo())
	c.an.LoadAnalyzers(analyzers.Generate(false, anFilters...).AnalyzersInfo())
	// The same taint analyzers with request sources only, run on the packages where
	// the full ones reported: they tell request data from the program's own input.
	c.remote = gosec.NewAnalyzer(gosec.NewConfig(), false, true, true, runtime.GOMAXPROCS(0), log.New(io.Discard, "", 0))
	c.remoteDefs = remoteTaint()
	c.remote.LoadAnalyzers(c.remoteDefs, nil)
	return c
}

// where is the package and syntax tree of a file.
type where struct {
	pkg  *packages.Package
	file *ast.File
}

// checkOne runs gosec over one loaded package.
func (e *Engine) checkOne(c *checker, modDir string, pkg *packages.Package) pkgOut {
	po := pkgOut{Path: pkg.PkgPath}
	// go/packages leaves a package whose Go files all need cgo out of the list; it
	// shows only as an import of the packages that use it. Each package keeps the
	// notes of its own imports, so that a package read from the cache brings them.
	cgoSeen := map[string]bool{}
	packages.Visit([]*packages.Package{pkg}, nil, func(p *packages.Package) {
		if len(p.GoFiles) == 0 && len(p.IgnoredFiles) > 0 && !cgoSeen[p.PkgPath] && needsCgo(p.IgnoredFiles) {
			cgoSeen[p.PkgPath] = true
			po.Cgo = append(po.Cgo, ModuleNote{Kind: "cgo", File: p.IgnoredFiles[0],
				Message: fmt.Sprintf("package %s not analysed: cgo is off (CGO_ENABLED=0, so that no C compiler runs on repository code) and build constraints exclude all its Go files (they import \"C\"); the packages importing it are analysed with its symbols unresolved", p.PkgPath)})
		}
	})
	var reasons []string
	for _, pe := range pkg.Errors {
		n := loadNote(pkg, pe, e.root(modDir), modDir)
		po.Notes = append(po.Notes, n)
		if !slices.Contains(reasons, n.reason) {
			reasons = append(reasons, n.reason)
		}
	}
	if len(reasons) > 0 {
		po.Broken = pkg.PkgPath + ": " + strings.Join(reasons, "; ")
	}
	if len(pkg.Syntax) == 0 || pkg.Types == nil || pkg.TypesInfo == nil {
		return po
	}
	files := map[string]where{}
	for _, f := range pkg.Syntax {
		files[pkg.Fset.Position(f.Pos()).Filename] = where{pkg, f}
	}
	po.Analysed = true
	before, _, _ := c.an.Report()
	n := len(before)
	c.an.CheckRules(pkg)
	c.an.CheckAnalyzers(pkg)
	after, _, _ := c.an.Report()
	po.Issues = slices.Clone(after[n:])
	fromRequest := map[string]bool{}
	if slices.ContainsFunc(po.Issues, func(i *issue.Issue) bool { _, ok := c.remoteDefs[i.RuleID]; return ok }) {
		rb, _, _ := c.remote.Report()
		m := len(rb)
		c.remote.CheckAnalyzers(pkg)
		ra, _, _ := c.remote.Report()
		for _, i := range ra[m:] {
			fromRequest[i.RuleID+"\x00"+i.File+"\x00"+i.Line+"\x00"+i.Col] = true
		}
	}
	lines := map[string][]string{}
	po.Facts = make([]facts, len(po.Issues))
	for k, iss := range po.Issues {
		w := files[iss.File]
		if _, ok := lines[iss.File]; !ok {
			data, _ := os.ReadFile(iss.File)
			lines[iss.File] = strings.Split(string(data), "\n")
		}
		line, _ := lineRange(iss.Line)
		if w.pkg != nil {
			col, _ := strconv.Atoi(strings.TrimSpace(iss.Col))
			po.Facts[k] = classify(iss.RuleID, line, col, w.pkg, w.file, lines[iss.File])
		} else {
			po.Facts[k].nolint, po.Facts[k].nolintWhy = nolintAt(lines[iss.File], line)
		}
		po.Facts[k].remote = fromRequest[iss.RuleID+"\x00"+iss.File+"\x00"+iss.Line+"\x00"+iss.Col]
	}
	return po
}

// gosecPinnedGo is the Go version gosec is told process-wide: below 1.22 (so G601
// runs) and at least 1.18 (so an unset TLS MinVersion counts as Go's safe default).
const gosecPinnedGo = "go1.21"

// byGoVersion drops the issues of rules that do not apply to the module's own Go
// language version (G601: loop variables are per-iteration since Go 1.22). A go.mod
// without a go line means Go 1.16.
func byGoVersion(issues []*issue.Issue, fx []facts, goVersion string) ([]*issue.Issue, []facts) {
	if goVersion == "" {
		goVersion = "1.16"
	}
	if version.Compare("go"+goVersion, "go1.22") < 0 {
		return issues, fx
	}
	var outI []*issue.Issue
	var outF []facts
	for k, iss := range issues {
		if iss.RuleID == "G601" {
			continue
		}
		outI = append(outI, iss)
		outF = append(outF, fx[k])
	}
	return outI, outF
}

// root is the folder toolchain paths must lie in: the repository, else dir.
func (e *Engine) root(dir string) string {
	if e.Root != "" {
		return e.Root
	}
	return dir
}

// loadNote turns a go/packages error into a note at its position when it has one.
// A parse or type error at a position inside the root keeps the compiler's words
// (they quote the repository's own Go code); anything else (the go command's and
// the assembler's output, positions outside the root) is classified and its text
// withheld: an assembly file's #include makes the assembler quote any file.
func loadNote(pkg *packages.Package, pe packages.Error, root, dir string) ModuleNote {
	file, line := splitPos(pe.Pos)
	rel, inside := toolerr.Rel(file, root, dir)
	var reason string
	if (pe.Kind == packages.TypeError || pe.Kind == packages.ParseError) && inside {
		reason = finding.Shorten(strings.ReplaceAll(strings.Map(printable, pe.Msg), root+string(filepath.Separator), ""), 200)
	} else {
		te := toolerr.Classify(pe.Msg, root, dir)
		reason = string(te.Kind)
		if !inside && te.File != "" {
			rel, line, inside = te.File, te.Line, true
		}
	}
	n := ModuleNote{Kind: "load", Message: fmt.Sprintf("package %s: %s (gosec could not analyse it fully)", pkg.PkgPath, reason), reason: reason}
	if inside {
		n.File, n.Line = filepath.Join(root, filepath.FromSlash(rel)), line
	}
	return n
}

// splitPos reads "file:line:col", "file:line", "" or "-".
func splitPos(pos string) (string, int) {
	if pos == "" || pos == "-" {
		return "", 0
	}
	file, rest, _ := strings.Cut(pos, ":")
	if len(pos) > 1 && pos[1] == ':' { // a Windows drive letter
		if i := strings.Index(pos[2:], ":"); i >= 0 {
			file, rest = pos[:i+2], pos[i+3:]
		}
	}
	lineText, _, _ := strings.Cut(rest, ":")
	line, _ := strconv.Atoi(lineText)
	return file, line
}

// printable drops control characters.
func printable(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return ' '
	}
	return r
}

// goListFailure runs the go list that go/packages ran and returns why it failed,
// classified (its output is never quoted), "" when it succeeded.
func goListFailure(ctx context.Context, dir, root string, env, flags []string) string {
	args := append([]string{"list", "-e", "-export", "-f", "{{.ImportPath}}"}, flags...)
	cmd := exec.CommandContext(ctx, "go", append(args, "./...")...)
	cmd.Dir, cmd.Env = dir, env
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	err := cmd.Run()
	if err == nil {
		return ""
	}
	var out []string
	for line := range strings.Lines(stderr.String()) {
		// The telemetry child's complaints come first when /dev/null is unusable.
		if !strings.Contains(line, "telemetry") {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		out = []string{err.Error()}
	}
	return toolerr.Classify(strings.Join(out, ""), root, dir).Error()
}

// needsCgo reports whether one of the files imports "C".
func needsCgo(files []string) bool {
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil && (strings.Contains(string(data), "import \"C\"") || strings.Contains(string(data), "\"C\"\n")) {
			return true
		}
	}
	return false
}
