package registry

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/goenv"
)

// depsKey is the cache key of the deps check's whole result, or false when it cannot
// be cached: the online OSV API has no digest to key on, so only a scan against a
// local database (--offline-db or checks.deps.db) is cached. The key holds every file
// of the tree (manifests, lockfiles, go.mod, go.sum, the Go files reachability reads,
// VEX documents, licence files), the database's digest, the policy's deps section,
// the files the hook judges, the go command's version and platform, and the tool.
func depsKey(ctx context.Context, env *checks.Env) (cache.Key, bool) {
	if env.Cache == nil || env.ExtractErr != nil || env.Policy == nil {
		return cache.Key{}, false
	}
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
		return cache.Key{}, false
	}
	db, err := dbDigest(dbDir)
	if err != nil {
		return cache.Key{}, false
	}
	h := env.Cache.Hasher("deps-check").JSON("policy", cfg).Bytes("db", db).
		String("goenv", cache.GoEnv(ctx, goenv.Safe(nil, "")))
	var changed []string
	for p := range env.Changed {
		changed = append(changed, p)
	}
	slices.Sort(changed)
	h.JSON("changed", changed).JSON("narrowed", env.Changed != nil)
	for _, f := range ws.Files() {
		b, err := ws.ReadFile(f.Path)
		if err != nil {
			return cache.Key{}, false
		}
		h.String("file", f.Path).Digest("content", b)
	}
	for _, f := range ws.Oversized() {
		// Not read whole: their size and time stand in (a miss at worst).
		info, err := os.Lstat(ws.Abs(f.Path))
		if err != nil {
			return cache.Key{}, false
		}
		h.String("oversized", fmt.Sprintf("%s %d %d", f.Path, info.Size(), info.ModTime().UnixNano()))
	}
	return h.Sum(), true
}

// dbDigest digests a local OSV database: every file's name and, for a zip, its
// central directory (each record's name, CRC-32 and size), which changes with any
// record; other files are digested whole.
func dbDigest(dir string) ([]byte, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "file %q\n", filepath.ToSlash(rel))
		if strings.HasSuffix(p, ".zip") {
			zr, err := zip.OpenReader(p)
			if err != nil {
				return err
			}
			defer zr.Close()
			for _, f := range zr.File {
				fmt.Fprintf(h, "%q %08x %d\n", f.Name, f.CRC32, f.UncompressedSize64)
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h.Write(sum[:])
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
