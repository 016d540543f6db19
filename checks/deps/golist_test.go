package deps

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// syntheticRecords are Go records the test data lacks, for the cases packageLevel
// must decide as govulncheck does: a standard library package at every version (so
// at the local Go), the standard library fixed long ago, a record naming no package
// (every package of the module), one with no range (every version), one for a
// package the fixtures never import, and one withdrawn (govulncheck leaves it out).
var syntheticRecords = map[string]string{
	"GO-2099-0001": `{"affected":[{"package":{"name":"stdlib","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}],"ecosystem_specific":{"imports":[{"path":"net/url","symbols":["Parse"]}]}}]}`,
	"GO-2099-0002": `{"affected":[{"package":{"name":"stdlib","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.1"}]}],"ecosystem_specific":{"imports":[{"path":"strings"}]}}]}`,
	"GO-2099-0003": `{"affected":[{"package":{"name":"golang.org/x/text","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0.3.0"},{"fixed":"0.3.8"}]}]}]}`,
	"GO-2099-0004": `{"affected":[{"package":{"name":"golang.org/x/text","ecosystem":"Go"},"ecosystem_specific":{"imports":[{"path":"golang.org/x/text/unicode/norm"}]}}]}`,
	"GO-2099-0005": `{"affected":[{"package":{"name":"golang.org/x/text","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}],"ecosystem_specific":{"imports":[{"path":"golang.org/x/text/encoding/japanese"}]}}]}`,
	"GO-2099-0006": `{"withdrawn":"2026-01-02T00:00:00Z","affected":[{"package":{"name":"golang.org/x/text","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}],"ecosystem_specific":{"imports":[{"path":"golang.org/x/text/encoding/charmap"}]}}]}`,
}

func comparisonRecords(t *testing.T) []*osvdb.Record {
	t.Helper()
	ix, err := osvdb.Load(buildDB(t, "osv-scalibr", "Go"), "Go", nil)
	if err != nil {
		t.Fatal(err)
	}
	recs := ix.All()
	for _, id := range slices.Sorted(maps.Keys(syntheticRecords)) {
		b := []byte(`{"schema_version":"1.3.1","id":"` + id + `","modified":"2026-01-01T00:00:00Z",` + strings.TrimPrefix(syntheticRecords[id], "{"))
		v, err := osvdb.Unmarshal(b)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		recs = append(recs, &osvdb.Record{ID: id, JSON: b, Vuln: v})
	}
	return recs
}

// TestPackageLevelMatchesGovulncheck: what the one go list answers at package level
// (reported records, imported records, the vulnerable packages, the Go judged) is what
// govulncheck's `-scan package` answers, on fixtures that import, only require, and
// replace a vulnerable module, use the standard library, and meet records naming no
// package or no range.
func TestPackageLevelMatchesGovulncheck(t *testing.T) {
	recs := comparisonRecords(t)
	db := t.TempDir()
	if err := osvdb.WriteGoVulnDB(db, recs); err != nil {
		t.Fatal(err)
	}
	urlUser := "// Package web parses a URL.\npackage web\n\nimport \"net/url\"\n\n// Host is u's host.\nfunc Host(u string) string { p, _ := url.Parse(u); return p.Host }\n"
	fixtures := map[string]func(t *testing.T) string{
		"imports, calls and leaves out": func(t *testing.T) string {
			root := splitFixture(t)
			testutil.WriteFile(t, root, "web/web.go", urlUser)
			return root
		},
		"imports only a withdrawn record's package": func(t *testing.T) string {
			root := copyRepo(t, "deps-vulnerable")
			testutil.WriteFile(t, root, "main.go", "// Command depsvulnerable imports a package only a withdrawn record names.\npackage main\n\nimport _ \"golang.org/x/text/encoding/charmap\"\n\nfunc main() {}\n")
			return root
		},
		"required, not built": func(t *testing.T) string {
			root := copyRepo(t, "deps-vulnerable")
			testutil.WriteFile(t, root, "main.go", "// Command depsvulnerable imports nothing from golang.org/x/text.\npackage main\n\nfunc main() {}\n")
			return root
		},
		"replaced by another version": func(t *testing.T) string {
			root := splitFixture(t)
			gomod := filepath.Join(root, "go.mod")
			b, err := os.ReadFile(gomod)
			if err != nil {
				t.Fatal(err)
			}
			b = []byte(strings.Replace(string(b), "golang.org/x/text v0.3.7", "golang.org/x/text v0.40.0", 1) + "\nreplace golang.org/x/text => golang.org/x/text v0.3.7\n")
			if err := os.WriteFile(gomod, b, 0o644); err != nil {
				t.Fatal(err)
			}
			tidy := exec.Command("go", "mod", "download", "golang.org/x/text")
			tidy.Dir = root
			tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
			if out, err := tidy.CombinedOutput(); err != nil {
				t.Fatalf("go mod download: %v\n%s", err, out)
			}
			return root
		},
	}
	c := testCheck()
	ctx := context.Background()
	for name, fixture := range fixtures {
		t.Run(name, func(t *testing.T) {
			root := fixture(t)
			want, err := c.govulncheckAt(ctx, root, root, db, "package", []string{"./..."})
			if err != nil {
				t.Fatal(err)
			}
			g, err := c.listModule(ctx, root)
			if err != nil {
				t.Fatal(err)
			}
			if !g.loads(g.roots) {
				t.Fatal("the fixture does not load")
			}
			goVersion, err := c.goVersion(ctx, nil, root)
			if err != nil {
				t.Fatal(err)
			}
			got := packageLevel(g, g.roots, recs, goVersion)
			t.Logf("govulncheck: %+v; vulnerable packages %v", want.reach, slices.Sorted(maps.Keys(want.vulnPkgs)))
			comparePackageLevel(t, want, got)
			if len(want.reach) == 0 {
				t.Error("govulncheck reported no record: the fixture tests nothing")
			}
		})
	}
}

func comparePackageLevel(t *testing.T, want, got *govulnScan) {
	t.Helper()
	ids := slices.Sorted(maps.Keys(want.reach))
	if gotIDs := slices.Sorted(maps.Keys(got.reach)); !slices.Equal(ids, gotIDs) {
		t.Errorf("reported records: govulncheck %v, go list %v", ids, gotIDs)
	}
	for _, id := range ids {
		if w, g := want.reach[id], got.reach[id]; w != g {
			t.Errorf("%s: govulncheck %+v, go list %+v", id, w, g)
		}
	}
	if w, g := slices.Sorted(maps.Keys(want.vulnPkgs)), slices.Sorted(maps.Keys(got.vulnPkgs)); !slices.Equal(w, g) {
		t.Errorf("vulnerable packages: govulncheck %v, go list %v", w, g)
	}
	if want.imported != got.imported || want.goVersion != got.goVersion {
		t.Errorf("imported %v, Go %q: govulncheck; %v, %q: go list", want.imported, want.goVersion, got.imported, got.goVersion)
	}
}

func TestStdlibVersion(t *testing.T) {
	for tag, want := range map[string]string{"go1.26.8": "1.26.8", "go1.27": "1.27.0", "go1.27rc1": "1.27.0-rc.1", "go1.26.8 X:nodwarf5": "1.26.8", "devel go1.27-abc": ""} {
		if got := stdlibVersion(tag); got != want {
			t.Errorf("stdlibVersion(%q) = %q, want %q", tag, got, want)
		}
	}
}
