package registry

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goenv"
)

// cachedDeps wraps the deps check from the outside with the analysis cache: the check
// itself is unchanged, and its whole result is kept. Only a scan against a local
// database (--offline-db or checks.deps.db) is cached: the online OSV API has no digest
// to key on, and its answer changes without any input changing.
//
// The key is made in two steps. The first holds every file of the tree but the Go
// source files (manifests, lockfiles, go.mod, go.sum, VEX documents, licence files),
// the database's digest, the policy's deps section, the files the hook judges, the go
// command's version and platform, and the tool. The deps check reads Go source files
// only for reachability, which it runs only for a Go vulnerability finding at a go.mod
// or go.sum (checks/deps, reach.go): a result without one is kept under the first key
// alone, so a change to Go code does not run the check again. A result with one is
// kept under the second key, which adds the Go code as the go command reads it
// (goCodeKey), or is not kept when that code is not pinned by the tree.
type cachedDeps struct{ inner checks.Check }

// maxBaseVEX caps a VEX document read at the base for the key; the deps check reads
// it under its own cap, and a larger one is an error there (and a miss here).
const maxBaseVEX = 16 << 20

// Name implements checks.Check.
func (c *cachedDeps) Name() string { return c.inner.Name() }

// depsEntry is what the first key holds: the result, or that the result read Go code.
type depsEntry struct {
	ReadsGo bool
	Result  *checks.Stored `json:",omitempty"`
}

// Run implements checks.Check.
func (c *cachedDeps) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	if env.Cache == nil || env.ExtractErr != nil || env.Policy == nil {
		return c.inner.Run(ctx, env)
	}
	first, second, ok := depsKeys(ctx, env)
	if !ok {
		return c.inner.Run(ctx, env)
	}
	var st depsEntry
	if env.Cache.Get("deps-check", first, &st) {
		if !st.ReadsGo && st.Result != nil {
			return st.Result.Thaw(), nil
		}
		if k, ok := second(); ok && st.ReadsGo {
			var r checks.Stored
			if env.Cache.Get("deps-check-go", k, &r) {
				return r.Thaw(), nil
			}
			if bk, ok := c.boundedKey(env, k); ok && env.Cache.Get("deps-check-bounded", bk, &r) {
				return r.Thaw(), nil
			}
		}
	}
	res, err := c.inner.Run(ctx, env)
	if err != nil || res == nil || ctx.Err() != nil {
		return res, err
	}
	frozen := checks.Freeze(res)
	if slices.ContainsFunc(res.Notes, func(n finding.Note) bool { return n.Kind == "reachability" }) {
		// Reachability kept to package level by the machine's memory budget
		// (checks/deps, budget.go): the answer depends on the budget as well as on the
		// inputs, so it is kept under a key that adds the budget; a run with another
		// budget (more memory) analyses again, and a full result never comes from it.
		if readsGoCode(env.Policy.Checks.Deps.Reachability, res) {
			if k, ok := second(); ok {
				if bk, ok := c.boundedKey(env, k); ok {
					env.Cache.Put("deps-check", first, depsEntry{ReadsGo: true})
					env.Cache.Put("deps-check-bounded", bk, frozen)
				}
			}
		}
		return res, nil
	}
	if readsGoCode(env.Policy.Checks.Deps.Reachability, res) {
		env.Cache.Put("deps-check", first, depsEntry{ReadsGo: true})
		if k, ok := second(); ok {
			env.Cache.Put("deps-check-go", k, frozen)
		}
	} else {
		env.Cache.Put("deps-check", first, depsEntry{Result: &frozen})
	}
	return res, nil
}

// budgeted is the deps check's memory budget for reachability (checks/deps, budget.go).
type budgeted interface {
	ReachBudget() (int64, string, error)
}

// boundedKey is the key of a result whose reachability the memory budget kept to
// package level: the Go code's key and the budget with where it came from (both are in
// the result's note). False when the check has no budget to ask.
func (c *cachedDeps) boundedKey(env *checks.Env, goKey cache.Key) (cache.Key, bool) {
	b, ok := c.inner.(budgeted)
	if !ok {
		return cache.Key{}, false
	}
	n, source, err := b.ReachBudget()
	if err != nil {
		return cache.Key{}, false
	}
	return env.Cache.Hasher("deps-check-bounded").Bytes("go", goKey[:]).
		String("budget", strconv.FormatInt(n, 10)).String("source", source).Sum(), true
}

// readsGoCode reports whether the deps check read Go source files to make res.
func readsGoCode(reachability bool, res *checks.Result) bool {
	return reachability && slices.ContainsFunc(res.Findings, func(f finding.Finding) bool {
		return f.Package != nil && f.Package.Ecosystem == "Go" && (path.Base(f.Path) == "go.mod" || path.Base(f.Path) == "go.sum")
	})
}

// depsKeys returns the first key and a function that makes the second (it reads every
// Go file, so only when a result needs it), or false when the scan cannot be cached.
func depsKeys(ctx context.Context, env *checks.Env) (cache.Key, func() (cache.Key, bool), bool) {
	ws := env.Workspace
	cfg := env.Policy.Checks.Deps
	dbDir := env.OfflineDB
	if dbDir == "" && cfg.DB != "" {
		dbDir = cfg.DB
		if !filepath.IsAbs(dbDir) {
			dbDir = filepath.Join(ws.Root(), filepath.FromSlash(dbDir))
		}
	}
	if dbDir == "" {
		return cache.Key{}, nil, false
	}
	db, err := dbDigest(dbDir)
	if err != nil {
		return cache.Key{}, nil, false
	}
	h := env.Cache.Hasher("deps-check").JSON("policy", cfg).Bytes("db", db).
		String("goenv", env.Toolchain.String(ctx, goenv.Safe(nil, "")))
	var changed []string
	for p := range env.Changed {
		changed = append(changed, p)
	}
	slices.Sort(changed)
	h.JSON("changed", changed).JSON("narrowed", env.Changed != nil)
	if env.Base != nil {
		// In a pull request the VEX documents count as the base has them (checks/deps,
		// vex.go): their base versions, or their absence there, are inputs too.
		for _, g := range cfg.VEX {
			for _, f := range ws.Match(g) {
				b, ok, err := env.Base.ReadFile(ctx, f.Path, maxBaseVEX)
				if err != nil {
					return cache.Key{}, nil, false
				}
				h.String("base-vex", f.Path).JSON("at-base", ok).Digest("base-content", b)
			}
		}
	}
	for _, f := range ws.Files() {
		if strings.HasSuffix(f.Path, ".go") {
			continue
		}
		b, err := ws.ReadFile(f.Path)
		if err != nil {
			return cache.Key{}, nil, false
		}
		h.String("file", f.Path).Digest("content", b)
	}
	for _, f := range ws.Oversized() {
		// Not read whole: their path, size and time stand in (a miss at worst).
		info, err := os.Lstat(ws.Abs(f.Path))
		if err != nil {
			return cache.Key{}, nil, false
		}
		h.String("oversized", fmt.Sprintf("%s %d %d", f.Path, info.Size(), info.ModTime().UnixNano()))
	}
	first := h.Sum()
	second := func() (cache.Key, bool) {
		return goCodeKey(ws.Root(), env.Cache.Hasher("deps-check-go").Bytes("first", first[:]))
	}
	return first, second, true
}

// goCodeKey adds to h the Go code reachability reads, as the go command reads it: from
// the disk under root, not from the workspace's kept files, since paths.exclude does not
// hide a package from the build (an excluded folder of the module's own code is still in
// the call graph). Every .go file and every go.mod, go.sum and go.work is held, whatever
// the folder. A tree whose Go code is not all pinned by its own files is not cached, as
// in the sast check: a vendor/modules.txt (reachability then reads vendor/, which a
// pull request edits freely and a policy commonly excludes), a go.mod that replaces a
// module with a folder, a link to a folder or one leading out of the tree.
func goCodeKey(root string, h *cache.Hasher) (cache.Key, bool) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return cache.Key{}, false
	}
	defer r.Close()
	err = fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if name == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := r.Stat(p) // through the root: a link leading out is an error
			if err != nil {
				return err
			}
			if st.IsDir() {
				return errNotPinned
			}
		}
		goFile := strings.HasSuffix(name, ".go")
		if !goFile && name != "go.mod" && name != "go.sum" && name != "go.work" && !(name == "modules.txt" && path.Base(path.Dir(p)) == "vendor") {
			return nil
		}
		if name == "modules.txt" {
			return errNotPinned
		}
		b, err := r.ReadFile(p)
		if err != nil {
			return err
		}
		if name == "go.mod" {
			mf, err := modfile.ParseLax(p, b, nil)
			if err != nil || slices.ContainsFunc(mf.Replace, func(r *modfile.Replace) bool { return r.New.Version == "" }) {
				return errNotPinned
			}
		}
		h.String("file", p).Digest("content", b)
		return nil
	})
	if err != nil {
		return cache.Key{}, false
	}
	return h.Sum(), true
}

// errNotPinned stops goCodeKey: the tree's Go code is not all pinned by its files.
var errNotPinned = errors.New("go code not pinned by the tree")

// dbDigest digests a local OSV database: every file's name and, for a zip, its
// central directory (each record's name, CRC-32 and size), which changes with any
// record; other files are digested whole.
func dbDigest(dir string) ([]byte, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	h := sha256.New()
	err = fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fmt.Fprintf(h, "file %q\n", p)
		f, err := r.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if strings.HasSuffix(p, ".zip") {
			info, err := f.Stat()
			if err != nil {
				return err
			}
			zr, err := zip.NewReader(f, info.Size())
			if err != nil {
				return err
			}
			for _, zf := range zr.File {
				fmt.Fprintf(h, "%q %08x %d\n", zf.Name, zf.CRC32, zf.UncompressedSize64)
			}
			return nil
		}
		sum := sha256.New()
		if _, err := io.Copy(sum, f); err != nil {
			return err
		}
		h.Write(sum.Sum(nil))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
