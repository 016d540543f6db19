package sast

// load.go loads the packages a cache miss leaves to analyse (the roots) without asking
// the go command to compile them. go/packages, in gosec's LoadMode, runs `go list
// -export` over the roots and everything they import: the go command then compiles the
// changed package and every importer whose export data differs, although the roots are
// type-checked from source afterwards, and hashes every file of the closure to find the
// rest in its build cache. Here one `go list -deps` without -export gives the graph;
// the export data of the packages the roots import that are not roots (unchanged, so
// the build cache holds it) is found where the analysis cache says the last load found
// it (exportCache), or asked of `go list -export` for those alone; the roots are parsed
// and type-checked from source in dependency order, as go/packages does. Whatever
// go/packages would report in words this loader cannot reproduce (a list error
// anywhere in the graph, cgo files, missing export data, a root with errors or with
// what only the compiler rejects) makes it give up, and the caller loads with
// go/packages. docs/cache.md, "Loading the packages a change leaves", says more.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/shiftgate/shiftgate/internal/repofs"
)

// listed is the part of `go list -json` the loader reads.
type listed struct {
	ImportPath, Name, Dir, Export                    string
	DepOnly                                          bool
	GoFiles, CgoFiles                                []string
	IgnoredGoFiles, IgnoredOtherFiles                []string
	CFiles, CXXFiles, MFiles, HFiles, FFiles, SFiles []string
	SwigFiles, SwigCXXFiles, SysoFiles               []string
	EmbedPatterns, EmbedFiles                        []string
	Imports                                          []string
	ImportMap                                        map[string]string
	Module                                           *packages.Module
	Error                                            *struct{ Err string }
}

// listFields are the fields asked for: those go/packages asks for in gosec's mode, but
// CompiledGoFiles and Export (no -compiled, no -export).
const listFields = "Name,ImportPath,Error,Dir,GoFiles,IgnoredGoFiles,IgnoredOtherFiles,CFiles,CgoFiles,CXXFiles,MFiles,HFiles,FFiles,SFiles,SwigFiles,SwigCXXFiles,SysoFiles,DepOnly,Imports,ImportMap,Module,EmbedFiles,EmbedPatterns"

// fallBack says the loader met something it leaves to go/packages, and what.
type fallBack string

func (f fallBack) Error() string { return "left to go/packages: " + string(f) }

// leave returns a fallBack error.
func leave(format string, args ...any) error { return fallBack(fmt.Sprintf(format, args...)) }

// loadRoots loads the packages the patterns match, as packages.Load does in gosec's
// LoadMode with the same build flags, but compiles nothing but the export data of
// their non-root imports. goarch is the target's GOARCH and local the go command's
// version ("go1.26.8"). a fallBack error means: load with go/packages instead.
func (e *Engine) loadRoots(ctx context.Context, dir string, flags, patterns []string, goarch, local string, exports *exportCache) ([]*packages.Package, error) {
	// No -compiled: with cgo off (goenv.Safe) a package's compiled Go files are its Go
	// files, which is what go/packages falls back to without them; asking costs the
	// go command 70 ms on x/vuln.
	graph, err := e.goList(ctx, dir, append([]string{"-e", "-json=" + listFields, "-deps=true", "-pgo=off"}, flags...), patterns)
	if err != nil {
		return nil, err
	}
	byID := map[string]*packages.Package{}
	meta := map[string]*listed{}
	var roots []*packages.Package
	fset := token.NewFileSet()
	sizes := types.SizesFor("gc", goarch)
	if sizes == nil {
		return nil, leave("no sizes for GOARCH %q", goarch)
	}
	for _, p := range graph {
		if len(p.CgoFiles) > 0 || len(p.SwigFiles) > 0 || len(p.SwigCXXFiles) > 0 {
			return nil, leave("%s has cgo or SWIG files to process", p.ImportPath)
		}
		if p.Error != nil || meta[p.ImportPath] != nil || strings.Contains(p.ImportPath, " ") {
			return nil, leave("go list reported a problem with %s", p.ImportPath)
		}
		pkg := &packages.Package{
			ID: p.ImportPath, PkgPath: p.ImportPath, Name: p.Name, Dir: p.Dir,
			GoFiles:       absJoin(p.Dir, p.GoFiles, p.CgoFiles),
			OtherFiles:    absJoin(p.Dir, p.CFiles, p.CXXFiles, p.MFiles, p.HFiles, p.FFiles, p.SFiles, p.SwigFiles, p.SwigCXXFiles, p.SysoFiles),
			EmbedFiles:    absJoin(p.Dir, p.EmbedFiles),
			EmbedPatterns: absJoin(p.Dir, p.EmbedPatterns),
			IgnoredFiles:  absJoin(p.Dir, p.IgnoredGoFiles, p.IgnoredOtherFiles),
			Module:        p.Module,
			Fset:          fset,
			TypesSizes:    sizes,
		}
		// go/packages' CompiledGoFiles when there is nothing for cgo to process.
		if pkg.PkgPath == "unsafe" {
			pkg.Types = types.Unsafe
		} else {
			pkg.CompiledGoFiles = pkg.GoFiles
			pkg.Types = types.NewPackage(pkg.PkgPath, pkg.Name)
		}
		byID[pkg.ID] = pkg
		meta[pkg.ID] = p
		if !p.DepOnly {
			if len(pkg.CompiledGoFiles) == 0 || pkg.PkgPath == "unsafe" {
				return nil, leave("%s has no Go files", pkg.ID)
			}
			roots = append(roots, pkg)
		}
	}
	for id, p := range meta {
		pkg := byID[id]
		pkg.Imports = map[string]*packages.Package{}
		mapped := map[string]bool{}
		for path, to := range p.ImportMap {
			mapped[to] = true
			if byID[to] == nil {
				return nil, leave("%s imports %s, not listed", id, to)
			}
			pkg.Imports[path] = byID[to]
		}
		for _, to := range p.Imports {
			if to == "C" || mapped[to] {
				continue
			}
			if byID[to] == nil {
				return nil, leave("%s imports %s, not listed", id, to)
			}
			pkg.Imports[to] = byID[to]
		}
	}
	isRoot := map[*packages.Package]bool{}
	for _, r := range roots {
		isRoot[r] = true
	}
	// Export data of a package that imports a root would name the root's types before
	// the root is type-checked from source. The engine's roots are closed under
	// importers (a package key holds the files of what it imports), so this only
	// happens to other callers, or through another module importing this one.
	for _, p := range byID {
		if isRoot[p] {
			continue
		}
		for _, imp := range p.Imports {
			if isRoot[imp] {
				return nil, leave("%s imports the root %s but is not one", p.ID, imp.ID)
			}
		}
	}
	// The export data of the packages the roots import that are not roots: they did
	// not change, so the go command's build cache holds it.
	var need []string
	for _, r := range roots {
		for _, imp := range r.Imports {
			if !isRoot[imp] && imp.PkgPath != "unsafe" && !slices.Contains(need, imp.ID) {
				need = append(need, imp.ID)
			}
		}
	}
	slices.Sort(need)
	// Where the export data lies is kept in the analysis cache: asking the go command
	// costs it hashing every file of the closure (0.13 s on x/vuln), even when its build
	// cache holds everything. A file the go command has since trimmed is asked again.
	useCache := exports.usable()
	ask := need
	if useCache {
		ask = nil
		for _, id := range need {
			var file string
			// Only a file of the build cache as it is now: a path kept under another
			// GOCACHE may name what anyone wrote since.
			if k, ok := exports.key(id, byID[id].Module); ok && exports.store.Get(exportKind, k, &file) && exports.inBuildCache(file) {
				if st, err := os.Stat(file); err == nil && st.Mode().IsRegular() {
					byID[id].ExportFile = file
					continue
				}
			}
			ask = append(ask, id)
		}
	}
	if len(ask) > 0 {
		listed, err := e.goList(ctx, dir, append([]string{"-e", "-export=true", "-json=ImportPath,Export,Error", "-pgo=off"}, flags...), ask)
		if err != nil {
			return nil, err
		}
		for _, x := range listed {
			if pkg := byID[x.ImportPath]; pkg != nil && x.Error == nil && filepath.IsAbs(x.Export) {
				pkg.ExportFile = x.Export
				if useCache && exports.inBuildCache(x.Export) {
					if k, ok := exports.key(x.ImportPath, pkg.Module); ok {
						exports.store.Put(exportKind, k, x.Export)
					}
				}
			}
		}
	}
	for _, id := range need {
		if byID[id].ExportFile == "" {
			return nil, leave("no export data for %s", id)
		}
	}
	ld := &rootLoader{fset: fset, byID: byID, isRoot: isRoot, local: local, done: map[*packages.Package]chan struct{}{}, inside: insideOf(e.root(dir))}
	for _, r := range roots {
		ld.done[r] = make(chan struct{})
	}
	// Dependencies first, as go/packages reads them: a package read later then finds
	// those it refers to complete in its view, and no package gets two types.Package.
	var order []*packages.Package
	seen := map[*packages.Package]bool{}
	var post func(p *packages.Package)
	post = func(p *packages.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		ids := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			ids = append(ids, path)
		}
		slices.Sort(ids)
		for _, path := range ids {
			post(p.Imports[path])
		}
		if slices.Contains(need, p.ID) {
			order = append(order, p)
		}
	}
	for _, r := range roots {
		post(r)
	}
	for _, p := range order {
		if err := ld.fromExport(p); err != nil {
			return nil, leave("%v", err)
		}
	}
	if err := ld.checkRoots(ctx, roots); err != nil {
		return nil, err
	}
	// go/packages reports a root that does not compile twice: the go command's error
	// (it compiled the root for export data) and go/types' errors. The first cannot be
	// had without compiling: a root with errors is left to go/packages.
	for _, r := range roots {
		if len(r.Errors) > 0 {
			return nil, leave("%s has errors", r.ID)
		}
		if why := compilerOnly(r); why != "" {
			return nil, leave("%s: %s", r.ID, why)
		}
	}
	return roots, nil
}

// compilerOnly names what in a root the compiler may reject although go/types accepts
// it (go/packages would then report the go command's compile error): assembly or other
// non-Go files, a function without a body, a //go:embed in a file that does not import
// "embed" or anywhere but on one package-level variable of type string, []byte or
// embed.FS without a value (or before Go 1.16), any other compiler directive but
// //go:build and //go:generate (the compiler rejects one misplaced), a type of a
// petabyte or more. "" when none. It leaves more to go/packages than needed, never
// less: a root it passes is one the compiler builds as go/types checked it.
func compilerOnly(pkg *packages.Package) string {
	if len(pkg.OtherFiles) > 0 {
		return "non-Go files to assemble or link"
	}
	for _, f := range pkg.Syntax {
		imports := map[string]bool{}
		for _, im := range f.Imports {
			imports[strings.Trim(im.Path.Value, "`\"")] = true
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == nil {
				return "a function without a body"
			}
		}
		embeds := embedsAllowed(pkg, f)
		for _, g := range f.Comments {
			for _, c := range g.List {
				name, ok := strings.CutPrefix(c.Text, "//go:")
				if !ok {
					continue
				}
				name, _, _ = strings.Cut(name, " ")
				switch {
				case name == "build" && c.Pos() < f.Package, name == "generate":
				case name == "embed" && !imports["embed"]:
					return "//go:embed without importing embed"
				case name == "embed" && embeds[c]:
				case name == "embed":
					return "a //go:embed the compiler may reject"
				default:
					return "the compiler directive //go:" + name
				}
			}
		}
	}
	if tooLarge(pkg) {
		return "a type too large for the compiler"
	}
	return ""
}

// embedsAllowed returns the //go:embed comments of f that stand where the compiler
// takes them: on the one package-level variable of a declaration (or of a spec in
// parentheses), without a value, of type string, []byte or embed.FS, in a module of Go
// 1.16 or later (none without a go line means 1.16).
func embedsAllowed(pkg *packages.Package, f *ast.File) map[*ast.Comment]bool {
	ok := map[*ast.Comment]bool{}
	if pkg.Module != nil && pkg.Module.GoVersion != "" && version.Compare("go"+pkg.Module.GoVersion, "go1.16") < 0 {
		return ok
	}
	for _, d := range f.Decls {
		gd, isGen := d.(*ast.GenDecl)
		if !isGen || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			doc := vs.Doc
			if gd.Lparen == token.NoPos {
				doc = gd.Doc
			}
			if doc == nil || len(vs.Names) != 1 || len(vs.Values) != 0 || vs.Type == nil || !embeddable(pkg.TypesInfo.Defs[vs.Names[0]]) {
				continue
			}
			for _, c := range doc.List {
				if strings.HasPrefix(c.Text, "//go:embed") {
					ok[c] = true
				}
			}
		}
	}
	return ok
}

// embeddable reports whether a variable's type is one //go:embed fills: string,
// []byte or embed.FS, named no other way.
func embeddable(obj types.Object) bool {
	if obj == nil {
		return false
	}
	switch t := types.Unalias(obj.Type()).(type) {
	case *types.Basic:
		return t.Kind() == types.String
	case *types.Slice:
		b, ok := types.Unalias(t.Elem()).(*types.Basic)
		return ok && b.Kind() == types.Byte
	case *types.Named:
		return t.Obj().Pkg() != nil && t.Obj().Pkg().Path() == "embed" && t.Obj().Name() == "FS"
	}
	return false
}

// tooLarge reports whether a type the root spells has a size of 2^40 bytes or more
// (the compiler refuses 2^50 on 64-bit targets, less on others; go/types does not).
func tooLarge(pkg *packages.Package) (large bool) {
	defer func() {
		if recover() != nil { // a size go/types cannot compute: the compiler decides
			large = true
		}
	}()
	if pkg.TypesInfo == nil || pkg.TypesSizes == nil {
		return false
	}
	for _, tv := range pkg.TypesInfo.Types {
		if tv.Type == nil || !tv.IsType() {
			continue
		}
		switch tv.Type.Underlying().(type) {
		case *types.Array, *types.Struct:
		default:
			continue
		}
		if hasTypeParam(tv.Type) {
			continue
		}
		if pkg.TypesSizes.Sizeof(tv.Type) >= 1<<40 {
			return true
		}
	}
	return false
}

// hasTypeParam reports whether t mentions a type parameter (its size is unknown).
func hasTypeParam(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Array:
		return hasTypeParam(t.Elem())
	case *types.Struct:
		for i := range t.NumFields() {
			if hasTypeParam(t.Field(i).Type()) {
				return true
			}
		}
	case *types.Named:
		if t.TypeArgs() != nil {
			for i := range t.TypeArgs().Len() {
				if hasTypeParam(t.TypeArgs().At(i)) {
					return true
				}
			}
		}
		if t.TypeParams() != nil && t.TypeParams().Len() > 0 && t.TypeArgs() == nil {
			return true
		}
		return hasTypeParam(t.Underlying())
	}
	return false
}

// goList runs the go command's list with args over the patterns in dir and decodes
// its JSON stream.
func (e *Engine) goList(ctx context.Context, dir string, args, patterns []string) ([]*listed, error) {
	cmd := exec.CommandContext(ctx, "go", append(append(append([]string{"list"}, args...), "--"), patterns...)...)
	cmd.Dir, cmd.Env = dir, e.env()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// go/packages runs the same list and reports its failure in its own words.
		return nil, leave("go list failed: %v", err)
	}
	var out []*listed
	for dec := json.NewDecoder(&stdout); dec.More(); {
		p := new(listed)
		if err := dec.Decode(p); err != nil {
			return nil, leave("decoding go list's output: %v", err)
		}
		if p.ImportPath == "" {
			return nil, leave("go list gave a package without an import path")
		}
		out = append(out, p)
	}
	return out, nil
}

// absJoin joins dir to every file name of the lists.
func absJoin(dir string, lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, f := range l {
			out = append(out, filepath.Join(dir, f))
		}
	}
	return out
}

// rootLoader type-checks the roots from source and reads their other imports from
// export data, all in one file set and one set of *types.Package values, so that a
// root importing another root sees the source-checked one.
type rootLoader struct {
	fset   *token.FileSet
	byID   map[string]*packages.Package
	isRoot map[*packages.Package]bool
	local  string
	done   map[*packages.Package]chan struct{}
	// inside reports whether a file lies in the repository, links resolved.
	inside func(string) bool
	// mu guards every *types.Package that export data may complete: gcexportdata may
	// fill in packages of the view other than the one it reads.
	mu sync.Mutex
}

// fromExport reads one package's export data; the view holds the types.Package of
// every package of its closure, so that export data creates none of its own.
func (ld *rootLoader) fromExport(pkg *packages.Package) error {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	if pkg.Types.Complete() {
		return nil
	}
	f, err := os.Open(pkg.ExportFile)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return fmt.Errorf("reading %s: %v", pkg.ExportFile, err)
	}
	view := map[string]*types.Package{}
	seen := map[*packages.Package]bool{}
	var visit func(map[string]*packages.Package)
	visit = func(imps map[string]*packages.Package) {
		for _, p := range imps {
			if !seen[p] {
				seen[p] = true
				view[p.PkgPath] = p.Types
				visit(p.Imports)
			}
		}
	}
	visit(pkg.Imports)
	n := len(view) + 1
	tpkg, err := gcexportdata.Read(r, ld.fset, view, pkg.PkgPath)
	if err != nil {
		return fmt.Errorf("reading %s: %v", pkg.ExportFile, err)
	}
	if _, ok := view["go.shape"]; ok {
		n++
	}
	if n != len(view) {
		return fmt.Errorf("export data of %s names packages outside its import graph", pkg.PkgPath)
	}
	pkg.Types = tpkg
	return nil
}

// checkRoots parses and type-checks every root, each once the roots it imports are
// done, at most GOMAXPROCS at a time.
func (ld *rootLoader) checkRoots(ctx context.Context, roots []*packages.Package) error {
	// A cycle among the roots is a list error, so the wait below always ends; still,
	// refuse one rather than trust that.
	if cyclic(roots, ld.isRoot) {
		return leave("import cycle among the roots")
	}
	limit := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, r := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(ld.done[r])
			for _, imp := range r.Imports {
				if ld.isRoot[imp] {
					<-ld.done[imp]
				}
			}
			if ctx.Err() != nil {
				return
			}
			limit <- struct{}{}
			defer func() { <-limit }()
			ld.check(r)
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// cyclic reports whether the roots import each other in a cycle.
func cyclic(roots []*packages.Package, isRoot map[*packages.Package]bool) bool {
	state := map[*packages.Package]int{} // 1 visiting, 2 done
	var visit func(p *packages.Package) bool
	visit = func(p *packages.Package) bool {
		switch state[p] {
		case 1:
			return true
		case 2:
			return false
		}
		state[p] = 1
		for _, imp := range p.Imports {
			if isRoot[imp] && visit(imp) {
				return true
			}
		}
		state[p] = 2
		return false
	}
	return slices.ContainsFunc(roots, visit)
}

// check parses and type-checks one root the way go/packages does: the same parser
// mode, the same types.Config, errors of the same kinds and positions, IllTyped when
// it or one of its imports has errors.
func (ld *rootLoader) check(pkg *packages.Package) {
	addErr := func(err error) {
		switch err := err.(type) {
		case *os.PathError:
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: err.Path + ":1", Msg: err.Err.Error(), Kind: packages.ParseError})
		case scanner.ErrorList:
			for _, e := range err {
				pkg.Errors = append(pkg.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		case types.Error:
			pkg.TypeErrors = append(pkg.TypeErrors, err)
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: err.Fset.Position(err.Pos).String(), Msg: err.Msg, Kind: packages.TypeError})
		default:
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}
	// go/packages adds this when the go command is newer than the go/types linked in.
	var runtimeMinor, goMinor int
	if _, err := fmt.Sscanf(runtime.Version(), "go1.%d", &runtimeMinor); err == nil {
		if _, err := fmt.Sscanf(ld.local, "go1.%d", &goMinor); err == nil && runtimeMinor < goMinor {
			defer func() {
				if len(pkg.Errors) > 0 {
					addErr(packages.Error{Pos: "-", Msg: fmt.Sprintf("This application uses version go1.%d of the source-processing packages but runs version go1.%d of 'go list'. It may fail to process source files that rely on newer language features. If so, rebuild the application using a newer version of Go.", runtimeMinor, goMinor), Kind: packages.UnknownError})
				}
			}()
		}
	}
	files := make([]*ast.File, 0, len(pkg.CompiledGoFiles))
	for _, name := range pkg.CompiledGoFiles {
		if !ld.inside(name) {
			addErr(&os.PathError{Op: "read", Path: name, Err: errLinkOut})
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			addErr(err)
			continue
		}
		f, err := parser.ParseFile(ld.fset, name, src, parser.AllErrors|parser.ParseComments)
		if f != nil {
			files = append(files, f)
		}
		if err != nil {
			addErr(err)
		}
	}
	pkg.Syntax = files
	pkg.TypesInfo = &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	importer := importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		imp := pkg.Imports[path]
		if imp == nil {
			return nil, fmt.Errorf("no metadata for %s", path)
		}
		if ld.isRoot[imp] {
			return imp.Types, nil
		}
		ld.mu.Lock()
		complete := imp.Types.Complete()
		ld.mu.Unlock()
		if !complete {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return imp.Types, nil
	})
	tc := &types.Config{Importer: importer, Error: addErr, Sizes: pkg.TypesSizes}
	if pkg.Module != nil && pkg.Module.GoVersion != "" {
		tc.GoVersion = "go" + pkg.Module.GoVersion
	}
	typErr := types.NewChecker(tc, ld.fset, pkg.Types, pkg.TypesInfo).Files(pkg.Syntax)
	if typErr != nil && len(pkg.Errors) == 0 {
		addErr(typErr)
	}
	pkg.IllTyped = len(pkg.Errors) > 0
	for _, imp := range pkg.Imports {
		if imp.IllTyped {
			pkg.IllTyped = true
		}
	}
}

// errLinkOut is the load error of a Go file that is a link out of the repository.
var errLinkOut = errors.New("a link to a file outside the repository: not read (make it a file of the repository)")

// insideOf returns whether a file lies inside root once links are resolved: a Go file
// of a package may be a link, and what it names outside the repository is not the
// pull request's to show (a parse or type error quotes the file's words). A file that
// does not resolve counts as inside: reading it fails on its own.
func insideOf(root string) func(string) bool {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = root
	}
	return func(name string) bool {
		target, err := filepath.EvalSymlinks(name)
		if err != nil {
			return true
		}
		return repofs.Within(real, target)
	}
}

// parseInside is go/packages' ParseFile (the same parser mode) but for a file that is
// a link out of the repository, which it reports as the root loader does (insideOf).
func parseInside(root string) func(*token.FileSet, string, []byte) (*ast.File, error) {
	inside := insideOf(root)
	return func(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
		if !inside(name) {
			return nil, &os.PathError{Op: "read", Path: name, Err: errLinkOut}
		}
		return parser.ParseFile(fset, name, src, parser.AllErrors|parser.ParseComments)
	}
}

// importerFunc is a types.Importer.
type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
