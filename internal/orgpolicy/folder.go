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

	"github.com/shiftgate/shiftgate/internal/repofs"
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
	folders := 0
	// walk reads folder p; above holds the folders it is in, so that a link back to
	// one of them is named a loop rather than followed.
	var walk func(p string, depth int, above []walked) error
	walk = func(p string, depth int, above []walked) error {
		if depth > maxFolderDepth {
			return fmt.Errorf("%s is more than %d folders deep (a link back to a parent folder?)", p, maxFolderDepth)
		}
		if folders++; folders > MaxFiles {
			return fmt.Errorf("%s: more than %d folders to read (links that fan out?): an organisation policy folder holds its rules once", p, MaxFiles)
		}
		st, err := r.Stat(p)
		if err != nil {
			return explainRootErr(p, err)
		}
		for _, a := range above {
			if os.SameFile(a.info, st) {
				name := a.path
				if name == "." {
					name = "the organisation policy folder"
				}
				return fmt.Errorf("%s leads back to %s, a folder it is in (a link loop): remove the link", p, name)
			}
		}
		above = append(above[:len(above):len(above)], walked{p, st})
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
				err = walk(q, depth+1, above)
			case p != "." && st.IsDir():
				err = walk(q, depth+1, above)
			case p != "." && st.Mode().IsRegular() && strings.HasSuffix(q, ".rego"):
				if err = checkName(q); err == nil {
					if err = digestableName(q); err == nil {
						err = read(q)
					}
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
	if err := walk(".", 0, nil); err != nil {
		return nil, err
	}
	slices.Sort(f.Skipped)
	return f, nil
}

// digestableName refuses a rule's path that the documented digest pipeline
// (scan.OrgDirDigestCommand: find | sort | xargs sha256sum) cannot reproduce: xargs
// splits names at blanks and strips quotes, sha256sum escapes a newline or backslash,
// and the pipeline still exits 0 with another digest.
func digestableName(p string) error {
	if i := strings.IndexFunc(p, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == ' ' || r == '\'' || r == '"' || r == '\\'
	}); i >= 0 {
		return fmt.Errorf("%q: a rule's path with a blank, a quote, a backslash or a control character (%q) cannot be digested by the documented pipeline (find | sort | xargs sha256sum): rename it", p, p[i:i+1])
	}
	return nil
}

// walked is a folder ReadFolder is reading.
type walked struct {
	path string
	info fs.FileInfo
}

// readRootFile reads p inside r, capped at MaxFileSize. It opens without blocking
// (repofs.ReadNoWait) and reads only a regular file: a FIFO swapped in after the walk's
// stat would otherwise block the open for ever.
func readRootFile(r *os.Root, p string) ([]byte, error) {
	fh, err := r.OpenFile(p, repofs.ReadNoWait, 0)
	if err != nil {
		return nil, explainRootErr(p, err)
	}
	defer fh.Close()
	if st, err := fh.Stat(); err != nil {
		return nil, fmt.Errorf("could not read %s: %w", p, err)
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file: an organisation policy folder holds files and folders", p)
	}
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
