package outdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A Generation is one scan's out dir, written apart and then put in place whole: a
// reader (or a scan killed with -9 half way) never leaves or sees an out dir that
// mixes two runs' reports. Begin makes a fresh sibling directory, the scan writes every
// file into Dir, and Commit swaps it in.
type Generation struct {
	// Dir is where this generation's files are written.
	Dir   string
	final string
}

// genMark names the sibling directories of generations in progress: ".out.gen-…".
func genMark(final string) string { return "." + filepath.Base(final) + ".gen-" }

// Begin starts a generation of the out dir final. Directories a killed scan left
// beside it are removed first.
func Begin(final string) (*Generation, error) {
	final = filepath.Clean(final)
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("could not create the out dir %q: %w", final, err)
	}
	Sweep(final)
	dir, err := os.MkdirTemp(parent, genMark(final))
	if err != nil {
		return nil, fmt.Errorf("could not create the out dir %q: %w", final, err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("could not create the out dir %q: %w", final, err)
	}
	if err := ignoreItself(dir, final); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Generation{Dir: dir, final: final}, nil
}

// Ignore is the .gitignore an out dir holds so that git never sees the reports (as
// ruff's and pytest's caches do): a report committed by `git add -A` would make every
// later run of a pre-commit hook end with "files were modified by this hook".
const Ignore = "# Written by shiftgate: its reports are never committed.\n*\n"

// WantsIgnore reports whether the out dir final should hold shiftgate's .gitignore: it
// does not exist yet, or it already holds shiftgate.json and no .gitignore of the
// user's. A folder of the user's given as --out never gains one.
func WantsIgnore(final string) bool {
	if _, err := os.Lstat(final); err != nil {
		return errors.Is(err, os.ErrNotExist)
	}
	if _, err := os.Lstat(filepath.Join(final, JSON)); err != nil {
		return false
	}
	b, err := os.ReadFile(filepath.Join(final, ".gitignore"))
	return err != nil || strings.HasPrefix(string(b), "# Written by shiftgate")
}

// ignoreItself gives the generation its .gitignore when the out dir is shiftgate's.
func ignoreItself(dir, final string) error {
	if !WantsIgnore(final) {
		return nil
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(Ignore), 0o644); err != nil {
		return fmt.Errorf("could not write the out dir's .gitignore: %w", err)
	}
	return nil
}

// Sweep removes the generations a killed scan left beside the out dir final: only
// directories with the generation's name that hold nothing but files a scan writes.
// It runs after the tree was listed, so even a directory a change commits under that
// name was scanned first.
func Sweep(final string) {
	final = filepath.Clean(final)
	parent := filepath.Dir(final)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		dir := filepath.Join(parent, e.Name())
		if strings.HasPrefix(e.Name(), genMark(final)) && e.IsDir() && ownedOnly(dir) {
			os.RemoveAll(dir)
		}
	}
}

// Commit puts the generation in place of the out dir. When the out dir holds only
// files a scan writes, the two directories are exchanged atomically (renameat2
// RENAME_EXCHANGE; two renames where that is not available) and the old one removed.
// An out dir that also holds other files (--out pointed at a folder of the user's) is
// never removed: the generation's files are moved into it one by one, each atomically,
// and the scan outputs it no longer writes are removed.
func (g *Generation) Commit() error {
	defer os.RemoveAll(g.Dir)
	st, err := os.Lstat(g.final)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.Rename(g.Dir, g.final); err != nil {
			return fmt.Errorf("could not put the out dir %q in place: %w", g.final, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("could not put the out dir %q in place: %w", g.final, err)
	case !st.IsDir():
		return fmt.Errorf("the out dir %q is not a directory", g.final)
	}
	if ownedOnly(g.final) {
		if err := exchange(g.Dir, g.final); err == nil {
			return nil // g.Dir now holds the previous generation: removed by the defer
		}
		old := g.Dir + ".old"
		if err := os.Rename(g.final, old); err == nil {
			defer os.RemoveAll(old)
			if err := os.Rename(g.Dir, g.final); err != nil {
				os.Rename(old, g.final)
				return fmt.Errorf("could not put the out dir %q in place: %w", g.final, err)
			}
			return nil
		}
	}
	entries, err := os.ReadDir(g.Dir)
	if err != nil {
		return fmt.Errorf("could not put the out dir %q in place: %w", g.final, err)
	}
	fresh := map[string]bool{}
	var errs []error
	for _, e := range entries {
		fresh[e.Name()] = true
		if err := os.Rename(filepath.Join(g.Dir, e.Name()), filepath.Join(g.final, e.Name())); err != nil {
			errs = append(errs, fmt.Errorf("could not write %q: %w", filepath.Join(g.final, e.Name()), err))
		}
	}
	if old, err := os.ReadDir(g.final); err == nil {
		for _, e := range old {
			if !fresh[e.Name()] && Owned(e.Name()) && e.Type().IsRegular() {
				os.Remove(filepath.Join(g.final, e.Name()))
			}
		}
	}
	return errors.Join(errs...)
}

// Owned reports whether name is a file a scan writes in the out dir.
func Owned(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, SigSuffix), BundleSuffix)
	for _, n := range append(append(Reports(), SBOMs()...), VEX, Provenance, Attestation, ProvenanceBundle) {
		if base == n || name == n {
			return true
		}
	}
	return false
}

// ownedOnly reports whether every entry of dir is a regular file a scan writes.
func ownedOnly(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			return false
		}
		if e.Name() == ".gitignore" {
			// The out dir's own (reports.MakeOutDir writes it): the user's stays.
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil || !strings.HasPrefix(string(b), "# Written by shiftgate") {
				return false
			}
			continue
		}
		if !Owned(e.Name()) {
			return false
		}
	}
	return true
}
