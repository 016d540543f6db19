package orgpolicy

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// Folder is what ReadFolder read of an organisation policy folder.
type Folder struct {
	// Files maps slash paths to contents: policy.yaml and every rules/**/*.rego.
	Files map[string][]byte
	// RulesDir says whether the folder has a rules folder.
	RulesDir bool
	// Skipped lists what was left out: other files, other folders (with a trailing
	// slash), in path order. Names starting with ".." are not listed.
	Skipped []string
}

// maxFolderDepth bounds the folders ReadFolder descends into below rules/, so a link
// back to a parent folder cannot send it round forever.
const maxFolderDepth = 16

// ReadFolder reads an organisation policy folder the way both a runner's
// --org-policy DIR and `shiftgate policy bundle DIR` take it: policy.yaml, and every
// .rego file under rules/, each capped at MaxFileSize, together at MaxTotalSize and
// MaxFiles. Everything is read through an os.Root on dir: a symbolic link is followed
// only while it stays inside the folder (a Kubernetes ConfigMap or Secret volume is
// links into its "..data" folder), and one leading out of it is refused, even one
// swapped in during the read. Names starting with ".." — the volume's own
// timestamped copy and "..data" — are not read, so a mounted file counts once.
func ReadFolder(dir string) (*Folder, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f := &Folder{Files: map[string][]byte{}}
	total := 0
	read := func(p string) error {
		if len(f.Files) >= MaxFiles {
			return fmt.Errorf("more than %d files", MaxFiles)
		}
		b, err := readRootFile(r, p)
		if err != nil {
			return err
		}
		if total += len(b); total > MaxTotalSize {
			return fmt.Errorf("the files are larger than %d bytes together", MaxTotalSize)
		}
		f.Files[p] = b
		return nil
	}
	var walk func(p string, depth int) error
	walk = func(p string, depth int) error {
		if depth > maxFolderDepth {
			return fmt.Errorf("%s is more than %d folders deep (a link back to a parent folder?)", p, maxFolderDepth)
		}
		entries, err := fs.ReadDir(r.FS(), p)
		if err != nil {
			return explainRootErr(p, err)
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "..") {
				continue
			}
			q := path.Join(p, e.Name())
			st, err := r.Stat(q) // follows a link, inside the root only
			if err != nil {
				return explainRootErr(q, err)
			}
			switch {
			case p == "." && e.Name() == PolicyFile && st.Mode().IsRegular():
				err = read(q)
			case p == "." && e.Name() == RulesDir && st.IsDir():
				f.RulesDir = true
				err = walk(q, depth+1)
			case p != "." && st.IsDir():
				err = walk(q, depth+1)
			case p != "." && st.Mode().IsRegular() && strings.HasSuffix(q, ".rego"):
				if err = checkName(q); err == nil {
					err = read(q)
				}
			case st.IsDir():
				f.Skipped = append(f.Skipped, q+"/")
			default:
				f.Skipped = append(f.Skipped, q)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(".", 0); err != nil {
		return nil, err
	}
	slices.Sort(f.Skipped)
	return f, nil
}

// readRootFile reads p inside r, capped at MaxFileSize.
func readRootFile(r *os.Root, p string) ([]byte, error) {
	fh, err := r.Open(p)
	if err != nil {
		return nil, explainRootErr(p, err)
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("could not read %s: %w", p, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d bytes", p, MaxFileSize)
	}
	return b, nil
}

// explainRootErr says in words that a link led out of the folder (os.Root's error
// says only "path escapes from parent").
func explainRootErr(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes") {
		return fmt.Errorf("%s is a symbolic link leading out of the folder: an organisation policy folder holds its files, or links to files inside it; copy the file in", p)
	}
	return err
}
