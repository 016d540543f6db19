package image

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
)

// file is one entry of a test layer; a path ending in ".wh.NAME" is a whiteout.
type file struct{ path, body string }

func mkLayer(t *testing.T, files ...file) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	for _, f := range files {
		parts := strings.Split(f.path, "/")
		for i := 1; i < len(parts); i++ {
			d := strings.Join(parts[:i], "/") + "/"
			if !dirs[d] {
				dirs[d] = true
				if err := tw.WriteHeader(&tar.Header{Name: d, Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := tw.WriteHeader(&tar.Header{Name: f.path, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(f.body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

type step struct {
	cmd   string
	files []file
}

// mkImage builds an OCI image, one layer per step, with the step's instruction in
// the config history, as `docker build` records it.
func mkImage(t *testing.T, steps ...step) v1.Image {
	t.Helper()
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	for _, s := range steps {
		var err error
		img, err = mutate.Append(img, mutate.Addendum{Layer: mkLayer(t, s.files...), History: v1.History{CreatedBy: s.cmd}})
		if err != nil {
			t.Fatal(err)
		}
	}
	return img
}

func writeLayout(t *testing.T, img v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	return dir
}

// offlineDB writes DIR/osv-scalibr/<Ecosystem>/all.zip from testdata/osv/<Ecosystem>.
func offlineDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, eco := range []string{"Debian", "Alpine"} {
		recs, err := filepath.Glob(filepath.Join("testdata", "osv", eco, "*.json"))
		if err != nil || len(recs) == 0 {
			t.Fatalf("no records for %s: %v", eco, err)
		}
		out := filepath.Join(dir, "osv-scalibr", eco)
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, r := range recs {
			w, err := zw.Create(filepath.Base(r))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(read(t, r)); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "all.zip"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// setVersion changes the Version (dpkg) or V: (apk) field of the named packages: the
// one edit the tests make to the real databases, to build a vulnerable or clean twin.
func setVersion(t *testing.T, db string, dpkg bool, versions map[string]string) string {
	t.Helper()
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

// debianImage: a base layer with the real Debian 12 status minus libssl3, a layer
// that installs libssl3 at libssl, and a distroless-style zlib1g entry in
// status.d that a last layer deletes (whiteout) when removeZlib.
func debianImage(t *testing.T, libssl string, removeZlib bool) v1.Image {
	status := read(t, "testdata/db/debian12-status")
	full := setVersion(t, string(status), true, map[string]string{"libssl3": libssl})
	var base []string
	var zlib string
	for _, s := range strings.Split(strings.TrimRight(full, "\n"), "\n\n") {
		switch {
		case strings.HasPrefix(s, "Package: libssl3\n"):
		case strings.HasPrefix(s, "Package: zlib1g\n"):
			zlib = s + "\n"
			continue
		}
		if !strings.HasPrefix(s, "Package: libssl3\n") {
			base = append(base, s)
		}
	}
	withSSL := strings.Join(base, "\n\n") + "\n\n" + libsslStanza(t, full) + "\n"
	steps := []step{
		{"/bin/sh -c #(nop) ADD file:debian12 in / ", []file{
			{"etc/os-release", string(read(t, "testdata/db/debian12-os-release"))},
			{"var/lib/dpkg/status", strings.Join(base, "\n\n") + "\n"},
		}},
		{"RUN /bin/sh -c apt-get install -y libssl3 # buildkit", []file{{"var/lib/dpkg/status", withSSL}}},
		{"COPY zlib1g /var/lib/dpkg/status.d/zlib1g # buildkit", []file{{"var/lib/dpkg/status.d/zlib1g", zlib}}},
	}
	if removeZlib {
		steps = append(steps, step{"RUN /bin/sh -c rm /var/lib/dpkg/status.d/zlib1g # buildkit",
			[]file{{"var/lib/dpkg/status.d/.wh.zlib1g", ""}}})
	}
	return mkImage(t, steps...)
}

func libsslStanza(t *testing.T, status string) string {
	for _, s := range strings.Split(status, "\n\n") {
		if strings.HasPrefix(s, "Package: libssl3\n") {
			return strings.TrimRight(s, "\n")
		}
	}
	t.Fatal("no libssl3 stanza")
	return ""
}

func alpineImage(t *testing.T, versions map[string]string) v1.Image {
	db := setVersion(t, string(read(t, "testdata/db/alpine318-installed")), false, versions)
	return mkImage(t,
		step{"/bin/sh -c #(nop) ADD file:alpine318 in / ", []file{{"etc/os-release", alpineOSRelease}, {"lib/apk/db/installed", db}}},
	)
}

func runCheck(t *testing.T, ref, db string) *checks.Result {
	t.Helper()
	p := &policy.Policy{}
	p.Checks.Image.Ref = ref
	res, err := New().Run(context.Background(), &checks.Env{Policy: p, OfflineDB: db})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

type want struct{ rule, pkg, version, fixed, layer string }

func summarize(t *testing.T, img v1.Image, fs []finding.Finding) []want {
	layers, _ := img.Layers()
	diff := map[string]string{}
	for i, l := range layers {
		d, _ := l.DiffID()
		diff[d.String()] = string(rune('0' + i))
	}
	var got []want
	for _, f := range fs {
		got = append(got, want{f.Rule, f.Package.Name, f.Package.Version, strings.Join(f.Package.Fixed, ","), diff[f.Package.Layer]})
	}
	slices.SortFunc(got, func(a, b want) int { return strings.Compare(a.rule+" "+a.pkg, b.rule+" "+b.pkg) })
	return got
}

func TestDebianLibsslVulnerableAndCleanTwin(t *testing.T) {
	db := offlineDB(t)
	vuln := debianImage(t, "3.0.11-1~deb12u1", true)
	res := runCheck(t, writeLayout(t, vuln), db)
	got := summarize(t, vuln, res.Findings)
	exp := []want{
		{"CVE-2024-0727", "libssl3", "3.0.11-1~deb12u1", "3.0.13-1~deb12u1", "1"},
		{"DSA-5532-1", "libssl3", "3.0.11-1~deb12u1", "3.0.11-1~deb12u2", "1"},
		{"DSA-5764-1", "libssl3", "3.0.11-1~deb12u1", "3.0.14-1~deb12u2", "1"},
	}
	if !slices.Equal(got, exp) {
		t.Fatalf("findings:\n got %v\nwant %v", got, exp)
	}
	f := res.Findings[1]
	if f.Package.Ecosystem != "Debian:12" || f.Path != "var/lib/dpkg/status" ||
		!strings.Contains(f.Message, "(source openssl)") || !strings.Contains(f.Package.LayerCommand, "apt-get install -y libssl3") {
		t.Errorf("finding details: %+v", f)
	}
	if f := res.Findings[0]; !strings.Contains(f.Message, "Debian urgency: not yet assigned") || f.Severity != finding.Medium {
		t.Errorf("CVE-2024-0727 should carry its CVSS 5.5 (medium) and Debian's urgency: %s %s", f.Severity, f.Message)
	}

	clean := debianImage(t, "3.0.19-1~deb12u2", true) // the real host's current libssl3
	if res := runCheck(t, writeLayout(t, clean), db); len(res.Findings) != 0 {
		t.Fatalf("clean twin has findings: %v", summarize(t, clean, res.Findings))
	}
}

// The zlib1g entry a later layer deletes must not be reported; the same image
// without the deleting layer reports it (CVE-2023-45853 has no fix in Debian 12).
func TestWhiteoutRemovesPackage(t *testing.T) {
	db := offlineDB(t)
	kept := debianImage(t, "3.0.19-1~deb12u2", false)
	got := summarize(t, kept, runCheck(t, writeLayout(t, kept), db).Findings)
	exp := []want{{"CVE-2023-45853", "zlib1g", "1:1.2.13.dfsg-1", "", "2"}}
	if !slices.Equal(got, exp) {
		t.Fatalf("without the whiteout:\n got %v\nwant %v", got, exp)
	}
	removed := debianImage(t, "3.0.19-1~deb12u2", true)
	if fs := runCheck(t, writeLayout(t, removed), db).Findings; len(fs) != 0 {
		t.Fatalf("a package deleted in an upper layer is reported: %v", summarize(t, removed, fs))
	}
}

func TestAlpineOpensslVulnerableAndCleanTwin(t *testing.T) {
	db := offlineDB(t)
	vuln := alpineImage(t, nil) // the real Alpine 3.18 database: openssl 3.1.0-r4, musl 1.2.4-r0
	got := summarize(t, vuln, runCheck(t, writeLayout(t, vuln), db).Findings)
	exp := []want{
		{"ALPINE-CVE-2025-26519", "musl", "1.2.4-r0", "1.2.4-r3", "0"},
		{"ALPINE-CVE-2025-26519", "musl-utils", "1.2.4-r0", "1.2.4-r3", "0"},
		{"CVE-2024-4741", "libcrypto3", "3.1.0-r4", "3.1.6-r0", "0"},
		{"CVE-2024-4741", "libssl3", "3.1.0-r4", "3.1.6-r0", "0"},
	}
	if !slices.Equal(got, exp) {
		t.Fatalf("findings:\n got %v\nwant %v", got, exp)
	}
	clean := alpineImage(t, map[string]string{"libcrypto3": "3.1.6-r0", "libssl3": "3.1.6-r0", "musl": "1.2.4-r3", "musl-utils": "1.2.4-r3"})
	if fs := runCheck(t, writeLayout(t, clean), db).Findings; len(fs) != 0 {
		t.Fatalf("clean twin has findings: %v", summarize(t, clean, fs))
	}
}
