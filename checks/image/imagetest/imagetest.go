// Package imagetest builds the container images the image check's tests scan, with
// go-containerregistry, from real package databases and real OSV records embedded
// from testdata (sources and licences in testdata/NOTICE.md). The CLI's testscripts
// use it too (the mkimage and mkosvdb commands), so no Docker is needed anywhere.
package imagetest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

//go:embed testdata
var data embed.FS

// File is one entry of a layer; a base name ".wh.NAME" is a whiteout deleting NAME.
// Mode 0 means 0644.
type File struct {
	Path, Body string
	Mode       int64
}

// Step is one layer and the instruction the config history records for it.
type Step struct {
	Cmd   string
	Files []File
}

// Layer writes files (and their parent directories) into an uncompressed tar layer.
func Layer(files ...File) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	for _, f := range files {
		parts := strings.Split(f.Path, "/")
		for i := 1; i < len(parts); i++ {
			d := strings.Join(parts[:i], "/") + "/"
			if !dirs[d] {
				dirs[d] = true
				if err := tw.WriteHeader(&tar.Header{Name: d, Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
					return nil, err
				}
			}
		}
		mode := f.Mode
		if mode == 0 {
			mode = 0o644
		}
		if err := tw.WriteHeader(&tar.Header{Name: f.Path, Typeflag: tar.TypeReg, Mode: mode, Size: int64(len(f.Body))}); err != nil {
			return nil, err
		}
		if _, err := tw.Write([]byte(f.Body)); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil },
		tarball.WithMediaType(types.OCILayer))
}

// Image builds an OCI image, one layer per step, with each step's instruction in the
// config history, as `docker build` records it.
func Image(steps ...Step) (v1.Image, error) {
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	for _, s := range steps {
		l, err := Layer(s.Files...)
		if err != nil {
			return nil, err
		}
		if img, err = mutate.Append(img, mutate.Addendum{Layer: l, History: v1.History{CreatedBy: s.Cmd}}); err != nil {
			return nil, err
		}
	}
	return img, nil
}

// WriteLayout writes img as an OCI image layout in dir.
func WriteLayout(dir string, img v1.Image) error {
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img)
}

// OfflineDB writes DIR/osv-scalibr/<Ecosystem>/all.zip from the embedded records. As
// in OSV's own export, a record goes into the zip of every ecosystem it names (the
// older CVE-… records carry Debian and Alpine entries side by side).
func OfflineDB(dir string) error {
	type rec struct {
		name string
		body []byte
	}
	var all []rec
	for _, folder := range []string{"Debian", "Alpine", "Ubuntu"} {
		ents, err := data.ReadDir("testdata/osv/" + folder)
		if err != nil {
			return err
		}
		for _, e := range ents {
			b, err := data.ReadFile(path.Join("testdata/osv", folder, e.Name()))
			if err != nil {
				return err
			}
			all = append(all, rec{e.Name(), b})
		}
	}
	for _, eco := range []string{"Debian", "Alpine", "Ubuntu"} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, r := range all {
			var v struct {
				Affected []struct {
					Package struct{ Ecosystem string } `json:"package"`
				} `json:"affected"`
			}
			if err := json.Unmarshal(r.body, &v); err != nil {
				return fmt.Errorf("%s: %w", r.name, err)
			}
			if !slices.ContainsFunc(v.Affected, func(a struct {
				Package struct{ Ecosystem string } `json:"package"`
			}) bool {
				return strings.SplitN(a.Package.Ecosystem, ":", 2)[0] == eco
			}) {
				continue
			}
			w, err := zw.Create(r.name)
			if err != nil {
				return err
			}
			if _, err := w.Write(r.body); err != nil {
				return err
			}
		}
		if err := zw.Close(); err != nil {
			return err
		}
		out := filepath.Join(dir, "osv-scalibr", eco)
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, "all.zip"), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func read(name string) string {
	b, err := data.ReadFile("testdata/db/" + name)
	if err != nil {
		panic(err) // embedded: cannot be missing
	}
	return string(b)
}

// SetVersion changes the Version (dpkg) or V: (apk) field of the named packages: the
// one edit made to the real databases, to build a vulnerable or a clean twin.
func SetVersion(db string, dpkg bool, versions map[string]string) string {
	stanzas := strings.Split(strings.TrimRight(db, "\n"), "\n\n")
	for i, s := range stanzas {
		for name, v := range versions {
			if dpkg && strings.HasPrefix(s, "Package: "+name+"\n") {
				s = regexp.MustCompile(`(?m)^Version: .*$`).ReplaceAllString(s, "Version: "+v)
			}
			if !dpkg && regexp.MustCompile(`(?m)^P:`+regexp.QuoteMeta(name)+`$`).MatchString(s) {
				s = regexp.MustCompile(`(?m)^V:.*$`).ReplaceAllString(s, "V:"+v)
			}
		}
		stanzas[i] = s
	}
	return strings.Join(stanzas, "\n\n") + "\n"
}

const alpineOSRelease = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.18.0
PRETTY_NAME="Alpine Linux v3.18"
`

// Debian builds: a base layer with a real Debian 12 status minus libssl3; a layer that
// installs libssl3 at version libssl; a distroless-style zlib1g entry in
// var/lib/dpkg/status.d; and, when removeZlib, a last layer whose whiteout deletes it.
func Debian(libssl string, removeZlib bool) (v1.Image, error) {
	full := SetVersion(read("debian12-status"), true, map[string]string{"libssl3": libssl})
	var base []string
	var ssl, zlib string
	for _, s := range strings.Split(strings.TrimRight(full, "\n"), "\n\n") {
		switch {
		case strings.HasPrefix(s, "Package: libssl3\n"):
			ssl = s
		case strings.HasPrefix(s, "Package: zlib1g\n"):
			zlib = s + "\n"
		default:
			base = append(base, s)
		}
	}
	if ssl == "" || zlib == "" {
		return nil, fmt.Errorf("debian12-status lacks libssl3 or zlib1g")
	}
	steps := []Step{
		{"/bin/sh -c #(nop) ADD file:debian12 in / ", []File{
			{Path: "etc/os-release", Body: read("debian12-os-release")},
			{Path: "var/lib/dpkg/status", Body: strings.Join(base, "\n\n") + "\n"},
		}},
		{"RUN /bin/sh -c apt-get install -y libssl3 # buildkit", []File{{Path: "var/lib/dpkg/status", Body: strings.Join(append(base, ssl), "\n\n") + "\n"}}},
		{"COPY zlib1g /var/lib/dpkg/status.d/zlib1g # buildkit", []File{{Path: "var/lib/dpkg/status.d/zlib1g", Body: zlib}}},
	}
	if removeZlib {
		steps = append(steps, Step{"RUN /bin/sh -c rm /var/lib/dpkg/status.d/zlib1g # buildkit",
			[]File{{Path: "var/lib/dpkg/status.d/.wh.zlib1g", Body: ""}}})
	}
	return Image(steps...)
}

// Alpine builds a one-layer image from the real Alpine 3.18 apk database (openssl
// 3.1.0-r4, musl 1.2.4-r0), with the given packages' versions changed.
func Alpine(versions map[string]string) (v1.Image, error) {
	db := SetVersion(read("alpine318-installed"), false, versions)
	return Image(Step{"/bin/sh -c #(nop) ADD file:alpine318 in / ", []File{
		{Path: "etc/os-release", Body: alpineOSRelease}, {Path: "lib/apk/db/installed", Body: db},
	}})
}

// AlpineClean is Alpine with openssl and musl at their fixed versions.
func AlpineClean() (v1.Image, error) {
	return Alpine(map[string]string{"libcrypto3": "3.1.6-r0", "libssl3": "3.1.6-r0", "musl": "1.2.4-r3", "musl-utils": "1.2.4-r3"})
}

// Named builds one of the images the testscripts ask for by name.
func Named(name string) (v1.Image, error) {
	switch name {
	case "debian-vulnerable":
		return Debian("3.0.11-1~deb12u1", true)
	case "debian-clean":
		return Debian("3.0.19-1~deb12u2", true)
	case "alpine-vulnerable":
		return Alpine(nil)
	case "alpine-clean":
		return AlpineClean()
	case "ubuntu-1804":
		return Ubuntu1804()
	case "debian-clean-annotated":
		img, err := Debian("3.0.19-1~deb12u2", true)
		if err != nil {
			return nil, err
		}
		return WithBase(img, BaseName, BaseDigest), nil
	}
	return nil, fmt.Errorf("no test image %q (debian-vulnerable, debian-clean, debian-clean-annotated, alpine-vulnerable, alpine-clean, ubuntu-1804)", name)
}

// The base image debian-clean-annotated names, as BuildKit records it.
const (
	BaseName   = "docker.io/library/debian:12-slim"
	BaseDigest = "sha256:36e591f228bb9b99348f584e83f16e012c33ba5cad44ef5981a1d7c0a93eca22"
)

// WithBase annotates the manifest with the OCI base-image annotations, as BuildKit
// does for `FROM name` (docker buildx build).
func WithBase(img v1.Image, name, digest string) v1.Image {
	return mutate.Annotations(img, map[string]string{
		"org.opencontainers.image.base.name":   name,
		"org.opencontainers.image.base.digest": digest,
	}).(v1.Image)
}

// Ubuntu1804 is a one-layer image of a real Ubuntu 18.04 (bionic) image's dpkg status
// and os-release, unmodified.
func Ubuntu1804() (v1.Image, error) {
	return Image(Step{"/bin/sh -c #(nop) ADD file:ubuntu1804 in / ", []File{
		{Path: "etc/os-release", Body: read("ubuntu1804-os-release")},
		{Path: "var/lib/dpkg/status", Body: read("ubuntu1804-status")},
	}})
}
