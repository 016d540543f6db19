package image

import (
	"context"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
)

// must stops the test binary when a test image cannot be built (a broken fixture).
func must(img v1.Image, err error) v1.Image {
	if err != nil {
		panic(err)
	}
	return img
}

func writeLayout(t *testing.T, img v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	if err := imagetest.WriteLayout(dir, img); err != nil {
		t.Fatal(err)
	}
	return dir
}

func offlineDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := imagetest.OfflineDB(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func env(ref, db string) *checks.Env {
	p := &policy.Policy{}
	p.Checks.Image.Ref = ref
	return &checks.Env{Policy: p, OfflineDB: db}
}

func runCheck(t *testing.T, ref, db string) *checks.Result {
	t.Helper()
	res, err := New().Run(context.Background(), env(ref, db))
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
	vuln := must(imagetest.Debian("3.0.11-1~deb12u1", true))
	res := runCheck(t, writeLayout(t, vuln), db)
	got := summarize(t, vuln, res.Findings)
	exp := []want{
		{"CVE-2024-0727", "libssl3", "3.0.11-1~deb12u1", "3.0.13-1~deb12u1", "1"},
		{"CVE-2024-4741", "libssl3", "3.0.11-1~deb12u1", "3.0.14-1~deb12u1", "1"},
		{"DSA-5532-1", "libssl3", "3.0.11-1~deb12u1", "3.0.11-1~deb12u2", "1"},
		{"DSA-5764-1", "libssl3", "3.0.11-1~deb12u1", "3.0.14-1~deb12u2", "1"},
	}
	if !slices.Equal(got, exp) {
		t.Fatalf("findings:\n got %v\nwant %v", got, exp)
	}
	f := res.Findings[2]
	if f.Package.Ecosystem != "Debian:12" || f.Path != "var/lib/dpkg/status" ||
		!strings.Contains(f.Message, "(source openssl)") || !strings.Contains(f.Package.LayerCommand, "apt-get install -y libssl3") {
		t.Errorf("finding details: %+v", f)
	}
	if f := res.Findings[0]; !strings.Contains(f.Message, "(Debian urgency: not yet assigned)") || f.Severity != finding.Medium {
		t.Errorf("CVE-2024-0727 should carry its CVSS 5.5 (medium) and Debian's urgency: %s %s", f.Severity, f.Message)
	}

	clean := must(imagetest.Debian("3.0.19-1~deb12u2", true)) // the real host's current libssl3
	if res := runCheck(t, writeLayout(t, clean), db); len(res.Findings) != 0 {
		t.Fatalf("clean twin has findings: %v", summarize(t, clean, res.Findings))
	}
}

// The zlib1g entry a later layer deletes must not be reported; the same image
// without the deleting layer reports it (CVE-2023-45853 has no fix in Debian 12).
func TestWhiteoutRemovesPackage(t *testing.T) {
	db := offlineDB(t)
	kept := must(imagetest.Debian("3.0.19-1~deb12u2", false))
	got := summarize(t, kept, runCheck(t, writeLayout(t, kept), db).Findings)
	exp := []want{{"CVE-2023-45853", "zlib1g", "1:1.2.13.dfsg-1", "", "2"}}
	if !slices.Equal(got, exp) {
		t.Fatalf("without the whiteout:\n got %v\nwant %v", got, exp)
	}
	e := env(writeLayout(t, kept), db)
	e.Policy.Checks.Image.IgnoreUnfixed = true
	res, err := New().Run(context.Background(), e)
	if err != nil || len(res.Findings) != 0 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "1 vulnerabilities without a fixed version were dropped") {
		t.Fatalf("ignore_unfixed: %v %+v %+v", err, res.Findings, res.Notes)
	}
	removed := must(imagetest.Debian("3.0.19-1~deb12u2", true))
	if fs := runCheck(t, writeLayout(t, removed), db).Findings; len(fs) != 0 {
		t.Fatalf("a package deleted in an upper layer is reported: %v", summarize(t, removed, fs))
	}
}

func TestAlpineOpensslVulnerableAndCleanTwin(t *testing.T) {
	db := offlineDB(t)
	vuln := must(imagetest.Alpine(nil)) // the real Alpine 3.18 database: openssl 3.1.0-r4, musl 1.2.4-r0
	got := summarize(t, vuln, runCheck(t, writeLayout(t, vuln), db).Findings)
	exp := []want{
		{"ALPINE-CVE-2025-26519", "musl", "1.2.4-r0", "1.2.4-r3", "0"},
		{"ALPINE-CVE-2025-26519", "musl-utils", "1.2.4-r0", "1.2.4-r3", "0"},
		{"CVE-2024-0727", "libcrypto3", "3.1.0-r4", "3.1.4-r5", "0"},
		{"CVE-2024-0727", "libssl3", "3.1.0-r4", "3.1.4-r5", "0"},
		{"CVE-2024-4741", "libcrypto3", "3.1.0-r4", "3.1.6-r0", "0"},
		{"CVE-2024-4741", "libssl3", "3.1.0-r4", "3.1.6-r0", "0"},
	}
	if !slices.Equal(got, exp) {
		t.Fatalf("findings:\n got %v\nwant %v", got, exp)
	}
	clean := must(imagetest.AlpineClean())
	if fs := runCheck(t, writeLayout(t, clean), db).Findings; len(fs) != 0 {
		t.Fatalf("clean twin has findings: %v", summarize(t, clean, fs))
	}
}

// Without /etc/os-release the distribution release is unknown and no record (they are
// per release) can match: a note says so instead of a silent clean result.
func TestNoOSReleaseIsANote(t *testing.T) {
	img := must(imagetest.Image(imagetest.Step{Cmd: "ADD rootfs", Files: []imagetest.File{
		{Path: "var/lib/dpkg/status", Body: "Package: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.11-1~deb12u1\nArchitecture: amd64\n"}}}))
	res := runCheck(t, writeLayout(t, img), offlineDB(t))
	if len(res.Findings) != 0 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "1 OS packages have no distribution release") {
		t.Fatalf("findings %v notes %+v", res.Findings, res.Notes)
	}
}
