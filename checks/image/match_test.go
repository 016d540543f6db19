package image

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/osvdb"
)

func record(t *testing.T, path, id string) *osvdb.Record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("imagetest", "testdata", "osv", path))
	if err != nil {
		t.Fatal(err)
	}
	v, err := osvdb.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if id != "" {
		v.Id = id
	}
	return &osvdb.Record{ID: v.GetId(), JSON: b, Vuln: v}
}

// OSV.dev named its converted Alpine/Debian records CVE-… and now names them
// ALPINE-CVE-… / DEBIAN-CVE-…: a database holding both must give one finding, under
// the current id, with the CVE as an alias.
func TestOldAndNewCVEIdsFoldIntoOneFinding(t *testing.T) {
	old := record(t, "Alpine/CVE-2024-4741.json", "")
	cur := record(t, "Alpine/CVE-2024-4741.json", "ALPINE-CVE-2024-4741")
	p := Package{Ecosystem: "Alpine:v3.18", Name: "libssl3", Source: "openssl", Version: "3.1.0-r4", Path: "lib/apk/db/installed"}
	fs := matchPackage(&Inventory{Ref: "x"}, p, []*osvdb.Record{old, cur})
	if len(fs) != 1 || fs[0].Rule != "ALPINE-CVE-2024-4741" || !strings.Contains(strings.Join(fs[0].Aliases, ","), "CVE-2024-4741") {
		t.Fatalf("got %d findings: %+v", len(fs), fs)
	}
}

// Each distribution's own ordering decides: dpkg tildes sort before the release
// they precede, epochs beat everything, apk -rN revisions are numeric.
func TestDistributionVersionOrder(t *testing.T) {
	dsa := record(t, "Debian/DSA-5532-1.json", "") // Debian:12 openssl fixed in 3.0.11-1~deb12u2
	zlib := record(t, "Debian/CVE-2023-45853.json", "")
	alp := record(t, "Alpine/CVE-2023-1255.json", "") // Alpine:v3.18 openssl fixed in 3.1.0-r4
	cases := []struct {
		rec     *osvdb.Record
		eco     string
		src     string
		version string
		want    bool
	}{
		{dsa, "Debian:12", "openssl", "3.0.11-1~deb12u1", true},
		{dsa, "Debian:12", "openssl", "3.0.11-1~deb12u2", false},
		{dsa, "Debian:12", "openssl", "3.0.11-1", false}, // no tilde: after ~deb12u2
		{dsa, "Debian:12", "openssl", "3.0.9-1", true},   // 9 < 11 numerically
		{dsa, "Debian:11", "openssl", "1.1.1n-0+deb11u4", false},
		{zlib, "Debian:12", "zlib", "1:1.2.13.dfsg-1", true}, // unfixed in Debian 12
		{alp, "Alpine:v3.18", "openssl", "3.1.0-r3", true},
		{alp, "Alpine:v3.18", "openssl", "3.1.0-r4", false},
		{alp, "Alpine:v3.18", "openssl", "3.1.0-r10", false}, // r10 > r4
		{alp, "Alpine:v3.17", "openssl", "3.1.0-r3", false},  // another release's records
	}
	for _, c := range cases {
		_, got := affects(c.rec, Package{Ecosystem: c.eco, Source: c.src, Version: c.version})
		if got != c.want {
			t.Errorf("%s %s %s %s: affected=%v, want %v", c.rec.ID, c.eco, c.src, c.version, got, c.want)
		}
	}
}

// A registry reference is pulled through go-containerregistry's remote client (here
// from an in-process registry) and scanned like a local image.
func TestRegistryReference(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	ref := strings.TrimPrefix(srv.URL, "http://") + "/team/app:1"
	tag, err := name.NewTag(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(tag, must(imagetest.Alpine(nil))); err != nil {
		t.Fatal(err)
	}
	res := runCheck(t, ref, offlineDB(t))
	if len(res.Findings) != 6 {
		t.Fatalf("want the 6 Alpine findings from the registry image, got %d", len(res.Findings))
	}
	if _, err := New().Run(context.Background(), env(ref[:strings.LastIndex(ref, ":")]+":missing", offlineDB(t))); err == nil ||
		!strings.Contains(err.Error(), "could not pull from the registry") {
		t.Fatalf("a missing tag: %v", err)
	}
}

// A layer the scanner cannot unpack (a Helm chart pushed as an OCI artifact, say) is
// refused by name before anything is read.
func TestUnsupportedLayerMediaType(t *testing.T) {
	img, err := mutate.Append(must(imagetest.Alpine(nil)), mutate.Addendum{
		Layer: static.NewLayer([]byte("chart"), "application/vnd.cncf.helm.chart.content.v1.tar+gzip")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(writeLayout(t, img))
	if err == nil || !strings.Contains(err.Error(), `layer 1 has unsupported media type "application/vnd.cncf.helm.chart.content.v1.tar+gzip"`) {
		t.Fatalf("got %v", err)
	}
}

// Debian's own urgency wins over NVD's CVSS: glibc's CVE-2019-1010022 is "unimportant"
// in Debian (CVSS 9.8), so it is low, with the score kept; "not yet assigned" falls
// back to the CVSS vector.
func TestDistributionSeverityWins(t *testing.T) {
	p := Package{Ecosystem: "Debian:12", Name: "libc6", Source: "glibc", Version: "2.36-9+deb12u14", Path: "var/lib/dpkg/status"}
	b, err := os.ReadFile(filepath.Join("testdata", "CVE-2019-1010022.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := osvdb.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	fs := matchPackage(&Inventory{Ref: "x"}, p, []*osvdb.Record{{ID: v.GetId(), JSON: b, Vuln: v}})
	if len(fs) != 1 || fs[0].Severity != finding.Low || fs[0].Score < 9 || !strings.Contains(fs[0].Message, "Debian urgency: unimportant") {
		t.Fatalf("%+v", fs)
	}
}
