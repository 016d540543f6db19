package changes

import (
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Base is the base commit's side of a change: the files that judge it (the policy, the
// baseline, custom rules) as the base has them. Since reads them from git; without the
// base commit in the checkout (a shallow clone) the Action reads them through GitHub's
// contents API (package github).
type Base interface {
	// ReadFile returns the file rel (slash-separated, relative to the scan root) as the
	// base has it, and whether it exists there. A file over max bytes is an error.
	ReadFile(ctx context.Context, rel string, max int64) ([]byte, bool, error)
	// Files lists the regular files under the folder dir (relative to the scan root)
	// at the base, slash-separated and relative to the scan root, sorted; none when the
	// folder does not exist there. Symbolic links and submodules are not listed.
	Files(ctx context.Context, dir string) ([]string, error)
}

// ErrTooLarge marks a base file over the reader's cap.
var ErrTooLarge = errors.New("the file at the base is larger than allowed")

// GitBase reads the base from the repository's object store: blobs by path, never
// the work tree, so no link, filter or path of the change is followed.
type GitBase struct {
	Git    Git
	Commit string
}

// ReadFile implements Base.
func (b GitBase) ReadFile(ctx context.Context, rel string, max int64) ([]byte, bool, error) {
	spec, err := b.spec(rel)
	if err != nil {
		return nil, false, err
	}
	out, err := b.Git.Run(ctx, "cat-file", "-t", spec)
	if err != nil || strings.TrimSpace(string(out)) != "blob" {
		return nil, false, nil
	}
	switch mode, ok := b.mode(ctx, rel); {
	case !ok:
		return nil, false, fmt.Errorf("could not read the mode of %s at %s", rel, short(b.Commit))
	case mode != "100644" && mode != "100755":
		return nil, false, fmt.Errorf("%s is not a regular file at %s (a symbolic link?): not read", rel, short(b.Commit))
	}
	out, err = b.Git.Run(ctx, "cat-file", "-s", spec)
	if err != nil {
		return nil, false, fmt.Errorf("could not read %s at %s: %w", rel, short(b.Commit), err)
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err != nil || n > max {
		return nil, false, fmt.Errorf("%s at %s: %w (%d bytes)", rel, short(b.Commit), ErrTooLarge, max)
	}
	data, err := b.Git.Run(ctx, "cat-file", "blob", spec)
	if err != nil {
		return nil, false, fmt.Errorf("could not read %s at %s: %w", rel, short(b.Commit), err)
	}
	return data, true, nil
}

// mode is the tree mode of rel at the commit ("100644", "120000", …). --full-tree: the
// tree named is listed whole, not filtered by the scan root's place in the repository.
func (b GitBase) mode(ctx context.Context, rel string) (string, bool) {
	c, err := cleanRel(rel)
	if err != nil {
		return "", false
	}
	dir, name := path.Split(c)
	out, err := b.Git.Run(ctx, "ls-tree", "-z", "--full-tree", "--end-of-options", b.Commit+":./"+strings.TrimSuffix(dir, "/"), "--", name)
	if err != nil || len(out) == 0 {
		return "", false
	}
	mode, _, _ := strings.Cut(string(out), " ")
	return mode, true
}

// Files implements Base.
func (b GitBase) Files(ctx context.Context, dir string) ([]string, error) {
	c, err := cleanRel(dir)
	if err != nil {
		return nil, err
	}
	tree := b.Commit + ":./"
	if c != "." {
		tree += c
	}
	if out, err := b.Git.Run(ctx, "cat-file", "-t", tree); err != nil || strings.TrimSpace(string(out)) != "tree" {
		return nil, nil
	}
	out, err := b.Git.Run(ctx, "ls-tree", "-r", "-z", "--full-tree", "--end-of-options", tree)
	if err != nil {
		return nil, fmt.Errorf("could not list %s at %s: %w", dir, short(b.Commit), err)
	}
	var files []string
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, name, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		// Regular files only: a link (120000) or a submodule (160000) is not followed.
		if len(f) != 3 || f[1] != "blob" || (f[0] != "100644" && f[0] != "100755") {
			continue
		}
		if c != "." {
			name = c + "/" + name
		}
		files = append(files, name)
	}
	slices.Sort(files)
	return files, nil
}

func (b GitBase) spec(rel string) (string, error) {
	c, err := cleanRel(rel)
	if err != nil {
		return "", err
	}
	return b.Commit + ":./" + c, nil
}

// cleanRel checks a path relative to the scan root: no absolute path, no way out.
func cleanRel(rel string) (string, error) {
	c := path.Clean(strings.TrimPrefix(rel, "./"))
	if rel == "" || path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") || strings.ContainsAny(c, "\x00\n") {
		return "", fmt.Errorf("%q is not a path inside the repository", rel)
	}
	return c, nil
}

func short(c string) string { return c[:min(12, len(c))] }
