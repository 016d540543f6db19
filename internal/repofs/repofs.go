// Package repofs is the one way the gate opens a file of the scanned tree: through
// os.Root, so no path and no symbolic link leaves the repository, with a size cap on
// every read. Everything in the tree is the pull request's to choose (docs/security.md):
// a `.shiftgate.yaml` that links to /etc/passwd, a baseline that links to a runner
// credential or a key path that probes the runner's disk must all fail the same way,
// naming the path the repository gave and never quoting what lies outside.
package repofs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Within reports whether the path p is root or lies under it, by their names alone
// (resolve links first where they matter): what every check of "inside the repository"
// on a resolved path asks.
func Within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// ErrOutside marks a path that leaves the repository, directly or through a link.
var ErrOutside = errors.New("the path leaves the repository (a symbolic link or ..): not read")

// ErrTooLarge marks a file over the reader's size cap.
var ErrTooLarge = errors.New("the file is larger than allowed")

// FS is a repository opened for confined reads. Close releases it.
type FS struct {
	root *os.Root
}

// Open opens the repository at dir.
func Open(dir string) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("could not open the repository %q: %w", dir, err)
	}
	return &FS{root: r}, nil
}

// Close releases the repository.
func (f *FS) Close() error { return f.root.Close() }

// Clean checks a repository-relative slash path and returns it cleaned; an absolute
// path or one with a leading .. is ErrOutside.
func Clean(rel string) (string, error) {
	s := filepath.ToSlash(rel)
	if s == "" || path.IsAbs(s) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", fmt.Errorf("%s: %w", rel, ErrOutside)
	}
	c := path.Clean(s)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%s: %w", rel, ErrOutside)
	}
	return c, nil
}

// Open opens a regular file of the repository for streaming.
func (f *FS) Open(rel string) (*os.File, error) {
	c, err := Clean(rel)
	if err != nil {
		return nil, err
	}
	file, err := f.root.OpenFile(filepath.FromSlash(c), ReadNoWait, 0)
	if err != nil {
		return nil, classify(c, err)
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, classify(c, err)
	}
	if !st.Mode().IsRegular() {
		file.Close()
		return nil, fmt.Errorf("%s is not a regular file", c)
	}
	return file, nil
}

// ReadFile reads a whole file of at most max bytes.
func (f *FS) ReadFile(rel string, max int64) ([]byte, error) {
	file, err := f.Open(rel)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, max+1))
	if err != nil {
		return nil, fmt.Errorf("could not read %s: %w", rel, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: %w (%d bytes)", rel, ErrTooLarge, max)
	}
	return b, nil
}

// ReadFile opens dir, reads one file of it and closes it.
func ReadFile(dir, rel string, max int64) ([]byte, error) {
	f, err := Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadFile(rel, max)
}

// classify turns an os.Root error into one that names only the repository path: the
// underlying error of a link that leaves the root would say where it points.
func classify(rel string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", rel, fs.ErrNotExist)
	case strings.Contains(err.Error(), "escapes from parent"), strings.Contains(err.Error(), "too many levels of symbolic links"):
		return fmt.Errorf("%s: %w", rel, ErrOutside)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: %w", rel, fs.ErrPermission)
	}
	return fmt.Errorf("could not read %s", rel)
}
