package sast

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/securego/gosec/v2/cwe"
	"github.com/securego/gosec/v2/issue"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"

	"github.com/shiftgate/shiftgate/internal/cache"
)

// pkgOut is gosec's result for one package of a module, as check produces it and as
// the cache keeps it.
type pkgOut struct {
	Path     string
	Issues   []*issue.Issue
	Facts    []facts
	Notes    []ModuleNote
	Cgo      []ModuleNote
	Broken   string
	Analysed bool
}

// cacheKind is the cache's name for gosec's result of one package.
const cacheKind = "sast-package"

// pkgSource is what the key of one package directory holds.
type pkgSource struct {
	files   []byte   // names and digests of the directory's files (the subtree's with //go:embed)
	imports []string // import paths of its non-test Go files
}

// packageKeys returns the cache key of every directory of the module that holds
// non-test Go files, under the rules `go list ./...` matches directories by (no
// testdata, vendor, _ or . folders, no nested module). A key holds the module's
// go.mod and go.sum, the toolchain, the rules, and the files of the package and of
// every package of the module it imports, directly or not: a change to any of them
// is a miss. Imports are read from every Go file whatever its build constraints, so a
// key holds more than the build uses, never less.
func (e *Engine) packageKeys(ctx context.Context, modDir, modPath string, goMod, goSum []byte, local string) (map[string]cache.Key, cache.Key, error) {
	srcs := map[string]*pkgSource{}
	// Links are read through the repository's root: one to a file inside it is that
	// file (the go command reads it as part of the package), one out of it is not read.
	top, err := os.OpenRoot(e.root(modDir))
	if err != nil {
		return nil, cache.Key{}, err
	}
	defer top.Close()
	err = filepath.WalkDir(modDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(modDir, p)
		rel = filepath.ToSlash(rel)
		if rel != "." {
			name := d.Name()
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			if st, err := os.Lstat(filepath.Join(p, "go.mod")); err == nil && !st.IsDir() {
				return filepath.SkipDir
			}
		} else {
			rel = ""
		}
		src, err := readPkgSource(top, e.root(modDir), p)
		if err != nil {
			return err
		}
		if src != nil {
			srcs[rel] = src
		}
		return nil
	})
	if err != nil {
		return nil, cache.Key{}, err
	}
	base := e.Cache.Hasher(cacheKind).
		Bytes("go.mod", goMod).Bytes("go.sum", goSum).
		String("go", local).String("goenv", e.Toolchain.String(ctx, e.env())).
		String("gosec-go", gosecPinnedGo).JSON("exclude", e.Exclude).Sum()
	keys := map[string]cache.Key{}
	for dir := range srcs {
		seen := map[string]bool{dir: true}
		queue := []string{dir}
		for len(queue) > 0 {
			d := queue[0]
			queue = queue[1:]
			for _, imp := range srcs[d].imports {
				if imp != modPath && !strings.HasPrefix(imp, modPath+"/") {
					continue
				}
				dep := strings.TrimPrefix(strings.TrimPrefix(imp, modPath), "/")
				if _, ok := srcs[dep]; ok && !seen[dep] {
					seen[dep] = true
					queue = append(queue, dep)
				}
			}
		}
		h := cache.NewHasher(cacheKind).Bytes("base", base[:]).String("dir", dir)
		closure := make([]string, 0, len(seen))
		for d := range seen {
			closure = append(closure, d)
		}
		slices.Sort(closure)
		for _, d := range closure {
			h.String("dep", d).Bytes("files", srcs[d].files)
		}
		keys[dir] = h.Sum()
	}
	return keys, base, nil
}

// exportKind is the cache's name for where the go command's build cache keeps the
// export data of one package the roots import (load.go).
const exportKind = "sast-export"

// exportCache finds the export data of the packages a load imports from an earlier
// load's answer instead of asking the go command again.
type exportCache struct {
	store   *cache.Store
	base    cache.Key            // packageKeys' base: go.mod, go.sum, the toolchain and platform
	modPath string               // the module's path
	keys    map[string]cache.Key // packageKeys, by directory
	// The go command's copies of go.mod and go.sum (-modfile) and what was written
	// to them: when it changed them (-mod=mod completed a requirement from the module
	// proxy), the versions it resolved are not in the keys, and the cache is not used.
	tmpMod, tmpSum   string
	wantMod, wantSum []byte
	// gocache is the go command's build cache as the loads' environment sets it
	// (buildCacheDir): a kept path is believed only inside it, in the cache's own
	// layout; "" believes none.
	gocache string
}

// buildCacheDir is the build cache folder the go command uses in the engine's
// environment, as `go env GOCACHE` says (through the scan's memo): "" when the cache is
// off, the folder is not absolute, or the go command cannot be asked.
func (e *Engine) buildCacheDir(ctx context.Context) string {
	f, err := e.Toolchain.Facts(ctx, e.env())
	if err != nil || !filepath.IsAbs(f.GOCACHE) {
		return ""
	}
	return filepath.Clean(f.GOCACHE)
}

// inBuildCache reports whether file is an output file of the build cache: gocache's
// "xx/<64 hex digits>-d", xx being the name's first two digits.
func (c *exportCache) inBuildCache(file string) bool {
	if c.gocache == "" || !filepath.IsAbs(file) {
		return false
	}
	rel, err := filepath.Rel(c.gocache, filepath.Clean(file))
	if err != nil {
		return false
	}
	sub, name, ok := strings.Cut(filepath.ToSlash(rel), "/")
	id, isOutput := strings.CutSuffix(name, "-d")
	if !ok || !isOutput || len(id) != 64 || strings.Trim(id, "0123456789abcdef") != "" || sub != id[:2] {
		return false
	}
	return true
}

// usable reports whether the go command left go.mod and go.sum as they were.
func (c *exportCache) usable() bool {
	if c == nil || c.store == nil || c.gocache == "" {
		return false
	}
	mod, err := os.ReadFile(c.tmpMod)
	if err != nil || !bytes.Equal(mod, c.wantMod) {
		return false
	}
	sum, err := os.ReadFile(c.tmpSum)
	if c.wantSum == nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	return err == nil && bytes.Equal(sum, c.wantSum)
}

// key is the key of one package's export data: a package of the module by its
// package key (its files and those of the module's packages it imports, go.mod,
// go.sum, the toolchain), any other by its path and module version with go.mod,
// go.sum and the toolchain.
func (c *exportCache) key(id string, mod *packages.Module) (cache.Key, bool) {
	h := c.store.Hasher(exportKind).Bytes("base", c.base[:]).String("gocache", c.gocache)
	if dir, ok := moduleDir(c.modPath, id); ok {
		k, ok := c.keys[dir]
		if !ok {
			return cache.Key{}, false
		}
		return h.Bytes("package", k[:]).Sum(), true
	}
	if mod != nil {
		h.String("module", mod.Path+"@"+mod.Version)
		if r := mod.Replace; r != nil {
			h.String("replace", r.Path+"@"+r.Version)
		}
	}
	return h.String("path", id).Sum(), true
}

// record keeps the export data paths of every package of a load (go/packages').
func (c *exportCache) record(pkgs []*packages.Package) {
	if !c.usable() {
		return
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if c.inBuildCache(p.ExportFile) {
			if k, ok := c.key(p.ID, p.Module); ok {
				c.store.Put(exportKind, k, p.ExportFile)
			}
		}
	})
}

// readPkgSource reads one directory: nil when it has no non-test Go file. A link in
// it counts as the file it names when that lies inside top (the repository, whose
// folder is topDir), else as the link's text.
func readPkgSource(top *os.Root, topDir, dir string) (*pkgSource, error) {
	// Through an os.Root on the folder: the repository's links cannot lead the key's
	// reads out of it, even when swapped in during the walk.
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ents, err := fs.ReadDir(r.FS(), ".")
	if err != nil {
		return nil, err
	}
	src := &pkgSource{}
	var list bytes.Buffer
	hasGo, embeds := false, false
	fset := token.NewFileSet()
	for _, ent := range ents {
		var b []byte
		switch {
		case ent.Type().IsRegular():
			if b, err = r.ReadFile(ent.Name()); err != nil {
				return nil, err
			}
		case ent.Type()&fs.ModeSymlink != 0:
			// A Go file linked from elsewhere changes the package when its target
			// changes: the key holds the target's bytes (the link's text when the
			// target is not a file inside the repository).
			rel, err := filepath.Rel(topDir, filepath.Join(dir, ent.Name()))
			var st fs.FileInfo
			if err == nil {
				st, err = top.Stat(rel)
			}
			if err == nil && !st.Mode().IsRegular() {
				err = errors.New("not a regular file") // a folder, a pipe: never read
			}
			if err == nil {
				b, err = top.ReadFile(rel)
			}
			if err != nil {
				target, _ := os.Readlink(filepath.Join(dir, ent.Name()))
				list.WriteString(strconv.Quote(ent.Name()) + " link " + strconv.Quote(target) + "\n")
				continue
			}
		default:
			continue
		}
		sum := sha256.Sum256(b)
		list.WriteString(strconv.Quote(ent.Name()) + " " + string(sum[:]) + "\n")
		if !strings.HasSuffix(ent.Name(), ".go") || strings.HasSuffix(ent.Name(), "_test.go") {
			continue
		}
		hasGo = true
		embeds = embeds || bytes.Contains(b, []byte("go:embed"))
		f, _ := parser.ParseFile(fset, ent.Name(), b, parser.ImportsOnly)
		if f == nil {
			continue
		}
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil && !slices.Contains(src.imports, p) {
				src.imports = append(src.imports, p)
			}
		}
	}
	if !hasGo {
		return nil, nil
	}
	if embeds {
		// Embedded files may lie in sub-folders: the whole subtree is part of the key.
		err := fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() || path.Dir(p) == "." {
				return err
			}
			b, err := r.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			list.WriteString(strconv.Quote(p) + " " + string(sum[:]) + "\n")
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	src.files = list.Bytes()
	return src, nil
}

// stored is a package's result as the cache keeps it: paths relative to the root, so
// that the same commit checked out elsewhere (every CI job) reads it.
type stored struct {
	Path     string
	Issues   []storedIssue
	Notes    []storedNote
	Cgo      []storedNote
	Broken   string
	Analysed bool
	// NotAPackage marks a directory `go list ./...` does not list (build constraints
	// exclude all its files for this platform, or they all need cgo).
	NotAPackage bool `json:",omitempty"`
}

type storedIssue struct {
	Severity, Confidence        int
	RuleID, What, File, Code    string
	Line, Col                   string
	NoSec                       bool
	Suppressions                []issue.SuppressionInfo
	Autofix                     string
	Fn, Context, Reason         string
	Nolint                      bool
	NolintWhy                   string
	Remote                      bool
	CweID, CweName, CweDescribe string `json:",omitempty"`
}

type storedNote struct {
	Kind, File, Message, Reason string
	Line                        int
}

func (e *Engine) freeze(modDir string, po pkgOut) stored {
	root := e.root(modDir)
	s := stored{Path: po.Path, Broken: po.Broken, Analysed: po.Analysed}
	for k, iss := range po.Issues {
		fx := po.Facts[k]
		si := storedIssue{Severity: int(iss.Severity), Confidence: int(iss.Confidence), RuleID: iss.RuleID, What: iss.What,
			File: relTo(root, iss.File), Code: iss.Code, Line: iss.Line, Col: iss.Col, NoSec: iss.NoSec,
			Suppressions: iss.Suppressions, Autofix: iss.Autofix,
			Fn: fx.fn, Context: fx.context, Reason: fx.reason, Nolint: fx.nolint, NolintWhy: fx.nolintWhy, Remote: fx.remote}
		if iss.Cwe != nil {
			si.CweID, si.CweName, si.CweDescribe = iss.Cwe.ID, iss.Cwe.Name, iss.Cwe.Description
		}
		s.Issues = append(s.Issues, si)
	}
	for _, n := range po.Notes {
		s.Notes = append(s.Notes, storedNote{Kind: n.Kind, File: relTo(root, n.File), Message: n.Message, Reason: n.reason, Line: n.Line})
	}
	for _, n := range po.Cgo {
		s.Cgo = append(s.Cgo, storedNote{Kind: n.Kind, File: relTo(root, n.File), Message: n.Message, Reason: n.reason, Line: n.Line})
	}
	return s
}

func (e *Engine) thaw(modDir string, s stored) pkgOut {
	root := e.root(modDir)
	po := pkgOut{Path: s.Path, Broken: s.Broken, Analysed: s.Analysed}
	for _, si := range s.Issues {
		iss := &issue.Issue{Severity: issue.Score(si.Severity), Confidence: issue.Score(si.Confidence), RuleID: si.RuleID,
			What: si.What, File: absFrom(root, si.File), Code: si.Code, Line: si.Line, Col: si.Col, NoSec: si.NoSec,
			Suppressions: si.Suppressions, Autofix: si.Autofix}
		if si.CweID != "" {
			iss.Cwe = &cwe.Weakness{ID: si.CweID, Name: si.CweName, Description: si.CweDescribe}
		}
		po.Issues = append(po.Issues, iss)
		po.Facts = append(po.Facts, facts{fn: si.Fn, context: si.Context, reason: si.Reason, nolint: si.Nolint, nolintWhy: si.NolintWhy, remote: si.Remote})
	}
	for _, n := range s.Notes {
		po.Notes = append(po.Notes, ModuleNote{Kind: n.Kind, File: absFrom(root, n.File), Message: n.Message, reason: n.Reason, Line: n.Line})
	}
	for _, n := range s.Cgo {
		po.Cgo = append(po.Cgo, ModuleNote{Kind: n.Kind, File: absFrom(root, n.File), Message: n.Message, reason: n.Reason, Line: n.Line})
	}
	return po
}

// relTo makes an absolute path inside root relative ("rel:a/b.go"); other paths stay.
func relTo(root, p string) string {
	if p == "" {
		return ""
	}
	if rel, err := filepath.Rel(root, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
		return "rel:" + filepath.ToSlash(rel)
	}
	return p
}

func absFrom(root, p string) string {
	if rel, ok := strings.CutPrefix(p, "rel:"); ok {
		return filepath.Join(root, filepath.FromSlash(path.Clean(rel)))
	}
	return p
}

// localReplace reports whether go.mod replaces a module with a folder: that code is
// not pinned by go.sum, so the module's packages are not cached.
func localReplace(mf *modfile.File) bool {
	return slices.ContainsFunc(mf.Replace, func(r *modfile.Replace) bool { return r.New.Version == "" })
}

// moduleDir maps a package path of the module to its folder ("" for the root).
func moduleDir(modPath, pkgPath string) (string, bool) {
	if pkgPath == modPath {
		return "", true
	}
	rest, ok := strings.CutPrefix(pkgPath, modPath+"/")
	return rest, ok
}

// notListed reports whether go list named a folder that `./...` would not list: it
// has no Go file the build uses and no syntax.
func notListed(p *packages.Package) bool {
	if len(p.GoFiles) > 0 || len(p.CompiledGoFiles) > 0 || len(p.Syntax) > 0 {
		return false
	}
	for _, e := range p.Errors {
		if !strings.Contains(e.Msg, "build constraints exclude all Go files") && !strings.Contains(e.Msg, "no Go files") {
			return false
		}
	}
	return true
}
