package orgpolicy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/policy"
)

// The names inside a bundle (docs/org-policy-bundle.md).
const (
	ManifestFile = ".manifest"   // OPA's bundle manifest
	PolicyFile   = "policy.yaml" // the organisation's policy, in .shiftgate.yaml's format
	RulesDir     = "rules"       // custom Rego rule folders, rules/<folder>/*.rego
	// RegoRoot is the bundle's only manifest root: custom rules are packages
	// shiftgate.rules.<platform>.<NAME>, so OPA's reader refuses a module outside it.
	RegoRoot = "shiftgate/rules"
	// Format is the version of this layout, in the manifest's metadata.
	Format = 1
)

// Caps on a bundle: an organisation policy is a page of YAML and some Rego rules.
// Whatever reads a bundle refuses one over them (a hostile tarball is a gzip bomb).
const (
	MaxBundleSize = 8 << 20  // the tar.gz as fetched
	MaxFileSize   = 1 << 20  // one file inside (policy.MaxSize for policy.yaml)
	MaxTotalSize  = 16 << 20 // all files inside, uncompressed
	MaxFiles      = 1000     // entries
)

// Built is a bundle made by Build.
type Built struct {
	Bytes    []byte   // the tar.gz
	Digest   string   // sha256:HEX of Bytes, the digest to pin
	Revision string   // the manifest's revision
	Files    []string // the files packaged, in archive order
	Skipped  []string // files of the folder left out (neither policy.yaml nor rules/**/*.rego)
}

// Build packages DIR (DIR/policy.yaml and every DIR/rules/**/*.rego) as an OPA bundle
// tar.gz with the same bytes for the same files: entries sorted, no directories, mode
// 0644, owner 0, mtime 0, and a gzip header without name or time. revision "" means
// the content's own digest. The policy is validated with shiftgate's strict loader and
// the archive is read back with OPA's bundle reader before it is returned.
func Build(ctx context.Context, dir, revision string) (*Built, error) {
	folder, err := ReadFolder(dir)
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("could not read the organisation policy folder %s: %w", dir, err))
	}
	files, skipped := folder.Files, folder.Skipped
	pol, ok := files[PolicyFile]
	if !ok {
		return nil, exitcode.Usagef("the organisation policy folder %s has no %s: write the policy there (the format of .shiftgate.yaml)", dir, PolicyFile)
	}
	if _, err := policy.Parse(filepath.Join(dir, PolicyFile), pol); err != nil {
		return nil, exitcode.AsUsage(err)
	}
	if len(files) > MaxFiles {
		return nil, exitcode.Usagef("the organisation policy folder %s has %d files, more than a bundle holds (%d)", dir, len(files), MaxFiles)
	}
	if revision == "" {
		revision = contentRevision(files)
	}
	man, err := json.Marshal(map[string]any{
		"revision":     revision,
		"roots":        []string{RegoRoot},
		"rego_version": 1,
		"metadata":     map[string]any{"shiftgate": map[string]any{"format": Format, "policy": PolicyFile}},
	})
	if err != nil {
		return nil, err
	}
	files[ManifestFile] = append(man, '\n')
	b, err := writeTarGz(files)
	if err != nil {
		return nil, err
	}
	if _, err := Inspect(b); err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("the organisation policy folder %s: %w", dir, err))
	}
	names := sortedNames(files)
	return &Built{Bytes: b, Digest: Digest(b), Revision: revision, Files: names, Skipped: skipped}, nil
}

// Digest is the sha256:HEX of b.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// contentRevision digests the files: each name, NUL, the sha256 of its content, in
// name order.
func contentRevision(files map[string][]byte) string {
	h := sha256.New()
	for _, n := range sortedNames(files) {
		sum := sha256.Sum256(files[n])
		fmt.Fprintf(h, "%s\x00%x\n", n, sum)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func sortedNames(files map[string][]byte) []string {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func writeTarGz(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	// The zero header: no name, no modification time, OS "unknown".
	tw := tar.NewWriter(gz)
	for _, n := range sortedNames(files) {
		hdr := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     n,
			Mode:     0o644,
			Size:     int64(len(files[n])),
			ModTime:  time.Unix(0, 0),
			Format:   tar.FormatPAX,
		}
		if len(n) < 100 {
			hdr.Format = tar.FormatUSTAR
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, fmt.Errorf("could not write %s into the bundle: %w", n, err)
		}
		if _, err := tw.Write(files[n]); err != nil {
			return nil, fmt.Errorf("could not write %s into the bundle: %w", n, err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Manifest is what Inspect reports of a bundle's manifest.
type Manifest struct {
	Revision string
	Roots    []string
}

// Inspect reads a bundle with OPA's own bundle reader, as OPA would load it: the
// manifest parses, every Rego module parses (Rego v1) and its package lies under the
// manifest's roots. It also requires shiftgate's layout: a manifest whose only root
// is RegoRoot, and policy.yaml. Entries are checked by Read first (no links, no
// paths out of the bundle, size caps).
func Inspect(b []byte) (*Manifest, error) {
	files, err := Read(b)
	if err != nil {
		return nil, err
	}
	if _, ok := files[PolicyFile]; !ok {
		return nil, fmt.Errorf("the bundle has no %s", PolicyFile)
	}
	if _, ok := files[ManifestFile]; !ok {
		return nil, fmt.Errorf("the bundle has no %s (it was not made by `shiftgate policy bundle`)", ManifestFile)
	}
	rd := bundle.NewCustomReader(bundle.NewTarballLoaderWithBaseURL(bytes.NewReader(b), "")).
		WithSizeLimitBytes(MaxFileSize).WithSkipBundleVerification(true)
	bdl, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("OPA's bundle reader refuses the bundle: %w", err)
	}
	if bdl.Manifest.Roots == nil || !slices.Equal(*bdl.Manifest.Roots, []string{RegoRoot}) {
		return nil, fmt.Errorf("the bundle's manifest roots are %v, not [%s]", rootsOf(bdl.Manifest.Roots), RegoRoot)
	}
	return &Manifest{Revision: bdl.Manifest.Revision, Roots: *bdl.Manifest.Roots}, nil
}

func rootsOf(r *[]string) []string {
	if r == nil {
		return nil
	}
	return *r
}

// Read reads the files of a bundle tar.gz, refusing anything a bundle made by Build
// cannot hold: a link or any entry that is not a regular file or directory, an
// absolute name, a name with .., a backslash or a NUL, a name that is not
// .manifest, policy.yaml or rules/**/*.rego, a name twice, and anything over the caps.
func Read(b []byte) (map[string][]byte, error) {
	if len(b) > MaxBundleSize {
		return nil, fmt.Errorf("the bundle is %d bytes, more than the %d a bundle may be", len(b), MaxBundleSize)
	}
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("the bundle is not a gzip file: %w", err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	files := map[string][]byte{}
	var total int64
	for n := 0; ; n++ {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the bundle is not a valid tar.gz: %w", err)
		}
		if n >= MaxFiles {
			return nil, fmt.Errorf("the bundle has more than %d entries", MaxFiles)
		}
		name := hdr.Name
		switch hdr.Typeflag {
		case tar.TypeReg:
		case tar.TypeDir:
			if err := checkName(strings.TrimSuffix(name, "/")); err != nil {
				return nil, err
			}
			continue
		case tar.TypeSymlink, tar.TypeLink:
			return nil, fmt.Errorf("bundle entry %q is a link (to %q): links are refused", name, hdr.Linkname)
		default:
			return nil, fmt.Errorf("bundle entry %q is not a regular file (tar type %q): refused", name, hdr.Typeflag)
		}
		if err := checkName(name); err != nil {
			return nil, err
		}
		if name != ManifestFile && name != PolicyFile && !(strings.HasPrefix(name, RulesDir+"/") && strings.HasSuffix(name, ".rego")) {
			return nil, fmt.Errorf("bundle entry %q is not %s, %s or %s/**/*.rego: refused", name, ManifestFile, PolicyFile, RulesDir)
		}
		if _, dup := files[name]; dup {
			return nil, fmt.Errorf("bundle entry %q appears twice: refused", name)
		}
		if hdr.Size > MaxFileSize {
			return nil, fmt.Errorf("bundle entry %q is %d bytes, more than the %d a bundle file may be", name, hdr.Size, MaxFileSize)
		}
		total += hdr.Size
		if total > MaxTotalSize {
			return nil, fmt.Errorf("the bundle's files add up to more than %d bytes", MaxTotalSize)
		}
		data, err := io.ReadAll(io.LimitReader(tr, MaxFileSize+1))
		if err != nil {
			return nil, fmt.Errorf("bundle entry %q: %w", name, err)
		}
		if int64(len(data)) != hdr.Size {
			return nil, fmt.Errorf("bundle entry %q is truncated", name)
		}
		files[name] = data
	}
	return files, nil
}

// checkName refuses a name that could land outside the folder it is extracted into.
func checkName(name string) error {
	switch {
	case name == "" || name == ".":
		return fmt.Errorf("bundle entry %q has no name: refused", name)
	case strings.ContainsAny(name, "\\\x00"):
		return fmt.Errorf("bundle entry %q has a backslash or NUL in its name: refused", name)
	case path.IsAbs(name) || filepath.IsAbs(name) || filepath.VolumeName(name) != "":
		return fmt.Errorf("bundle entry %q is an absolute path: refused", name)
	case slices.Contains(strings.Split(name, "/"), ".."):
		return fmt.Errorf("bundle entry %q has a .. element: refused", name)
	case path.Clean(name) != name:
		return fmt.Errorf("bundle entry %q is not a clean path: refused", name)
	}
	return nil
}
