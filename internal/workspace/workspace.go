// Package workspace lists a repository's files once and hands every check the same
// list. In a git work tree the list is git's own (tracked files, plus untracked files
// that are not ignored), so a .gitignore a pull request adds never hides a tracked
// file; elsewhere the tree is walked, honouring .gitignore files. Either way it
// applies the policy's path excludes, skips the out dir only where it really is (never
// through a link), never follows a symbolic link out of the root, skips files over a
// size limit with a note, and reads each file at most once.
package workspace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	gitignore "github.com/sabhiram/go-gitignore"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/repofs"
)

// DefaultMaxFileSize is the size above which a file is skipped unless the policy says otherwise.
const DefaultMaxFileSize = 5 << 20

// Options shape the walk.
type Options struct {
	// Exclude holds doublestar globs, relative to the root, of paths not to scan.
	Exclude []string
	// MaxFileSize is the largest file kept; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// SkipDirs are relative directories never entered (the out dir, for example).
	SkipDirs []string
}

// File is one regular file in the workspace.
type File struct {
	Path string // slash-separated, relative to the root
	Size int64
}

// Workspace is the result of one walk of a repository.
type Workspace struct {
	root    string // absolute, symlinks resolved
	maxSize int64  // the largest file ReadFile returns
	files   []File
	large   []File // over maxSize: only streamed (the secrets check)
	notes   []finding.Note

	mu     sync.Mutex
	cache  map[string][]byte
	cached int // bytes held in cache
}

// Open walks root once. It fails only when root itself cannot be read.
func Open(root string, opts Options) (*Workspace, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("could not resolve %q: %w", root, err)
	}
	abs, err = filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("could not read %q: %w", root, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("could not read %q: %w", root, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%q is not a directory: give the repository's root folder", root)
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	for _, g := range opts.Exclude {
		if !doublestar.ValidatePattern(g) {
			return nil, fmt.Errorf("invalid exclude pattern %q", g)
		}
	}
	w := &Workspace{root: abs, maxSize: opts.MaxFileSize, cache: map[string][]byte{}}
	opts.SkipDirs = w.realDirs(opts.SkipDirs)
	if listed, ok := gitFiles(abs); ok {
		w.fromList(listed, opts)
	} else {
		w.walk(opts)
	}
	slices.SortFunc(w.files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(w.large, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return w, nil
}

// Root is the absolute path of the repository root.
func (w *Workspace) Root() string { return w.root }

// Oversized returns the files the walk found over the size limit, sorted like Files:
// no check reads them whole; the secrets check streams them (Open).
func (w *Workspace) Oversized() []File { return w.large }

// Open opens a workspace file (one Files or Oversized listed) for streaming, through
// the root-confined opener: a link swapped in after the walk cannot leave the root.
func (w *Workspace) Open(rel string) (io.ReadCloser, error) {
	clean, err := w.Resolve(rel)
	if err != nil {
		return nil, err
	}
	root, err := repofs.Open(w.root)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(clean)
	if err != nil {
		return nil, fmt.Errorf("could not open %q: %w", rel, err)
	}
	return f, nil
}

// Files lists every file kept by the walk, sorted by path.
func (w *Workspace) Files() []File { return w.files }

// Notes lists what the walk skipped and why.
func (w *Workspace) Notes() []finding.Note { return w.notes }

type ignoreLevel struct {
	dir string // slash path relative to root, "" for the root
	ig  *gitignore.GitIgnore
}

func (w *Workspace) walk(opts Options) {
	var levels []ignoreLevel
	skipDirs := map[string]bool{".git": true}
	for _, d := range opts.SkipDirs {
		skipDirs[path.Clean(filepath.ToSlash(d))] = true
	}
	excluded := func(rel string, isDir bool) bool {
		for _, g := range opts.Exclude {
			if ok, _ := doublestar.Match(g, rel); ok {
				return true
			}
			// "vendor/**" should also exclude the vendor directory itself.
			if isDir {
				if ok, _ := doublestar.Match(g, rel+"/x"); ok && strings.HasSuffix(g, "/**") {
					return true
				}
			}
		}
		for _, l := range levels {
			sub := rel
			if l.dir != "" {
				if !strings.HasPrefix(rel, l.dir+"/") {
					continue
				}
				sub = strings.TrimPrefix(rel, l.dir+"/")
			}
			if isDir {
				sub += "/"
			}
			if l.ig.MatchesPath(sub) {
				return true
			}
		}
		return false
	}
	var visit func(dirAbs, dirRel string)
	visit = func(dirAbs, dirRel string) {
		if b, err := os.ReadFile(filepath.Join(dirAbs, ".gitignore")); err == nil {
			levels = append(levels, ignoreLevel{dir: dirRel, ig: gitignore.CompileIgnoreLines(strings.Split(string(b), "\n")...)})
			defer func() { levels = levels[:len(levels)-1] }()
		}
		entries, err := os.ReadDir(dirAbs)
		if err != nil {
			w.note("skipped", dirRel, fmt.Sprintf("could not read directory: %v", err))
			return
		}
		for _, e := range entries {
			rel := e.Name()
			if dirRel != "" {
				rel = dirRel + "/" + e.Name()
			}
			abs := filepath.Join(dirAbs, e.Name())
			mode := e.Type()
			if mode&fs.ModeSymlink != 0 {
				target, inside := w.resolveInside(abs)
				if !inside {
					if !excluded(rel, false) {
						w.note("skipped", rel, "symbolic link points outside the repository: not followed")
					}
					continue
				}
				st, err := os.Stat(target)
				if err != nil || st.IsDir() {
					// Links to directories inside the tree are skipped: the directory is walked
					// where it really is, and loops are impossible.
					continue
				}
				if !st.Mode().IsRegular() || excluded(rel, false) {
					continue
				}
				w.keep(rel, st.Size(), opts.MaxFileSize)
				continue
			}
			if e.IsDir() {
				if skipDirs[rel] || excluded(rel, true) {
					continue
				}
				visit(abs, rel)
				continue
			}
			if !mode.IsRegular() || excluded(rel, false) {
				continue
			}
			info, err := e.Info()
			if err != nil {
				w.note("skipped", rel, fmt.Sprintf("could not stat: %v", err))
				continue
			}
			w.keep(rel, info.Size(), opts.MaxFileSize)
		}
	}
	visit(w.root, "")
}

// realDirs keeps the skipped directories that really are directories at that path:
// one reached through a symbolic link (a committed `.shiftgate/out -> ../src`) is not
// skipped, so a link can never hide the folder it points to.
func (w *Workspace) realDirs(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		rel := path.Clean(filepath.ToSlash(d))
		if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) {
			continue
		}
		real := true
		cur := w.root
		for _, part := range strings.Split(rel, "/") {
			cur = filepath.Join(cur, part)
			st, err := os.Lstat(cur)
			if err != nil {
				break // not there yet: nothing to skip below it either
			}
			if st.Mode()&fs.ModeSymlink != 0 || !st.IsDir() {
				real = false
				break
			}
		}
		if real {
			out = append(out, rel)
		}
	}
	return out
}

// gitFiles lists the files git sees under root, relative to root: tracked files
// (whatever any .gitignore says) and untracked files that are not ignored. ok is false
// when root is not inside a git work tree or git cannot run. git runs with the
// read-only, program-free configuration of package changes.
func gitFiles(root string) ([]string, bool) {
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		// Only a repository's own root, or a folder inside one, is listed by git.
		if _, err := (changes.Git{Dir: root}).Run(context.Background(), "rev-parse", "--is-inside-work-tree"); err != nil {
			return nil, false
		}
		// A folder the enclosing repository ignores (a build output, a scratch copy)
		// is not git's to list: walk it.
		if _, err := (changes.Git{Dir: root}).Run(context.Background(), "check-ignore", "-q", "--no-index", "--", "."); err == nil {
			return nil, false
		}
	}
	out, err := (changes.Git{Dir: root}).Run(context.Background(), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate", "--", ".")
	if err != nil {
		return nil, false
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files, true
}

// fromList keeps the listed files (paths relative to the root) under the same rules
// as the walk: excludes, skipped directories, links that stay inside, the size limit.
func (w *Workspace) fromList(list []string, opts Options) {
	skipped := func(rel string) bool {
		if rel == ".git" || strings.HasPrefix(rel, ".git/") {
			return true
		}
		for _, d := range opts.SkipDirs {
			if rel == d || strings.HasPrefix(rel, d+"/") {
				return true
			}
		}
		for _, g := range opts.Exclude {
			if ok, _ := doublestar.Match(g, rel); ok {
				return true
			}
			if strings.HasSuffix(g, "/**") {
				if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/**"), path.Dir(rel)); ok {
					return true
				}
			}
		}
		return false
	}
	seen := map[string]bool{}
	for _, rel := range list {
		rel = path.Clean(rel)
		if seen[rel] || rel == "." || strings.HasPrefix(rel, "../") || skipped(rel) {
			continue
		}
		seen[rel] = true
		abs := filepath.Join(w.root, filepath.FromSlash(rel))
		st, err := os.Lstat(abs)
		if err != nil {
			continue // tracked but deleted in the work tree: nothing to scan
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			target, inside := w.resolveInside(abs)
			if !inside {
				w.note("skipped", rel, "symbolic link points outside the repository: not followed")
				continue
			}
			tst, err := os.Stat(target)
			if err != nil || !tst.Mode().IsRegular() {
				continue // a link to a directory: its files are listed where they are
			}
			w.keep(rel, tst.Size(), opts.MaxFileSize)
			continue
		}
		if st.IsDir() {
			w.note("skipped", rel, "git submodule: its files are not part of this repository's scan")
			continue
		}
		if !st.Mode().IsRegular() {
			continue
		}
		w.keep(rel, st.Size(), opts.MaxFileSize)
	}
}

func (w *Workspace) keep(rel string, size, max int64) {
	if size > max {
		w.note("skipped", rel, fmt.Sprintf("file is %d bytes, over the %d-byte limit (paths.max_file_size): not scanned, except for secrets (read in chunks)", size, max))
		w.large = append(w.large, File{Path: rel, Size: size})
		return
	}
	w.files = append(w.files, File{Path: rel, Size: size})
}

func (w *Workspace) note(kind, rel, msg string) {
	w.notes = append(w.notes, finding.Note{Kind: kind, Path: rel, Message: msg})
}

// resolveInside resolves every link in abs and reports whether the result is inside the root.
func (w *Workspace) resolveInside(abs string) (string, bool) {
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", false
	}
	return target, repofs.Within(w.root, target)
}

// ErrOutside is returned for a path that leaves the repository.
var ErrOutside = errors.New("path leaves the repository root")

// Resolve turns a path relative to the root (or absolute, inside the root) into a
// clean slash-separated relative path, after resolving symbolic links. A path that
// leaves the root, directly or through a link, is an error wrapping ErrOutside.
func (w *Workspace) Resolve(p string) (string, error) {
	native := filepath.FromSlash(p)
	if !filepath.IsAbs(native) {
		native = filepath.Join(w.root, native)
	}
	native = filepath.Clean(native)
	if !repofs.Within(w.root, native) {
		return "", fmt.Errorf("%q: %w", p, ErrOutside)
	}
	real, err := filepath.EvalSymlinks(native)
	if err != nil {
		return "", fmt.Errorf("could not resolve %q: %w", p, err)
	}
	if !repofs.Within(w.root, real) {
		return "", fmt.Errorf("%q: %w (through a symbolic link)", p, ErrOutside)
	}
	rel, err := filepath.Rel(w.root, native)
	if err != nil {
		return "", fmt.Errorf("could not resolve %q: %w", p, err)
	}
	return filepath.ToSlash(rel), nil
}

// Abs returns the absolute native path of a workspace-relative path.
func (w *Workspace) Abs(rel string) string { return filepath.Join(w.root, filepath.FromSlash(rel)) }

// maxCached bounds the bytes kept in the read cache; past it files are read but not kept.
const maxCached = 256 << 20

// ReadFile returns the contents of a workspace file, reading it from disk at most once
// while the cache has room. The path must be one the walk kept or one Resolve accepted.
func (w *Workspace) ReadFile(rel string) ([]byte, error) {
	w.mu.Lock()
	if b, ok := w.cache[rel]; ok {
		w.mu.Unlock()
		return b, nil
	}
	w.mu.Unlock()
	clean, err := w.Resolve(rel)
	if err != nil {
		return nil, err
	}
	// Read through os.Root (package repofs), capped at the size limit: a link swapped
	// in after the listing still cannot leave the root, and no file is read whole
	// past the limit (an imported 1 GB SARIF log, say).
	b, err := repofs.ReadFile(w.root, clean, w.maxSize)
	if err != nil {
		return nil, fmt.Errorf("could not read %q: %w", rel, err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.cache[rel]; !ok && w.cached+len(b) <= maxCached {
		w.cache[rel] = b
		w.cached += len(b)
	}
	return b, nil
}

// Line returns line n (1-based) of a workspace file without its newline, or "" when
// the file or line does not exist. Checks use it to fingerprint findings.
func (w *Workspace) Line(rel string, n int) string {
	if n <= 0 {
		return ""
	}
	b, err := w.ReadFile(rel)
	if err != nil {
		return ""
	}
	for i := 1; len(b) > 0; i++ {
		j := bytes.IndexByte(b, '\n')
		var line []byte
		if j < 0 {
			line, b = b, nil
		} else {
			line, b = b[:j], b[j+1:]
		}
		if i == n {
			return strings.TrimRight(string(line), "\r")
		}
	}
	return ""
}

// Match lists the kept files whose paths match any of the doublestar globs.
func (w *Workspace) Match(globs ...string) []File {
	var out []File
	for _, f := range w.files {
		for _, g := range globs {
			if ok, _ := doublestar.Match(g, f.Path); ok {
				out = append(out, f)
				break
			}
		}
	}
	return out
}
