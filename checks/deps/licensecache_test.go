package deps

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/licensecheck"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/attest/sbom"
	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// licenseCacheFixture is a module cache holding example.com/own@v1.0.0, whose LICENSE is
// a BSD-3-Clause text with its own copyright line (not a known text: licensecheck
// classifies it), and golang.org/x/known@v0.1.0 with a known text (never classified),
// and a repository requiring both. It returns the repository, the module cache and
// the path of the first module's LICENSE.
func licenseCacheFixture(t *testing.T) (root, modCache, ownLicense string) {
	t.Helper()
	bsd, err := os.ReadFile(filepath.Join("testdata", "LICENSE.bsd3")) // a known text
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(bsd), "Copyright (c) 2009 The Go Authors.", "Copyright (c) 2024 Example Own Authors.", 1)
	if own == string(bsd) {
		t.Fatal("testdata/LICENSE.bsd3 no longer has the copyright line the fixture replaces")
	}
	modCache = t.TempDir()
	testutil.WriteFile(t, filepath.Join(modCache, "example.com", "own@v1.0.0"), "LICENSE", own)
	testutil.WriteFile(t, filepath.Join(modCache, "golang.org", "x", "known@v0.1.0"), "LICENSE", string(bsd))
	root = t.TempDir()
	testutil.WriteFile(t, root, "go.mod", "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/own v1.0.0\n\tgolang.org/x/known v0.1.0\n)\n")
	return root, modCache, filepath.Join(modCache, "example.com", "own@v1.0.0", "LICENSE")
}

// licenseRun is one run of the deps check with the analysis cache in dir: how many
// times licensecheck ran, the CycloneDX SBOM of its inventory, its licence findings and
// the cache's notes.
type licenseRun struct {
	scans    int64
	sbom     []byte
	findings []finding.Finding
	notes    []string
	stats    []string
}

func runWithLicenseCache(t *testing.T, root, dir, db string) licenseRun {
	t.Helper()
	store, err := cache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	c := testCheck()
	c.scanLicense = func(b []byte) licensecheck.Coverage {
		n.Add(1)
		return licensecheck.Scan(b)
	}
	p := testPolicy()
	p.Checks.Deps.Reachability = false
	p.Checks.Deps.Licenses.Allow = []string{"MIT"} // both modules break it: a finding each
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Run(context.Background(), &checks.Env{Workspace: ws, Policy: p, OfflineDB: db, Cache: store})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sbom.CycloneDX(res.Inventory, sbom.Options{Source: source.Info{Name: "app", Time: time.Unix(0, 0)}, ToolName: "shiftgate", ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var lf []finding.Finding
	for _, f := range res.Findings {
		if f.Rule == RuleLicenseNotAllowed || f.Rule == RuleLicenseDenied {
			lf = append(lf, f)
		}
	}
	return licenseRun{scans: n.Load(), sbom: doc, findings: lf, notes: store.Notes(), stats: store.Stats()}
}

// TestLicencesComeFromTheAnalysisCache: the first scan classifies the module whose
// licence is not a known text with licensecheck and keeps the answer; a second scan
// with the same cache reads it back and never calls licensecheck (so its matcher is
// never compiled), with the same SBOM bytes and licence findings; a changed byte of the
// LICENSE file misses and classifies again; a corrupt entry is ignored, reported and
// classified again.
func TestLicencesComeFromTheAnalysisCache(t *testing.T) {
	root, modCache, ownLicense := licenseCacheFixture(t)
	t.Setenv("GOMODCACHE", modCache)
	db := buildDB(t, "osv-scalibr", "Go")
	dir := t.TempDir()

	first := runWithLicenseCache(t, root, dir, db)
	if first.scans != 1 {
		t.Fatalf("first scan: licensecheck ran %d times, want 1 (example.com/own's LICENSE only; the known text needs none)", first.scans)
	}
	if !bytes.Contains(first.sbom, []byte(`"BSD-3-Clause"`)) || len(first.findings) != 2 {
		t.Fatalf("first scan: the licences were not found (%d licence findings), SBOM:\n%s", len(first.findings), first.sbom)
	}
	second := runWithLicenseCache(t, root, dir, db)
	if second.scans != 0 {
		t.Errorf("second scan with the cache: licensecheck ran %d times, want 0", second.scans)
	}
	if !slices.Contains(second.stats, licenseKind+" 1/1") {
		t.Errorf("second scan: cache stats %v, want %s 1/1", second.stats, licenseKind)
	}
	if !bytes.Equal(first.sbom, second.sbom) {
		t.Errorf("the SBOM differs with the licences from the cache:\n%s\n---\n%s", first.sbom, second.sbom)
	}
	if !slices.EqualFunc(first.findings, second.findings, func(a, b finding.Finding) bool {
		return a.Rule == b.Rule && a.Path == b.Path && a.Line == b.Line && a.Message == b.Message
	}) {
		t.Errorf("licence findings differ: %+v / %+v", first.findings, second.findings)
	}

	// One byte more in the LICENSE file: a new key, so licensecheck runs again.
	b, err := os.ReadFile(ownLicense)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ownLicense, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	changed := runWithLicenseCache(t, root, dir, db)
	if changed.scans != 1 {
		t.Errorf("a changed LICENSE byte: licensecheck ran %d times, want 1 (a miss)", changed.scans)
	}

	// A corrupt entry is not trusted: ignored, removed, reported, classified again.
	entries, err := filepath.Glob(filepath.Join(dir, licenseKind, "*", "*"))
	if err != nil || len(entries) != 2 {
		t.Fatalf("%s entries: %v, %v (want the two versions of the file)", licenseKind, entries, err)
	}
	for _, e := range entries {
		if err := os.WriteFile(e, []byte(`{"format":"shiftgate-analysis/1","kind":"deps-license"`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	corrupt := runWithLicenseCache(t, root, dir, db)
	if corrupt.scans != 1 || !bytes.Equal(corrupt.sbom, changed.sbom) {
		t.Errorf("a corrupt entry: licensecheck ran %d times (want 1), same SBOM %v", corrupt.scans, bytes.Equal(corrupt.sbom, changed.sbom))
	}
	if len(corrupt.notes) != 1 || !strings.Contains(corrupt.notes[0], licenseKind+"/") || !strings.Contains(corrupt.notes[0], "ignored and removed") {
		t.Errorf("a corrupt entry: notes %q, want one naming the %s entry it removed", corrupt.notes, licenseKind)
	}
}

// TestLicencesWithoutTheCache: with no analysis cache the check classifies every time
// (and never fails for the want of one).
func TestLicencesWithoutTheCache(t *testing.T) {
	_, modCache, _ := licenseCacheFixture(t)
	lc := &licenseClassifier{modCache: modCache}
	for range 2 {
		var n int
		lc.scan = func(b []byte) licensecheck.Coverage { n++; return licensecheck.Scan(b) }
		if got := lc.goLicenses("example.com/own", "1.0.0"); !slices.Equal(got, []string{"BSD-3-Clause"}) || n != 1 {
			t.Errorf("without a cache: %v after %d licensecheck calls, want [BSD-3-Clause] after 1", got, n)
		}
	}
}
