// Package extract builds the dependency inventory of a workspace with osv-scalibr's
// filesystem extractors, run as a library over the files the workspace walk kept (never
// outside the root). It is kept apart from package inventory because scalibr is heavy.
package extract

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/osv-scalibr/extractor"
	"github.com/google/osv-scalibr/extractor/filesystem"
	"github.com/google/osv-scalibr/extractor/filesystem/language/dotnet/packageslockjson"
	"github.com/google/osv-scalibr/extractor/filesystem/language/golang/gomod"
	"github.com/google/osv-scalibr/extractor/filesystem/language/java/gradlelockfile"
	"github.com/google/osv-scalibr/extractor/filesystem/language/java/pomxml"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/packagelockjson"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/pnpmlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/yarnlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/php/composerlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/pipfilelock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/poetrylock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/requirements"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/uvlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/ruby/gemfilelock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/rust/cargolock"
	packageurl "github.com/package-url/packageurl-go"
	"golang.org/x/mod/modfile"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// Found is one package as an extractor reported it, with the inventory entry built from
// it. Extracted is scalibr's own record, which the OSV matching libraries take.
type Found struct {
	Package   inventory.Package
	Extracted *extractor.Package
	// Manifest is the lockfile or manifest the package was read from (slash path).
	Manifest string
	Line     int
}

// Result is an extraction: the deterministic inventory, every found package (one per
// manifest it appears in), and notes on files that could not be read.
type Result struct {
	Inventory *inventory.Inventory
	Found     []Found
	Notes     []finding.Note
}

// Options tune extraction.
type Options struct {
	// GoVersion is the local Go toolchain version ("1.26.8") used for the standard library
	// when a go.mod has no toolchain directive; "" asks the go command (see LocalGoVersion).
	GoVersion string
	// Toolchain is the scan's memo of `go env` (nil: ask the go command).
	Toolchain *goenv.Toolchain
}

type newFunc func() (filesystem.Extractor, error)

// Extractors returns the lockfile and manifest extractors used, in a fixed order.
func Extractors() ([]filesystem.Extractor, error) {
	ctors := []newFunc{
		func() (filesystem.Extractor, error) { return gomod.New(nil) },
		func() (filesystem.Extractor, error) { return packagelockjson.New(nil) },
		func() (filesystem.Extractor, error) { return yarnlock.New(nil) },
		func() (filesystem.Extractor, error) { return pnpmlock.New(nil) },
		func() (filesystem.Extractor, error) { return requirements.New(nil) },
		func() (filesystem.Extractor, error) { return poetrylock.New(nil) },
		func() (filesystem.Extractor, error) { return pipfilelock.New(nil) },
		func() (filesystem.Extractor, error) { return uvlock.New(nil) },
		func() (filesystem.Extractor, error) { return cargolock.New(nil) },
		func() (filesystem.Extractor, error) { return pomxml.New(nil) },
		func() (filesystem.Extractor, error) { return gradlelockfile.New(nil) },
		func() (filesystem.Extractor, error) { return gemfilelock.New(nil) },
		func() (filesystem.Extractor, error) { return composerlock.New(nil) },
		func() (filesystem.Extractor, error) { return packageslockjson.New(nil) },
	}
	out := make([]filesystem.Extractor, 0, len(ctors))
	for _, c := range ctors {
		e, err := c()
		if err != nil {
			return nil, fmt.Errorf("could not create an osv-scalibr extractor: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// LocalGoVersion asks the go command on PATH for its version ("1.26.8") through tc
// (goenv.Toolchain: with GOTOOLCHAIN=local so that nothing is downloaded, in a neutral
// directory so that no repository go.mod is read). It falls back to the version this
// binary was built with.
func LocalGoVersion(ctx context.Context, tc *goenv.Toolchain) string {
	f, err := tc.Facts(ctx, goenv.Safe(nil, ""))
	v := f.GOVERSION
	if err != nil || !strings.HasPrefix(v, "go") {
		v = runtime.Version()
	}
	v, _, _ = strings.Cut(strings.TrimPrefix(v, "go"), " ")
	v, _, _ = strings.Cut(v, "-")
	return v
}

// Run extracts every package from the workspace's lockfiles and manifests. A file an
// extractor cannot parse is a note naming the file, not a failure of the whole run.
func Run(ctx context.Context, ws *workspace.Workspace, opts Options) (*Result, error) {
	exs, err := Extractors()
	if err != nil {
		return nil, err
	}
	fsys := newWorkspaceFS(ws)
	res := &Result{}
	for _, f := range ws.Files() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if what, ok := unsupported()[path.Base(f.Path)]; ok {
			res.Notes = append(res.Notes, finding.Note{Check: "deps", Kind: "unsupported", Path: f.Path,
				Message: fmt.Sprintf("%s is recognised but not analysed: its dependencies are not in the SBOM and are not checked for vulnerabilities (%s)", what, unsupportedAdvice)})
			continue
		}
		api := fileAPI{path: f.Path, info: fileInfo{name: path.Base(f.Path), size: f.Size}}
		for _, ex := range exs {
			if !ex.FileRequired(api) {
				continue
			}
			data, err := ws.ReadFile(f.Path)
			if err != nil {
				res.Notes = append(res.Notes, finding.Note{Check: "deps", Kind: "parse", Path: f.Path, Message: fmt.Sprintf("could not read: %v", err)})
				continue
			}
			inv, err := ex.Extract(ctx, &filesystem.ScanInput{
				FS: fsys, Path: f.Path, Root: ws.Root(), Info: api.info, Reader: bytes.NewReader(data),
			})
			if err != nil {
				res.Notes = append(res.Notes, finding.Note{Check: "deps", Kind: "parse", Path: f.Path,
					Message: fmt.Sprintf("%s could not parse this file: %v; fix its syntax (or exclude it under paths.exclude) so its dependencies are checked", ex.Name(), err)})
				continue
			}
			var goInfo *goModInfo
			if ex.Name() == gomod.Name {
				goInfo = parseGoMod(f.Path, data)
			}
			var npmDirect map[string]bool
			var hashes map[string]map[string]string
			var edges map[string][]string // see edges.go
			switch ex.Name() {
			case packagelockjson.Name:
				npmDirect = npmRootDeps(data)
				hashes = npmHashes(data)
				edges = npmEdges(data)
			case cargolock.Name:
				hashes = cargoHashes(data)
				edges = cargoEdges(data)
			case poetrylock.Name, uvlock.Name:
				edges = pythonEdges(data)
			}
			for _, p := range inv.Packages {
				fd, ok := convert(p, f.Path, data, goInfo, &opts, ctx)
				if ok && ex.Name() == gomod.Name {
					goSumLocation(ws, &fd, data)
				}
				if ok && npmDirect != nil && fd.Package.Ecosystem == "npm" {
					d := npmDirect[fd.Package.Name]
					fd.Package.Direct = &d
				}
				if h := hashes[p.Name+"@"+p.Version]; ok && h != nil {
					fd.Package.Hashes = h
				}
				if d := edges[p.Name+"@"+p.Version]; ok && d != nil {
					fd.Package.DependsOn = d
				}
				if ok {
					res.Found = append(res.Found, fd)
				}
			}
		}
	}
	slices.SortFunc(res.Found, compareFound)
	res.Found = slices.CompactFunc(res.Found, func(a, b Found) bool { return compareFound(a, b) == 0 })
	res.Inventory = Build(res.Found)
	return res, nil
}

func compareFound(a, b Found) int {
	return cmp.Or(
		cmp.Compare(a.Package.Ecosystem, b.Package.Ecosystem),
		cmp.Compare(a.Package.Name, b.Package.Name),
		cmp.Compare(a.Package.Version, b.Package.Version),
		cmp.Compare(a.Manifest, b.Manifest),
		cmp.Compare(a.Line, b.Line),
	)
}

// Build merges per-manifest packages into the inventory: one package per ecosystem,
// name and version, with every location. Found must be sorted as Run sorts it.
func Build(found []Found) *inventory.Inventory {
	inv := &inventory.Inventory{Packages: []inventory.Package{}}
	for _, f := range found {
		n := len(inv.Packages)
		if n > 0 {
			last := &inv.Packages[n-1]
			if last.Ecosystem == f.Package.Ecosystem && last.Name == f.Package.Name && last.Version == f.Package.Version {
				last.Locations = append(last.Locations, f.Package.Locations...)
				if last.Direct == nil || (f.Package.Direct != nil && *f.Package.Direct) {
					if f.Package.Direct != nil {
						last.Direct = f.Package.Direct
					}
				}
				last.Licenses = mergeSorted(last.Licenses, f.Package.Licenses)
				last.DependsOn = mergeSorted(last.DependsOn, f.Package.DependsOn)
				continue
			}
		}
		p := f.Package
		p.Locations = slices.Clone(p.Locations)
		p.DependsOn = slices.Clone(p.DependsOn)
		inv.Packages = append(inv.Packages, p)
	}
	return inv
}

func mergeSorted(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

type goModInfo struct {
	direct       map[string]bool // module path → direct (not // indirect)
	hasToolchain bool
}

func parseGoMod(rel string, data []byte) *goModInfo {
	mf, err := modfile.Parse(rel, data, nil)
	if err != nil {
		return nil
	}
	gi := &goModInfo{direct: map[string]bool{}, hasToolchain: mf.Toolchain != nil && mf.Toolchain.Name != ""}
	for _, r := range mf.Require {
		gi.direct[r.Mod.Path] = !r.Indirect
	}
	return gi
}

// npmRootDeps returns the names the root package of a package-lock.json (v2/v3)
// depends on directly, or nil when the lockfile does not say (v1).
func npmRootDeps(data []byte) map[string]bool {
	var lock struct {
		Packages map[string]struct {
			Dependencies         map[string]string `json:"dependencies"`
			DevDependencies      map[string]string `json:"devDependencies"`
			OptionalDependencies map[string]string `json:"optionalDependencies"`
			PeerDependencies     map[string]string `json:"peerDependencies"`
		} `json:"packages"`
	}
	if json.Unmarshal(data, &lock) != nil {
		return nil
	}
	root, ok := lock.Packages[""]
	if !ok {
		return nil
	}
	out := map[string]bool{}
	for _, m := range []map[string]string{root.Dependencies, root.DevDependencies, root.OptionalDependencies, root.PeerDependencies} {
		for n := range m {
			out[n] = true
		}
	}
	return out
}

// npmHashes reads the integrity values of a package-lock.json (v1 "dependencies",
// v2/v3 "packages") as hex digests keyed by "name@version".
func npmHashes(data []byte) map[string]map[string]string {
	type entry struct {
		Version      string           `json:"version"`
		Integrity    string           `json:"integrity"`
		Dependencies map[string]entry `json:"dependencies"`
	}
	var lock struct {
		Packages     map[string]entry `json:"packages"`
		Dependencies map[string]entry `json:"dependencies"`
	}
	if json.Unmarshal(data, &lock) != nil {
		return nil
	}
	out := map[string]map[string]string{}
	addSRI := func(name string, e entry) {
		fields := strings.Fields(e.Integrity)
		if len(fields) == 0 {
			return
		}
		alg, b64, ok := strings.Cut(fields[0], "-")
		if !ok {
			return
		}
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return
		}
		names := map[string]string{"sha1": "SHA-1", "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512"}
		if n, ok := names[alg]; ok {
			out[name+"@"+e.Version] = map[string]string{n: hex.EncodeToString(raw)}
		}
	}
	for k, e := range lock.Packages {
		if i := strings.LastIndex(k, "node_modules/"); i >= 0 && e.Integrity != "" {
			addSRI(k[i+len("node_modules/"):], e)
		}
	}
	var walk func(map[string]entry)
	walk = func(deps map[string]entry) {
		for n, e := range deps {
			if e.Integrity != "" {
				addSRI(n, e)
			}
			walk(e.Dependencies)
		}
	}
	walk(lock.Dependencies)
	return out
}

var cargoChecksum = regexp.MustCompile(`(?m)^name = "([^"]+)"\s*\nversion = "([^"]+)"\s*\n(?:source = "[^"]*"\s*\n)?checksum = "([0-9a-f]{64})"`)

// cargoHashes reads the SHA-256 checksums of a Cargo.lock keyed by "name@version".
func cargoHashes(data []byte) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, m := range cargoChecksum.FindAllSubmatch(data, -1) {
		out[string(m[1])+"@"+string(m[2])] = map[string]string{"SHA-256": string(m[3])}
	}
	return out
}

var pyNorm = regexp.MustCompile(`[-_.]+`)

func convert(p *extractor.Package, manifest string, data []byte, gi *goModInfo, opts *Options, ctx context.Context) (Found, bool) {
	if p == nil || p.Name == "" {
		return Found{}, false
	}
	eco := p.Ecosystem().String()
	if eco == "" {
		return Found{}, false
	}
	if i := strings.IndexByte(eco, ':'); i > 0 {
		eco = eco[:i] // "Maven:…" style suffixes are not ecosystems of their own
	}
	name := p.Name
	if eco == "PyPI" {
		name = strings.ToLower(pyNorm.ReplaceAllString(name, "-"))
	}
	line := 0
	if p.Location.Descriptor != nil && p.Location.Descriptor.File != nil {
		line = p.Location.Descriptor.File.LineNumber
	}
	var direct *bool
	if eco == "Go" && gi != nil {
		if name == "stdlib" {
			t := true
			direct = &t
			if !gi.hasToolchain {
				// The go directive is a minimum, not the build version: judge the standard
				// library at the local toolchain, as govulncheck does.
				v := opts.GoVersion
				if v == "" {
					v = LocalGoVersion(ctx, opts.Toolchain)
					opts.GoVersion = v
				}
				p.Version = v
			}
		} else if d, ok := gi.direct[name]; ok {
			direct = &d
		}
	}
	if eco == "PyPI" && strings.Contains(path.Base(manifest), "requirements") {
		t := true
		direct = &t
	}
	if eco == "npm" {
		// osv-scalibr merges the copies of one name@version in a package-lock.json
		// from a map, so its line is whichever copy the map gave first: take the
		// first copy's, the same every run.
		switch path.Base(manifest) {
		case "package-lock.json", "npm-shrinkwrap.json", ".package-lock.json":
			if l := npmFirstEntry(data, p.Name, p.Version); l > 0 {
				line = l
			}
		}
	}
	if line == 0 {
		line = findLine(data, eco, p.Name, p.Version)
	}
	purl := ""
	if u := p.PURL(); u != nil {
		// scalibr marks registry packages with a "source" qualifier of its own; the
		// package URL spec and SBOM consumers know the package without it.
		u.Qualifiers = slices.DeleteFunc(slices.Clone(u.Qualifiers), func(q packageurl.Qualifier) bool { return q.Key == "source" })
		purl = u.String()
	}
	if purl == "" && eco == "Go" && name == "stdlib" {
		purl = "pkg:golang/stdlib@" + p.Version // the name OSV and govulncheck use
	}
	var lic []string
	for _, l := range p.Licenses {
		if l = strings.TrimSpace(l); l != "" {
			lic = append(lic, l)
		}
	}
	slices.Sort(lic)
	lic = slices.Compact(lic)
	pkg := inventory.Package{
		Ecosystem: eco, Name: name, Version: p.Version, PURL: purl,
		Locations: []inventory.Location{{Path: manifest, Line: line}},
		Direct:    direct, Licenses: lic,
	}
	return Found{Package: pkg, Extracted: p, Manifest: manifest, Line: line}, true
}

// npmFirstEntry is the line of the first entry of an npm lockfile that installs
// name at version: a key "…node_modules/NAME" (lockfile v2, v3) or "NAME" (v1's nested
// dependencies) opening an object whose own "version" is version. 0 when none does.
func npmFirstEntry(data []byte, name, version string) int {
	if name == "" || version == "" {
		return 0
	}
	lines := bytes.Split(data, []byte("\n"))
	wantVersion := []byte(`"version": ` + strconv.Quote(version))
	for i, l := range lines {
		t := bytes.TrimSpace(l)
		key, rest, ok := bytes.Cut(t, []byte(`":`))
		if !ok || !bytes.HasPrefix(key, []byte(`"`)) || !bytes.Equal(bytes.TrimSpace(rest), []byte("{")) {
			continue
		}
		key = key[1:]
		if !bytes.Equal(key, []byte(name)) && !bytes.HasSuffix(key, []byte("node_modules/"+name)) {
			continue
		}
		// The entry's own fields are at depth 1; nested objects go deeper.
		depth := 1
		for _, m := range lines[i+1:] {
			mt := bytes.TrimSpace(m)
			if depth == 1 && bytes.Equal(bytes.TrimSuffix(mt, []byte(",")), wantVersion) {
				return i + 1
			}
			depth += braces(mt)
			if depth <= 0 {
				break
			}
		}
	}
	return 0
}

// braces is how much deeper a line of JSON leaves the nesting: its { and [ less its
// } and ], outside strings.
func braces(l []byte) int {
	d, in, esc := 0, false, false
	for _, c := range l {
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case in:
		case c == '{' || c == '[':
			d++
		case c == '}' || c == ']':
			d--
		}
	}
	return d
}

// findLine locates a package's entry in a lockfile whose extractor reports no line:
// the first line naming the package (as a key, a path or a requirement) and, where a
// later line within the entry carries the version, still the naming line.
func findLine(data []byte, eco, name, version string) int {
	if len(data) == 0 || name == "" {
		return 0
	}
	candidates := []string{
		`"node_modules/` + name + `"`, // package-lock v2/v3
		`"` + name + `@`,              // yarn v1 "name@range"
		name + `@` + version,          // yarn/pnpm "name@version"
		`/` + name + `@` + version,    // pnpm v6+ keys
		`"` + name + `": {`,           // package-lock v1, Pipfile.lock
		`name = "` + name + `"`,       // poetry.lock, uv.lock, Cargo.lock
		`"name": "` + name + `"`,      // composer.lock
		name + `==` + version,         // requirements.txt
		`"` + name + `"`,
	}
	lines := bytes.Split(data, []byte("\n"))
	for _, c := range candidates {
		for i, l := range lines {
			if bytes.Contains(bytes.ToLower(l), bytes.ToLower([]byte(c))) {
				return i + 1
			}
		}
	}
	// requirements.txt and similar: a line that starts with the name.
	for i, l := range lines {
		t := bytes.ToLower(bytes.TrimSpace(l))
		if bytes.HasPrefix(t, bytes.ToLower([]byte(name))) {
			return i + 1
		}
	}
	return 0
}

// fileAPI is what an extractor's FileRequired looks at.
type fileAPI struct {
	path string
	info fileInfo
}

func (a fileAPI) Path() string               { return a.path }
func (a fileAPI) Stat() (fs.FileInfo, error) { return a.info, nil }

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (i fileInfo) Name() string { return i.name }
func (i fileInfo) Size() int64  { return i.size }
func (i fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.dir }
func (i fileInfo) Sys() any           { return nil }

// workspaceFS serves only the files the workspace kept, read through the workspace, so
// an extractor that opens a neighbour (go.sum, a shrinkwrap) never leaves the root.
type workspaceFS struct {
	ws    *workspace.Workspace
	files map[string]int64
	dirs  map[string][]fs.DirEntry
}

func newWorkspaceFS(ws *workspace.Workspace) *workspaceFS {
	w := &workspaceFS{ws: ws, files: map[string]int64{}, dirs: map[string][]fs.DirEntry{".": nil}}
	seenDir := map[string]bool{".": true}
	for _, f := range ws.Files() {
		w.files[f.Path] = f.Size
		dir := path.Dir(f.Path)
		w.dirs[dir] = append(w.dirs[dir], fs.FileInfoToDirEntry(fileInfo{name: path.Base(f.Path), size: f.Size}))
		for d := dir; d != "." && !seenDir[d]; d = path.Dir(d) {
			seenDir[d] = true
			parent := path.Dir(d)
			w.dirs[parent] = append(w.dirs[parent], fs.FileInfoToDirEntry(fileInfo{name: path.Base(d), dir: true}))
			if _, ok := w.dirs[d]; !ok {
				w.dirs[d] = nil
			}
		}
	}
	for d := range w.dirs {
		slices.SortFunc(w.dirs[d], func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	return w
}

func (w *workspaceFS) Open(name string) (fs.File, error) {
	name = path.Clean(strings.TrimPrefix(name, "/"))
	if _, ok := w.files[name]; ok {
		b, err := w.ws.ReadFile(name)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &memFile{Reader: bytes.NewReader(b), info: fileInfo{name: path.Base(name), size: int64(len(b))}}, nil
	}
	if _, ok := w.dirs[name]; ok {
		return &memFile{Reader: bytes.NewReader(nil), info: fileInfo{name: path.Base(name), dir: true}}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (w *workspaceFS) ReadDir(name string) ([]fs.DirEntry, error) {
	name = path.Clean(strings.TrimPrefix(name, "/"))
	if d, ok := w.dirs[name]; ok {
		return slices.Clone(d), nil
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

func (w *workspaceFS) Stat(name string) (fs.FileInfo, error) {
	name = path.Clean(strings.TrimPrefix(name, "/"))
	if s, ok := w.files[name]; ok {
		return fileInfo{name: path.Base(name), size: s}, nil
	}
	if _, ok := w.dirs[name]; ok {
		return fileInfo{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

type memFile struct {
	*bytes.Reader
	info fileInfo
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.info, nil }
func (m *memFile) Close() error               { return nil }

var _ io.ReadSeeker = (*memFile)(nil)

// goSumLocation points a Go module that the extractor read from go.sum (a pre-1.17
// go.mod lists only direct requirements) at its go.sum line: the extractor reports
// go.sum's line numbers on go.mod's path, which are lines that do not exist or say
// something else. A module go.mod names stays at its require line.
func goSumLocation(ws *workspace.Workspace, fd *Found, gomodData []byte) {
	name := fd.Package.Name
	if fd.Package.Ecosystem != "Go" || name == "stdlib" || name == "toolchain" {
		return
	}
	lines := strings.Split(string(gomodData), "\n")
	names := func(l string) bool {
		for _, w := range strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), "require")) {
			if w == name {
				return true
			}
		}
		return false
	}
	if fd.Line >= 1 && fd.Line <= len(lines) && names(lines[fd.Line-1]) {
		return
	}
	for i, l := range lines {
		if names(l) {
			fd.Line = i + 1
			fd.Package.Locations = []inventory.Location{{Path: fd.Manifest, Line: fd.Line}}
			return
		}
	}
	sum := path.Join(path.Dir(fd.Manifest), "go.sum")
	data, err := ws.ReadFile(sum)
	if err != nil {
		fd.Line = 0
		fd.Package.Locations = []inventory.Location{{Path: fd.Manifest}}
		return
	}
	prefix := name + " v" + strings.TrimPrefix(fd.Package.Version, "v")
	fd.Line = 0
	for i, l := range strings.Split(string(data), "\n") {
		if l == prefix || strings.HasPrefix(l, prefix+" ") || strings.HasPrefix(l, prefix+"/go.mod ") {
			fd.Line = i + 1
			break
		}
	}
	fd.Manifest = sum
	fd.Package.Locations = []inventory.Location{{Path: sum, Line: fd.Line}}
}

// unsupported names the lockfiles the gate recognises but has no extractor for: each is
// a coverage note, never silently skipped.
func unsupported() map[string]string {
	return map[string]string{
		"bun.lock":         "the Bun lockfile",
		"bun.lockb":        "the Bun binary lockfile",
		"deno.lock":        "the Deno lockfile",
		"pdm.lock":         "the PDM lockfile",
		"pubspec.lock":     "the Dart/Flutter lockfile",
		"mix.lock":         "the Elixir Mix lockfile",
		"Package.resolved": "the Swift Package Manager lockfile",
		"Podfile.lock":     "the CocoaPods lockfile",
	}
}

const unsupportedAdvice = "commit a lockfile the gate reads alongside it (package-lock.json, yarn.lock, pnpm-lock.yaml, uv.lock, poetry.lock…), or scan it with a tool that does and import its SARIF"
